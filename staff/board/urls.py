"""URLs of a need's review board, under the staff workspace's ``needs/`` (``staff:`` names).

Link to a need's board with ``{% url 'staff:need_board' need.pk %}``; ``?state=…&wave=…&page=…`` choose its rows.
"""

from django.urls import URLPattern, path

from staff.board import views

urlpatterns: list[URLPattern] = [
    path("<int:need_id>/board/", views.need_board, name="need_board"),
    path("<int:need_id>/board/actions/", views.need_board_action, name="need_board_action"),
    path(
        "<int:need_id>/board/candidates/<int:candidate_id>/log/",
        views.need_board_contact_log,
        name="need_board_contact_log",
    ),
]

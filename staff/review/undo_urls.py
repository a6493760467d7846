"""URLs of the undo steps of a need's review page and of the six-month check (``staff:`` names).

Embed a presentation's six-month check with ``hx-get="{% url 'staff:presentation_follow_up' presentation.pk %}"``.
"""

from django.urls import URLPattern, path

from staff.review import follow_up_views, undo_views

urlpatterns: list[URLPattern] = [
    path(
        "needs/<int:need_id>/presentations/<int:presentation_id>/hire-end/",
        undo_views.presentation_hire_end_view,
        name="need_review_hire_end",
    ),
    path(
        "needs/<int:need_id>/presentations/<int:presentation_id>/reopen/",
        undo_views.presentation_reopen_view,
        name="need_review_reopen",
    ),
    path(
        "needs/<int:need_id>/presentations/<int:presentation_id>/unshortlist/",
        undo_views.presentation_unshortlist_view,
        name="need_review_unshortlist",
    ),
    path(
        "presentations/<int:presentation_id>/follow-up/",
        follow_up_views.presentation_follow_up,
        name="presentation_follow_up",
    ),
]

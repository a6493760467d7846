"""URLs of the collective sessions' staff pages, under the staff workspace's ``sessions/`` (``staff:`` names)."""

from django.urls import URLPattern, path

from staff.sessions import views

urlpatterns: list[URLPattern] = [
    path("", views.session_list, name="session_list"),
    path("new/", views.session_create_page, name="session_create"),
    path("<int:session_id>/", views.session_detail, name="session_detail"),
    path("<int:session_id>/edit/", views.session_edit_page, name="session_edit"),
    path("<int:session_id>/check-in/", views.session_check_in, name="session_check_in"),
    path("<int:session_id>/seats/<int:seat_id>/attendance/", views.seat_attendance, name="session_seat_attendance"),
    path("<int:session_id>/seats/<int:seat_id>/result/", views.seat_mrs_result, name="session_seat_result"),
]

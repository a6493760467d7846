"""URLs of the employer portal (mounted at ``/portal/`` under the language prefix)."""

from django.urls import path

from employers.portal import views

app_name = "portal"

urlpatterns = [
    path("needs/", views.need_list, name="need_list"),
    path("needs/<int:need_id>/", views.need_detail, name="need_detail"),
    path("needs/<int:need_id>/progress/", views.need_progress, name="need_progress"),
]

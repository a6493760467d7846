"""URLs of employer intake's staff pages, under the staff workspace's ``intake/`` (``staff:`` names)."""

from django.urls import URLPattern, path

from staff.intake import views

urlpatterns: list[URLPattern] = [
    path("", views.lead_list, name="lead_list"),
    path("new/", views.lead_create_page, name="lead_create"),
    path("<int:lead_id>/", views.lead_detail, name="lead_detail"),
    path("<int:lead_id>/book/", views.lead_visit_book, name="lead_visit_book"),
    path("<int:lead_id>/visit/", views.lead_visit_record, name="lead_visit_record"),
    path("<int:lead_id>/close/", views.lead_close, name="lead_close"),
    path("<int:lead_id>/employer/", views.lead_employer, name="lead_employer"),
    path("<int:lead_id>/needs/new/", views.lead_need_create, name="lead_need_create"),
]

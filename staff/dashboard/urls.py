"""URLs of the dashboard pages, under the staff workspace (``staff:`` names)."""

from django.urls import path

from staff.dashboard import views

urlpatterns: list = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.dashboard_csv, name="dashboard_csv"),
    path("export.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("region/", views.dashboard_region, name="dashboard_region"),
    path("region/export.csv", views.dashboard_region_csv, name="dashboard_region_csv"),
    path("region/export.xlsx", views.dashboard_region_xlsx, name="dashboard_region_xlsx"),
]

"""URLs of the territorial reports, under the staff workspace (``staff:`` names)."""

from django.urls import path

from staff.reports import views

urlpatterns: list = [
    path("", views.report_page, name="reports"),
    path("print/", views.report_print, name="reports_print"),
    path("export.csv", views.report_csv, name="reports_csv"),
    path("export.xlsx", views.report_xlsx, name="reports_xlsx"),
    path("report.pdf", views.report_pdf_download, name="reports_pdf"),
]

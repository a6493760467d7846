"""URLs of the partners' space: their proposals, proposing a person, and a file of proposals."""

from django.urls import path

from partners import import_views, views

app_name = "partners"

urlpatterns = [
    path("", views.home, name="home"),
    path("propose/", views.referral_propose_page, name="referral_propose"),
    path("proposals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<int:job_id>/", import_views.import_job, name="import_job"),
    path("import/<int:job_id>/progress/", import_views.import_job_progress, name="import_job_progress"),
    path("import/<int:job_id>/write/", import_views.import_job_write, name="import_job_write"),
]

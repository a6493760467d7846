"""URLs of the job-centre staff workspace (pages the admin does not fit: a need's review, the dashboard)."""

from django.urls import include, path

from candidates import views as candidate_views

app_name = "staff"

urlpatterns: list = [
    path("needs/", include("matching.review.urls")),
    path("dashboard/", include("matching.dashboard.urls")),
    path("documents/<int:document_id>/", candidate_views.document_download, name="document_download"),
]

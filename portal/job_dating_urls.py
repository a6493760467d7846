"""URLs of the job datings an employer takes part in (``portal`` namespace)."""

from django.urls import path

from portal import job_dating_views

urlpatterns = [
    path("job-datings/", job_dating_views.job_dating_list, name="job_dating_list"),
    path("job-datings/<int:session_id>/", job_dating_views.job_dating_detail, name="job_dating_detail"),
    path(
        "job-datings/<int:session_id>/needs/<int:need_id>/ranking/",
        job_dating_views.job_dating_rank,
        name="job_dating_rank",
    ),
]

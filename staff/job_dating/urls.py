"""URLs of a job dating's staff page, under ``/staff/job-datings/``."""

from django.urls import path

from staff.job_dating import views

SESSION = "<int:session_id>"

urlpatterns = [
    path(f"{SESSION}/", views.job_dating_page, name="job_dating"),
    path(
        f"{SESSION}/candidates/<int:candidate_id>/ranking/",
        views.job_dating_candidate_rank,
        name="job_dating_candidate_rank",
    ),
    path(f"{SESSION}/ranking-links/", views.job_dating_ranking_links, name="job_dating_ranking_links"),
    path(f"{SESSION}/proposals/compute/", views.job_dating_compute, name="job_dating_compute"),
    path(
        f"{SESSION}/proposals/<int:proposal_id>/confirm/",
        views.job_dating_proposal_confirm_record,
        name="job_dating_proposal_confirm",
    ),
    path(
        f"{SESSION}/proposals/<int:proposal_id>/reject/",
        views.job_dating_proposal_reject_record,
        name="job_dating_proposal_reject",
    ),
]

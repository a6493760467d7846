"""URLs of a need's training cohorts in the portal (``portal`` namespace)."""

from django.urls import path

from portal import cohort_views

urlpatterns = [
    path("needs/<int:need_id>/cohorts/", cohort_views.need_cohort_create, name="need_cohort_create"),
    path("needs/<int:need_id>/cohorts/<int:cohort_id>/", cohort_views.need_cohort_update, name="need_cohort_update"),
]

"""Reads of a need's training cohorts and their trainees, for the staff review page, the portal and the API.

The need is already scoped to the user by its door (``need_for_review``, ``need_for_employer``); a cohort or a
trainee of another need is not found. Staff see the trainees they may work (``matching.access``); the employer sees
none here: its page shows them as the presented profiles it already has, by presentation.
"""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from employers.models import StaffingNeed, TrainingCohort
from matching.access import workable_by_staff
from matching.enums import EnrolmentStatus, PresentationStatus
from matching.models import CohortEnrolment, Presentation
from matching.services.presentations import ALLOWED_TRANSITIONS

ENROLLABLE_STATUSES = [
    status for status, targets in ALLOWED_TRANSITIONS.items() if PresentationStatus.IN_TRAINING in targets
]
"""The steps a presentation may enter a cohort from, as the workflow's table says."""


def cohort_list_for_need(*, need: StaffingNeed) -> list[TrainingCohort]:
    """The need's cohorts, first starting first: one query."""
    return list(TrainingCohort.objects.filter(need=need).order_by("starts_on", "pk"))


def cohort_for_need(*, need: StaffingNeed, cohort_id: int) -> TrainingCohort:
    """One of the need's cohorts; any other is not found."""
    return get_object_or_404(TrainingCohort.objects.filter(need=need), pk=cohort_id)


def _trainees(user: User) -> QuerySet[CohortEnrolment]:
    return workable_by_staff(
        CohortEnrolment.objects.all(), user, need_path="presentation__need", candidate_path="presentation__candidate"
    )


def cohort_list_for_staff(*, need: StaffingNeed, user: User) -> list[TrainingCohort]:
    """The need's cohorts, each with the trainees the user may work (``trainees``), enrolled first: two queries."""
    trainees = _trainees(user).select_related("presentation__candidate").order_by("enrolled_at", "pk")
    return list(
        TrainingCohort.objects.filter(need=need)
        .order_by("starts_on", "pk")
        .prefetch_related(Prefetch("enrolments", queryset=trainees, to_attr="trainees"))
    )


def enrolment_for_staff(*, need: StaffingNeed, user: User, cohort_id: int, enrolment_id: int) -> CohortEnrolment:
    """A trainee of that cohort of that need the user may work; any other is not found."""
    return get_object_or_404(
        _trainees(user).select_related("cohort", "presentation__candidate"),
        cohort__need=need,
        cohort_id=cohort_id,
        pk=enrolment_id,
    )


def presentations_to_enrol(*, need: StaffingNeed, user: User) -> QuerySet[Presentation]:
    """The need's presented candidates the user may work and not enrolled yet, oldest first."""
    return (
        workable_by_staff(Presentation.objects.filter(need=need), user)
        .filter(status__in=ENROLLABLE_STATUSES, enrolment__isnull=True)
        .select_related("candidate")
        .order_by("created_at", "pk")
    )


def trainee_presentation_ids(*, need: StaffingNeed) -> dict[int, list[int]]:
    """For each of the need's cohorts, the presentations of its trainees still enrolled or who completed it: one
    query. The employer's page shows them as the presented profiles it already has."""
    rows = CohortEnrolment.objects.filter(cohort__need=need).exclude(status=EnrolmentStatus.DROPPED_OUT)
    by_cohort: dict[int, list[int]] = {}
    for cohort_id, presentation_id in rows.order_by("enrolled_at", "pk").values_list("cohort_id", "presentation_id"):
        by_cohort.setdefault(cohort_id, []).append(presentation_id)
    return by_cohort

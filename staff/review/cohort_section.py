"""The training cohorts' part of a need's review page: each cohort's gauge, its trainees and the forms of their steps.

``cohort_section`` builds it for ``staff.review.review_page``; a form posted with errors (``CohortBound``) is shown
again in its place, with what was typed, instead of a fresh one.
"""

from dataclasses import dataclass, field
from typing import Any

from django.forms import Form

from accounts.models import User
from employers.cohort_forms import CohortForm
from employers.cohorts import CLOSED_NEED_STATUSES
from employers.enums import CohortStatus
from employers.models import StaffingNeed, TrainingCohort
from matching.cohort_selectors import cohort_list_for_staff, presentations_to_enrol
from matching.enums import EnrolmentStatus
from matching.models import CohortEnrolment
from staff.review.cohort_forms import AttendanceForm, DropOutForm, EnrolForm, next_statuses

CREATE = "create"


@dataclass(frozen=True)
class CohortBound:
    """A posted form shown again: its kind (``create``, ``edit``, ``enrol``, ``attendance``, ``drop_out``), the id
    of the cohort or trainee it is about (0 for a new cohort) and the form itself."""

    kind: str
    object_id: int
    form: Form


@dataclass
class TraineeRow:
    enrolment: CohortEnrolment
    attendance_form: AttendanceForm | None
    drop_out_form: DropOutForm | None
    can_complete: bool


@dataclass
class CohortRow:
    cohort: TrainingCohort
    edit_form: CohortForm | None
    enrol_form: EnrolForm | None
    next_statuses: list[tuple[str, str]]
    trainees: list[TraineeRow] = field(default_factory=list)


@dataclass
class CohortSection:
    rows: list[CohortRow]
    create_form: CohortForm | None


def _form(bound: CohortBound | None, kind: str, object_id: int, build: Any) -> Any:
    if bound is not None and bound.kind == kind and bound.object_id == object_id:
        return bound.form
    return build()


def _trainee_row(enrolment: CohortEnrolment, cohort: TrainingCohort, bound: CohortBound | None) -> TraineeRow:
    is_enrolled = enrolment.status == EnrolmentStatus.ENROLLED
    prefix = f"trainee{enrolment.pk}"
    return TraineeRow(
        enrolment=enrolment,
        attendance_form=_form(
            bound,
            "attendance",
            enrolment.pk,
            lambda: AttendanceForm(
                prefix=f"{prefix}-attendance",
                initial={"days_attended": enrolment.days_attended, "days_missed": enrolment.days_missed},
            ),
        )
        if enrolment.status != EnrolmentStatus.DROPPED_OUT
        else None,
        drop_out_form=_form(bound, "drop_out", enrolment.pk, lambda: DropOutForm(prefix=f"{prefix}-drop-out"))
        if is_enrolled
        else None,
        can_complete=is_enrolled and cohort.status in (CohortStatus.RUNNING, CohortStatus.COMPLETED),
    )


def cohort_section(*, need: StaffingNeed, user: User, bound: CohortBound | None = None) -> CohortSection:
    """The need's cohorts with their trainees the user may work, and the forms of the steps each may take next."""
    to_enrol: list = []
    cohorts = cohort_list_for_staff(need=need, user=user)
    if any(cohort.seats_left > 0 and cohort.status in CohortStatus.enrollable() for cohort in cohorts):
        to_enrol = list(presentations_to_enrol(need=need, user=user))
    is_open_to_cohorts = need.status not in CLOSED_NEED_STATUSES
    rows = []
    for cohort in cohorts:
        is_editable = is_open_to_cohorts and cohort.status in CohortStatus.enrollable()
        row = CohortRow(
            cohort=cohort,
            edit_form=_form(
                bound, "edit", cohort.pk, lambda c=cohort: CohortForm.for_cohort(c, prefix=f"cohort{c.pk}")
            )
            if is_editable
            else None,
            enrol_form=_form(
                bound,
                "enrol",
                cohort.pk,
                lambda c=cohort: EnrolForm(prefix=f"cohort{c.pk}-enrol", presentations=to_enrol),
            )
            if is_editable and cohort.seats_left > 0
            else None,
            next_statuses=next_statuses(cohort),
        )
        row.trainees = [_trainee_row(enrolment, cohort, bound) for enrolment in cohort.trainees]  # type: ignore[attr-defined]
        rows.append(row)
    create_form = _form(bound, CREATE, 0, lambda: CohortForm(prefix="cohort-new")) if is_open_to_cohorts else None
    return CohortSection(rows=rows, create_form=create_form)

"""Writes on a need's pre-hiring training cohorts: their details, their status and the waves they feed.

A cohort belongs to one need for good: its waves are of that need, and a closed or cancelled need takes no new
cohort and no change to one. Its ``seats_taken`` is never written here: the trainees' enrolments
(``matching.services.cohorts``) count it, under the cohort's row lock, which ``cohort_update`` takes too so that a
capacity is never lowered below the seats taken at that moment.
"""

import datetime
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from employers.enums import CohortFunder, CohortStatus, NeedStatus, TrainingKind
from employers.models import RecruitingWave, StaffingNeed, TrainingCohort

MIN_CAPACITY, MAX_CAPACITY = 1, 100
EARLIEST_DATE, LATEST_DATE = datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)
CLOSED_NEED_STATUSES = (NeedStatus.CLOSED, NeedStatus.CANCELLED)
COHORT_TRANSITIONS: dict[str, set[str]] = {
    CohortStatus.PLANNED: {CohortStatus.RUNNING, CohortStatus.CANCELLED},
    CohortStatus.RUNNING: {CohortStatus.COMPLETED, CohortStatus.CANCELLED},
    CohortStatus.COMPLETED: set(),
    CohortStatus.CANCELLED: set(),
}


@dataclass(frozen=True)
class CohortDetails:
    """What people type about a cohort; everything else (need, seats taken, status) is the services'."""

    kind: str
    training_body: str
    place: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    capacity: int | None
    funder: str

    @classmethod
    def field_names(cls) -> list[str]:
        return [field.name for field in fields(cls)]


def _check_need_takes_cohorts(need: StaffingNeed) -> None:
    if need.status in CLOSED_NEED_STATUSES:
        raise ValidationError(
            _("A need that is “%(status)s” takes no training cohort.") % {"status": need.get_status_display()},
            code="need_closed",
        )


def _check_cohort_editable(cohort: TrainingCohort) -> None:
    if cohort.status not in CohortStatus.enrollable():
        raise ValidationError(
            _("A cohort that is “%(status)s” can no longer be changed.") % {"status": cohort.get_status_display()},
            code="cohort_closed",
        )


def _apply(cohort: TrainingCohort, details: CohortDetails) -> None:
    """Copy ``details`` onto ``cohort`` and check them, field by field, against the seats already taken."""
    errors: dict[str, str] = {}
    if details.kind not in TrainingKind.values:
        errors["kind"] = _("Choose the kind of training.")
    if details.funder not in CohortFunder.values:
        errors["funder"] = _("Choose who funds the training.")
    for name, message in (
        ("training_body", _("Name the training body.")),
        ("place", _("Give the place of the training.")),
    ):
        if not (getattr(details, name) or "").strip():
            errors[name] = message
    if details.starts_on is None:
        errors["starts_on"] = _("Give the first day of the training.")
    if details.ends_on is None:
        errors["ends_on"] = _("Give the last day of the training.")
    for name in ("starts_on", "ends_on"):
        # A date beyond these is a typing mistake, and would overflow the six-month check's date.
        day = getattr(details, name)
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            errors[name] = _("Give a date between 1900 and 2099.")
    if "ends_on" not in errors and details.starts_on is not None and details.ends_on < details.starts_on:
        errors["ends_on"] = _("A cohort cannot end before it starts.")
    if details.capacity is None or not MIN_CAPACITY <= details.capacity <= MAX_CAPACITY:
        errors["capacity"] = _("A cohort has between %(min)s and %(max)s seats.") % {
            "min": MIN_CAPACITY,
            "max": MAX_CAPACITY,
        }
    elif details.capacity < cohort.seats_taken:
        errors["capacity"] = _("%(taken)s seats are already taken: the cohort cannot have fewer.") % {
            "taken": cohort.seats_taken
        }
    for name in CohortDetails.field_names():
        value = getattr(details, name)
        setattr(cohort, name, value.strip() if isinstance(value, str) else value)
    try:
        # The fields' own checks (lengths, one line of text), for the fields not already refused above.
        cohort.full_clean(exclude=["need", *errors], validate_constraints=not errors)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cohort_create(*, need: StaffingNeed, details: CohortDetails, by: User | None) -> TrainingCohort:
    """Plan a training cohort for ``need``; refused for a closed or cancelled need."""
    locked_need = StaffingNeed.objects.select_for_update().get(pk=need.pk)
    _check_need_takes_cohorts(locked_need)
    cohort = TrainingCohort(need=locked_need)
    _apply(cohort, details)
    cohort.save()
    return cohort


@transaction.atomic
def cohort_update(*, cohort: TrainingCohort, details: CohortDetails, by: User | None) -> TrainingCohort:
    """Change a planned or running cohort's details; its capacity never goes below the seats taken."""
    # The cohort's lock is the one enrolments take: no seat is taken between the check and the save.
    locked = TrainingCohort.objects.select_for_update(of=("self",)).select_related("need").get(pk=cohort.pk)
    _check_need_takes_cohorts(locked.need)
    _check_cohort_editable(locked)
    _apply(locked, details)
    locked.save()
    return locked


@transaction.atomic
def cohort_status_change(*, cohort: TrainingCohort, to_status: str, by: User | None) -> TrainingCohort:
    """Start, complete or cancel a cohort. A cohort with trainees is not cancelled: they leave it first."""
    locked = TrainingCohort.objects.select_for_update().get(pk=cohort.pk)
    if to_status not in COHORT_TRANSITIONS.get(locked.status, set()) or to_status not in CohortStatus.values:
        raise ValidationError(
            _("A cohort cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": CohortStatus(locked.status).label,
                "to": CohortStatus(to_status).label if to_status in CohortStatus.values else to_status,
            },
            code="invalid_transition",
        )
    if to_status == CohortStatus.CANCELLED and locked.seats_taken:
        raise ValidationError(
            _("This cohort has trainees: record that they left before cancelling it."), code="cohort_has_trainees"
        )
    locked.status = to_status
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def wave_cohort_link(*, wave: RecruitingWave, cohort: TrainingCohort | None, by: User | None) -> RecruitingWave:
    """Name the cohort that trains a wave's people (or none): a cohort of the wave's own need."""
    locked = RecruitingWave.objects.select_for_update(of=("self",)).select_related("need").get(pk=wave.pk)
    if cohort is not None:
        if cohort.need_id != locked.need_id:
            raise ValidationError({"cohort": _("A wave is trained by a cohort of its own need.")}, code="other_need")
        if cohort.status == CohortStatus.CANCELLED:
            raise ValidationError({"cohort": _("This cohort is cancelled.")}, code="cohort_cancelled")
        _check_need_takes_cohorts(locked.need)
    locked.cohort = cohort
    locked.save(update_fields=["cohort"])
    return locked

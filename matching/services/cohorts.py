"""Trainees of a pre-hiring training cohort: enrolment, attendance, completion (then the hire) and dropping out.

A presented candidate enters a cohort of the need they were presented for; from then on their presentation is
"in training", and enrolment is the programme's "entry into training" outcome (counted by the dashboard; its
six-month check falls six months after the cohort starts). The cohort's seats are counted in ``seats_taken``
under the cohort's row lock, and its database constraint refuses the seat beyond the capacity even so. Lock
order, the same in every service here: cohort, then enrolment, then (through the presentation workflow) need and
presentation.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from employers.enums import CohortStatus
from employers.models import RecruitingWave, TrainingCohort
from matching.enums import DropOutReason, EnrolmentStatus, PresentationStatus
from matching.models import CohortEnrolment, Presentation, PresentationTransition
from matching.models.presentations import FOLLOW_UP_AFTER
from matching.services.employer_answers import checked_reason
from matching.services.presentation_waves import presentation_wave_move
from matching.services.presentations import ALLOWED_TRANSITIONS, presentation_hire, presentation_transition

MAX_DAYS = 366
DROP_OUT_STATUSES = (PresentationStatus.WITHDRAWN, PresentationStatus.DECLINED_BY_CANDIDATE)


def _cohort_full() -> ValidationError:
    return ValidationError(_("This cohort is full."), code="cohort_full")


def _fed_waves(cohort: TrainingCohort) -> list[RecruitingWave]:
    """The waves ``cohort`` trains people for, first starting first."""
    return list(RecruitingWave.objects.filter(cohort=cohort).order_by("starts_on", "pk"))


def hire_start_for(cohort: TrainingCohort, presentation: Presentation) -> datetime.date:
    """The day a trainee is hired: the start of the wave they are put forward for when the cohort trains for it, else
    of the first wave the cohort trains for, else the need's start."""
    waves = _fed_waves(cohort)
    for wave in waves:
        if wave.pk == presentation.wave_id:
            return wave.starts_on
    return waves[0].starts_on if waves else cohort.need.start_date


def _put_forward_for_fed_wave(presentation: Presentation, cohort: TrainingCohort, by: User | None) -> None:
    """A trainee is hired in a wave their cohort trains for: their presentation moves to the first one (recorded in
    its history) when it was put forward for another wave, or for none."""
    waves = _fed_waves(cohort)
    if waves and presentation.wave_id not in {wave.pk for wave in waves}:
        presentation_wave_move(
            presentation=presentation, wave=waves[0], by=by, reason=_("Enrolled in the training cohort of this wave")
        )


def _check_enrollable(presentation: Presentation) -> None:
    if PresentationStatus.IN_TRAINING not in ALLOWED_TRANSITIONS[presentation.status]:
        raise ValidationError(
            _("Only a presented candidate can be enrolled: this presentation is “%(status)s”.")
            % {"status": presentation.get_status_display()},
            code="invalid_transition",
        )


@transaction.atomic
def cohort_enrol(*, presentation: Presentation, cohort: TrainingCohort, by: User | None) -> CohortEnrolment:
    """Enrol a presented candidate in a planned or running cohort of their need, taking one of its seats."""
    locked_cohort = TrainingCohort.objects.select_for_update().get(pk=cohort.pk)
    if locked_cohort.need_id != presentation.need_id:
        raise ValidationError({"cohort": _("This cohort trains for another need.")}, code="other_need")
    if locked_cohort.status not in CohortStatus.enrollable():
        raise ValidationError(
            {
                "cohort": _("This cohort no longer takes trainees: it is “%(status)s”.")
                % {"status": locked_cohort.get_status_display()}
            },
            code="cohort_closed",
        )
    _check_enrollable(Presentation.objects.get(pk=presentation.pk))
    if locked_cohort.seats_taken >= locked_cohort.capacity:
        raise _cohort_full()
    # Before the presentation's own lock: a wave move locks the need, its wave, then the presentation, as a hire does.
    _put_forward_for_fed_wave(presentation, locked_cohort, by)
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    _check_enrollable(locked)
    try:
        with transaction.atomic():
            enrolment = CohortEnrolment.objects.create(presentation=locked, cohort=locked_cohort, enrolled_by=by)
            TrainingCohort.objects.filter(pk=locked_cohort.pk).update(seats_taken=F("seats_taken") + 1)
    except IntegrityError as error:
        if CohortEnrolment.objects.filter(presentation=locked).exists():
            raise ValidationError(_("This candidate was already enrolled in a cohort."), code="enrolled") from error
        raise _cohort_full() from error
    presentation_transition(presentation=locked, to_status=PresentationStatus.IN_TRAINING, by=by)
    Presentation.objects.filter(pk=locked.pk).update(follow_up_due_on=locked_cohort.starts_on + FOLLOW_UP_AFTER)
    return enrolment


def _locked_enrolment(enrolment: CohortEnrolment) -> CohortEnrolment:
    # Only the enrolment's row: the presentation and the need are locked by the workflow, in its own order.
    return (
        CohortEnrolment.objects.select_for_update(of=("self",))
        .select_related("cohort__need", "presentation")
        .get(pk=enrolment.pk)
    )


def _check_enrolled(enrolment: CohortEnrolment) -> None:
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(
            _("This trainee's training is already over: “%(status)s”.") % {"status": enrolment.get_status_display()},
            code="not_enrolled",
        )


def _record(enrolment: CohortEnrolment, by: User | None, reason: str) -> None:
    """A step of the trainee's that does not change the presentation's status, in its history all the same."""
    status = enrolment.presentation.status
    PresentationTransition.objects.create(
        presentation=enrolment.presentation, from_status=status, to_status=status, by=by, reason=reason
    )


@transaction.atomic
def cohort_attendance_record(
    *, enrolment: CohortEnrolment, days_attended: int, days_missed: int, by: User | None
) -> CohortEnrolment:
    """Record a trainee's days attended and missed so far (the totals, not an increment)."""
    locked = _locked_enrolment(enrolment)
    if locked.status == EnrolmentStatus.DROPPED_OUT:
        raise ValidationError(_("This trainee has left the cohort."), code="not_enrolled")
    errors = {}
    for name, value in (("days_attended", days_attended), ("days_missed", days_missed)):
        if value is None or not 0 <= value <= MAX_DAYS:
            errors[name] = _("Give a number of days between 0 and %(max)s.") % {"max": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    cohort = locked.cohort
    length = (cohort.ends_on - cohort.starts_on).days + 1
    if days_attended + days_missed > length:
        raise ValidationError(
            {
                "days_missed": _("The training lasts %(days)s days: attended and missed days cannot add up to more.")
                % {"days": length}
            },
            code="too_many_days",
        )
    locked.days_attended, locked.days_missed = days_attended, days_missed
    locked.attendance_recorded_at = timezone.now()
    locked.save(update_fields=["days_attended", "days_missed", "attendance_recorded_at"])
    _record(
        locked,
        by,
        _("Training attendance: %(attended)s days attended, %(missed)s missed")
        % {"attended": days_attended, "missed": days_missed},
    )
    return locked


@transaction.atomic
def cohort_complete(*, enrolment: CohortEnrolment, by: User | None) -> CohortEnrolment:
    """The trainee completed the training: they are hired, with the need's contract, when their wave starts.

    The hire is the presentation workflow's (``presentation_hire``: the need's headcount, one placement per
    person); if it is refused, the completion is not recorded either. The six-month check stays due six months
    after the cohort started: the entry into training is what it follows.
    """
    locked_cohort = TrainingCohort.objects.select_for_update().get(pk=enrolment.cohort_id)
    locked = _locked_enrolment(enrolment)
    _check_enrolled(locked)
    if locked_cohort.status not in (CohortStatus.RUNNING, CohortStatus.COMPLETED):
        raise ValidationError(
            _("A trainee completes a cohort that has started: this one is “%(status)s”.")
            % {"status": locked_cohort.get_status_display()},
            code="cohort_not_started",
        )
    locked.status, locked.ended_on = EnrolmentStatus.COMPLETED, timezone.localdate()
    locked.save(update_fields=["status", "ended_on"])
    need = locked_cohort.need
    presentation_hire(
        presentation=locked.presentation,
        contract_type=need.contract_type,
        contract_duration_months=need.contract_duration_months,
        starts_on=hire_start_for(locked_cohort, Presentation.objects.get(pk=locked.presentation_id)),
        by=by,
    )
    Presentation.objects.filter(pk=locked.presentation_id).update(
        follow_up_due_on=locked_cohort.starts_on + FOLLOW_UP_AFTER
    )
    return locked


@transaction.atomic
def cohort_drop_out(
    *,
    enrolment: CohortEnrolment,
    reason: str,
    comment: str,
    by: User | None,
    to_status: str = PresentationStatus.WITHDRAWN,
) -> CohortEnrolment:
    """The trainee leaves the cohort before its end: the seat is freed and the presentation ends with the reason.

    ``to_status`` is withdrawn (staff's decision, the default) or declined by the candidate (theirs).
    """
    # The reason as the presentation keeps it: the structured reason's label and the comment, checked as the
    # employer's reasons are (a comment for "other", within its length).
    stored_reason = checked_reason(reason_code=reason, comment=comment or "", choices=DropOutReason, field="reason")
    comment = (comment or "").strip()
    if to_status not in DROP_OUT_STATUSES:
        raise ValidationError(_("A trainee who leaves is withdrawn or declines."), code="invalid_transition")
    locked_cohort = TrainingCohort.objects.select_for_update().get(pk=enrolment.cohort_id)
    locked = _locked_enrolment(enrolment)
    _check_enrolled(locked)
    locked.status, locked.ended_on = EnrolmentStatus.DROPPED_OUT, timezone.localdate()
    locked.drop_out_reason, locked.drop_out_comment = reason, comment
    locked.save(update_fields=["status", "ended_on", "drop_out_reason", "drop_out_comment"])
    TrainingCohort.objects.filter(pk=locked_cohort.pk).update(seats_taken=F("seats_taken") - 1)
    presentation_transition(presentation=locked.presentation, to_status=to_status, by=by, reason=stored_reason)
    return locked

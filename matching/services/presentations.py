"""The presentation workflow: every change of a presentation's status goes through here.

Each transition is checked against ``ALLOWED_TRANSITIONS``, locks the row,
records who made it, when and why, and queues what follows after commit. A
hire locks the need too: its hires can never exceed its headcount, even with
many requests at once, and the need becomes filled with its last hire. A presentation belongs to a wave of the
need (none for a need without waves): its hire locks the wave's row too and counts on it, and every end records its
scope, the whole need or only the wave (``matching.wave_selectors`` states the rule).

Decisions can be undone, each as a step of the same table: an end without a hire is reopened, a hire ends
(``matching.services.undo``). The six-month check is recorded by ``matching.services.follow_ups``.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import ContractType, NeedStatus
from employers.models import RecruitingWave, StaffingNeed
from employers.wave_services import wave_hire_add
from matching import events
from matching.access import candidate_is_workable
from matching.enums import (
    CandidateAnswer,
    ContactKind,
    DeclineScope,
    EmployerDeclineReason,
    EnrolmentStatus,
    PresentationStatus,
)
from matching.interview_calendar import CANCEL, CANCELLING, REQUEST, interview_sequence
from matching.models import CohortEnrolment, Presentation, PresentationTransition
from matching.models.presentations import FOLLOW_UP_AFTER
from matching.services.contacts import contact_entry_add
from matching.services.needs import need_matching_changed, need_status_change
from matching.wave_selectors import unplanned_openings_left, wave_for_shortlist

Status = PresentationStatus
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.SHORTLISTED: {Status.PRESENTED, Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE},
    Status.PRESENTED: {
        Status.INTERVIEW_REQUESTED,
        Status.IN_TRAINING,
        Status.DECLINED_BY_EMPLOYER,
        Status.DECLINED_BY_CANDIDATE,
        Status.WITHDRAWN,
        Status.EXPIRED,
    },
    Status.INTERVIEW_REQUESTED: {
        Status.INTERVIEW_SCHEDULED,
        Status.IN_TRAINING,
        Status.DECLINED_BY_EMPLOYER,
        Status.DECLINED_BY_CANDIDATE,
        Status.WITHDRAWN,
    },
    Status.INTERVIEW_SCHEDULED: {
        Status.IN_TRAINING,
        Status.HIRED,
        Status.NOT_HIRED,
        Status.DECLINED_BY_CANDIDATE,
        Status.WITHDRAWN,
    },
    # Entered and left only with the trainee's enrolment (``matching.services.cohorts``): see ``_check_training``.
    Status.IN_TRAINING: {Status.HIRED, Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE},
    # Undoing: a hire ends (``presentation_hire_end``), the seat opens again and the hire stays in the history.
    Status.HIRED: {Status.HIRE_ENDED},
    Status.HIRE_ENDED: set(),
    # Undoing: an end without a hire goes back to the active step it left (``presentation_reopen``), read from its
    # last transition; never to training, which is entered only by enrolment in a cohort.
    Status.NOT_HIRED: {Status.INTERVIEW_SCHEDULED},
    Status.WITHDRAWN: {Status.SHORTLISTED, Status.PRESENTED, Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED},
    Status.DECLINED_BY_EMPLOYER: {Status.PRESENTED, Status.INTERVIEW_REQUESTED},
    # Undoing an expiry: presented again, the employer's deadlines start over (``reopen_step``).
    Status.EXPIRED: {Status.PRESENTED},
    Status.DECLINED_BY_CANDIDATE: {
        Status.SHORTLISTED,
        Status.PRESENTED,
        Status.INTERVIEW_REQUESTED,
        Status.INTERVIEW_SCHEDULED,
    },
}
# Steps nobody chooses: the system takes them when a deadline passes (``matching.services.deadlines``).
SYSTEM_STEPS = {Status.EXPIRED}


def steps_forward(status: str) -> set[str]:
    """The steps the workflow offers from ``status``: those of an active presentation. Undoing (reopening an end,
    ending a hire) is not a step forward: each has its own service and its own button; nor is an expiry."""
    return ALLOWED_TRANSITIONS[status] - SYSTEM_STEPS if status in Status.active() else set()


def step_record(presentation: Presentation, from_status: str, by: User | None, reason: str = "") -> None:
    """The step in the presentation's history, and in the candidate's contact log."""
    PresentationTransition.objects.create(
        presentation=presentation, from_status=from_status, to_status=presentation.status, by=by, reason=reason
    )
    step = Status(presentation.status).label
    note = f"{Status(from_status).label} → {step}" if from_status and from_status != presentation.status else str(step)
    contact_entry_add(
        candidate=Candidate(pk=presentation.candidate_id),
        kind=ContactKind.WORKFLOW,
        by=by,
        note=f"{note}: {reason}" if reason else note,
        presentation=presentation,
    )


def field_error(field: str, message: str, *, code: str) -> ValidationError:
    """A refusal about one field of the input, with its code (a form shows it beside the field)."""
    return ValidationError({field: ValidationError(message, code=code)})


def transition_check(
    presentation: Presentation, to_status: str, *, undoing: bool = False, by_system: bool = False
) -> None:
    """Refuse a step the table does not allow; undoing a decision (``matching.services.undo``) says so, and so does
    a step only the system takes (``SYSTEM_STEPS``)."""
    allowed = ALLOWED_TRANSITIONS[presentation.status] if undoing or by_system else steps_forward(presentation.status)
    if to_status not in allowed:
        raise ValidationError(
            _("A presentation cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Status(presentation.status).label, "to": Status(to_status).label},
            code="invalid_transition",
        )
    _check_training(presentation, to_status)


def _check_training(presentation: Presentation, to_status: str) -> None:
    """A person is in training exactly while enrolled in a cohort: the enrolment comes first, and ends first."""
    enrolled = CohortEnrolment.objects.filter(presentation=presentation, status=EnrolmentStatus.ENROLLED).exists()
    if to_status == Status.IN_TRAINING and not enrolled:
        raise ValidationError(
            _("A candidate enters training by being enrolled in one of the need's cohorts."), code="cohort_needed"
        )
    if presentation.status == Status.IN_TRAINING and enrolled:
        raise ValidationError(
            _("A trainee leaves the training by completing it or by dropping out of the cohort."),
            code="enrolment_open",
        )


def _rematch_after_commit(need: StaffingNeed, by: User | None) -> None:
    need_matching_changed(need=need, by=by)


def _decline_scope(presentation: Presentation, to_status: str, requested: str) -> str:
    """What an end rules out: the whole need unless "not for this wave" is asked, which needs the presentation's wave.

    Steps that do not end the presentation (and the hire) have no scope.
    """
    if to_status not in Status.needing_reason():
        return ""
    scope = requested or DeclineScope.NEED
    if scope not in DeclineScope.values:
        raise ValidationError({"decline_scope": ValidationError(_("Unknown scope."), code="decline_scope")})
    if scope == DeclineScope.WAVE and presentation.wave_id is None:
        message = _("This presentation is for no wave: it can only end for the whole job.")
        raise ValidationError({"decline_scope": ValidationError(message, code="no_wave")})
    return scope


def employer_decline_scope(*, presentation: Presentation, reason_code: str) -> str:
    """The scope of an employer's decline: not available at the start date rules the person out of this wave only
    (when the presentation has one), any other reason out of the job."""
    if reason_code == EmployerDeclineReason.AVAILABILITY and presentation.wave_id is not None:
        return DeclineScope.WAVE
    return DeclineScope.NEED


@transaction.atomic
def presentation_shortlist(*, need: StaffingNeed, candidate: Candidate, by: User | None) -> Presentation:
    """Put a suggested candidate on a need's shortlist: the first step of the workflow.

    Staff shortlist only a candidate they may work for that need (``matching.access``): one of their platform's, or
    one handed off to them for it.
    """
    if by is not None and not candidate_is_workable(user=by, need=need, candidate=candidate):
        raise ValidationError(
            _("This candidate belongs to another platform: ask their platform for them first."),
            code="hand_off_needed",
        )
    if need.status != NeedStatus.OPEN:
        raise ValidationError(_("Only an open need can receive candidates."), code="need_not_open")
    if candidate.status != CandidateStatus.ACTIVE:
        raise ValidationError(_("Only an active candidate can be shortlisted."), code="candidate_not_active")
    choice = wave_for_shortlist(need=need, candidate=candidate)
    if not choice.is_possible:
        raise ValidationError(
            _("No wave of this need with a seat left starts late enough for candidate #%(id)s.")
            % {"id": candidate.pk},
            code="no_wave",
        )
    taken_off = _taken_off_shortlist(need=need, candidate=candidate)
    if taken_off is not None:
        # Shortlisted again after being taken off the shortlist: the same presentation, reopened, keeps its history.
        taken_off.wave = choice.wave
        reopen_step(taken_off, to_status=Status.SHORTLISTED, by=by, reason=_("Shortlisted again"))
        return taken_off
    try:
        with transaction.atomic():
            presentation = Presentation.objects.create(need=need, candidate=candidate, created_by=by, wave=choice.wave)
    except IntegrityError as error:
        raise ValidationError(_("This candidate is already in this need's workflow."), code="duplicate") from error
    step_record(presentation, "", by)
    return presentation


def _taken_off_shortlist(*, need: StaffingNeed, candidate: Candidate) -> Presentation | None:
    """The person's presentation for ``need`` withdrawn before it was ever presented, locked; none otherwise."""
    return (
        Presentation.objects.select_for_update()
        .filter(need=need, candidate=candidate, status=Status.WITHDRAWN, presented_at__isnull=True)
        .exclude(decline_scope=DeclineScope.WAVE)
        .first()
    )


def reopen_step(locked: Presentation, *, to_status: str, by: User | None, reason: str) -> Presentation:
    """Move an ended presentation, locked by the caller and checked, back to the active ``to_status``.

    What only an end carries is cleared, as the constraints require (its date, reason and scope); a candidate who
    had said no to the proposal is asked again. The need is matched again after commit: the person may be suggested
    and proposed for it again.
    """
    transition_check(locked, to_status, undoing=True)
    from_status = locked.status
    locked.status, locked.closed_at, locked.decline_scope = to_status, None, ""
    locked.reason, locked.reason_code = "", ""
    if to_status == Status.PRESENTED:
        # Presented again: the employer has the whole of the platform's deadlines again (``deadlines``).
        locked.presented_at, locked.employer_reminded_at, locked.advisor_alerted_at = timezone.now(), None, None
    if locked.candidate_answer == CandidateAnswer.NOT_INTERESTED:
        locked.candidate_answer, locked.candidate_answer_reason = CandidateAnswer.CONTACTED, ""
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Another presentation of this candidate for this need is open: it cannot be reopened."),
            code="duplicate",
        ) from error
    step_record(locked, from_status, by, reason.strip())
    _interview_announce(locked, from_status)
    need = StaffingNeed.objects.get(pk=locked.need_id)
    transaction.on_commit(lambda: _rematch_after_commit(need, by))
    return locked


@transaction.atomic
def presentation_answer_record(
    *, presentation: Presentation, answer: str, by: User | None, reason: str = "", decline_scope: str = ""
) -> Presentation:
    """Record what the candidate said when contacted. Not interested needs a reason, and ends the shortlisting, for
    the whole job or only for this wave (``decline_scope``, see ``presentation_transition``)."""
    if answer not in CandidateAnswer.values:
        raise ValidationError({"answer": _("Unknown answer.")}, code="answer")
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if locked.status != Status.SHORTLISTED:
        raise ValidationError(_("The candidate's answer is recorded before the presentation."), code="too_late")
    if answer == CandidateAnswer.NOT_INTERESTED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason the candidate is not interested.")}, code="reason")
    locked.candidate_answer, locked.candidate_answer_reason = answer, reason.strip()
    locked.save(update_fields=["candidate_answer", "candidate_answer_reason"])
    if answer == CandidateAnswer.NOT_INTERESTED:
        return presentation_transition(
            presentation=locked,
            to_status=Status.DECLINED_BY_CANDIDATE,
            by=by,
            reason=reason.strip(),
            decline_scope=decline_scope,
        )
    return locked


@transaction.atomic
def presentation_present(*, presentations: Iterable[Presentation], by: User | None) -> list[Presentation]:
    """Present shortlisted candidates to the employer, one or many at once; all or none."""
    presented = []
    for presentation in presentations:
        locked = Presentation.objects.select_for_update().select_related("candidate", "need").get(pk=presentation.pk)
        if locked.need.status != NeedStatus.OPEN:
            raise ValidationError(_("Only an open need can receive candidates."), code="need_not_open")
        if locked.candidate.status != CandidateStatus.ACTIVE:
            raise ValidationError(
                _("Candidate #%(id)s is no longer active.") % {"id": locked.candidate_id}, code="candidate_not_active"
            )
        if not locked.candidate.consents_to_presentation:
            raise ValidationError(
                _("Candidate #%(id)s has not consented to be presented to employers.") % {"id": locked.candidate_id},
                code="no_consent",
            )
        if locked.candidate_answer != CandidateAnswer.INTERESTED:
            raise ValidationError(
                _("Candidate #%(id)s has not said they are interested yet.") % {"id": locked.candidate_id},
                code="not_interested",
            )
        transition_check(locked, Status.PRESENTED)
        from_status = locked.status
        locked.status, locked.presented_at = Status.PRESENTED, timezone.now()
        locked.save(update_fields=["status", "presented_at"])
        step_record(locked, from_status, by)
        presented.append(locked)
    for need_id in {presentation.need_id for presentation in presented}:
        ids = [presentation.pk for presentation in presented if presentation.need_id == need_id]
        # Inside the transaction: a receiver's promise to tell the employer commits or rolls back with the change.
        events.candidates_presented.send(sender=Presentation, need_id=need_id, presentation_ids=ids)
    return presented


def _interview_announce(presentation: Presentation, from_status: str) -> None:
    """An interview scheduled (again) and still to come, or cancelled by an end before it: announced so that
    invitations are sent (``matching.interview_calendar``)."""
    is_to_come = presentation.interview_at is not None and presentation.interview_at > timezone.now()
    if presentation.status == Status.INTERVIEW_SCHEDULED and is_to_come:
        method = REQUEST
    elif from_status == Status.INTERVIEW_SCHEDULED and presentation.status in CANCELLING and is_to_come:
        method = CANCEL
    else:
        return
    events.interview_changed.send(
        sender=Presentation,
        presentation_id=presentation.pk,
        method=method,
        sequence=interview_sequence(presentation_id=presentation.pk),
    )


@transaction.atomic
def presentation_transition(
    *,
    presentation: Presentation,
    to_status: str,
    by: User | None,
    reason: str = "",
    interview_at: datetime.datetime | None = None,
    decline_scope: str = "",
) -> Presentation:
    """Any step but the hire (see ``presentation_hire``): checked, recorded, with its reason where one applies.

    An end records its ``decline_scope``: "need" (the default) rules the person out of the job, "wave" only out of
    the presentation's wave and the earlier ones, keeping them in the need's pool for a later wave.
    """
    if to_status == Status.HIRED:
        raise ValidationError(_("Record a hire with its contract."), code="use_hire")
    if to_status == Status.HIRE_ENDED:
        raise ValidationError(_("End a hire with its date and reason."), code="use_hire_end")
    locked = Presentation.objects.select_for_update().select_related("need").get(pk=presentation.pk)
    transition_check(locked, to_status)
    if to_status in Status.needing_reason() and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")}, code="reason")
    if to_status == Status.INTERVIEW_SCHEDULED and interview_at is None:
        raise ValidationError({"interview_at": _("Give the interview's date and time.")}, code="interview_at")
    locked.decline_scope = _decline_scope(locked, to_status, decline_scope)
    from_status = locked.status
    locked.status, locked.reason = to_status, reason.strip()
    if interview_at is not None:
        locked.interview_at = interview_at
    if to_status not in Status.active():
        locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "reason", "interview_at", "closed_at", "decline_scope"])
    step_record(locked, from_status, by, reason.strip())
    _interview_announce(locked, from_status)
    if to_status in Status.declined() or locked.decline_scope == DeclineScope.WAVE:
        # A declined candidate is not suggested for this need (or this wave) again: its suggestions are computed anew.
        transaction.on_commit(lambda: _rematch_after_commit(locked.need, by))
    return locked


@transaction.atomic
def presentation_hire(
    *,
    presentation: Presentation,
    contract_type: str,
    starts_on: datetime.date,
    by: User | None,
    contract_duration_months: int | None = None,
) -> Presentation:
    """Record a hire. The need is locked first, so concurrent hires are counted one at a time."""
    if contract_type == ContractType.CDD and not contract_duration_months:
        raise ValidationError({"contract_duration_months": _("A CDD hire records its length in months.")})
    # Lock order: need, wave, then presentation — the same for every hire, so concurrent hires cannot deadlock. A
    # presentation changes wave only under the need's lock (``presentation_wave_move``): its wave is read after it.
    need = StaffingNeed.objects.select_for_update().get(pk=presentation.need_id)
    wave_id = Presentation.objects.filter(pk=presentation.pk).values_list("wave_id", flat=True).get()
    wave = RecruitingWave.objects.select_for_update().get(pk=wave_id) if wave_id else None
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    transition_check(locked, Status.HIRED)
    if need.status not in (NeedStatus.OPEN, NeedStatus.FILLED):
        raise ValidationError(_("Only an open need can record a hire."), code="need_not_open")
    if need.hires_count >= need.headcount:
        raise ValidationError(_("This need has no opening left: its headcount is reached."), code="headcount_reached")
    if wave is not None:
        wave_hire_add(wave=wave)
    elif unplanned_openings_left(need, list(RecruitingWave.objects.filter(need=need))) <= 0:
        raise ValidationError(
            _("Every seat of this need belongs to a wave: move the candidate to a wave with a seat left first."),
            code="wave_needed",
        )
    from_status = locked.status
    locked.status = Status.HIRED
    locked.contract_type, locked.contract_duration_months = contract_type, contract_duration_months
    locked.hire_starts_on, locked.follow_up_due_on = starts_on, starts_on + FOLLOW_UP_AFTER
    locked.closed_at = timezone.now()
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as error:
        raise ValidationError(_("This candidate already holds an active placement."), code="placed") from error
    StaffingNeed.objects.filter(pk=need.pk).update(hires_count=F("hires_count") + 1)
    Candidate.objects.filter(pk=locked.candidate_id).update(status=CandidateStatus.PLACED)
    step_record(locked, from_status, by)
    events.candidate_hired.send(sender=Presentation, presentation_id=locked.pk, candidate_id=locked.candidate_id)
    need.refresh_from_db()
    if need.hires_count == need.headcount and need.status == NeedStatus.OPEN:
        need_status_change(need=need, to_status=NeedStatus.FILLED, by=by, reason=_("Headcount reached"))
    return locked

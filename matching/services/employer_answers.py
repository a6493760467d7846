"""The employer's answers to presented candidates, and the steps the platform records between them.

The employer asks for an interview or declines with a structured reason; the advisor records that the candidate
accepted the interview (from then on the employer sees who they are); the employer proposes one to three interview
slots and confirms the one agreed with the candidate; then records a hire or a no-hire with a reason.

Every status change goes through ``matching.services.presentations`` (``presentation_transition`` and
``presentation_hire``): the allowed steps, the history and the headcount lock are decided there, once. What is new
here is what the employer gives with each step (structured reasons, slots), the acceptance of the interview, and
who may take each step. Steps that keep the status (acceptance, slots proposed) are recorded in the history as a
``PresentationTransition`` from and to the same status, with a note, as the six-month check is.

Views fetch a presentation through a scoped selector (``matching.employer_selectors.presentation_for_employer`` or
``matching.review_selectors.presentation_for_review``); each service checks again who is acting and refuses the
others with ``PermissionDenied``, so that no other caller can answer for someone else's employer.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import employer_id_for, platform_ids_for
from accounts.models import User
from employers.enums import ContractType
from matching import events
from matching.enums import DropOutReason, EmployerDeclineReason, NoHireReason, PresentationStatus
from matching.models import InterviewSlot, Presentation, PresentationTransition
from matching.services.presentations import employer_decline_scope, presentation_hire, presentation_transition
from referentials.text import single_line_normalise, validate_single_line

Status = PresentationStatus
MAX_SLOTS = 3
COMMENT_MAX_LENGTH = 200
SLOT_FORMAT = "%d/%m/%Y %H:%M"


@dataclass(frozen=True)
class SlotProposal:
    """An interview slot as typed: when, and where or how (an address, "by phone", a video link)."""

    starts_at: datetime.datetime
    place: str


# Who may act.


def _is_staff_of(presentation: Presentation, by: User) -> bool:
    return bool(
        by.is_authenticated and (by.is_superuser or presentation.need.employer.platform_id in platform_ids_for(by))
    )


def _check_employer_side(presentation: Presentation, by: User) -> None:
    """A member of the need's employer, or staff of its platform acting for the employer (on the phone)."""
    if by.is_authenticated and presentation.need.employer_id == employer_id_for(by):
        return
    if _is_staff_of(presentation, by):
        return
    raise PermissionDenied(_("Only the employer of this need may answer for it."))


def employer_side_check(*, presentation: Presentation, by: User) -> None:
    """The check of ``_check_employer_side`` for other services acting for the employer (the assessment)."""
    _check_employer_side(_loaded(presentation), by)


def _check_platform_side(presentation: Presentation, by: User) -> None:
    if not _is_staff_of(presentation, by):
        raise PermissionDenied(_("Only the platform's staff record the candidate's answer."))


def _loaded(presentation: Presentation) -> Presentation:
    """The presentation with its need and employer, for the checks of who may act."""
    return Presentation.objects.select_related("need__employer").get(pk=presentation.pk)


# Reasons.


def _reason_text(*, label: object, comment: str) -> str:
    """The reason kept on the presentation: the structured reason's label, in the platform's language, and the comment.

    The label is stored in the platform's language whatever the language of the page, as every stored text is.
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = str(label)
    return f"{text} — {comment}" if comment else text


def checked_reason(
    *,
    reason_code: str,
    comment: str,
    choices: type[EmployerDeclineReason] | type[NoHireReason] | type[DropOutReason],
    field: str = "reason_code",
) -> str:
    """A structured reason with its comment (needed for "other"), as the text kept on the presentation.

    ``field`` names the form field the reason is typed in, for the refusal's message.
    """
    if reason_code not in choices.values:
        raise ValidationError({field: _("Choose a reason.")}, code="reason_code")
    comment = comment.strip()
    if reason_code == choices.OTHER and not comment:
        raise ValidationError({"comment": _("Explain the reason in the comment.")}, code="comment")
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"comment": _("Keep the comment under %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}},
            code="comment_length",
        )
    return _reason_text(label=choices(reason_code).label, comment=comment)


def _answer_announce(presentation: Presentation) -> None:
    """Announce the employer's answer: notifications tells the candidate's advisor, so they can call the candidate."""
    # Inside the transaction: a receiver's promise to tell the advisor commits or rolls back with the answer.
    events.employer_answered.send(sender=Presentation, presentation_id=presentation.pk, status=presentation.status)


def _note(presentation: Presentation, by: User | None, note: str) -> None:
    """A step that keeps the status, kept in the history."""
    PresentationTransition.objects.create(
        presentation=presentation, from_status=presentation.status, to_status=presentation.status, by=by, reason=note
    )


# The employer's first answer.


@transaction.atomic
def presentation_interview_request(
    *, presentation: Presentation, by: User, slots: Sequence[SlotProposal] = ()
) -> Presentation:
    """The employer asks to meet a presented candidate; their advisor is told, to ask the candidate.

    ``slots`` (optional, checked as ``interview_slots_propose`` checks them) are proposed with the request, so that
    the advisor can offer them when asking the candidate; confirming one still waits for the candidate's acceptance.
    """
    _check_employer_side(_loaded(presentation), by)
    checked = checked_slots(slots, timezone.now()) if slots else []
    requested = presentation_transition(presentation=presentation, to_status=Status.INTERVIEW_REQUESTED, by=by)
    if checked:
        _slots_store(requested, checked, by)
    _answer_announce(requested)
    return requested


@transaction.atomic
def presentation_employer_decline(
    *, presentation: Presentation, reason_code: str, comment: str = "", by: User
) -> Presentation:
    """The employer declines a presented candidate, with a structured reason (a comment too when "other").

    The reason is about the job's requirements (``EmployerDeclineReason``), never about the person. The candidate is
    no longer suggested for this need, or only for this wave and the earlier ones when they are not available at
    its start date (``employer_decline_scope``: they stay in the pool for a later wave), and their advisor is told.
    """
    loaded = _loaded(presentation)
    _check_employer_side(loaded, by)
    reason = checked_reason(reason_code=reason_code, comment=comment, choices=EmployerDeclineReason)
    declined = presentation_transition(
        presentation=presentation,
        to_status=Status.DECLINED_BY_EMPLOYER,
        reason=reason,
        by=by,
        decline_scope=employer_decline_scope(presentation=loaded, reason_code=reason_code),
    )
    declined.reason_code = reason_code
    declined.save(update_fields=["reason_code"])
    _answer_announce(declined)
    return declined


# The candidate's acceptance, recorded by the platform.


@transaction.atomic
def presentation_interview_accept(*, presentation: Presentation, by: User) -> Presentation:
    """The advisor records that the candidate accepted the interview: the employer now sees their name and contact."""
    _check_platform_side(_loaded(presentation), by)
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if locked.status != Status.INTERVIEW_REQUESTED:
        raise ValidationError(
            _("A candidate accepts an interview once the employer has asked for one."), code="not_requested"
        )
    if locked.interview_accepted_at is not None:
        raise ValidationError(_("The candidate's acceptance is already recorded."), code="already_accepted")
    locked.interview_accepted_at = timezone.now()
    locked.save(update_fields=["interview_accepted_at"])
    _note(locked, by, _("The candidate accepted the interview."))
    return locked


@transaction.atomic
def presentation_interview_schedule(
    *, presentation: Presentation, interview_at: datetime.datetime, by: User
) -> Presentation:
    """The platform records an interview agreed outside the slots: it implies the candidate accepted it."""
    _check_platform_side(_loaded(presentation), by)
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if locked.status == Status.INTERVIEW_REQUESTED and locked.interview_accepted_at is None:
        locked.interview_accepted_at = timezone.now()
        locked.save(update_fields=["interview_accepted_at"])
    return presentation_transition(
        presentation=locked, to_status=Status.INTERVIEW_SCHEDULED, interview_at=interview_at, by=by
    )


# Interview slots.


def _slot_time(starts_at: datetime.datetime) -> str:
    return timezone.localtime(starts_at).strftime(SLOT_FORMAT)


def checked_slots(slots: Sequence[SlotProposal], now: datetime.datetime) -> list[SlotProposal]:
    if not slots:
        raise ValidationError(_("Propose at least one interview slot."), code="no_slot")
    if len(slots) > MAX_SLOTS:
        raise ValidationError(
            _("Propose at most %(max)d interview slots.") % {"max": MAX_SLOTS}, code="too_many_slots"
        )
    checked = []
    for slot in slots:
        place = single_line_normalise(slot.place)
        if slot.starts_at <= now:
            raise ValidationError(
                _("An interview slot must be in the future: %(time)s.") % {"time": _slot_time(slot.starts_at)},
                code="slot_in_past",
            )
        if not place:
            raise ValidationError(_("Give the place or means of each interview slot."), code="slot_place")
        if len(place) > InterviewSlot._meta.get_field("place").max_length:  # type: ignore[operator]
            raise ValidationError(_("A place or means is too long."), code="slot_place_length")
        validate_single_line(place)  # it is shown in e-mails and pages as one line
        checked.append(SlotProposal(starts_at=slot.starts_at, place=place))
    if len({slot.starts_at for slot in checked}) != len(checked):
        raise ValidationError(_("Two interview slots are at the same time."), code="slot_twice")
    return sorted(checked, key=lambda slot: slot.starts_at)


@transaction.atomic
def interview_slots_propose(
    *, presentation: Presentation, slots: Sequence[SlotProposal], by: User
) -> list[InterviewSlot]:
    """The employer proposes one to three future interview slots, once the candidate has accepted the interview.

    A new proposal replaces the slots proposed before (none is chosen yet: choosing one schedules the interview).
    """
    _check_employer_side(_loaded(presentation), by)
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if locked.status != Status.INTERVIEW_REQUESTED:
        raise ValidationError(
            _("Interview slots are proposed while an interview is requested, not in “%(status)s”.")
            % {"status": Status(locked.status).label},
            code="not_requested",
        )
    if locked.interview_accepted_at is None:
        raise ValidationError(
            _("Interview slots are proposed once the candidate has accepted the interview."), code="not_accepted"
        )
    return _slots_store(locked, checked_slots(slots, timezone.now()), by)


def _slots_store(locked: Presentation, checked: Sequence[SlotProposal], by: User) -> list[InterviewSlot]:
    """Replace the slots not chosen by ``checked`` (already checked), and note it in the history."""
    locked.interview_slots.filter(is_chosen=False).delete()
    created = InterviewSlot.objects.bulk_create(
        [InterviewSlot(presentation=locked, starts_at=s.starts_at, place=s.place, proposed_by=by) for s in checked]
    )
    times = ", ".join(_slot_time(slot.starts_at) for slot in checked)
    _note(
        locked,
        by,
        ngettext(
            "%(count)d interview slot proposed: %(times)s.",
            "%(count)d interview slots proposed: %(times)s.",
            len(checked),
        )
        % {"count": len(checked), "times": times},
    )
    return created


@transaction.atomic
def interview_slot_confirm(*, presentation: Presentation, slot: InterviewSlot, by: User) -> Presentation:
    """Confirm the slot agreed with the candidate: the interview is scheduled at that time (employer or platform)."""
    _check_employer_side(_loaded(presentation), by)
    return _slot_confirm(presentation, slot, by)


@transaction.atomic
def interview_slot_choose_by_candidate(
    *, presentation: Presentation, slot: InterviewSlot, reason: str
) -> Presentation:
    """The candidate picks one of the proposed slots themselves: the interview is scheduled at that time.

    For ``matching.services.link_answers`` only, which has checked the candidate's link (the one proof of who is
    acting); the step is recorded with no user and ``reason`` says how it came. Slots proposed with the interview's
    request may be offered before the advisor recorded the candidate's acceptance: choosing one accepts it.
    """
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if locked.status == Status.INTERVIEW_REQUESTED and locked.interview_accepted_at is None:
        locked.interview_accepted_at = timezone.now()
        locked.save(update_fields=["interview_accepted_at"])
    return _slot_confirm(locked, slot, None, reason)


def _slot_confirm(presentation: Presentation, slot: InterviewSlot, by: User | None, reason: str = "") -> Presentation:
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    chosen = InterviewSlot.objects.select_for_update().filter(presentation=locked, pk=slot.pk).first()
    if chosen is None:
        raise ValidationError(_("This slot was not proposed for this candidate."), code="foreign_slot")
    if locked.status != Status.INTERVIEW_REQUESTED or locked.interview_accepted_at is None:
        raise ValidationError(
            _("A slot is confirmed once the candidate has accepted the interview, before it is scheduled."),
            code="not_accepted",
        )
    if chosen.starts_at <= timezone.now():
        raise ValidationError(_("This slot has passed: propose new slots."), code="slot_in_past")
    chosen.is_chosen = True
    try:
        with transaction.atomic():
            chosen.save(update_fields=["is_chosen"])
    except IntegrityError as error:
        raise ValidationError(_("Another slot is already chosen."), code="slot_chosen") from error
    return presentation_transition(
        presentation=locked, to_status=Status.INTERVIEW_SCHEDULED, interview_at=chosen.starts_at, by=by, reason=reason
    )


# After the interview.


@transaction.atomic
def presentation_employer_hire(
    *,
    presentation: Presentation,
    contract_type: str,
    starts_on: datetime.date,
    by: User,
    contract_duration_months: int | None = None,
) -> Presentation:
    """The employer records a hire after the interview; ``presentation_hire`` keeps hires within the headcount."""
    _check_employer_side(_loaded(presentation), by)
    if contract_type not in ContractType.values:
        raise ValidationError({"contract_type": _("Choose a contract type.")}, code="contract_type")
    if contract_type != ContractType.CDD:
        contract_duration_months = None
    return presentation_hire(
        presentation=presentation,
        contract_type=contract_type,
        contract_duration_months=contract_duration_months,
        starts_on=starts_on,
        by=by,
    )


@transaction.atomic
def presentation_no_hire(*, presentation: Presentation, reason_code: str, comment: str = "", by: User) -> Presentation:
    """The interview did not lead to a hire: a structured reason (``NoHireReason``), a comment when "other"."""
    _check_employer_side(_loaded(presentation), by)
    reason = checked_reason(reason_code=reason_code, comment=comment, choices=NoHireReason)
    ended = presentation_transition(presentation=presentation, to_status=Status.NOT_HIRED, reason=reason, by=by)
    ended.reason_code = reason_code
    ended.save(update_fields=["reason_code"])
    return ended

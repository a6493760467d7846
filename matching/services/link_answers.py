"""A candidate's answer through a secure link: the same services as an advisor's, recorded as coming from the link.

``candidate_link_answer`` takes a link found by its token (``matching.link_selectors.candidate_link_for_token``)
and what the person chose on the page. A proposal link records whether the job interests them
(``presentation_answer_record``; not interested needs a reason, which ends the shortlisting), and, when it does,
from when they are available (the profile's ``available_from``, through ``candidate_changes``, which matches the
profile again) and the wave that suits them (``presentation_wave_move``). An interview-slot link schedules the
interview at the slot chosen (``interview_slot_choose_by_candidate``), or tells the advisor that none suits.

Every step is recorded with no user (``by=None``) and a reason saying it came through the link; the contact log gets
a ``LINK_ANSWERED`` entry, which moves the last contact date. A link answers once: the link's row is locked first,
and a second submission is refused with a kind message.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from employers.models import RecruitingWave
from matching.enums import CandidateAnswer, CandidateDeclineReason, ContactKind, LinkPurpose, PresentationStatus
from matching.models import CandidateLink, InterviewSlot, Presentation, PresentationTransition
from matching.services.candidate_changes import candidate_profile_update
from matching.services.contacts import contact_entry_add
from matching.services.employer_answers import interview_slot_choose_by_candidate
from matching.services.links import candidate_link_locked_for_answer, interview_slots_open, purpose_refusal
from matching.services.presentation_waves import presentation_wave_move
from matching.services.presentations import presentation_answer_record

COMMENT_MAX_LENGTH = 300
# How far ahead a person may say they are available from: further is surely a typing error.
AVAILABLE_FROM_HORIZON = datetime.timedelta(days=730)


@dataclass(frozen=True)
class LinkAnswer:
    """What the person chose on the link's page. A proposal: ``interested`` (with ``reason_code`` and ``comment``
    when not), ``available_from``, ``wave_id``. An interview slot: ``slot_id``, or ``no_slot_suits``."""

    interested: bool | None = None
    reason_code: str = ""
    comment: str = ""
    available_from: datetime.date | None = None
    wave_id: int | None = None
    slot_id: int | None = None
    no_slot_suits: bool = False


def _platform_text(text: object) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _through_link(text: object = "") -> str:
    """A reason in the history, saying the step came from the candidate's link (in the platform's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        prefix = _("Answered by the candidate through their link")
        return f"{prefix}: {text}" if text else str(prefix)


def _decline_reason(answer: LinkAnswer) -> str:
    if answer.reason_code not in CandidateDeclineReason.values:
        raise ValidationError(
            {"reason_code": ValidationError(_("Tell us why the job does not interest you."), code="reason_code")}
        )
    comment = " ".join(answer.comment.split())
    if answer.reason_code == CandidateDeclineReason.OTHER and not comment:
        raise ValidationError({"comment": ValidationError(_("Tell us the reason in a few words."), code="comment")})
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("Keep it under %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}, code="comment_length"
                )
            }
        )
    label = _platform_text(CandidateDeclineReason(answer.reason_code).label)
    return f"{label} — {comment}" if comment else label


def _available_from_store(presentation: Presentation, day: datetime.date) -> None:
    today = timezone.localdate()
    if day < today or day > today + AVAILABLE_FROM_HORIZON:
        raise ValidationError(
            {
                "available_from": ValidationError(
                    _("Give a date between today and two years from now."), code="available_from"
                )
            }
        )
    candidate = presentation.candidate
    if candidate.available_from == day:
        return
    try:
        candidate_profile_update(candidate=candidate, data={"available_from": day}, by=None)  # type: ignore[arg-type]
    except ValidationError as error:
        messages = error.message_dict.get("available_from") if hasattr(error, "error_dict") else None
        raise ValidationError(
            {"available_from": ValidationError(messages or _("This date cannot be recorded."), code="available_from")}
        ) from error


def _wave_choose(presentation: Presentation, wave_id: int) -> str:
    wave = RecruitingWave.objects.filter(pk=wave_id, need_id=presentation.need_id).first()
    if wave is None:
        raise ValidationError({"wave": ValidationError(_("Choose one of the start dates offered."), code="wave")})
    if wave.pk != presentation.wave_id:
        presentation_wave_move(presentation=presentation, wave=wave, by=None, reason=_through_link())
    return _platform_text(_("start on %(date)s") % {"date": date_format(wave.starts_on, "SHORT_DATE_FORMAT")})


def _proposal_answer(presentation: Presentation, answer: LinkAnswer) -> str:
    """Record a proposal's answer; return the contact log's note."""
    if answer.interested is None:
        raise ValidationError(
            {"interested": ValidationError(_("Tell us whether the job interests you."), code="interested")}
        )
    if not answer.interested:
        reason = _decline_reason(answer)
        presentation_answer_record(
            presentation=presentation,
            answer=CandidateAnswer.NOT_INTERESTED,
            by=None,
            reason=_through_link(reason),
        )
        return _platform_text(_("Not interested: %(reason)s") % {"reason": reason})
    details = [_platform_text(CandidateAnswer.INTERESTED.label)]
    if answer.available_from is not None:
        _available_from_store(presentation, answer.available_from)
        details.append(
            _platform_text(
                _("available from %(date)s") % {"date": date_format(answer.available_from, "SHORT_DATE_FORMAT")}
            )
        )
    if answer.wave_id is not None:
        details.append(_wave_choose(presentation, answer.wave_id))
    answered = presentation_answer_record(presentation=presentation, answer=CandidateAnswer.INTERESTED, by=None)
    note = ", ".join(details)
    PresentationTransition.objects.create(
        presentation=answered,
        from_status=answered.status,
        to_status=answered.status,
        by=None,
        reason=_through_link(note),
    )
    return note


def _slot_answer(presentation: Presentation, answer: LinkAnswer) -> str:
    if answer.no_slot_suits:
        return _platform_text(_("None of the interview slots suits the candidate: call them."))
    slots = {slot.pk: slot for slot in interview_slots_open(presentation)}
    slot: InterviewSlot | None = slots.get(answer.slot_id) if answer.slot_id is not None else None
    if slot is None:
        raise ValidationError({"slot": ValidationError(_("Choose one of the interview slots offered."), code="slot")})
    when = date_format(timezone.localtime(slot.starts_at), "SHORT_DATETIME_FORMAT")
    interview_slot_choose_by_candidate(presentation=presentation, slot=slot, reason=_through_link(when))
    return _platform_text(_("Interview slot chosen: %(when)s") % {"when": when})


@transaction.atomic
def candidate_link_answer(*, link: CandidateLink, answer: LinkAnswer) -> CandidateLink:
    """Record the person's answer through ``link``, once; refused kindly when the link was used, revoked or expired,
    or when the presentation moved on since the link was sent (the advisor will call)."""
    now = timezone.now()
    locked = candidate_link_locked_for_answer(link=link, now=now)
    presentation = Presentation.objects.select_related("candidate", "need").get(pk=locked.presentation_id)
    if presentation.status not in PresentationStatus.active() or purpose_refusal(presentation, locked.purpose):
        raise ValidationError(
            _("This question is no longer open. Your advisor will contact you if needed."), code="moved_on"
        )
    if locked.purpose == LinkPurpose.PROPOSAL:
        note = _proposal_answer(presentation, answer)
    else:
        note = _slot_answer(presentation, answer)
    locked.answered_at = now
    locked.save(update_fields=["answered_at"])
    contact_entry_add(
        candidate=presentation.candidate,
        kind=ContactKind.LINK_ANSWERED,
        by=None,
        note=note,
        presentation=presentation,
        at=now,
    )
    return locked

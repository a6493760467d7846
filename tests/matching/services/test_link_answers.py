"""Answers through a secure link reach the presentation through the workflow's services, once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from matching.enums import CandidateAnswer, CandidateDeclineReason, ContactKind, LinkPurpose, PresentationStatus
from matching.models import CandidateLink, ContactEntry, PresentationTransition
from matching.services.link_answers import LinkAnswer, candidate_link_answer
from tests.matching.link_world import day, link_world, send, slot_presentation

pytestmark = pytest.mark.django_db

Status = PresentationStatus


def _refused(link, answer) -> tuple[str, str]:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        candidate_link_answer(link=link, answer=answer)
    error = raised.value
    code = next(iter(error.error_dict.values()))[0].code if hasattr(error, "error_dict") else error.code
    return code, error.messages[0]


def test_interested_with_a_date_and_a_later_wave(platform, advisor):
    world = link_world(platform)
    link, _token = send(world.presentation, advisor)

    candidate_link_answer(
        link=link, answer=LinkAnswer(interested=True, available_from=day(60), wave_id=world.waves[1].pk)
    )

    world.presentation.refresh_from_db()
    world.candidate.refresh_from_db()
    link.refresh_from_db()
    assert world.presentation.candidate_answer == CandidateAnswer.INTERESTED
    assert world.presentation.status == Status.SHORTLISTED
    assert world.presentation.wave == world.waves[1]
    assert world.candidate.available_from == day(60)
    assert link.answered_at is not None
    history = list(PresentationTransition.objects.filter(presentation=world.presentation).values_list("by", "reason"))
    assert all(by is None for by, _reason in history)
    assert any("lien" in reason for _by, reason in history)
    answered = ContactEntry.objects.get(candidate=world.candidate, kind=ContactKind.LINK_ANSWERED)
    assert answered.by is None
    assert answered.presentation == world.presentation
    assert world.candidate.last_contact_at == timezone.localdate()


def test_not_interested_ends_the_shortlisting_with_the_reason(platform, advisor):
    world = link_world(platform)
    link, _token = send(world.presentation, advisor)

    candidate_link_answer(
        link=link,
        answer=LinkAnswer(interested=False, reason_code=CandidateDeclineReason.TRAVEL, comment="Pas de bus le matin"),
    )

    world.presentation.refresh_from_db()
    assert world.presentation.status == Status.DECLINED_BY_CANDIDATE
    assert world.presentation.candidate_answer == CandidateAnswer.NOT_INTERESTED
    assert "Pas de bus le matin" in world.presentation.reason
    assert "lien" in world.presentation.reason


def test_not_interested_needs_a_reason(platform, advisor):
    link, _token = send(link_world(platform).presentation, advisor)

    assert _refused(link, LinkAnswer(interested=False)) == (
        "reason_code",
        "Tell us why the job does not interest you.",
    )
    assert _refused(link, LinkAnswer(interested=False, reason_code=CandidateDeclineReason.OTHER))[0] == "comment"
    assert _refused(link, LinkAnswer())[0] == "interested"
    link.refresh_from_db()
    assert link.answered_at is None


def test_a_date_in_the_past_is_refused_and_nothing_is_recorded(platform, advisor):
    world = link_world(platform)
    link, _token = send(world.presentation, advisor)

    code, _message = _refused(link, LinkAnswer(interested=True, available_from=day(-3)))

    assert code == "available_from"
    world.presentation.refresh_from_db()
    assert world.presentation.candidate_answer == CandidateAnswer.NOT_CONTACTED


def test_a_link_answers_once(platform, advisor):
    link, _token = send(link_world(platform).presentation, advisor)
    candidate_link_answer(link=link, answer=LinkAnswer(interested=True))

    code, message = _refused(link, LinkAnswer(interested=False, reason_code=CandidateDeclineReason.FOUND_JOB))

    assert code == "answered"
    assert message == "Your answer has already been recorded, thank you. To change it, contact your advisor."
    assert ContactEntry.objects.filter(kind=ContactKind.LINK_ANSWERED).count() == 1


def test_an_expired_or_revoked_link_is_refused(platform, advisor):
    link, _token = send(link_world(platform).presentation, advisor)
    CandidateLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8), expires_at=timezone.now() - datetime.timedelta(hours=1)
    )

    assert _refused(link, LinkAnswer(interested=True))[0] == "closed"


def test_picking_an_interview_slot_schedules_the_interview(platform, advisor):
    presentation = slot_presentation(platform)
    link, _token = send(presentation, advisor, purpose=LinkPurpose.INTERVIEW_SLOT)
    slot = presentation.interview_slots.order_by("starts_at").last()

    candidate_link_answer(link=link, answer=LinkAnswer(slot_id=slot.pk))

    presentation.refresh_from_db()
    slot.refresh_from_db()
    assert presentation.status == Status.INTERVIEW_SCHEDULED
    assert presentation.interview_at == slot.starts_at
    assert slot.is_chosen
    last = PresentationTransition.objects.filter(presentation=presentation).latest("pk")
    assert last.by is None
    assert "lien" in last.reason


def test_a_slot_of_another_presentation_is_refused(platform, advisor):
    presentation = slot_presentation(platform)
    other = slot_presentation(platform).interview_slots.first()
    link, _token = send(presentation, advisor, purpose=LinkPurpose.INTERVIEW_SLOT)

    assert _refused(link, LinkAnswer(slot_id=other.pk)) == ("slot", "Choose one of the interview slots offered.")


def test_no_slot_suits_tells_the_advisor(platform, advisor):
    presentation = slot_presentation(platform)
    link, _token = send(presentation, advisor, purpose=LinkPurpose.INTERVIEW_SLOT)

    candidate_link_answer(link=link, answer=LinkAnswer(no_slot_suits=True))

    presentation.refresh_from_db()
    assert presentation.status == Status.INTERVIEW_REQUESTED
    entry = ContactEntry.objects.get(kind=ContactKind.LINK_ANSWERED)
    assert "créneau" in entry.note


def test_a_presentation_moved_on_since_the_link_refuses_the_answer(platform, advisor):
    world = link_world(platform)
    link, _token = send(world.presentation, advisor)
    world.presentation.candidate_answer = CandidateAnswer.INTERESTED
    world.presentation.save(update_fields=["candidate_answer"])

    assert _refused(link, LinkAnswer(interested=False, reason_code=CandidateDeclineReason.DATES))[0] == "moved_on"

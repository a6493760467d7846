"""Sending, revoking and opening secure links: consent, addresses, the presentation's step, rate limits, expiry,
the token stored only as a digest and carried by no task."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from matching.enums import ContactKind, LinkChannel, LinkPurpose, PresentationStatus
from matching.link_selectors import candidate_link_for_token, link_state
from matching.models import CandidateLink, ContactEntry
from matching.services.links import candidate_link_revoke, candidate_link_send
from notifications.models import TaskToSend
from tests.accounts.factories import AdvisorFactory
from tests.employers.factories import MassHiringNeedFactory
from tests.matching.link_world import link_world, send, slot_presentation
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus


def _refusal(**call) -> tuple[str, str]:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        candidate_link_send(**call)
    error = raised.value
    code = next(iter(error.error_dict.values()))[0].code if hasattr(error, "error_dict") else error.code
    return code, error.messages[0]


def test_a_link_stores_only_the_digest_and_its_tasks_carry_only_its_id(platform, advisor):
    world = link_world(platform)

    link, token = send(world.presentation, advisor, channels=[LinkChannel.EMAIL, LinkChannel.SMS])

    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43
    stored = CandidateLink.objects.filter(pk=link.pk).values().get()
    assert token not in str(stored)
    assert stored["sent_by_email"]
    assert stored["sent_by_sms"]
    assert stored["expires_at"] - stored["created_at"] == datetime.timedelta(days=7)
    tasks = sorted(TaskToSend.objects.values_list("task_name", "arguments"))
    assert tasks == [
        ("notifications.tasks.candidate_link_email_send", [link.pk]),
        ("notifications.tasks.candidate_link_sms_send", [link.pk]),
    ]
    entry = ContactEntry.objects.get(candidate=world.candidate, kind=ContactKind.LINK_SENT)
    assert entry.by == advisor
    assert entry.presentation == world.presentation
    assert "SMS" in entry.note
    assert candidate_link_for_token(token) == link


def test_a_new_link_for_the_same_purpose_revokes_the_previous_one(platform, advisor):
    world = link_world(platform)
    first, first_token = send(world.presentation, advisor)

    second, second_token = send(world.presentation, advisor)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert link_state(first) == "revoked"
    assert candidate_link_for_token(first_token) is None
    assert candidate_link_for_token(second_token) == second
    assert first_token != second_token


def test_sending_needs_consent_to_messages(platform, advisor):
    world = link_world(platform, consents_to_messages=False, consented_to_messages_at=None)

    code, message = _refusal(
        presentation=world.presentation, purpose=LinkPurpose.PROPOSAL, channels=[LinkChannel.EMAIL], by=advisor
    )

    assert code == "no_consent"
    assert "consented to receive messages" in message
    assert not CandidateLink.objects.exists()
    assert not TaskToSend.objects.exists()


@pytest.mark.parametrize(
    ("fields", "channel", "code"),
    [({"email": ""}, LinkChannel.EMAIL, "no_email"), ({"phone": "01 23 45 67 89"}, LinkChannel.SMS, "no_mobile")],
)
def test_each_channel_needs_its_address(platform, advisor, fields, channel, code):
    world = link_world(platform, **fields)

    assert (
        _refusal(presentation=world.presentation, purpose=LinkPurpose.PROPOSAL, channels=[channel], by=advisor)[0]
        == code
    )


def test_no_channel_is_refused(platform, advisor):
    world = link_world(platform)

    code, _message = _refusal(presentation=world.presentation, purpose=LinkPurpose.PROPOSAL, channels=[], by=advisor)

    assert code == "no_channel"


def test_staff_of_another_platform_may_not_send(platform):
    world = link_world(platform)
    stranger = AdvisorFactory()

    code, _message = _refusal(
        presentation=world.presentation, purpose=LinkPurpose.PROPOSAL, channels=[LinkChannel.EMAIL], by=stranger
    )

    assert code == "not_workable"


def test_the_purpose_must_fit_the_presentations_step(platform, advisor):
    presented = presentation_in(
        Status.PRESENTED,
        candidate=link_world(platform).candidate,
        need=MassHiringNeedFactory(open=True, employer__platform=platform),
    )
    shortlisted = link_world(platform).presentation

    proposal = _refusal(presentation=presented, purpose=LinkPurpose.PROPOSAL, channels=["email"], by=advisor)
    slot = _refusal(presentation=shortlisted, purpose=LinkPurpose.INTERVIEW_SLOT, channels=["email"], by=advisor)

    assert proposal == ("purpose", "A proposal link is sent to a shortlisted candidate who has not answered yet.")
    assert slot[0] == "purpose"
    assert send(slot_presentation(platform), advisor, purpose=LinkPurpose.INTERVIEW_SLOT)[0].pk


def test_links_to_one_candidate_are_limited_per_day(platform, advisor, settings):
    settings.CANDIDATE_LINKS_PER_CANDIDATE_PER_DAY = 2
    world = link_world(platform)
    send(world.presentation, advisor)
    send(world.presentation, advisor)

    code, message = _refusal(
        presentation=world.presentation, purpose=LinkPurpose.PROPOSAL, channels=["email"], by=advisor
    )

    assert code == "rate_limited_candidate"
    assert message == (
        f"Candidate #{world.candidate.pk} already received 2 links in the last 24 hours: wait before sending another."
    )
    CandidateLink.objects.update(created_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    assert send(world.presentation, advisor)[0].pk


def test_links_sent_by_one_staff_member_are_limited_per_hour(platform, advisor, settings):
    settings.CANDIDATE_LINKS_PER_STAFF_PER_HOUR = 2
    for _number in range(2):
        send(link_world(platform).presentation, advisor)
    colleague = AdvisorFactory(memberships__platform=platform)

    code, message = _refusal(
        presentation=link_world(platform).presentation, purpose=LinkPurpose.PROPOSAL, channels=["email"], by=advisor
    )

    assert code == "rate_limited_staff"
    assert message == "You sent 2 links in the last hour, the most allowed: try again later."
    assert send(link_world(platform).presentation, colleague)[0].pk


def test_an_expired_link_opens_nothing(platform, advisor):
    link, token = send(link_world(platform).presentation, advisor)

    CandidateLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )

    assert candidate_link_for_token(token) is None
    link.refresh_from_db()
    assert link_state(link) == "expired"


def test_a_revoked_link_opens_nothing_and_revoking_twice_is_harmless(platform, advisor):
    link, token = send(link_world(platform).presentation, advisor)

    candidate_link_revoke(link=link, by=advisor)
    again = candidate_link_revoke(link=link, by=advisor)

    assert again.revoked_at is not None
    assert candidate_link_for_token(token) is None


def test_staff_of_another_platform_may_not_revoke(platform, advisor):
    link, token = send(link_world(platform).presentation, advisor)

    with pytest.raises(ValidationError):
        candidate_link_revoke(link=link, by=AdvisorFactory())

    assert candidate_link_for_token(token) == link


@pytest.mark.parametrize(
    "token", ["", "x", "not a token at all!", "A" * 43, "A" * 200, "../../etc/passwd", "%00" * 20]
)
def test_wrong_tokens_open_nothing(platform, advisor, token):
    send(link_world(platform).presentation, advisor)

    assert candidate_link_for_token(token) is None

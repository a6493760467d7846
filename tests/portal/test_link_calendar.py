"""The interview's calendar file on the candidate's link: offered once a slot is chosen, opened by the token only,
with the interview's UID and time and no name; any other token, a proposal link or a revoked one opens nothing."""

import datetime
import uuid

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from matching.enums import LinkPurpose
from matching.interview_calendar import interview_uid
from tests.matching.link_world import link_world, send, slot_presentation

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(REMOTE_ADDR=f"2001:db8::{uuid.uuid4().hex[:4]}")


def page(token: str) -> str:
    with translation.override("en"):
        return reverse("portal:candidate_link", args=[token])


def calendar_url(token: str) -> str:
    with translation.override("en"):
        return reverse("portal:candidate_link_interview_calendar", args=[token])


def test_the_chosen_interview_downloads_as_a_calendar_file_with_the_token_only(client, platform, advisor):
    presentation = slot_presentation(platform)
    link, token = send(presentation, advisor, purpose=LinkPurpose.INTERVIEW_SLOT)
    slot = presentation.interview_slots.order_by("starts_at").first()
    assert client.get(calendar_url(token)).status_code == 404  # nothing chosen yet
    done = client.post(page(token), {"slot": str(slot.pk)})
    assert calendar_url(token) in done.content.decode()

    response = client.get(calendar_url(token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == interview_uid(presentation.pk)
    assert event.decoded("DTSTART") == slot.starts_at.astimezone(datetime.UTC).replace(microsecond=0)
    assert str(event["LOCATION"]) == slot.place
    candidate = presentation.candidate
    assert candidate.last_name.encode() not in response.content

    assert client.get(calendar_url("A" * 43)).status_code == 404
    link.revoked_at = timezone.now()
    link.save()
    assert client.get(calendar_url(token)).status_code == 404


def test_a_proposal_link_opens_no_calendar(client, platform, advisor):
    world = link_world(platform)
    _link, token = send(world.presentation, advisor)
    assert client.get(calendar_url(token)).status_code == 404

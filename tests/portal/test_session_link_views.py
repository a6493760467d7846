"""A collective session's invitation through a secure link: sent only to a consenting candidate staff may work, by
e-mail (the session's title and date, the link), the page shows the session and takes the seat or declines, a full
session says so on the form."""

import datetime
import re
import uuid
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from matching.enums import LinkChannel, LinkPurpose, SeatStatus
from matching.link_tokens import link_token
from matching.services.session_links import session_invite_and_send
from notifications.link_notices import candidate_link_email_send, candidate_link_sms_text
from tests.accounts.factories import PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory
from tests.matching.link_world import reachable_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(REMOTE_ADDR=f"2001:db8::{uuid.uuid4().hex[:4]}")


@pytest.fixture
def session(platform):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    return CollectiveSessionFactory(
        platform=platform,
        needs=[need],
        capacity=2,
        title="Information collective Teleperf",
        what_to_bring="Une pièce d'identité et un CV",
        starts_at=timezone.now() + datetime.timedelta(days=5),
    )


def _invite(session, advisor, candidate=None):
    seat = session_invite_and_send(
        session=session,
        candidate=candidate or reachable_candidate(session.platform),
        channels=[LinkChannel.EMAIL],
        by=advisor,
    )
    link = seat.links.get()
    return seat, link, link_token(link.token_salt)


def _url(token):
    with translation.override("fr"):
        return reverse("portal:candidate_link", args=[token])


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


def test_the_invitation_is_e_mailed_with_the_session_and_the_link(session, advisor):
    seat, link, token = _invite(session, advisor)
    assert (link.purpose, link.seat, link.presentation) == (LinkPurpose.SESSION_SEAT, seat, None)
    assert link.expires_at <= session.starts_at

    assert candidate_link_email_send(link_id=link.pk) is True

    (message,) = mail.outbox
    assert "Information collective Teleperf" in message.body
    assert f"/portal/l/{token}/" in message.body
    sms = candidate_link_sms_text(link, url="https://t.example/x", language="en")
    assert sms.startswith("Tremplin: you are invited to a collective session on ")


def test_the_page_shows_the_session_and_takes_the_seat(client, session, advisor):
    seat, link, token = _invite(session, advisor)

    page = client.get(_url(token))
    assert page.status_code == 200
    text = _text(page)
    assert "Information collective Teleperf" in text
    assert "Une pièce d'identité et un CV" in text
    assert session.place in text

    done = client.post(_url(token), {"attending": "yes"})
    assert done.status_code == 200
    seat.refresh_from_db()
    link.refresh_from_db()
    assert seat.status == SeatStatus.ACCEPTED
    assert link.answered_at is not None
    # The link works once.
    assert client.get(_url(token)).status_code == 404


def test_declining_through_the_link(client, session, advisor):
    seat, _link, token = _invite(session, advisor)
    client.post(_url(token), {"attending": "no"})
    seat.refresh_from_db()
    assert seat.status == SeatStatus.DECLINED


def test_a_full_session_says_so_on_the_form(client, session, advisor):
    _seat, link, token = _invite(session, advisor)
    SessionSeatFactory.create_batch(2, session=session, accepted=True)

    with translation.override("en"):
        response = client.post(reverse("portal:candidate_link", args=[token]), {"attending": "yes"})

    assert response.status_code == 200
    assert "This session is full: every one of its 2 seats is taken." in _text(response)
    assert re.search(r'value="yes"[^>]*checked', response.content.decode())
    link.refresh_from_db()
    assert link.answered_at is None


def test_no_answer_chosen_names_the_field(client, session, advisor):
    _seat, _link, token = _invite(session, advisor)
    with translation.override("en"):
        response = client.post(reverse("portal:candidate_link", args=[token]), {})
    assert "Tell us whether you will come." in _text(response)


def test_refused_without_consent_or_for_a_candidate_staff_may_not_work(session, advisor):
    with pytest.raises(ValidationError) as no_consent:
        _invite(session, advisor, CandidateFactory(platform=session.platform, consents_to_messages=False))
    assert no_consent.value.code == "no_consent"
    with pytest.raises(ValidationError) as not_workable:
        _invite(session, advisor, reachable_candidate(PlatformFactory()))
    assert not_workable.value.code == "not_workable"
    assert not session.seats.exists()

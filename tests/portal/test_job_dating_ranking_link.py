"""After a job dating, each attendee ranks the jobs they met through a secure link: sent only to people recorded as
present, once the day has begun; the page names each employer and shows what it publishes; the ranking is stored
by the same service as the advisor's entry, with the same rules, and the link then opens nothing."""

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

from matching.enums import ContactKind, LinkChannel, LinkPurpose
from matching.job_dating_forms import rank_field_name
from matching.link_tokens import link_token
from matching.models import ContactEntry, JobDatingCandidateRanking
from matching.services.job_dating_links import job_dating_ranking_link_send, job_dating_ranking_links_send
from notifications.link_notices import candidate_link_email_send, candidate_link_sms_text
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory
from tests.matching.link_world import reachable_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(REMOTE_ADDR=f"2001:db8::{uuid.uuid4().hex[:4]}")


@pytest.fixture
def job_dating(platform):
    calls = StaffingNeedFactory(
        open=True,
        employer__platform=platform,
        employer__legal_name="Teleperf Lille",
        job_summary="Répondre aux appels des clients d'un opérateur.",
        shows_job_summary=True,
        benefits="Tickets restaurant",
        shows_benefits=False,
    )
    stores = StaffingNeedFactory(open=True, employer__platform=platform, employer__legal_name="Logis Nord")
    session = CollectiveSessionFactory(
        job_dating=True,
        platform=platform,
        needs=[calls, stores],
        title="Job dating relation client",
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    return session, calls, stores


def attendee(session, *, attended=True, **fields):
    return SessionSeatFactory(
        session=session, candidate=reachable_candidate(session.platform, **fields), accepted=True, attended=attended
    )


def _url(token):
    with translation.override("fr"):
        return reverse("portal:candidate_link", args=[token])


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


def test_the_attendee_ranks_the_jobs_met_once_through_the_link(client, job_dating, advisor):
    session, calls, stores = job_dating
    seat = attendee(session)
    link = job_dating_ranking_link_send(seat=seat, channels=[LinkChannel.EMAIL], by=advisor)
    token = link_token(link.token_salt)
    assert (link.purpose, link.seat, link.presentation) == (LinkPurpose.JOB_DATING_RANKING, seat, None)

    assert candidate_link_email_send(link_id=link.pk) is True
    (message,) = mail.outbox
    assert "Job dating relation client" in message.body
    assert f"/portal/l/{token}/" in message.body
    sms = candidate_link_sms_text(link, url="https://t.example/x", language="en")
    assert sms.startswith("Tremplin: after the job dating, tell us which jobs you want by ")

    with translation.override("en"):
        page = _text(client.get(_url(token)))
    assert "Teleperf Lille" in page
    assert "Logis Nord" in page
    assert "Répondre aux appels des clients d'un opérateur." in page
    # A part the employer did not mark public stays hidden.
    assert "Tickets restaurant" not in page

    # The same rank twice is refused on the form, kept as typed; the link still works.
    twice = client.post(_url(token), {rank_field_name(calls.pk): "1", rank_field_name(stores.pk): "1"})
    assert twice.status_code == 200
    assert 'id="ranking-errors"' in twice.content.decode()
    assert not JobDatingCandidateRanking.objects.exists()

    done = client.post(_url(token), {rank_field_name(calls.pk): "1", rank_field_name(stores.pk): ""})
    assert done.status_code == 200
    assert list(JobDatingCandidateRanking.objects.values_list("candidate_id", "need_id", "rank", "ranked_by")) == [
        (seat.candidate_id, calls.pk, 1, None)
    ]
    link.refresh_from_db()
    assert link.answered_at is not None
    assert ContactEntry.objects.filter(candidate=seat.candidate, kind=ContactKind.LINK_ANSWERED).exists()
    assert client.get(_url(token)).status_code == 404


def test_only_attendees_after_the_day_by_the_sessions_platform(job_dating, advisor):
    session, *_ = job_dating
    absent = attendee(session, attended=False)
    with pytest.raises(ValidationError) as refused:
        job_dating_ranking_link_send(seat=absent, channels=[LinkChannel.EMAIL], by=advisor)
    assert refused.value.code == "not_attendee"

    present = attendee(session)
    outsider = AdvisorFactory(memberships__platform=PlatformFactory())
    with pytest.raises(ValidationError) as refused:
        job_dating_ranking_link_send(seat=present, channels=[LinkChannel.EMAIL], by=outsider)
    assert refused.value.code == "not_yours"

    session.starts_at = timezone.now() + datetime.timedelta(days=1)
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save()
    with pytest.raises(ValidationError) as refused:
        job_dating_ranking_link_send(seat=present, channels=[LinkChannel.EMAIL], by=advisor)
    assert refused.value.code == "not_started"


def test_the_staff_page_sends_the_links_to_who_has_not_ranked_and_says_each_refusal(client, job_dating, advisor):
    session, calls, _ = job_dating
    reachable = attendee(session)
    silent = attendee(session, consents_to_messages=False)
    ranked = attendee(session)
    JobDatingCandidateRanking.objects.create(session=session, candidate=ranked.candidate, need=calls, rank=1)
    client.force_login(advisor)

    with translation.override("en"):
        response = client.post(
            reverse("staff:job_dating_ranking_links", args=[session.pk]),
            {"channels": [LinkChannel.EMAIL]},
            follow=True,
        )

    text = _text(response)
    assert "1 ranking link sent." in text
    assert f"Candidate #{silent.candidate_id} has not consented to receive messages" in text
    assert reachable.links.filter(purpose=LinkPurpose.JOB_DATING_RANKING).count() == 1
    assert not ranked.links.exists()


def test_the_bulk_send_refuses_no_channel_and_another_platform(client, job_dating):
    session, *_ = job_dating
    attendee(session)
    outsider = AdvisorFactory(memberships__platform=PlatformFactory())
    result = job_dating_ranking_links_send(session=session, channels=[LinkChannel.EMAIL], by=outsider)
    assert result.done == []
    assert len(result.refusals) == 1

    client.force_login(outsider)
    assert client.post(reverse("staff:job_dating_ranking_links", args=[session.pk]), {}).status_code == 404

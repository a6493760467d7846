"""The staff pages of collective sessions: the form keeps what was typed, the session page's figures and people,
invitations by number with refusals per person, the check-in list on a phone (one tap per person, htmx or a plain
POST) and on paper, and MRS results."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from matching.enums import SeatStatus
from matching.models import CollectiveSession
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory
from tests.matching.link_world import reachable_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff_client(client, advisor):
    client.force_login(advisor)
    return client


@pytest.fixture
def session(platform):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    return CollectiveSessionFactory(mrs=True, platform=platform, needs=[need], capacity=25, title="MRS Lens")


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


def test_the_form_keeps_what_was_typed_and_names_the_field(staff_client, platform):
    starts = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post(
        reverse("staff:session_create"),
        {"kind": "information", "title": "Info Teleperf", "starts_at": starts, "ends_at": starts, "capacity": "30"},
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Give the session's place, its video link or both." in text
    assert 'value="Info Teleperf"' in response.content.decode()
    assert not CollectiveSession.objects.exists()


def test_creating_a_session(staff_client, platform):
    starts = timezone.localtime() + datetime.timedelta(days=3)
    response = staff_client.post(
        reverse("staff:session_create"),
        {
            "kind": "job_dating",
            "title": "Job dating Lens",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "video_link": "https://visio.example.org/jd",
            "capacity": "40",
        },
    )
    session = CollectiveSession.objects.get()
    assert response.status_code == 302
    assert (session.platform, session.capacity, session.place) == (platform, 40, "")


def test_the_session_page_shows_counts_gauge_and_people(staff_client, session):
    SessionSeatFactory(session=session, accepted=True, candidate__last_name="Benali")
    SessionSeatFactory(session=session, declined=True)
    SessionSeatFactory(session=session)
    text = _text(staff_client.get(reverse("staff:session_detail", args=[session.pk])))
    assert "1 waiting, 1 accepted, 1 declined" in text
    assert "Seats taken: 1 of 25" in text
    assert "Benali" in text


def test_inviting_by_number_reports_each_refusal(staff_client, session, platform):
    ours = reachable_candidate(platform)
    foreign = reachable_candidate(PlatformFactory())
    response = staff_client.post(
        reverse("staff:session_detail", args=[session.pk]),
        {"candidate_ids": f"{ours.pk}, {foreign.pk}", "channels": ["email"]},
        follow=True,
    )
    text = _text(response)
    assert "1 invited." in text
    assert f"#{foreign.pk}: You may not invite this candidate to this session." in text
    assert list(session.seats.values_list("candidate_id", flat=True)) == [ours.pk]


def test_bad_candidate_numbers_name_the_field(staff_client, session):
    response = staff_client.post(
        reverse("staff:session_detail", args=[session.pk]), {"candidate_ids": "12; abc", "channels": ["email"]}
    )
    assert response.status_code == 200
    assert "Type candidate numbers only" in _text(response)


def test_the_check_in_list_is_made_for_a_phone_and_for_paper(staff_client, session):
    seat = SessionSeatFactory(session=session, accepted=True, candidate__last_name="Benali")
    SessionSeatFactory(session=session, status=SeatStatus.CANCELLED, candidate__last_name="Annulée")
    response = staff_client.get(reverse("staff:session_check_in", args=[session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "staff/sessions/sessions.css" in html  # its print and phone styles
    assert 'class="check-in-toggle" aria-pressed="false"' in html
    assert f'hx-post="{reverse("staff:session_seat_attendance", args=[session.pk, seat.pk])}"' in html
    assert "BENALI" in html
    assert "ANNULÉE" not in html


def test_one_tap_checks_in_and_a_second_undoes(staff_client, session):
    seat = SessionSeatFactory(session=session, accepted=True)
    url = reverse("staff:session_seat_attendance", args=[session.pk, seat.pk])
    row = staff_client.post(url, {"attended": "yes"}, headers={"HX-Request": "true"})
    assert 'aria-pressed="true"' in row.content.decode()
    seat.refresh_from_db()
    assert seat.attended is True
    plain = staff_client.post(url, {"attended": "no", "next": "check_in"})
    assert plain.headers["Location"] == reverse("staff:session_check_in", args=[session.pk])
    seat.refresh_from_db()
    assert seat.attended is False


def test_mrs_results_are_recorded_for_those_who_attended(staff_client, session):
    seat = SessionSeatFactory(session=session, accepted=True, attended=True)
    staff_client.post(reverse("staff:session_seat_result", args=[session.pk, seat.pk]), {"passed": "yes"})
    seat.refresh_from_db()
    assert seat.mrs_passed is True


def test_another_platform_finds_no_session(client, session):
    client.force_login(AdvisorFactory())
    assert client.get(reverse("staff:session_detail", args=[session.pk])).status_code == 404
    assert "MRS Lens" not in _text(client.get(reverse("staff:session_list")))

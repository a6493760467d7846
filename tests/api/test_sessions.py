"""The sessions API: staff create a session, invite (the link leaves with the invitation), record attendance and
an MRS result through the services; the capacity and the MRS rule give 400s with their codes; employers read the
sessions of their needs without anyone's identity."""

import datetime

import pytest
from django.utils import timezone

from accounts.enums import MembershipRole
from matching.enums import SeatStatus
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.api_tokens import token_headers
from tests.employers.factories import StaffingNeedFactory
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory
from tests.matching.link_world import reachable_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(platform):
    return StaffingNeedFactory(open=True, employer__platform=platform)


@pytest.fixture
def send(client):
    headers: dict[int, dict[str, str]] = {}

    def call(user, method: str, path: str, body=None):
        if user.pk not in headers:
            headers[user.pk] = token_headers(user)
        return getattr(client, method)(f"/api/{path}", data=body, content_type="application/json", **headers[user.pk])

    return call


def test_staff_create_invite_check_in_and_record_a_result(send, advisor, platform, need):
    starts = timezone.now() + datetime.timedelta(days=4)
    created = send(
        advisor,
        "post",
        "staff/sessions/",
        {
            "kind": "mrs",
            "title": "MRS Lens",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + datetime.timedelta(hours=3)).isoformat(),
            "place": "Agence Lens",
            "capacity": 12,
            "needs": [need.pk],
        },
    )
    assert created.status_code == 201, created.content
    session_id = created.json()["id"]
    assert created.json()["needs"] == [need.pk]

    candidate = reachable_candidate(platform)
    invited = send(
        advisor, "post", f"staff/sessions/{session_id}/invite/", {"candidate": candidate.pk, "channels": ["email"]}
    )
    assert invited.status_code == 201, invited.content
    seat_id = invited.json()["id"]
    assert invited.json()["status"] == SeatStatus.INVITED

    checked = send(advisor, "post", f"staff/sessions/{session_id}/seats/{seat_id}/attendance/", {"attended": True})
    assert (checked.status_code, checked.json()["status"], checked.json()["attended"]) == (200, "accepted", True)
    result = send(advisor, "post", f"staff/sessions/{session_id}/seats/{seat_id}/result/", {"passed": True})
    assert result.json()["mrs_passed"] is True
    detail = send(advisor, "get", f"staff/sessions/{session_id}/")
    assert [seat["candidate"]["id"] for seat in detail.json()["seats"]] == [candidate.pk]


def test_a_result_on_an_information_session_is_refused(send, advisor, platform):
    seat = SessionSeatFactory(session=CollectiveSessionFactory(platform=platform), accepted=True, attended=True)
    response = send(advisor, "post", f"staff/sessions/{seat.session_id}/seats/{seat.pk}/result/", {"passed": True})
    assert response.status_code == 400
    assert "not_mrs" in response.content.decode()


def test_a_bad_session_names_its_fields(send, advisor):
    response = send(advisor, "post", "staff/sessions/", {"kind": "party", "title": "", "capacity": 0})
    assert response.status_code == 400
    body = response.content.decode()
    for field in ("kind", "title", "capacity", "starts_at"):
        assert field in body


def test_employers_read_their_sessions_without_identities(send, platform, need):
    session = CollectiveSessionFactory(platform=platform, needs=[need], title="Info Lens", capacity=20)
    SessionSeatFactory(session=session, accepted=True, candidate__last_name="Zerbib")
    CollectiveSessionFactory(platform=platform, title="Autre")
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)

    response = send(member, "get", "employer/sessions/")

    assert response.status_code == 200
    assert [(row["title"], row["accepted"]) for row in response.json()["results"]] == [("Info Lens", 1)]
    assert "Zerbib" not in response.content.decode()

"""The sessions API: staff create a session, invite (the link leaves with the invitation), record attendance and
an MRS result through the services; the capacity and the MRS rule give 400s with their codes; employers read the
sessions of their needs without anyone's identity."""

import datetime

import pytest
from django.utils import timezone

from accounts.enums import MembershipRole
from matching.enums import SeatStatus
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
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


def test_staff_change_a_session_s_details_and_needs(send, advisor, platform, need):
    session = CollectiveSessionFactory(platform=platform, title="Info Lens", capacity=10)

    response = send(advisor, "patch", f"staff/sessions/{session.pk}/", {"title": "Info Liévin", "needs": [need.pk]})

    assert response.status_code == 200, response.content
    assert (response.json()["title"], response.json()["needs"], response.json()["capacity"]) == (
        "Info Liévin",
        [need.pk],
        10,
    )
    session.refresh_from_db()
    assert session.title == "Info Liévin"
    assert list(session.needs.all()) == [need]


def test_a_capacity_below_the_seats_taken_is_refused_with_its_field(send, advisor, platform):
    session = CollectiveSessionFactory(platform=platform, capacity=3)
    SessionSeatFactory.create_batch(2, session=session, accepted=True)

    response = send(advisor, "patch", f"staff/sessions/{session.pk}/", {"capacity": 1})

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["capacity"] == [
        "2 places sont déjà prises : la capacité ne peut pas être inférieure."
    ]
    session.refresh_from_db()
    assert session.capacity == 3


def test_a_need_of_another_platform_is_refused_with_its_field(send, advisor, platform):
    session = CollectiveSessionFactory(platform=platform)
    foreign = StaffingNeedFactory(open=True)

    response = send(advisor, "patch", f"staff/sessions/{session.pk}/", {"needs": [foreign.pk]})

    assert response.status_code == 400
    assert "needs" in response.json()["error"]["fields"]
    assert not session.needs.exists()


def test_staff_cancel_a_session_and_its_seats(send, advisor, platform):
    session = CollectiveSessionFactory(platform=platform)
    seat = SessionSeatFactory(session=session, accepted=True)

    response = send(advisor, "post", f"staff/sessions/{session.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["cancelled_at"] is not None
    seat.refresh_from_db()
    assert seat.status == SeatStatus.CANCELLED
    again = send(advisor, "post", f"staff/sessions/{session.pk}/cancel/")
    assert (again.status_code, again.json()["error"]["code"]) == (400, "cancelled")
    changed = send(advisor, "patch", f"staff/sessions/{session.pk}/", {"title": "Trop tard"})
    assert (changed.status_code, changed.json()["error"]["code"]) == (400, "cancelled")


def test_another_platform_s_staff_find_no_session_to_change_or_cancel(send, platform):
    session = CollectiveSessionFactory(platform=platform, title="Info Lens")
    seat = SessionSeatFactory(session=session, accepted=True)
    other = AdvisorFactory()
    base = f"staff/sessions/{session.pk}"

    assert send(other, "patch", f"{base}/", {"title": "Piraté"}).status_code == 404
    assert send(other, "post", f"{base}/cancel/").status_code == 404
    assert send(other, "post", f"{base}/seats/{seat.pk}/attendance/", {"attended": False}).status_code == 404
    session.refresh_from_db()
    assert (session.title, session.cancelled_at) == ("Info Lens", None)

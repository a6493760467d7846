"""Collective sessions: creating and editing them, inviting only workable candidates, the capacity under the
session's lock, answers, attendance and MRS results, and who sees which session."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from matching.enums import SeatStatus, SessionKind
from matching.models import SessionSeat
from matching.services.sessions import (
    seat_accept,
    seat_attendance_record,
    seat_decline,
    seat_mrs_result_record,
    session_cancel,
    session_create,
    session_edit,
    session_invite,
)
from matching.session_selectors import mrs_passed_candidate_ids, sessions_for_employer_need, sessions_for_staff
from tests.accounts.factories import AdvisorFactory, MembershipFactory, PlatformFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory

pytestmark = pytest.mark.django_db

NEXT_WEEK = timezone.now() + datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def advisor():
    return AdvisorFactory()


@pytest.fixture
def platform(advisor):
    return advisor.memberships.get().platform


@pytest.fixture
def need(platform):
    return StaffingNeedFactory(open=True, employer__platform=platform)


def details(**overrides):
    return {
        "kind": SessionKind.INFORMATION,
        "title": "Information collective Teleperf",
        "starts_at": NEXT_WEEK,
        "ends_at": NEXT_WEEK + datetime.timedelta(hours=2),
        "place": "Pôle emploi Lens, salle 2",
        "capacity": 25,
        **overrides,
    }


def test_staff_create_a_session_for_their_needs(advisor, platform, need):
    session = session_create(platform=platform, by=advisor, needs=[need], **details())
    assert (session.title, session.capacity, list(session.needs.all())) == (
        "Information collective Teleperf",
        25,
        [need],
    )
    assert session.created_by == advisor


def test_a_session_needs_a_place_or_a_link_and_ends_after_it_starts(advisor, platform):
    with pytest.raises(ValidationError) as error:
        session_create(platform=platform, by=advisor, **details(place="", ends_at=NEXT_WEEK))
    messages = str(error.value)
    assert "Give the session's place, its video link or both." in messages
    assert "The session must end after it starts." in messages


def test_another_platforms_staff_may_not_create_nor_serve_its_needs(advisor, platform, need):
    with pytest.raises(ValidationError, match="Only the staff"):
        session_create(platform=PlatformFactory(), by=advisor, **details())
    foreign_need = StaffingNeedFactory(open=True)
    with pytest.raises(ValidationError, match="only needs of its own platform"):
        session_create(platform=platform, by=advisor, needs=[foreign_need], **details())


def test_the_capacity_cannot_fall_below_the_seats_taken(advisor, platform):
    session = CollectiveSessionFactory(platform=platform, capacity=3)
    SessionSeatFactory.create_batch(2, session=session, accepted=True)
    with pytest.raises(ValidationError, match="2 seats are already taken"):
        session_edit(session=session, by=advisor, capacity=1)
    assert session_edit(session=session, by=advisor, capacity=2).capacity == 2


def test_the_kind_is_fixed_once_someone_is_invited(advisor, platform):
    session = CollectiveSessionFactory(platform=platform)
    SessionSeatFactory(session=session)
    with pytest.raises(ValidationError, match="cannot change once candidates are invited"):
        session_edit(session=session, by=advisor, kind=SessionKind.MRS)


def test_staff_invite_only_candidates_they_may_work(advisor, platform, need):
    session = CollectiveSessionFactory(platform=platform, needs=[need])
    ours = CandidateFactory(platform=platform)
    seat = session_invite(session=session, candidate=ours, by=advisor)
    assert (seat.status, seat.session_kind, seat.invited_by) == (SeatStatus.INVITED, SessionKind.INFORMATION, advisor)
    # Another platform's candidate, not handed off for the need: refused.
    with pytest.raises(ValidationError, match="You may not invite this candidate"):
        session_invite(session=session, candidate=CandidateFactory(platform=PlatformFactory()), by=advisor)
    with pytest.raises(ValidationError, match="already invited"):
        session_invite(session=session, candidate=ours, by=advisor)
    # Staff of another platform may not invite to this session at all.
    with pytest.raises(ValidationError, match="Only the staff"):
        session_invite(session=session, candidate=ours, by=AdvisorFactory())


def test_the_26th_seat_of_a_25_seat_session_is_refused(platform):
    session = CollectiveSessionFactory(platform=platform, capacity=25)
    SessionSeatFactory.create_batch(25, session=session, accepted=True)
    last = SessionSeatFactory(session=session)
    with pytest.raises(ValidationError, match="every one of its 25 seats is taken"):
        seat_accept(seat=last)
    last.refresh_from_db()
    assert last.status == SeatStatus.INVITED
    assert session.seats.filter(status=SeatStatus.ACCEPTED).count() == 25


def test_a_declined_seat_frees_a_place(platform):
    session = CollectiveSessionFactory(platform=platform, capacity=1)
    first = seat_accept(seat=SessionSeatFactory(session=session))
    second = SessionSeatFactory(session=session)
    seat_decline(seat=first)
    assert seat_accept(seat=second).status == SeatStatus.ACCEPTED
    first.refresh_from_db()
    assert first.status == SeatStatus.DECLINED
    assert first.answered_at is not None


def test_no_answer_after_the_start_nor_on_a_cancelled_session(advisor, platform):
    started = CollectiveSessionFactory(platform=platform, starts_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(ValidationError, match="already started"):
        seat_accept(seat=SessionSeatFactory(session=started))
    session = CollectiveSessionFactory(platform=platform)
    seat = SessionSeatFactory(session=session, accepted=True)
    session_cancel(session=session, by=advisor)
    seat.refresh_from_db()
    assert seat.status == SeatStatus.CANCELLED
    with pytest.raises(ValidationError, match="This session is cancelled"):
        seat_accept(seat=seat)


def test_attendance_and_mrs_results(advisor, platform, need):
    session = CollectiveSessionFactory(mrs=True, platform=platform, needs=[need])
    came = SessionSeatFactory(session=session, accepted=True)
    walked_in = SessionSeatFactory(session=session)
    absent = SessionSeatFactory(session=session, accepted=True)
    seat_attendance_record(seat=came, attended=True, by=advisor)
    walked_in = seat_attendance_record(seat=walked_in, attended=True, by=advisor)
    assert walked_in.status == SeatStatus.ACCEPTED  # someone who comes takes a seat
    seat_attendance_record(seat=absent, attended=False, by=advisor)
    passed = seat_mrs_result_record(seat=came, passed=True, by=advisor)
    assert (passed.mrs_passed, passed.recorded_by) == (True, advisor)
    seat_mrs_result_record(seat=walked_in, passed=False, by=advisor)
    with pytest.raises(ValidationError, match="only for someone who attended"):
        seat_mrs_result_record(seat=absent, passed=True, by=advisor)
    assert mrs_passed_candidate_ids(need) == {came.candidate_id}
    # Checking someone out clears their result.
    seat_attendance_record(seat=came, attended=False, by=advisor)
    assert mrs_passed_candidate_ids(need) == set()


def test_only_an_mrs_session_records_a_result(advisor, platform):
    seat = SessionSeatFactory(session=CollectiveSessionFactory(platform=platform), accepted=True, attended=True)
    with pytest.raises(ValidationError, match="Only an MRS test session records a result"):
        seat_mrs_result_record(seat=seat, passed=True, by=advisor)
    # The database refuses it too.
    with pytest.raises(IntegrityError):
        SessionSeat.objects.filter(pk=seat.pk).update(mrs_passed=True)


def test_another_platform_sees_none_of_the_sessions(advisor, platform, need):
    session = CollectiveSessionFactory(platform=platform, needs=[need])
    assert list(sessions_for_staff(advisor)) == [session]
    assert list(sessions_for_staff(AdvisorFactory())) == []


def test_employers_see_the_sessions_of_their_own_needs_only(platform, need):
    session = CollectiveSessionFactory(platform=platform, needs=[need])
    SessionSeatFactory(session=session, accepted=True)
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=need.employer)
    [seen] = sessions_for_employer_need(need=need, user=member)
    assert (seen, seen.accepted) == (session, 1)
    stranger = UserFactory()
    MembershipFactory(user=stranger, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=EmployerFactory())
    assert list(sessions_for_employer_need(need=need, user=stranger)) == []

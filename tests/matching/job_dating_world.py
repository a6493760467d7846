"""A job dating that took place: two employers' open needs, attendees and one person who did not come."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.enums import MembershipRole
from accounts.models import Platform, User
from candidates.models import Candidate
from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.enums import SeatStatus, SessionKind
from matching.models import CollectiveSession, SessionSeat
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory


def job_dating_create(*, platform: Platform, needs: list[StaffingNeed], kind: str = SessionKind.JOB_DATING):
    starts_at = timezone.now() - datetime.timedelta(days=1)
    session = CollectiveSession.objects.create(
        kind=kind,
        title="Job dating des centres d'appels",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        place="Maison de l'emploi, Lille",
        capacity=20,
        platform=platform,
    )
    session.needs.set(needs)
    return session


def seat_create(session: CollectiveSession, candidate: Candidate, *, attended: bool | None = True) -> SessionSeat:
    now = timezone.now()
    return SessionSeat.objects.create(
        session=session,
        session_kind=session.kind,
        candidate=candidate,
        status=SeatStatus.ACCEPTED,
        answered_at=now,
        attended=attended,
        recorded_at=now if attended is not None else None,
    )


def member_of(employer) -> User:
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=employer)
    return user


@dataclass
class JobDatingWorld:
    platform: Platform
    advisor: User
    session: CollectiveSession
    need_a: StaffingNeed
    need_b: StaffingNeed
    member_a: User
    member_b: User
    attendees: list[Candidate]
    absent: Candidate
    others: dict[str, object] = field(default_factory=dict)


def job_dating_world(platform: Platform, *, headcount: int = 1, attendees: int = 3) -> JobDatingWorld:
    employer_a = EmployerFactory(platform=platform, legal_name="Centre d'appels du Nord")
    employer_b = EmployerFactory(platform=platform, legal_name="Plateau logistique de Roubaix")
    need_a = StaffingNeedFactory(employer=employer_a, headcount=headcount, status=NeedStatus.OPEN, title="Téléconseil")
    need_b = StaffingNeedFactory(employer=employer_b, headcount=headcount, status=NeedStatus.OPEN, title="Préparation")
    session = job_dating_create(platform=platform, needs=[need_a, need_b])
    people = [CandidateFactory(presentable=True, platform=platform) for _ in range(attendees)]
    for person in people:
        seat_create(session, person)
    absent = CandidateFactory(presentable=True, platform=platform)
    seat_create(session, absent, attended=False)
    return JobDatingWorld(
        platform=platform,
        advisor=AdvisorFactory(memberships__platform=platform),
        session=session,
        need_a=need_a,
        need_b=need_b,
        member_a=member_of(employer_a),
        member_b=member_of(employer_b),
        attendees=people,
        absent=absent,
    )

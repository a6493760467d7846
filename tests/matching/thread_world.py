"""A need with a thread's cast: the employer's member, an advisor following the need, and candidates whose identity
the employer was given or not; another employer of the platform, another platform."""

from dataclasses import dataclass

from accounts.enums import MembershipRole
from accounts.models import User
from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.enums import PresentationStatus
from tests.accounts.factories import AdvisorFactory, MembershipFactory, PlatformFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

Status = PresentationStatus


def member_of(employer, email: str | None = None) -> User:
    user = UserFactory(**({"email": email} if email else {}))
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


@dataclass
class ThreadWorld:
    need: StaffingNeed
    member: User
    advisor: User
    revealed: Candidate
    hidden: Candidate
    elsewhere: Candidate
    other_member: User
    other_advisor: User


def thread_world() -> ThreadWorld:
    need = StaffingNeedFactory(open=True, title="Téléconseiller")
    platform = need.employer.platform
    advisor = AdvisorFactory(memberships__platform=platform, email="conseillere@plateforme.example")
    revealed = CandidateFactory(
        presentable=True, platform=platform, advisor=advisor, first_name="Inès", last_name="Morel"
    )
    hidden = CandidateFactory(
        presentable=True,
        platform=platform,
        advisor=advisor,
        first_name="Nadia",
        last_name="Benali",
        email="nadia.benali@example.org",
        phone="06 01 02 03 04",
    )
    # A candidate of the platform who has nothing to do with this need.
    elsewhere = CandidateFactory(presentable=True, platform=platform, first_name="Karim", last_name="Haddad")
    presentation_in(Status.INTERVIEW_SCHEDULED, need=need, candidate=revealed)
    presentation_in(Status.PRESENTED, need=need, candidate=hidden)
    other_need = StaffingNeedFactory(open=True, employer__platform=platform)
    return ThreadWorld(
        need=need,
        member=member_of(need.employer, "rh@centre.example"),
        advisor=advisor,
        revealed=revealed,
        hidden=hidden,
        elsewhere=elsewhere,
        other_member=member_of(other_need.employer),
        other_advisor=AdvisorFactory(memberships__platform=PlatformFactory()),
    )

"""A small world for the API tests: two platforms, an employer on each with a member, an advisor on each, and a
need, a candidate, a suggestion, a run and a presentation on each side; a token per user.

Objects of side A are what member A and advisor A may reach; side B is everyone else's.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.api_tokens import api_token_create
from accounts.enums import MembershipRole
from accounts.models import User
from candidates.models import Candidate, CandidateSkill
from employers.models import StaffingNeed
from matching.enums import PresentationStatus, RunScope, RunStatus
from matching.models import HandOff, MatchRun, MatchSuggestion, Presentation
from tests.accounts.factories import (
    AdvisorFactory,
    MembershipFactory,
    PlatformFactory,
    SuperuserFactory,
    UserFactory,
    totp_code_now,
)
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import EmployerFactory, SiteFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import CommuneFactory, LanguageFactory, OccupationFactory, SkillFactory

ROLES = ("anonymous", "member_a", "member_b", "advisor_a", "advisor_b", "superuser", "no_membership")
PARTS = {"skills": 4500, "occupation": 2000, "commute": 650, "availability": 1000, "experience": 0}


@dataclass
class Side:
    need: StaffingNeed
    draft: StaffingNeed
    candidate: Candidate
    presentation: Presentation
    shortlisted: Presentation
    suggestion: MatchSuggestion
    run: MatchRun
    hand_off: HandOff | None = None  # another platform's request for this side's candidate


@dataclass
class World:
    users: dict[str, User]
    keys: dict[str, str]
    a: Side
    b: Side
    full_refresh: MatchRun
    extra: dict = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        """The Django test client's keyword arguments that authenticate as ``role`` (nothing for anonymous)."""
        return {"HTTP_AUTHORIZATION": f"Token {self.keys[role]}"} if role in self.keys else {}


def member_of(employer) -> User:
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


def _side(platform, name: str, commune) -> tuple[Side, User, User]:
    employer = EmployerFactory(platform=platform, legal_name=f"Centre d'appels {name}")
    site = SiteFactory(employer=employer, commune=commune, name=f"Plateau {name}")
    occupation = OccupationFactory()
    need = StaffingNeedFactory(
        employer=employer, site=site, occupation=occupation, open=True, title=f"Téléconseil {name}"
    )
    draft = StaffingNeedFactory(employer=employer, site=site, occupation=occupation, title=f"Brouillon {name}")
    candidate = CandidateFactory(
        platform=platform,
        commune=commune,
        presentable=True,
        first_name="Yasmina",
        last_name=f"Secret{name}",
        email=f"yasmina.{name.lower()}@example.org",
        phone="0611223344",
        birth_date=datetime.date(1991, 7, 14),
    )
    candidate.desired_occupations.add(occupation)
    CandidateSkill.objects.create(candidate=candidate, skill=SkillFactory(label=f"Accueil {name}"), level=3)
    SensitiveSituationFactory(candidate=candidate, has_disability_recognition=True, receives_minimum_income=True)
    run = MatchRun.objects.create(
        scope=RunScope.NEED, need=need, scoring_version="test", status=RunStatus.SUCCEEDED, timings={"total": 0.5}
    )
    other = CandidateFactory(platform=platform, commune=commune, presentable=True, last_name=f"Autre{name}")
    suggestion = MatchSuggestion.objects.create(
        need=need, candidate=candidate, run=run, rank=1, score=8150, parts=PARTS, distance_km=2.5,
        scoring_version="test", skills_to_train=[{"id": 1, "label": "Vente"}], needs_training=True,
    )  # fmt: skip
    MatchSuggestion.objects.create(
        need=need, candidate=other, run=run, rank=2, score=6000, parts=PARTS, distance_km=12.0, scoring_version="test"
    )
    side = Side(
        need=need,
        draft=draft,
        candidate=candidate,
        presentation=presentation_in(PresentationStatus.PRESENTED, need=need, candidate=candidate),
        shortlisted=presentation_in(PresentationStatus.SHORTLISTED, need=need, candidate=other),
        suggestion=suggestion,
        run=run,
    )
    return side, member_of(employer), AdvisorFactory(memberships__platform=platform)


def world_build() -> World:
    LanguageFactory()
    commune = CommuneFactory(insee_code="59350", name="Lille", latitude=50.630888, longitude=3.07086)
    a, member_a, advisor_a = _side(PlatformFactory(), "A", commune)
    b, member_b, advisor_b = _side(PlatformFactory(), "B", commune)
    users = {
        "member_a": member_a,
        "member_b": member_b,
        "advisor_a": advisor_a,
        "advisor_b": advisor_b,
        "superuser": SuperuserFactory(),
        "no_membership": UserFactory(),
    }
    keys = {
        role: api_token_create(
            user=user,
            name=f"Jeton {role}",
            expires_at=timezone.now() + datetime.timedelta(days=1),
            totp_code=totp_code_now(user),
        ).key
        for role, user in users.items()
    }
    full_refresh = MatchRun.objects.create(scope=RunScope.ALL, scoring_version="test", status=RunStatus.SUCCEEDED)
    third_platform = PlatformFactory()
    a.hand_off = HandOff.objects.create(
        need=StaffingNeedFactory(open=True, employer__platform=third_platform),
        candidate=a.candidate,
        requesting_platform=third_platform,
        owning_platform=a.candidate.platform,
        message="Demande d'une troisième plateforme.",
    )
    return World(users=users, keys=keys, a=a, b=b, full_refresh=full_refresh)

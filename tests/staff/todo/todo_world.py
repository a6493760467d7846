"""A platform with one item in every section of the to-do page, and another platform with the same: the pages of
one must never show the other's."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Platform, User
from candidates.models import Candidate
from matching.enums import HandOffStatus, LinkPurpose, PresentationStatus
from matching.models import CandidateLink, HandOff, InterviewSlot, MatchSuggestion
from matching.todo_selectors import STRONG_SUGGESTION_SCORE
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

Status = PresentationStatus


@dataclass
class TodoWorld:
    platform: Platform
    advisor: User
    # One candidate per section, named after it; all followed by ``advisor``.
    people: dict[str, Candidate]


def todo_world(platform: Platform | None = None, *, prefix: str = "A", advisor: User | None = None) -> TodoWorld:
    platform = platform or PlatformFactory()
    advisor = advisor or AdvisorFactory(memberships__platform=platform)
    need = StaffingNeedFactory(open=True, employer__platform=platform, title=f"Poste {prefix}")
    now = timezone.now()
    today = timezone.localdate()

    def person(section: str) -> Candidate:
        return CandidateFactory(presentable=True, platform=platform, advisor=advisor, last_name=f"{prefix}{section}")

    people = {name: person(name) for name in ("follow", "asked", "slots", "silent", "link", "hand", "strong", "kept")}
    presentation_in(
        Status.HIRED, need=need, candidate=people["follow"], follow_up_due_on=today + datetime.timedelta(days=3)
    )
    presentation_in(Status.INTERVIEW_REQUESTED, need=need, candidate=people["asked"])
    slots = presentation_in(
        Status.INTERVIEW_REQUESTED, need=need, candidate=people["slots"], interview_accepted_at=now
    )
    InterviewSlot.objects.create(presentation=slots, starts_at=now + datetime.timedelta(days=3), place="Sur place")
    presentation_in(
        Status.PRESENTED, need=need, candidate=people["silent"], presented_at=now - datetime.timedelta(days=10)
    )
    linked = presentation_in(Status.SHORTLISTED, need=need, candidate=people["link"])
    CandidateLink.objects.create(
        presentation=linked,
        candidate=people["link"],
        purpose=LinkPurpose.PROPOSAL,
        token_hash=f"{prefix}{linked.pk}".ljust(64, "0"),
        sent_by_email=True,
        created_at=now - datetime.timedelta(days=2),
        expires_at=now + datetime.timedelta(days=5),
        answered_at=now - datetime.timedelta(days=1),
    )
    other_platform_need = StaffingNeedFactory(open=True)
    HandOff.objects.create(
        need=other_platform_need,
        candidate=people["hand"],
        requesting_platform=other_platform_need.employer.platform,
        owning_platform=platform,
        status=HandOffStatus.REQUESTED,
        message="Pour notre besoin de caristes.",
    )
    MatchSuggestion.objects.create(
        need=need, candidate=people["strong"], rank=1, score=STRONG_SUGGESTION_SCORE + 100, distance_km=2,
        scoring_version="t", parts={"skills": 8100},
    )  # fmt: skip
    Candidate.objects.filter(pk=people["kept"].pk).update(
        retention_notice_sent_at=now, last_contact_at=today - datetime.timedelta(days=705)
    )
    return TodoWorld(platform=platform, advisor=advisor, people=people)

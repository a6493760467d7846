"""A mass-hiring need as its review board sees it: two waves, presentations spread over every state of the board,
suggested candidates not shortlisted yet, a contact-log entry and a secure link for some of them.

Rows are written in bulk (a benchmark builds 600 presentations with it); each presentation satisfies its status's
constraints as ``presentation_world.presentation_in`` writes them.
"""

import datetime
import hashlib
from types import SimpleNamespace

from django.utils import timezone

from candidates.models import Candidate
from employers.models import RecruitingWave
from matching.enums import CandidateAnswer, ContactKind, LinkPurpose, PresentationStatus
from matching.models import CandidateLink, ContactEntry, MatchSuggestion, Presentation
from matching.models.presentations import FOLLOW_UP_AFTER
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import MassHiringNeedFactory
from tests.matching.presentation_world import REASON, STARTS_ON
from tests.referentials.factories import CommuneFactory

Status = PresentationStatus
# (status, candidate's answer), in turn: every board state but training, which needs a cohort.
STEPS = [
    (Status.SHORTLISTED, CandidateAnswer.NOT_CONTACTED),
    (Status.SHORTLISTED, CandidateAnswer.CONTACTED),
    (Status.SHORTLISTED, CandidateAnswer.INTERESTED),
    (Status.PRESENTED, CandidateAnswer.INTERESTED),
    (Status.INTERVIEW_REQUESTED, CandidateAnswer.INTERESTED),
    (Status.INTERVIEW_SCHEDULED, CandidateAnswer.INTERESTED),
    (Status.HIRED, CandidateAnswer.INTERESTED),
    (Status.WITHDRAWN, CandidateAnswer.CONTACTED),
]


def _presentation(need, candidate, wave, status: str, answer: str, now: datetime.datetime) -> Presentation:
    values: dict[str, object] = {"candidate_answer": answer}
    if status in Status.presented_or_later():
        values["presented_at"] = now
    if status in (Status.INTERVIEW_SCHEDULED, Status.HIRED):
        values["interview_at"] = now + datetime.timedelta(days=2)
    if status in Status.needing_reason():
        values["reason"] = REASON
    if status not in Status.active():
        values["closed_at"] = now
    if status == Status.HIRED:
        values.update(contract_type="cdi", hire_starts_on=STARTS_ON, follow_up_due_on=STARTS_ON + FOLLOW_UP_AFTER)
    return Presentation(need=need, candidate=candidate, wave=wave, status=status, **values)


def board_world_build(*, platform, presentations: int, suggested: int, headcount: int = 300) -> SimpleNamespace:
    """A need of ``headcount`` openings in two waves, ``presentations`` presentations in turn through ``STEPS`` and
    ``suggested`` more candidates only suggested; every candidate suggested, one contact entry for every other
    candidate, a link for every third presentation."""
    today = timezone.localdate()
    need = MassHiringNeedFactory(
        open=True, headcount=headcount, start_date=today + datetime.timedelta(days=20), employer__platform=platform
    )
    half = headcount // 2
    waves = [
        RecruitingWave.objects.create(need=need, starts_on=today + datetime.timedelta(days=30), hires_planned=half),
        RecruitingWave.objects.create(
            need=need, starts_on=today + datetime.timedelta(days=90), hires_planned=headcount - half
        ),
    ]
    commune = CommuneFactory()
    total = presentations + suggested
    candidates = Candidate.objects.bulk_create(
        [CandidateFactory.build(presentable=True, platform=platform, commune=commune) for _ in range(total)]
    )
    now = timezone.now()
    written = Presentation.objects.bulk_create(
        [
            _presentation(need, candidate, waves[number % 2], *STEPS[number % len(STEPS)], now)
            for number, candidate in enumerate(candidates[:presentations])
        ]
    )
    MatchSuggestion.objects.bulk_create(
        [
            MatchSuggestion(
                need=need,
                candidate=candidate,
                rank=rank,
                score=9500 - rank,
                parts={"skills": 4000, "occupation": 3000},
                distance_km=4.0,
                is_proposed=True,
                proposed_wave=waves[rank % 2],
                first_wave=waves[0],
                scoring_version="test",
            )
            for rank, candidate in enumerate(candidates, start=1)
        ]
    )
    ContactEntry.objects.bulk_create(
        [
            ContactEntry(candidate=candidate, kind=ContactKind.CALL, at=now - datetime.timedelta(hours=number))
            for number, candidate in enumerate(candidates[::2])
        ]
    )
    CandidateLink.objects.bulk_create(
        [
            CandidateLink(
                presentation=presentation,
                candidate_id=presentation.candidate_id,
                purpose=LinkPurpose.PROPOSAL,
                token_hash=hashlib.sha256(f"board-{presentation.pk}".encode()).hexdigest(),
                sent_by_email=True,
                expires_at=now + datetime.timedelta(days=7),
            )
            for presentation in written[::3]
        ]
    )
    return SimpleNamespace(need=need, waves=waves, candidates=candidates, presentations=written)

"""Builders for the secure links' tests: a candidate who consented to messages, shortlisted for a need of their
platform with waves, and a link sent to them through the service, with the token the message carries."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from employers.models import RecruitingWave
from matching.enums import CandidateAnswer, LinkChannel, LinkPurpose, PresentationStatus
from matching.link_tokens import link_token
from matching.models import CandidateLink, InterviewSlot, Presentation
from matching.services.links import candidate_link_send
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import MassHiringNeedFactory
from tests.matching.presentation_world import presentation_in

Status = PresentationStatus
TODAY = timezone.localdate()


def day(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


def reachable_candidate(platform, **fields):
    """A candidate who consented to messages, with an e-mail address and a mobile number."""
    values = {
        "presentable": True,
        "platform": platform,
        "phone": "06 12 34 56 78",
        "consents_to_messages": True,
        "consented_to_messages_at": timezone.now(),
        "available_from": TODAY,
    }
    return CandidateFactory(**(values | fields))


def link_world(platform, **candidate_fields):
    """A need in two waves and a candidate shortlisted for its first wave, not contacted yet."""
    need = MassHiringNeedFactory(open=True, headcount=20, start_date=day(20), employer__platform=platform)
    waves = [
        RecruitingWave.objects.create(need=need, starts_on=day(30), hires_planned=10),
        RecruitingWave.objects.create(need=need, starts_on=day(90), hires_planned=10),
    ]
    candidate = reachable_candidate(platform, **candidate_fields)
    presentation = presentation_in(
        Status.SHORTLISTED,
        need=need,
        candidate=candidate,
        candidate_answer=CandidateAnswer.NOT_CONTACTED,
        wave=waves[0],
    )
    return SimpleNamespace(need=need, waves=waves, candidate=candidate, presentation=presentation)


def slot_presentation(platform, **candidate_fields) -> Presentation:
    """An interview requested and accepted, with two slots the employer proposed."""
    presentation = presentation_in(
        Status.INTERVIEW_REQUESTED,
        candidate=reachable_candidate(platform, **candidate_fields),
        need=MassHiringNeedFactory(open=True, employer__platform=platform),
        interview_accepted_at=timezone.now(),
    )
    for days in (3, 4):
        InterviewSlot.objects.create(
            presentation=presentation, starts_at=timezone.now() + datetime.timedelta(days=days), place="Sur place"
        )
    return presentation


def send(
    presentation, by, *, purpose=LinkPurpose.PROPOSAL, channels=(LinkChannel.EMAIL,)
) -> tuple[CandidateLink, str]:
    """Send a link through the service; the token its message carries."""
    link = candidate_link_send(presentation=presentation, purpose=purpose, channels=list(channels), by=by)
    return link, link_token(link.token_salt)

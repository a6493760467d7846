"""Reads of the matching app: worker state, need specifications for the engine, runs and suggestions."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from employers.enums import NeedStatus, SkillImportance, WorkingTime
from employers.models import StaffingNeed
from matching.engine.columns import CONTRACT_BITS, WORKING_TIME_BITS, NeedSpec, family_key
from matching.enums import PresentationStatus, RunScope
from matching.models import MatchRun, Presentation, WorkerHeartbeat

WORKER_CONSIDERED_ALIVE_FOR = datetime.timedelta(minutes=3)
EPOCH = datetime.date(1970, 1, 1)


def worker_heartbeat_latest() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-seen_at").first()


def worker_heartbeat_is_recent(heartbeat: WorkerHeartbeat | None, *, now: datetime.datetime | None = None) -> bool:
    return heartbeat is not None and heartbeat.seen_at >= (now or timezone.now()) - WORKER_CONSIDERED_ALIVE_FOR


def epoch_day(day: datetime.date) -> int:
    return (day - EPOCH).days


def needs_for_matching(need_ids: list[int] | None = None) -> QuerySet[StaffingNeed]:
    """Open needs with everything the engine reads about them, in a fixed number of queries."""
    needs = StaffingNeed.objects.filter(status=NeedStatus.OPEN)
    if need_ids is not None:
        needs = needs.filter(pk__in=need_ids)
    return needs.select_related("occupation", "site__commune").prefetch_related(
        "skill_requirements",
        "language_requirements",
        "certification_requirements",
        "training_skills",
        Prefetch(
            "presentations",
            queryset=Presentation.objects.filter(status__in=PresentationStatus.declined()).only(
                "need_id", "candidate_id"
            ),
            to_attr="declined_presentations",
        ),
    )


def need_spec_build(need: StaffingNeed) -> NeedSpec:
    """The engine's view of a need. Only mandatory languages count, and each is justified (a database constraint)."""
    requirements = list(need.skill_requirements.all())
    return NeedSpec(
        need_id=need.pk,
        occupation_id=need.occupation_id,
        occupation_family=family_key(need.occupation.rome_code),
        latitude=need.site.commune.latitude,
        longitude=need.site.commune.longitude,
        start_day=epoch_day(need.start_date),
        contract_bit=CONTRACT_BITS[need.contract_type],
        working_time_bit=WORKING_TIME_BITS[need.working_time or WorkingTime.FULL_TIME],
        must_have_skills=tuple(sorted(r.skill_id for r in requirements if r.importance == SkillImportance.MUST_HAVE)),
        nice_to_have_skills=tuple(
            sorted(r.skill_id for r in requirements if r.importance == SkillImportance.NICE_TO_HAVE)
        ),
        training_skills=tuple(sorted(skill.pk for skill in need.training_skills.all()))
        if need.offers_training
        else (),
        mandatory_languages=tuple(
            sorted((r.language_id, r.level) for r in need.language_requirements.all() if r.is_mandatory)
        ),
        mandatory_certifications=tuple(
            sorted(r.certification_id for r in need.certification_requirements.all() if r.is_mandatory)
        ),
        accepts_beginners=need.accepts_beginners,
        minimum_experience_years=need.minimum_experience_years,
        minimum_education=need.minimum_education or 0,
        excluded_candidates=tuple(sorted(p.candidate_id for p in _declined_presentations(need))),
    )


def _declined_presentations(need: StaffingNeed) -> list[Presentation]:
    if hasattr(need, "declined_presentations"):
        return need.declined_presentations
    return list(need.presentations.filter(status__in=PresentationStatus.declined()))


def match_run_latest_for_need(*, need: StaffingNeed) -> MatchRun | None:
    """The latest run that computed this need: one of its own, or a full refresh."""
    return MatchRun.objects.filter(Q(need=need) | Q(scope=RunScope.ALL)).order_by("-created_at", "-pk").first()

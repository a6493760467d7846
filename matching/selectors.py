"""Reads of the matching app: worker state, need specifications for the engine, runs, and the staff's lists."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.access import is_platform_staff
from accounts.models import User
from employers.enums import NeedStatus, SkillImportance, WaveStatus, WorkingTime
from employers.models import RecruitingWave, StaffingNeed
from matching.access import workable_by_staff
from matching.engine.columns import CONTRACT_BITS, WORKING_TIME_BITS, NeedSpec, WaveSpec, family_key
from matching.enums import DeclineScope, RunScope
from matching.models import MatchRun, Presentation, PresentationTransition, WorkerHeartbeat
from matching.session_selectors import mrs_passed_candidate_ids, mrs_sessions_with_passes
from matching.wave_selectors import RULED_OUT_OF_NEED, RULED_OUT_OF_WAVE

WORKER_CONSIDERED_ALIVE_FOR = datetime.timedelta(minutes=3)
EPOCH = datetime.date(1970, 1, 1)


def worker_heartbeat_latest() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-seen_at").first()


def worker_heartbeat_is_recent(heartbeat: WorkerHeartbeat | None, *, now: datetime.datetime | None = None) -> bool:
    return heartbeat is not None and heartbeat.seen_at >= (now or timezone.now()) - WORKER_CONSIDERED_ALIVE_FOR


def epoch_day(day: datetime.date) -> int:
    return (day - EPOCH).days


def needs_for_matching(need_ids: list[int] | None = None, *, open_only: bool = True) -> QuerySet[StaffingNeed]:
    """Open needs (any need with ``open_only=False``, for a draft's sourcing check) with everything the engine reads
    about them, in a fixed number of queries."""
    needs = StaffingNeed.objects.all()
    if open_only:
        needs = needs.filter(status=NeedStatus.OPEN)
    if need_ids is not None:
        needs = needs.filter(pk__in=need_ids)
    return needs.select_related("occupation", "site__commune").prefetch_related(
        "skill_requirements",
        "language_requirements",
        "certification_requirements",
        "training_skills",
        "mrs_skills",
        Prefetch("waves", queryset=RecruitingWave.objects.order_by("starts_on", "pk"), to_attr="waves_in_order"),
        Prefetch(
            "collective_sessions",
            queryset=mrs_sessions_with_passes(),
            to_attr="mrs_sessions",
        ),
        Prefetch(
            "presentations",
            queryset=Presentation.objects.filter(RULED_OUT_OF_NEED | RULED_OUT_OF_WAVE).only(
                "need_id", "candidate_id", "wave_id", "decline_scope"
            ),
            to_attr="ended_presentations",
        ),
    )


def need_waves(need: StaffingNeed) -> list[RecruitingWave]:
    """The need's wave rows in date order (prefetched by ``needs_for_matching``)."""
    if hasattr(need, "waves_in_order"):
        return need.waves_in_order
    return list(need.waves.order_by("starts_on", "pk"))


def wave_specs(need: StaffingNeed, ended: list[Presentation]) -> tuple[WaveSpec, ...]:
    """The waves allocation fills, in date order: each open wave with its openings left, and the implicit wave
    (id 0, the need's start date) for the seats no wave plans. A filled or closed wave is left out, so its seats are
    proposed to no one; a need whose waves plan every seat has no implicit wave.

    A person ended "not for this wave" is listed on that wave; the engine then keeps them out of it and of every
    earlier wave, and eligible for the later ones (the pool).
    """
    rows = need_waves(need)
    declined: dict[int, list[int]] = {}
    for presentation in ended:
        if presentation.decline_scope == DeclineScope.WAVE and presentation.wave_id:
            declined.setdefault(presentation.wave_id, []).append(presentation.candidate_id)
    specs = [
        WaveSpec(
            wave_id=wave.pk,
            start_day=epoch_day(wave.starts_on),
            openings_left=max(wave.openings_left, 0),
            declined_candidates=tuple(sorted(declined.get(wave.pk, ()))),
        )
        for wave in rows
        if wave.status == WaveStatus.OPEN
    ]
    planned = sum(wave.hires_planned for wave in rows)
    hired_in_waves = sum(wave.hires_count for wave in rows)
    unplanned_left = (need.headcount - planned) - (need.hires_count - hired_in_waves)
    if not rows or unplanned_left > 0:
        specs.append(WaveSpec(wave_id=0, start_day=epoch_day(need.start_date), openings_left=max(unplanned_left, 0)))
    return tuple(sorted(specs, key=lambda spec: (spec.start_day, spec.wave_id)))


def need_spec_build(need: StaffingNeed) -> NeedSpec:
    """The engine's view of a need. Only mandatory languages count, and each is justified (a database constraint)."""
    requirements = list(need.skill_requirements.all())
    ended = _ended_presentations(need)
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
        excluded_candidates=tuple(sorted(p.candidate_id for p in ended if p.decline_scope != DeclineScope.WAVE)),
        waves=wave_specs(need, ended),
        openings_left=max(need.openings_left, 0),
        mrs_passed_candidates=tuple(sorted(_mrs_passed(need))),
        mrs_replaces_experience=need.mrs_replaces_experience,
        mrs_skills=tuple(sorted(skill.pk for skill in need.mrs_skills.all())),
    )


def _mrs_passed(need: StaffingNeed) -> set[int]:
    if hasattr(need, "mrs_sessions"):
        return {seat.candidate_id for session in need.mrs_sessions for seat in session.passed_seats}
    return mrs_passed_candidate_ids(need)


def _ended_presentations(need: StaffingNeed) -> list[Presentation]:
    if hasattr(need, "ended_presentations"):
        return need.ended_presentations
    return list(need.presentations.filter(RULED_OUT_OF_NEED | RULED_OUT_OF_WAVE))


def match_run_latest_for_need(*, need: StaffingNeed) -> MatchRun | None:
    """The latest run that computed this need: one of its own, or a full refresh."""
    return MatchRun.objects.filter(Q(need=need) | Q(scope=RunScope.ALL)).order_by("-created_at", "-pk").first()


# The staff's lists (the API's staff area), scoped to the user's platforms: another platform's row is not found.


def _staff_only(user: User) -> None:
    if not is_platform_staff(user):
        raise Http404


def need_list_for_staff(*, user: User, filters: Mapping[str, Any]) -> QuerySet[StaffingNeed]:
    """The needs of the user's platforms (all for a superuser), soonest start first; not found for anyone but staff.

    ``filters`` may hold ``status``, ``employer`` (an id) and ``occupation`` (a ROME code); a missing key filters
    nothing.
    """
    _staff_only(user)
    needs = StaffingNeed.objects.for_platform_staff(user)
    if "status" in filters:
        needs = needs.filter(status=filters["status"])
    if "employer" in filters:
        needs = needs.filter(employer_id=filters["employer"])
    if "occupation" in filters:
        needs = needs.filter(occupation__rome_code=filters["occupation"].upper())
    return (
        needs.select_related("employer", "occupation", "site__commune")
        .prefetch_related("skill_requirements__skill", "language_requirements__language")
        .order_by("start_date", "pk")
    )


def match_run_list_for_staff(*, user: User, filters: Mapping[str, Any]) -> QuerySet[MatchRun]:
    """Runs of the user's platforms' needs and candidates, and full refreshes (which name no one); newest first.

    ``filters`` may hold ``status``, ``scope`` and ``need`` (an id).
    """
    _staff_only(user)
    runs = MatchRun.objects.for_platform_staff(user)
    if "status" in filters:
        runs = runs.filter(status=filters["status"])
    if "scope" in filters:
        runs = runs.filter(scope=filters["scope"])
    if "need" in filters:
        runs = runs.filter(need_id=filters["need"])
    return runs.order_by("-created_at", "-pk")


def match_run_for_staff(*, user: User, run_id: int) -> MatchRun:
    """One run of ``match_run_list_for_staff``; any other is not found."""
    run: MatchRun = get_object_or_404(match_run_list_for_staff(user=user, filters={}), pk=run_id)
    return run


def presentation_list_for_staff(*, user: User, filters: Mapping[str, Any]) -> QuerySet[Presentation]:
    """Presentations of the user's platforms' needs whose candidate they may work (``matching.access``), newest
    first, with their need and candidate (for the name).

    ``filters`` may hold ``need``, ``candidate`` (ids) and ``status``.
    """
    _staff_only(user)
    found = workable_by_staff(Presentation.objects.all(), user)
    if "need" in filters:
        found = found.filter(need_id=filters["need"])
    if "status" in filters:
        found = found.filter(status=filters["status"])
    if "candidate" in filters:
        found = found.filter(candidate_id=filters["candidate"])
    return found.select_related("need", "candidate").order_by("-created_at", "-pk")


def presentation_for_staff(*, user: User, presentation_id: int) -> Presentation:
    """One presentation of ``presentation_list_for_staff``; any other is not found."""
    presentation: Presentation = get_object_or_404(
        presentation_list_for_staff(user=user, filters={}), pk=presentation_id
    )
    return presentation


def presentation_transition_list_for_staff(*, user: User, presentation_id: int) -> QuerySet[PresentationTransition]:
    """The history of one presentation of ``presentation_list_for_staff``, oldest first, with who made each step."""
    presentation = presentation_for_staff(user=user, presentation_id=presentation_id)
    return presentation.transitions.select_related("by").order_by("at", "pk")

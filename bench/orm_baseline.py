"""The baseline of the refresh benchmark: one need's suggestions the plain ORM way, candidates as Python objects.

For each need: the presentable candidates who want an occupation of the need's ROME family come through the ORM
(``select_related`` of the commune, ``prefetch_related`` of skills, languages, certifications and desired
occupations); each is filtered and scored in Python with the engine's rules and weights; the top 50 replace the
need's suggestions with ``bulk_create``. The only thing pushed into SQL is what an ORM user would write first:
the status, the consent and the occupation family.

Used by ``refresh_bench.py``; Django must be set up by the caller.
"""

import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.engine.columns import CONTRACT_BITS, NeedSpec, family_key
from matching.engine.config import PART_NAMES, ScoringConfig
from matching.engine.scoring import EARTH_RADIUS_KM
from matching.models import MatchSuggestion
from matching.selectors import epoch_day, need_spec_build, needs_for_matching
from referentials.models import Skill


@dataclass(frozen=True)
class OrmResult:
    need_id: int
    candidates_fetched: int
    eligible: int
    top: list[tuple[int, int]]  # (candidate id, score), best first
    seconds: float


def _haversine_km(latitude: float, longitude: float, to_latitude: float, to_longitude: float) -> float:
    phi, to_phi = math.radians(latitude), math.radians(to_latitude)
    h = (
        math.sin((to_phi - phi) / 2) ** 2
        + math.cos(phi) * math.cos(to_phi) * math.sin(math.radians(to_longitude - longitude) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(h, 1.0)))


def _contract_bits(candidate: Candidate) -> int:
    return sum(bit for name, bit in CONTRACT_BITS.items() if getattr(candidate, f"accepts_{name}"))


def _score(candidate: Candidate, spec: NeedSpec, config: ScoringConfig) -> tuple[int, dict[str, Any]] | None:
    """The engine's filters and parts for one candidate object, or ``None`` when a filter rejects them."""
    occupations = {occupation.pk for occupation in candidate.desired_occupations.all()}
    families = {family_key(occupation.rome_code) for occupation in candidate.desired_occupations.all()}
    exact = spec.occupation_id in occupations
    if spec.occupation_family not in families or not (exact or candidate.accepts_related_occupations):
        return None
    if not _contract_bits(candidate) & spec.contract_bit:
        return None
    working_time = (1 if candidate.accepts_full_time else 0) + (2 if candidate.accepts_part_time else 0)
    if not working_time & spec.working_time_bit:
        return None
    available_day = epoch_day(candidate.available_from)
    if available_day > spec.start_day + config.availability_tolerance_days:
        return None
    if not spec.accepts_beginners and candidate.experience_years < spec.minimum_experience_years:
        return None
    if spec.minimum_education and (candidate.education_level or 0) < spec.minimum_education:
        return None
    certifications = {certification.pk for certification in candidate.certifications.all()}
    if any(certification not in certifications for certification in spec.mandatory_certifications):
        return None
    levels = {spoken.language_id: spoken.level for spoken in candidate.languages.all()}
    if any(levels.get(language, 0) < level for language, level in spec.mandatory_languages):
        return None
    distance = _haversine_km(candidate.commune.latitude, candidate.commune.longitude, spec.latitude, spec.longitude)
    if distance > candidate.max_distance_km:
        return None
    skills = {held.skill_id for held in candidate.skills.all()}
    trainable = set(spec.training_skills)
    must_held = 0
    to_train = []
    for skill in spec.must_have_skills:
        if skill in skills:
            must_held += 1
        elif skill in trainable:
            to_train.append(skill)
        else:
            return None
    must_trained = len(to_train)
    nice_held = sum(skill in skills for skill in spec.nice_to_have_skills)
    must_count, nice_count = len(spec.must_have_skills), len(spec.nice_to_have_skills)
    must = (must_held + config.trainable_skill_share * must_trained) / must_count if must_count else 1.0
    nice = nice_held / nice_count if nice_count else 1.0
    shares = {
        "skills": (1.0 - config.nice_to_have_share) * must + config.nice_to_have_share * nice,
        "occupation": 1.0 if exact else config.related_occupation_share,
        "commute": min(max(1.0 - distance / max(float(candidate.max_distance_km), 1.0), 0.0), 1.0),
        "availability": 1.0 - max(available_day - spec.start_day, 0) / (config.availability_tolerance_days + 1),
        "experience": 1.0
        if spec.accepts_beginners
        else min(candidate.experience_years / config.experience_full_years, 1.0),
    }
    # round() rounds half to even, like numpy's rint in the engine.
    parts = {name: round(shares[name] * config.weights[name] * 100) for name in PART_NAMES}
    return sum(parts.values()), {"parts": parts, "distance": distance, "exact": exact, "to_train": to_train}


def need_score_with_orm(need: StaffingNeed, config: ScoringConfig) -> OrmResult:
    """Score one need the plain ORM way and store its top suggestions; return what it found and how long it took."""
    started = time.perf_counter()
    spec = need_spec_build(need)
    candidates = (
        Candidate.objects.filter(
            status=CandidateStatus.ACTIVE,
            consents_to_presentation=True,
            desired_occupations__rome_code__startswith=need.occupation.rome_code[:3],
        )
        .distinct()
        .select_related("commune")
        .prefetch_related("skills", "languages", "certifications", "desired_occupations")
    )
    fetched = 0
    scored = []
    for candidate in candidates:
        fetched += 1
        result = _score(candidate, spec, config)
        if result is not None:
            scored.append((-result[0], candidate.pk, result[1]))
    scored.sort(key=lambda row: (row[0], row[1]))
    top = scored[: settings.MATCHING_SUGGESTIONS_PER_NEED]
    to_train = {skill for _score, _candidate, detail in top for skill in detail["to_train"]}
    labels = dict(Skill.objects.filter(pk__in=to_train).values_list("pk", "label"))
    now = timezone.now()
    with transaction.atomic():
        MatchSuggestion.objects.filter(need=need).delete()
        MatchSuggestion.objects.bulk_create(
            [
                MatchSuggestion(
                    need=need,
                    candidate_id=candidate_id,
                    rank=rank,
                    score=-negative_score,
                    parts=detail["parts"],
                    distance_km=round(detail["distance"], 1),
                    is_related_occupation=not detail["exact"],
                    skills_to_train=[
                        {"id": skill, "label": labels.get(skill, str(skill))} for skill in detail["to_train"]
                    ],
                    needs_training=bool(detail["to_train"]),
                    scoring_version=config.version,
                    computed_at=now,
                )
                for rank, (negative_score, candidate_id, detail) in enumerate(top, start=1)
            ]
        )
    return OrmResult(
        need_id=need.pk,
        candidates_fetched=fetched,
        eligible=len(scored),
        top=[(candidate_id, -negative_score) for negative_score, candidate_id, _detail in top],
        seconds=time.perf_counter() - started,
    )


def orm_baseline_run(need_ids: list[int], config: ScoringConfig) -> list[OrmResult]:
    """Score the given needs one by one; every write is rolled back, so the database is left as it was."""
    results = []
    with transaction.atomic():
        for need in needs_for_matching(need_ids).order_by("pk"):
            results.append(need_score_with_orm(need, config))
        transaction.set_rollback(True)
    return results

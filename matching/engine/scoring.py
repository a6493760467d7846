"""Filter and score every candidate for one staffing need, and explain each result.

The hard filters come first and keep only candidates the need may be shown:
presentable (active, consented), a wanted occupation (or a related one when
the candidate accepts related jobs), available in time, a contract and a
working time they accept, within their own maximum distance, holding the
mandatory certifications and justified languages, and every must-have skill
either held or taught by the need's pre-hiring training.

An MRS test passed in a session serving the need stands in for what the employer
lets it replace: the experience asked (counted as the minimum required) and the
skills listed (counted as held).

The score is a sum of named parts, each an integer number of centipoints
(hundredths of a point) so that the parts add up exactly to the score. It is
computed from the columns alone, which hold no personal characteristic.

A need hires in waves (``columns.effective_waves``): each candidate is judged against their first eligible wave,
the earliest one they can start for (``available_day <= start_day + availability_tolerance_days``) and are not
declined for; a decline "not for this wave" also rules out every earlier wave. No eligible wave, no suggestion.

Equal scores are ordered by a tie key that says nothing about the person: a keyed hash of (need id, candidate id),
``tie_keys``. The same secret gives the same order on every run; the order never follows ids or registration.
"""

import hashlib
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.engine.columns import CandidateColumns, NeedSpec, Positions, effective_waves, rows_at
from matching.engine.config import PART_NAMES, ScoringConfig

EARTH_RADIUS_KM = 6371.0088
# The exact length of a degree of latitude on the haversine's sphere: the cheap band must never cut tighter.
KM_PER_DEGREE_OF_LATITUDE = math.pi * EARTH_RADIUS_KM / 180


@dataclass(frozen=True)
class NeedScores:
    """The candidates that pass the filters for one need, best first (equal scores by tie key, smaller first)."""

    need_id: int
    candidate_ids: npt.NDArray[np.int64]
    scores: npt.NDArray[np.int32]  # centipoints, 0 to 10,000
    parts: npt.NDArray[np.int32]  # (n, len(PART_NAMES)), centipoints; each row adds up to its score
    distance_km: npt.NDArray[np.float32]
    is_related_occupation: npt.NDArray[np.bool_]
    skills_to_train: tuple[tuple[int, ...], ...]  # per result: must-have skills the training will teach
    eligible_count: int  # how many passed the filters before the limit
    first_wave: npt.NDArray[np.int16]  # per result: index into effective_waves(need) of their first eligible wave
    tie_keys: npt.NDArray[np.uint64]  # per result: the person-neutral key that orders equal scores
    # per result: an MRS test passed stood in for the experience or skills the employer lets it replace
    mrs_stands_in: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.candidate_ids)

    def explanation(self, row: int) -> dict[str, object]:
        """The parts of one result, in points, with what a person checks: distance, training, occupation."""
        return {
            "parts": {name: int(self.parts[row, column]) for column, name in enumerate(PART_NAMES)},
            "distance_km": round(float(self.distance_km[row]), 1),
            "related_occupation": bool(self.is_related_occupation[row]),
            "skills_to_train": list(self.skills_to_train[row]),
            "mrs_stands_in": bool(self.mrs_stands_in[row]),
        }


def within_latitude_band(columns: CandidateColumns, positions: Positions, need: NeedSpec) -> npt.NDArray[np.bool_]:
    """A cheap test before the exact distance: no one passes who is farther north or south than they travel."""
    band: npt.NDArray[np.bool_] = np.abs(
        rows_at(columns.latitude, positions) - need.latitude
    ) * KM_PER_DEGREE_OF_LATITUDE <= rows_at(columns.max_distance_km, positions)
    return band


def haversine_km(
    latitude: npt.NDArray[np.float64], longitude: npt.NDArray[np.float64], to_latitude: float, to_longitude: float
) -> npt.NDArray[np.float64]:
    phi = np.radians(latitude)
    to_phi = np.radians(to_latitude)
    half_dphi = (to_phi - phi) / 2
    half_dlambda = np.radians(to_longitude - longitude) / 2
    h = np.sin(half_dphi) ** 2 + np.cos(phi) * np.cos(to_phi) * np.sin(half_dlambda) ** 2
    distance: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    return distance


_SPLITMIX_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_SPLITMIX_M1 = np.uint64(0xBF58476D1CE4E5B9)
_SPLITMIX_M2 = np.uint64(0x94D049BB133111EB)


def tie_keys(need_id: int, candidate_ids: npt.ArrayLike, secret: bytes) -> npt.NDArray[np.uint64]:
    """The tie keys of (need, candidate) pairs: splitmix64's finaliser of ``candidate id xor need key``.

    The need key is the first 8 bytes of blake2b(need id, key=secret): without the secret no one can tell the order
    in advance, with it every run gives the same. The mixing is a bijection of 64-bit words, so two candidates of one
    need never share a key, and a key does not follow the id's order.
    """
    if len(secret) > 64:  # blake2b's key is at most 64 bytes
        secret = hashlib.blake2b(secret).digest()
    digest = hashlib.blake2b(
        int(need_id).to_bytes(8, "little", signed=True), key=secret, digest_size=8, person=b"tremplin.ties"
    ).digest()
    z = np.asarray(candidate_ids, dtype=np.int64).astype(np.uint64) ^ np.uint64(int.from_bytes(digest, "little"))
    with np.errstate(over="ignore"):
        z = z + _SPLITMIX_GAMMA
        z = (z ^ (z >> np.uint64(30))) * _SPLITMIX_M1
        z = (z ^ (z >> np.uint64(27))) * _SPLITMIX_M2
    keys: npt.NDArray[np.uint64] = z ^ (z >> np.uint64(31))
    return keys


def first_eligible_wave(
    columns: CandidateColumns, positions: npt.NDArray[np.int64], need: NeedSpec, config: ScoringConfig
) -> npt.NDArray[np.int16]:
    """For each position, the index in ``effective_waves(need)`` of the earliest wave the candidate can make and is
    not declined for (a decline for a wave also rules out the earlier ones), or -1 when there is none."""
    waves = effective_waves(need)
    available = columns.available_day[positions]
    last_declined = np.full(len(positions), -1, dtype=np.int16)
    for index, wave in enumerate(waves):
        if wave.declined_candidates:
            last_declined[np.isin(columns.ids[positions], wave.declined_candidates)] = index
    first = np.full(len(positions), -1, dtype=np.int16)
    for index in range(len(waves) - 1, -1, -1):
        makes = (available <= waves[index].start_day + config.availability_tolerance_days) & (last_declined < index)
        first[makes] = index
    return first


def mrs_passed(columns: CandidateColumns, positions: Positions, need: NeedSpec) -> npt.NDArray[np.bool_]:
    """For each position, whether the candidate passed an MRS test that stands in for something the need asks."""
    if not need.mrs_passed_candidates or not (need.mrs_replaces_experience or need.mrs_skills):
        return np.zeros(columns.count(positions), dtype=np.bool_)
    return np.isin(rows_at(columns.ids, positions), need.mrs_passed_candidates)


def meets_experience(
    columns: CandidateColumns, positions: Positions, need: NeedSpec, passed: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Whether each position has the experience the need asks (or an MRS test passed that stands in for it)."""
    if need.accepts_beginners or not need.minimum_experience_years:
        return np.ones(columns.count(positions), dtype=np.bool_)
    experienced = rows_at(columns.experience_years, positions) >= need.minimum_experience_years
    if need.mrs_replaces_experience:
        experienced |= passed
    return experienced


def holds_skill(
    columns: CandidateColumns,
    positions: npt.NDArray[np.int64],
    need: NeedSpec,
    skill: int,
    passed: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Whether each position holds ``skill`` (or passed an MRS test the need lets stand in for it)."""
    held = columns.has_skill(positions, skill)
    if skill in need.mrs_skills:
        held |= passed
    return held


@dataclass(frozen=True)
class FamilyTests:
    """The requirements read from a family view's columns alone, over every row in place (no gather).

    ``failures`` lists (requirement, who fails it), requirements named as ``near_misses`` names them. Two only
    approach theirs, never looser: outside the latitude band fails the distance (the band never cuts tighter than
    the distance), and a start later than the last wave's (plus the tolerance) fails the availability, whatever the
    declines. ``unlisted`` is who may not be counted at all: not presentable (a view holds only the presentable:
    kept as a guard) or ruled out of the need.
    """

    exact: npt.NDArray[np.bool_]  # wants the need's very occupation
    passed: npt.NDArray[np.bool_]  # passed an MRS test that stands in for something the need asks
    failures: tuple[tuple[str, npt.NDArray[np.bool_]], ...]
    unlisted: npt.NDArray[np.bool_]


def family_tests(view: CandidateColumns, need: NeedSpec, config: ScoringConfig) -> FamilyTests:
    """``FamilyTests`` of the need over ``view``, its family's view (``CandidateColumns.family_view``): every row
    wants an occupation of the need's family, so none is selected here."""
    everyone = None
    exact = view.wants_occupation(everyone, need.occupation_id)
    passed = mrs_passed(view, everyone, need)
    latest_start = max(wave.start_day for wave in effective_waves(need))
    failures = [
        ("occupation", ~exact & ~view.accepts_related),
        ("contract", (view.contract_mask & need.contract_bit) == 0),
        ("working_time", (view.working_time_mask & need.working_time_bit) == 0),
        ("availability", view.available_day > latest_start + config.availability_tolerance_days),
        ("experience", ~meets_experience(view, everyone, need, passed)),
        ("distance", ~within_latitude_band(view, everyone, need)),
    ]
    if need.minimum_education:
        failures.append(("education", view.education_level < need.minimum_education))
    unlisted = ~view.is_presentable
    if need.excluded_candidates:
        unlisted |= np.isin(view.ids, need.excluded_candidates)
    return FamilyTests(exact, passed, tuple(failures), unlisted)


def _eligible_positions(
    view: CandidateColumns, need: NeedSpec, config: ScoringConfig
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.float64], npt.NDArray[np.int16]]:
    """Positions of the family view passing every filter but the skills, whether the occupation is only related,
    the distances and the first eligible wave."""
    tests = family_tests(view, need, config)
    fails = tests.unlisted.copy()
    for _, mask in tests.failures:
        fails |= mask
    positions = np.flatnonzero(~fails)
    exact = tests.exact[positions]
    for certification in need.mandatory_certifications:
        held = view.has_certification(positions, certification)
        positions, exact = positions[held], exact[held]
    for language, level in need.mandatory_languages:
        spoken = view.language_level(positions, language) >= level
        positions, exact = positions[spoken], exact[spoken]
    distance = haversine_km(view.latitude[positions], view.longitude[positions], need.latitude, need.longitude)
    near = distance <= view.max_distance_km[positions]
    positions, exact, distance = positions[near], exact[near], distance[near]
    first_wave = first_eligible_wave(view, positions, need, config)
    makes = first_wave >= 0
    return positions[makes], ~exact[makes], distance[makes], first_wave[makes]


def score_need(
    columns: CandidateColumns,
    need: NeedSpec,
    config: ScoringConfig,
    *,
    limit: int | None = None,
    tie_secret: bytes = b"",
) -> NeedScores:
    """Every candidate who may be suggested for ``need``, scored and explained; ``limit`` keeps the top.

    Order: score descending, then tie key (``tie_keys(need.need_id, ids, tie_secret)``) ascending.
    """
    columns = columns.family_view(need.occupation_family)  # its positions are the view's
    positions, is_related, distance, first_wave = _eligible_positions(columns, need, config)
    return score_eligible(
        columns, need, config, positions, is_related, distance, first_wave, limit=limit, tie_secret=tie_secret
    )


def score_eligible(
    columns: CandidateColumns,
    need: NeedSpec,
    config: ScoringConfig,
    positions: npt.NDArray[np.int64],
    is_related: npt.NDArray[np.bool_],
    distance: npt.NDArray[np.float64],
    first_wave: npt.NDArray[np.int16],
    *,
    limit: int | None = None,
    tie_secret: bytes = b"",
) -> NeedScores:
    """``score_need`` from the positions that pass every filter but the skills (with whether each wants only a
    related occupation, their distances and first eligible waves), as ``near_misses`` also finds them."""
    passed = mrs_passed(columns, positions, need)
    trainable = set(need.training_skills)
    must_held = np.zeros(len(positions), dtype=np.float64)
    must_trained = np.zeros(len(positions), dtype=np.float64)
    missing_untrainable = np.zeros(len(positions), dtype=np.bool_)
    to_train_columns: list[tuple[int, npt.NDArray[np.bool_]]] = []
    for skill in need.must_have_skills:
        held = holds_skill(columns, positions, need, skill, passed)
        must_held += held
        if skill in trainable:
            must_trained += ~held
            to_train_columns.append((skill, ~held))
        else:
            missing_untrainable |= ~held
    keep = ~missing_untrainable
    positions, is_related, distance, first_wave = positions[keep], is_related[keep], distance[keep], first_wave[keep]
    must_held, must_trained, passed = must_held[keep], must_trained[keep], passed[keep]
    to_train_columns = [(skill, lacking[keep]) for skill, lacking in to_train_columns]
    nice_held = np.zeros(len(positions), dtype=np.float64)
    for skill in need.nice_to_have_skills:
        nice_held += holds_skill(columns, positions, need, skill, passed)

    shares = np.empty((len(positions), len(PART_NAMES)), dtype=np.float64)
    shares[:, 0] = _skills_share(need, config, must_held, must_trained, nice_held)
    shares[:, 1] = np.where(is_related, config.related_occupation_share, 1.0)
    max_distance = np.maximum(columns.max_distance_km[positions].astype(np.float64), 1.0)
    shares[:, 2] = np.clip(1.0 - distance / max_distance, 0.0, 1.0)
    wave_starts = np.array([wave.start_day for wave in effective_waves(need)], dtype=np.int64)
    days_late = np.maximum(columns.available_day[positions].astype(np.int64) - wave_starts[first_wave], 0)
    shares[:, 3] = 1.0 - days_late / (config.availability_tolerance_days + 1)
    if need.accepts_beginners:
        shares[:, 4] = 1.0
    else:
        years = columns.experience_years[positions].astype(np.float64)
        if need.mrs_replaces_experience:
            years = np.where(passed, np.maximum(years, need.minimum_experience_years), years)
        shares[:, 4] = np.minimum(years / config.experience_full_years, 1.0)

    weights = np.array([config.weights[name] for name in PART_NAMES], dtype=np.float64)
    parts = np.rint(shares * weights * 100).astype(np.int32)
    scores = parts.sum(axis=1, dtype=np.int32)
    candidate_ids = columns.ids[positions]
    keys = tie_keys(need.need_id, candidate_ids, tie_secret)
    order = np.lexsort((keys, -scores))
    eligible_count = len(order)
    if limit is not None:
        order = order[:limit]
    skills_to_train = _skills_to_train(to_train_columns, order)
    return NeedScores(
        need_id=need.need_id,
        candidate_ids=candidate_ids[order],
        scores=scores[order],
        parts=parts[order],
        distance_km=distance[order].astype(np.float32),
        is_related_occupation=is_related[order],
        skills_to_train=skills_to_train,
        eligible_count=eligible_count,
        first_wave=first_wave[order],
        tie_keys=keys[order],
        mrs_stands_in=passed[order],
    )


def _skills_to_train(
    to_train_columns: list[tuple[int, npt.NDArray[np.bool_]]], order: npt.NDArray[np.int64]
) -> tuple[tuple[int, ...], ...]:
    """Per row of ``order``, the must-have skills the training will teach them. Rows share a handful of
    combinations: each row's is read as a bit code and each code's tuple built once (a tuple per row, built from the
    columns, took longer than the rest of the scoring for a family of hundreds of thousands)."""
    if not to_train_columns:
        return ((),) * len(order)
    if len(to_train_columns) > 62:  # more skills to teach than bits in a code: one tuple per row
        return tuple(tuple(skill for skill, lacking in to_train_columns if lacking[row]) for row in order.tolist())
    codes = np.zeros(len(order), dtype=np.int64)
    for bit, (_, lacking) in enumerate(to_train_columns):
        codes |= lacking[order].astype(np.int64) << bit
    combinations = {
        int(code): tuple(skill for bit, (skill, _) in enumerate(to_train_columns) if int(code) >> bit & 1)
        for code in np.unique(codes).tolist()
    }
    return tuple(map(combinations.__getitem__, codes.tolist()))


def _skills_share(
    need: NeedSpec,
    config: ScoringConfig,
    must_held: npt.NDArray[np.float64],
    must_trained: npt.NDArray[np.float64],
    nice_held: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Coverage of the must-haves (a skill to train counts a share) and of the nice-to-haves."""
    must_count, nice_count = len(need.must_have_skills), len(need.nice_to_have_skills)
    full = np.ones(len(must_held), dtype=np.float64)
    must = (must_held + config.trainable_skill_share * must_trained) / must_count if must_count else full
    nice = nice_held / nice_count if nice_count else full
    share: npt.NDArray[np.float64] = (1.0 - config.nice_to_have_share) * must + config.nice_to_have_share * nice
    return share

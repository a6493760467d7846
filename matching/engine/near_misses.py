"""Near misses: who would fit a need but for exactly one requirement.

A sourcing check for staff and employers: among the candidates of the need's occupation family who are presentable
and not declined for the need, how many pass every filter of ``scoring`` (the eligible), how many of them only
thanks to the pre-hiring training, and, requirement by requirement, how many fail that one and nothing else.
Relaxing a requirement with a large count is what widens a shortlist.

A requirement is a code, and for certifications, languages and must-have skills an item (the vocabulary id):
"occupation" (wants only a related occupation and does not accept related jobs), "contract", "working_time",
"availability" (can make no wave: ``scoring.first_eligible_wave``), "experience", "education", "distance" (beyond
their own maximum distance), "certification", "language", "skill" (a must-have neither held nor taught by the
training). Each failed certification, language or skill counts as a requirement of its own.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.engine.columns import CandidateColumns, NeedSpec
from matching.engine.config import ScoringConfig
from matching.engine.scoring import (
    NeedScores,
    first_eligible_wave,
    haversine_km,
    holds_skill,
    meets_experience,
    mrs_passed,
    score_eligible,
    tie_keys,
    within_latitude_band,
)

REQUIREMENT_CODES = (
    "occupation",
    "contract",
    "working_time",
    "availability",
    "experience",
    "education",
    "distance",
    "certification",
    "language",
    "skill",
)
_CODE = {code: index for index, code in enumerate(REQUIREMENT_CODES)}


@dataclass(frozen=True)
class NearMisses:
    """The sourcing check of one need.

    ``counts`` lists (code, item or 0, how many people fail that requirement alone), largest first (then in code
    and item order). ``candidate_ids``, ``codes`` (index into ``code_names``) and ``items`` are parallel arrays,
    one row per near miss, grouped as ``counts`` lists them and, within a group, in tie-key order (person-neutral,
    as ``scoring.tie_keys``).
    """

    need_id: int
    eligible_count: int
    eligible_thanks_to_training: int
    counts: tuple[tuple[str, int, int], ...]
    candidate_ids: npt.NDArray[np.int64]
    codes: npt.NDArray[np.int8]
    items: npt.NDArray[np.int64]
    code_names: tuple[str, ...] = REQUIREMENT_CODES

    def __len__(self) -> int:
        return len(self.candidate_ids)

    def first_of_each_requirement(self, per_requirement: int) -> npt.NDArray[np.int64]:
        """The rows of the first ``per_requirement`` people of each (code, item) group, in the arrays' order; the
        groups' rows are contiguous, as ``near_misses`` sorts them.

        Vectorised, since a need of a large occupation family at a region's size has hundreds of thousands of near
        misses, of which a few dozen are named: counting them in a Python loop took longer than finding them.
        """
        size = len(self.candidate_ids)
        if size == 0 or per_requirement <= 0:
            return np.zeros(0, dtype=np.int64)
        changes = (self.codes[1:] != self.codes[:-1]) | (self.items[1:] != self.items[:-1])
        starts = np.flatnonzero(np.concatenate(([True], changes)))
        group_start = np.repeat(starts, np.diff(np.append(starts, size)))
        return np.flatnonzero(np.arange(size) - group_start < per_requirement)


@dataclass(frozen=True)
class _Failures:
    """Which requirements each person of the need's family misses, for those who miss at most one of the cheap
    ones (the others are neither eligible nor near misses), with what scoring reads of them."""

    columns: CandidateColumns  # the need's family view, which ``positions`` index
    positions: npt.NDArray[np.int64]
    failures: list[tuple[int, int, npt.NDArray[np.bool_]]]
    failed: npt.NDArray[np.int16]
    lacks_trainable: npt.NDArray[np.bool_]
    exact: npt.NDArray[np.bool_]
    distance: npt.NDArray[np.float64]
    first_wave: npt.NDArray[np.int16]


def near_misses(
    columns: CandidateColumns, need: NeedSpec, config: ScoringConfig, *, tie_secret: bytes = b""
) -> NearMisses:
    """The need's eligible count, its count eligible thanks to the training, and the people one requirement away."""
    return _near_misses_of(_requirement_failures(columns, need, config), need, tie_secret)


def score_and_near_misses(
    columns: CandidateColumns, need: NeedSpec, config: ScoringConfig, *, tie_secret: bytes = b""
) -> tuple[NeedScores, NearMisses]:
    """``score_need`` and ``near_misses`` of one need, its filters read once: the eligible are those who miss
    nothing, as the scoring's own filters find them (a run stores both, and the filters over a large family cost
    as much as the scoring)."""
    found = _requirement_failures(columns, need, config)
    eligible = found.failed == 0
    scores = score_eligible(
        found.columns,
        need,
        config,
        found.positions[eligible],
        ~found.exact[eligible],
        found.distance[eligible],
        found.first_wave[eligible],
        tie_secret=tie_secret,
    )
    return scores, _near_misses_of(found, need, tie_secret)


def _requirement_failures(columns: CandidateColumns, need: NeedSpec, config: ScoringConfig) -> _Failures:
    """The need's family read from its view (``CandidateColumns.family_view``): positions are the view's."""
    columns = columns.family_view(need.occupation_family)
    positions = columns.positions_in_family(need.occupation_family)
    keep = columns.is_presentable[positions]
    if need.excluded_candidates:
        keep &= ~np.isin(columns.ids[positions], need.excluded_candidates)
    positions = positions[keep]

    # The cheap requirements first; whoever already fails two is neither eligible nor a near miss, so the distances,
    # certifications, languages and skills are computed only for the others (a third of a family, often less).
    failures: list[tuple[int, int, npt.NDArray[np.bool_]]] = []
    exact = columns.wants_occupation(positions, need.occupation_id)
    failures.append((_CODE["occupation"], 0, ~exact & ~columns.accepts_related[positions]))
    failures.append((_CODE["contract"], 0, (columns.contract_mask[positions] & need.contract_bit) == 0))
    failures.append((_CODE["working_time"], 0, (columns.working_time_mask[positions] & need.working_time_bit) == 0))
    first_wave = first_eligible_wave(columns, positions, need, config)
    failures.append((_CODE["availability"], 0, first_wave < 0))
    passed = mrs_passed(columns, positions, need)
    failures.append((_CODE["experience"], 0, ~meets_experience(columns, positions, need, passed)))
    if need.minimum_education:
        failures.append((_CODE["education"], 0, columns.education_level[positions] < need.minimum_education))
    failed = np.zeros(len(positions), dtype=np.int16)
    for _, _, mask in failures:
        failed += mask
    alive = failed <= 1
    positions, passed, failed = positions[alive], passed[alive], failed[alive]
    exact, first_wave = exact[alive], first_wave[alive]
    failures = [(code, item, mask[alive]) for code, item, mask in failures]

    # The scoring's latitude band first, then the exact distance for those within it: the same test as the scoring's.
    reach = columns.max_distance_km[positions]
    within_band = within_latitude_band(columns, positions, need)
    distance = np.full(len(positions), np.inf)
    distance[within_band] = haversine_km(
        columns.latitude[positions[within_band]], columns.longitude[positions[within_band]], need.latitude,
        need.longitude,
    )  # fmt: skip
    later: list[tuple[int, int, npt.NDArray[np.bool_]]] = [(_CODE["distance"], 0, distance > reach)]
    for certification in need.mandatory_certifications:
        later.append((_CODE["certification"], certification, ~columns.has_certification(positions, certification)))
    for language, level in need.mandatory_languages:
        later.append((_CODE["language"], language, columns.language_level(positions, language) < level))
    trainable = set(need.training_skills)
    lacks_trainable = np.zeros(len(positions), dtype=np.bool_)
    for skill in need.must_have_skills:
        lacking = ~holds_skill(columns, positions, need, skill, passed)
        if skill in trainable:
            lacks_trainable |= lacking
        else:
            later.append((_CODE["skill"], skill, lacking))
    for _, _, mask in later:
        failed += mask
    return _Failures(columns, positions, failures + later, failed, lacks_trainable, exact, distance, first_wave)


def _near_misses_of(found: _Failures, need: NeedSpec, tie_secret: bytes) -> NearMisses:
    positions, failures, failed, lacks_trainable = found.positions, found.failures, found.failed, found.lacks_trainable
    eligible = failed == 0
    once = failed == 1
    codes = np.full(len(positions), -1, dtype=np.int8)
    items = np.zeros(len(positions), dtype=np.int64)
    for code, item, mask in failures:
        hit = mask & once
        codes[hit] = code
        items[hit] = item

    codes, items = codes[once], items[once]
    candidate_ids = found.columns.ids[positions[once]]
    # One group per (code, item); groups largest first, people within a group in tie-key order.
    group_keys = codes.astype(np.int64) * (1 << 40) + items
    unique_keys, group_of, sizes = np.unique(group_keys, return_inverse=True, return_counts=True)
    group_rank = np.empty(len(unique_keys), dtype=np.int64)
    group_rank[np.lexsort((unique_keys, -sizes))] = np.arange(len(unique_keys))
    order = np.lexsort((tie_keys(need.need_id, candidate_ids, tie_secret), group_rank[group_of.reshape(-1)]))
    counts = tuple(
        (REQUIREMENT_CODES[int(key) >> 40], int(key) & ((1 << 40) - 1), int(size))
        for key, size in sorted(zip(unique_keys.tolist(), sizes.tolist(), strict=True), key=lambda g: (-g[1], g[0]))
    )
    return NearMisses(
        need_id=need.need_id,
        eligible_count=int(eligible.sum()),
        eligible_thanks_to_training=int((eligible & lacks_trainable).sum()),
        counts=counts,
        candidate_ids=candidate_ids[order],
        codes=codes[order],
        items=items[order],
    )

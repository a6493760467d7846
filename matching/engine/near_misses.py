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
    family_tests,
    first_eligible_wave,
    haversine_km,
    holds_skill,
    score_eligible,
    tie_keys,
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
    as ``scoring.tie_keys``); asked with ``named``, only the first ``named`` of each group are there.
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
    columns: CandidateColumns,
    need: NeedSpec,
    config: ScoringConfig,
    *,
    tie_secret: bytes = b"",
    named: int | None = None,
) -> NearMisses:
    """The need's eligible count, its count eligible thanks to the training, and the people one requirement away:
    all of them, or the first ``named`` of each requirement (all are counted). A large family has hundreds of
    thousands of near misses, of which a few dozen are named: ordering them all cost as much as the scoring."""
    return _near_misses_of(_requirement_failures(columns, need, config), need, tie_secret, named)


def score_and_near_misses(
    columns: CandidateColumns,
    need: NeedSpec,
    config: ScoringConfig,
    *,
    tie_secret: bytes = b"",
    named: int | None = None,
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
    return scores, _near_misses_of(found, need, tie_secret, named)


def _requirement_failures(columns: CandidateColumns, need: NeedSpec, config: ScoringConfig) -> _Failures:
    """The need's family read from its view (``CandidateColumns.family_view``): positions are the view's.

    The requirements the columns answer alone come first, over the whole view (``scoring.family_tests``); whoever
    already fails two is neither eligible nor a near miss, so the first waves, the certifications, languages and
    skills are computed only for the others (three in five of a family at a region's size), and the exact distance
    only for those of them within the latitude band (one in four of the family).
    """
    view = columns.family_view(need.occupation_family)
    tests = family_tests(view, need, config)
    cheap = [(_CODE[requirement], mask) for requirement, mask in tests.failures]
    failed = 2 * tests.unlisted.astype(np.int16)  # two failures: neither eligible nor a near miss
    for _, mask in cheap:
        failed += mask
    positions = np.flatnonzero(failed <= 1)
    passed, failed, exact = tests.passed[positions], failed[positions], tests.exact[positions]
    missed = {code: mask[positions] for code, mask in cheap}

    # What the cheap tests only approached, exactly: the first wave each can make, declines counted; the distance.
    first_wave = first_eligible_wave(view, positions, need, config)
    failed += (first_wave < 0) & ~missed[_CODE["availability"]]
    missed[_CODE["availability"]] = first_wave < 0
    within_band = np.flatnonzero(~missed[_CODE["distance"]])
    distance = np.full(len(positions), np.inf)
    distance[within_band] = haversine_km(
        view.latitude[positions[within_band]], view.longitude[positions[within_band]], need.latitude,
        need.longitude,
    )  # fmt: skip
    beyond = distance > view.max_distance_km[positions]
    failed += beyond & ~missed[_CODE["distance"]]
    missed[_CODE["distance"]] = beyond
    later: list[tuple[int, int, npt.NDArray[np.bool_]]] = []
    for certification in need.mandatory_certifications:
        later.append((_CODE["certification"], certification, ~view.has_certification(positions, certification)))
    for language, level in need.mandatory_languages:
        later.append((_CODE["language"], language, view.language_level(positions, language) < level))
    trainable = set(need.training_skills)
    lacks_trainable = np.zeros(len(positions), dtype=np.bool_)
    for skill in need.must_have_skills:
        lacking = ~holds_skill(view, positions, need, skill, passed)
        if skill in trainable:
            lacks_trainable |= lacking
        else:
            later.append((_CODE["skill"], skill, lacking))
    for _, _, mask in later:
        failed += mask
    failures = [(code, 0, missed[code]) for code in sorted(missed)] + later
    return _Failures(view, positions, failures, failed, lacks_trainable, exact, distance, first_wave)


def _near_misses_of(found: _Failures, need: NeedSpec, tie_secret: bytes, named: int | None) -> NearMisses:
    positions, failures, failed, lacks_trainable = found.positions, found.failures, found.failed, found.lacks_trainable
    eligible = failed == 0
    once = failed == 1
    # One group per requirement (code, item), numbered as ``failures`` first lists it.
    group_of_requirement: dict[tuple[int, int], int] = {}
    groups = np.full(len(positions), -1, dtype=np.int16)  # a radix sort's width, below
    for code, item, mask in failures:
        group = group_of_requirement.setdefault((code, item), len(group_of_requirement))
        groups[mask & once] = group
    requirements = list(group_of_requirement)
    groups = groups[once]
    candidate_ids = found.columns.ids[positions[once]]
    sizes = np.bincount(groups, minlength=len(requirements))
    # Groups largest first, then in (code, item) order; people within a group in tie-key order.
    ranked = sorted(
        (group for group in range(len(requirements)) if sizes[group]),
        key=lambda group: (-int(sizes[group]), requirements[group]),
    )
    keys = tie_keys(need.need_id, candidate_ids, tie_secret)
    members = np.argsort(groups, kind="stable")  # the rows of each group together, groups in number order
    starts = np.concatenate(([0], np.cumsum(sizes)))
    order_parts = []
    for group in ranked:
        rows = members[starts[group] : starts[group + 1]]
        if named is not None and len(rows) > named:
            # Only the first few of a large group are kept by name: select them before sorting.
            rows = rows[np.argpartition(keys[rows], named - 1)[:named]] if named > 0 else rows[:0]
        order_parts.append(rows[np.argsort(keys[rows], kind="stable")])
    order = np.concatenate(order_parts) if order_parts else np.zeros(0, dtype=np.int64)
    codes = np.array([code for code, _ in requirements], dtype=np.int8)[groups[order]]
    items = np.array([item for _, item in requirements], dtype=np.int64)[groups[order]]
    return NearMisses(
        need_id=need.need_id,
        eligible_count=int(eligible.sum()),
        eligible_thanks_to_training=int((eligible & lacks_trainable).sum()),
        counts=tuple(
            (REQUIREMENT_CODES[requirements[group][0]], requirements[group][1], int(sizes[group])) for group in ranked
        ),
        candidate_ids=candidate_ids[order],
        codes=codes,
        items=items,
    )

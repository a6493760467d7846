"""Allocation: decide which eligible (need, candidate) pairs become proposals.

Scoring ranks candidates for each need on its own. In mass hiring the same strong candidates then top many
lists at once while large needs go short, so allocation looks at every open need together and picks the pairs
that staff will be asked to propose: the best total fit under three limits — a need receives at most its
``slots`` proposals, a candidate at most ``p``, and slots reserved by a positive-action quota go only to members
of the quota group.

Mass-hiring needs that hire in waves go through ``allocate_waves`` (``allocation_waves``), which also keeps the
previous proposals when nothing strictly better exists and proves its optimum over every eligible pair.

It is solved exactly as a min-cost flow with OR-Tools, in well under a second for a territory's mass-hiring
campaign (see ``bench/allocation_bench.py``). For job-dating events, where both sides ranked each other, the
stable matching lives in ``matching.engine.deferred_acceptance``.

Positive measures are lawful only when explicit and configured by staff, and they act at allocation time, never
on individual scores (DOMAIN.md, "Rules of law"): quotas here restrict who may take a slot; every chosen pair
keeps the score it came with.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Allocation in waves lives in its own modules; its names are the allocation's API too.
from matching.engine.allocation_waves import (
    AllocationWave,
    ListsTooShort,
    NeedCandidates,
    WaveAllocation,
    allocate_waves,
)
from matching.engine.potentials import min_cost_flows
from matching.engine.wave_flow import Caps
from matching.engine.wave_reasons import (
    REASON_CODES,
    REASON_HOLDS_ELSEWHERE,
    REASON_OTHER_WAVE,
    REASON_POSITIVE_ACTION,
    REASON_SCORE,
    REASON_SLOTS_FILLED,
)

__all__ = [
    "REASON_CODES",
    "REASON_HOLDS_ELSEWHERE",
    "REASON_OTHER_WAVE",
    "REASON_POSITIVE_ACTION",
    "REASON_SCORE",
    "REASON_SLOTS_FILLED",
    "Allocation",
    "AllocationNeed",
    "AllocationWave",
    "Caps",
    "ListsTooShort",
    "NeedCandidates",
    "WaveAllocation",
    "allocate",
    "allocate_waves",
    "proposal_slots",
]

IntArray = npt.NDArray[np.int64]

# Node numbers in the flow graph; candidates, needs and quota "general" nodes follow.
_SOURCE = 0
_SINK = 1
_FIRST_FREE_NODE = 2


@dataclass(frozen=True)
class AllocationNeed:
    """One open need as allocation sees it.

    ``slots`` is how many proposals the need may receive (see ``proposal_slots``); ``reserved_slots`` of them
    (0..slots) are held for members of the positive-action group and stay empty if too few members are eligible.
    """

    need_id: int
    slots: int
    reserved_slots: int = 0

    def __post_init__(self) -> None:
        if self.slots < 0:
            raise ValueError(f"need {self.need_id}: slots must not be negative, got {self.slots}")
        if not 0 <= self.reserved_slots <= self.slots:
            raise ValueError(
                f"need {self.need_id}: reserved_slots must be between 0 and slots ({self.slots}), "
                f"got {self.reserved_slots}"
            )


@dataclass(frozen=True)
class Allocation:
    """The chosen proposals.

    ``pairs`` are (need_id, candidate_id) sorted; ``pair_scores`` are their input scores, in the same order, and
    ``total_score`` is their sum. ``proposals_per_need`` lists (need_id, proposals) for every need given, sorted by
    need id. ``reserved_filled`` lists (need_id, reserved slots taken by group members) for needs with a quota;
    ``reserved_slots`` minus that figure is how many reserved slots stay empty.
    """

    pairs: tuple[tuple[int, int], ...]
    pair_scores: tuple[int, ...]
    total_score: int
    proposals_per_need: tuple[tuple[int, int], ...]
    reserved_filled: tuple[tuple[int, int], ...]


def proposal_slots(openings_left: int, k: int = 2) -> int:
    """How many proposals a need may receive: ``k`` per opening still to fill, never negative.

    Proposing a few candidates per opening leaves the employer a choice without tying candidates up
    (an over-filled need reports negative openings left, which gives 0).
    """
    if k < 0:
        raise ValueError(f"k must not be negative, got {k}")
    return k * max(openings_left, 0)


def allocate(
    *,
    need_ids: npt.ArrayLike,
    candidate_ids: npt.ArrayLike,
    scores: npt.ArrayLike,
    needs: Sequence[AllocationNeed],
    max_proposals_per_candidate: int | Mapping[int, int] = 2,
    quota_group_candidate_ids: Collection[int] = (),
    pair_in_quota_group: npt.ArrayLike | None = None,
) -> Allocation:
    """Choose proposals among the eligible pairs, maximising the total score.

    ``need_ids``, ``candidate_ids`` and ``scores`` are parallel integer arrays, one entry per eligible pair, scores
    in centipoints (0–10000). A pair not listed is never proposed. Constraints: each need receives at most its
    ``slots`` proposals; each candidate at most ``max_proposals_per_candidate`` (one cap for all, or a mapping
    candidate id → cap, for candidates who already hold proposals elsewhere); each pair at most once; a need with
    ``reserved_slots = r`` gives at most ``slots - r`` proposals to candidates outside the quota group. The group
    is ``quota_group_candidate_ids`` for every need, or, when needs name different groups, ``pair_in_quota_group``:
    one boolean per pair, true when the candidate belongs to the group of that pair's need. It is used for nothing
    else.

    Among allocations with the best total, one with the most proposals is returned, so zero-score eligible pairs
    still fill slots that nothing better wants. The result depends only on the set of pairs and needs, not on their
    order.

    Raises ``ValueError`` for arrays of different lengths or not integers, a negative score, a pair listed twice,
    a need id absent from ``needs``, a need listed twice in ``needs``, or a negative proposal cap.
    """
    pair_needs = _int_column("need_ids", need_ids)
    pair_candidates = _int_column("candidate_ids", candidate_ids)
    pair_scores = _int_column("scores", scores)
    if not len(pair_needs) == len(pair_candidates) == len(pair_scores):
        raise ValueError(
            "need_ids, candidate_ids and scores must have the same length, got "
            f"{len(pair_needs)}, {len(pair_candidates)} and {len(pair_scores)}"
        )
    if pair_in_quota_group is not None and len(np.asarray(pair_in_quota_group)) != len(pair_needs):
        raise ValueError("pair_in_quota_group must have one entry per pair")
    if len(pair_scores) and int(pair_scores.min()) < 0:
        raise ValueError(f"scores must not be negative, got {int(pair_scores.min())}")

    # Needs are indexed in need-id order (not the caller's order) so that the result does not depend on it.
    needs_sorted = sorted(needs, key=lambda need: need.need_id)
    known_ids = np.array([need.need_id for need in needs_sorted], dtype=np.int64)
    if len(known_ids) > 1 and bool(np.any(known_ids[1:] == known_ids[:-1])):
        duplicated = int(known_ids[1:][known_ids[1:] == known_ids[:-1]][0])
        raise ValueError(f"need {duplicated} is listed twice in needs")
    slots = np.array([need.slots for need in needs_sorted], dtype=np.int64)
    reserved = np.array([need.reserved_slots for need in needs_sorted], dtype=np.int64)

    need_index = np.searchsorted(known_ids, pair_needs)
    is_known = need_index < len(known_ids)
    is_known[is_known] = known_ids[need_index[is_known]] == pair_needs[is_known]
    if not bool(is_known.all()):
        unknown = sorted({int(need_id) for need_id in pair_needs[~is_known]})
        raise ValueError(f"need ids absent from needs: {unknown[:10]}")

    candidate_values, candidate_index = np.unique(pair_candidates, return_inverse=True)
    candidate_index = candidate_index.reshape(-1).astype(np.int64)
    # Sorting the pairs by (need id, candidate id) fixes the arc order, hence which optimum the solver returns,
    # and leaves the chosen pairs already in output order.
    pair_key = need_index * len(candidate_values) + candidate_index
    order = np.argsort(pair_key, kind="stable")
    pair_key = pair_key[order]
    if len(pair_key) > 1 and bool(np.any(pair_key[1:] == pair_key[:-1])):
        first = int(order[1:][pair_key[1:] == pair_key[:-1]][0])
        raise ValueError(
            f"pair (need {int(pair_needs[first])}, candidate {int(pair_candidates[first])}) is listed twice"
        )
    need_index, candidate_index, pair_scores = need_index[order], candidate_index[order], pair_scores[order]
    capacities = _candidate_capacities(candidate_values, max_proposals_per_candidate)
    if pair_in_quota_group is None:
        is_member = np.isin(candidate_values, np.fromiter(quota_group_candidate_ids, dtype=np.int64))
        pair_member = is_member[candidate_index]
    else:
        pair_member = np.asarray(pair_in_quota_group, dtype=np.bool_)[order]

    # Pairs that can never be chosen only slow the solver down.
    usable = (slots[need_index] > 0) & (capacities[candidate_index] > 0)
    need_index, candidate_index, pair_scores = need_index[usable], candidate_index[usable], pair_scores[usable]
    pair_member = pair_member[usable]

    chosen = _solve_flow(
        need_index=need_index,
        candidate_index=candidate_index,
        pair_scores=pair_scores,
        slots=slots,
        reserved=reserved,
        pair_member=pair_member,
        candidate_capacities=capacities,
    )

    chosen_needs = need_index[chosen]
    chosen_candidates = candidate_index[chosen]
    chosen_scores = pair_scores[chosen]
    per_need = np.bincount(chosen_needs, minlength=len(known_ids))
    members_per_need = np.bincount(chosen_needs[pair_member[chosen]], minlength=len(known_ids))
    # Group members first take the reserved slots, since only they can; the rest of them compete for the others.
    reserved_filled = np.minimum(reserved, members_per_need)
    has_quota = reserved > 0
    return Allocation(
        pairs=tuple(zip(known_ids[chosen_needs].tolist(), candidate_values[chosen_candidates].tolist(), strict=True)),
        pair_scores=tuple(chosen_scores.tolist()),
        total_score=int(chosen_scores.sum()),
        proposals_per_need=tuple(zip(known_ids.tolist(), per_need.tolist(), strict=True)),
        reserved_filled=tuple(zip(known_ids[has_quota].tolist(), reserved_filled[has_quota].tolist(), strict=True)),
    )


def _candidate_capacities(candidate_values: IntArray, caps: int | Mapping[int, int]) -> IntArray:
    """How many proposals each candidate may still receive: one cap for all, or one per candidate."""
    if isinstance(caps, int | np.integer):
        capacities = np.full(len(candidate_values), caps, dtype=np.int64)
    else:
        try:
            capacities = np.array([caps[int(value)] for value in candidate_values], dtype=np.int64)
        except KeyError as error:
            raise ValueError(f"no proposal cap given for candidate {error.args[0]}") from error
    if len(capacities) and int(capacities.min()) < 0:
        raise ValueError(f"max_proposals_per_candidate must not be negative, got {int(capacities.min())}")
    return capacities


def _int_column(name: str, values: npt.ArrayLike) -> IntArray:
    """``values`` as a one-dimensional int64 array; an empty input of any dtype is accepted."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must hold integers, got {array.dtype}")
    return array.astype(np.int64, copy=False)


def _solve_flow(
    *,
    need_index: IntArray,
    candidate_index: IntArray,
    pair_scores: IntArray,
    slots: IntArray,
    reserved: IntArray,
    pair_member: npt.NDArray[np.bool_],
    candidate_capacities: IntArray,
) -> npt.NDArray[np.bool_]:
    """Which pairs the maximum-weight flow uses, as a mask over the pairs.

    Graph: source → candidate (capacity p) → need (one arc per pair, capacity 1) → sink (capacity slots). A need
    with a quota gets a second, "general" node in front of it with capacity ``slots - r``: non-members reach the
    need only through it, members reach the need directly, so members can take any slot and non-members at most
    ``slots - r``. Each pair stays a single arc, so no pair can be chosen twice. A source → sink bypass lets the
    flow stop short of the supply when no pair is left to use.
    """
    n_pairs = len(pair_scores)
    if n_pairs == 0:
        return np.zeros(0, dtype=np.bool_)
    n_candidates = len(candidate_capacities)
    n_needs = len(slots)
    has_quota = reserved > 0
    candidate_nodes = _FIRST_FREE_NODE + np.arange(n_candidates, dtype=np.int64)
    need_nodes = _FIRST_FREE_NODE + n_candidates + np.arange(n_needs, dtype=np.int64)
    general_nodes = np.full(n_needs, -1, dtype=np.int64)
    general_nodes[has_quota] = _FIRST_FREE_NODE + n_candidates + n_needs + np.arange(int(has_quota.sum()))

    # No more flow than this can ever be used; supplying exactly it keeps the bypass arc small.
    flow = min(int(candidate_capacities.sum()), int(slots.sum()), n_pairs)
    # Weight = score × (flow + 1) + 1: a total weight orders allocations first by total score, then by number of
    # proposals, because the proposal count never exceeds `flow`. Costs are the negated weights.
    if int(pair_scores.max()) * (flow + 1) + 1 > np.iinfo(np.int64).max:
        raise ValueError("scores are too large for the solver's 64-bit costs")
    pair_costs = -(pair_scores * (flow + 1) + 1)
    through_general = has_quota[need_index] & ~pair_member
    pair_heads = np.where(through_general, general_nodes[need_index], need_nodes[need_index])

    tails = np.concatenate(
        [
            candidate_nodes[candidate_index],  # pair arcs first: arc i is pair i
            np.full(n_candidates, _SOURCE),
            need_nodes,
            general_nodes[has_quota],
            [_SOURCE],
        ]
    )
    heads = np.concatenate([pair_heads, candidate_nodes, np.full(n_needs, _SINK), need_nodes[has_quota], [_SINK]])
    capacities = np.concatenate(
        [
            np.ones(n_pairs, dtype=np.int64),
            candidate_capacities,
            slots,
            (slots - reserved)[has_quota],
            [flow],
        ]
    )
    costs = np.concatenate([pair_costs, np.zeros(len(tails) - n_pairs, dtype=np.int64)])

    pair_flows = min_cost_flows(tails=tails, heads=heads, capacities=capacities, costs=costs, supply=flow)[:n_pairs]
    return pair_flows > 0

"""Allocation in waves: which eligible (need, candidate) pairs become proposals, and for which wave.

A mass-hiring need hires in waves, each with its own start date and ``slots`` (``proposal_slots`` of its openings
left). A candidate may be proposed for any wave of a need from their first eligible one on (``scoring``), at most
once per need whatever the wave, and on at most ``p`` needs in all. A wave's positive-action quota holds
``reserved_slots`` of its slots for members of the group; they stay empty when too few members are eligible.

Objective, in this order of priority:
1. the largest total score (the sum of the chosen pairs' scores): always exact;
2. among allocations of that total, the most pairs of ``kept`` (the previous allocation's proposals): a proposal
   is withdrawn only when a strictly better total requires it;
3. then the most proposals (zero-score eligible pairs still fill slots nothing better wants);
4. then the smaller tie keys: the largest sum over chosen pairs of ``q = 2**b - 1 - (tie key >> (64 - b))``, the
   key's top ``b`` bits (``WaveAllocation.tie_bits``).

Encoding. It is one min-cost flow (OR-Tools): source → candidate (capacity: their cap) → the need's chain node of
their first eligible wave (one arc per pair, capacity 1, hence one proposal per need) → wave node (capacity: the
wave's slots) → sink. A need has a chain of nodes, one per wave, each joined to the next: a pair entering at its
first eligible wave can flow on to any later one. Non-members of a quota's group use a chain whose arc into each
wave carries ``slots - reserved``; members use a second chain whose arcs carry all slots. A pair's cost is minus
its weight ``score·M + K·kept + P + q``. The proof that the levels stay apart is by residual cycles: a flow is
optimal iff no residual cycle has a positive weight gain, and any better allocation differs from ours by cycles of
which one improves (score, kept, proposals, q) lexicographically. A simple cycle passes the source once, so it
changes the proposals by at most 1, and it uses at most ``L = 2·min(pairs, chain nodes)`` pair arcs (each has one
end on a chain node, visited once), so it changes ``kept`` by at most ``L`` and ``q`` by at most ``L·(2**b - 1)``.
Hence ``P = L·(2**b - 1) + 1``, ``K = P + L·(2**b - 1) + 1`` and ``M = K·L + P + L·(2**b - 1) + 1`` keep the four
levels strictly ordered. OR-Tools scales costs by the node count, so the largest arc cost must stay under
``2**63 / (4·max(nodes, flow))`` (``wave_flow.objective_levels``): ``b`` is the largest value up to 20 that fits.
It drops as instances grow. Levels 1 to 3 always fit for scores up to 10,000 centipoints: with 100,000 candidates,
200,000 slots, 2,000,000 pairs and 1,400 needs of four waves with quotas, ``b`` is 0 when pairs are kept (the tie
level is then left to the solver, whose arcs are added in tie-key order) and 11 without kept pairs; one need of four
waves over a million candidates keeps ``b`` = 20. ``WaveAllocation.tie_bits`` says which guarantee held.

Exactness with few pairs. The flow is first solved over each need's best ``start_depth`` pairs (score, then tie
key) and the kept pairs. Node potentials are then read off the residual graph (``potentials``), and every pair
left out is checked: its reduced cost is its cost plus the potential of its candidate (the source's potential for
a candidate in no solved pair) minus that of its chain node. A negative one may improve the flow: such pairs are
added, their needs' depth doubled, and the flow solved again, until none is left. The result is then optimal over
all the pairs given, by LP duality.

Lists that stop at a need's best pairs. A refresh of a thousand needs over a region's candidates holds millions of
eligible pairs, of which the flow uses a few per need; a need may then be given its best pairs only, with the score
and tie key of the best one left out (``NeedCandidates.left_out_score``): every pair not listed weighs at most that
much. Once the flow is optimal over the pairs given, a pair left out of such a need could improve it only if its
reduced cost were negative, and it is at least the left-out weight's cost plus the lowest potential of any candidate
minus the highest potential of the need's chain nodes. When that bound is negative for a need, ``ListsTooShort``
names it, and the caller lists it in full. The objective's levels then count a cycle's pair arcs by the chain nodes
alone, as they would with every pair given.

Waves are given to the chosen pairs need by need, wave by wave in date order: each wave takes, best score first,
the chosen people who can make it and are not placed yet, non-members up to its unreserved slots, then members.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.engine.wave_flow import Caps, FlowInstance, FlowSolution, flow_solve, top_pairs
from matching.engine.wave_reasons import pair_reasons

IntArray = npt.NDArray[np.int64]
MINIMUM_START_DEPTH = 50


@dataclass(frozen=True)
class AllocationWave:
    """One wave of one need: ``slots`` proposals at most, ``reserved_slots`` of them for the quota's group."""

    need_id: int
    wave_id: int
    slots: int
    reserved_slots: int = 0

    def __post_init__(self) -> None:
        if self.slots < 0:
            raise ValueError(f"need {self.need_id} wave {self.wave_id}: slots must not be negative")
        if not 0 <= self.reserved_slots <= self.slots:
            raise ValueError(f"need {self.need_id} wave {self.wave_id}: reserved_slots must be within 0..slots")


class ListsTooShort(Exception):
    """Some needs' shortened lists cannot prove the allocation optimal: list them in full and allocate again."""

    def __init__(self, need_ids: Sequence[int]) -> None:
        super().__init__(f"{len(need_ids)} need(s) must be listed in full: {list(need_ids)[:10]}")
        self.need_ids = tuple(need_ids)


@dataclass(frozen=True)
class NeedCandidates:
    """One need's eligible candidates, in any order: all of them, or its best ones only.

    ``first_wave`` indexes the need's waves in the order they appear in ``allocate_waves``' ``waves``;
    ``in_quota_group`` says who belongs to the group of the need's quota (used for nothing else).
    ``left_out_score`` is None when every eligible candidate is listed; otherwise it and ``left_out_tie_key`` are
    those of the best pair not listed (score, then the smaller tie key), and every pair not listed ranks no higher.
    A kept pair of such a need that is not listed counts as no longer eligible.
    """

    need_id: int
    candidate_ids: npt.NDArray[np.int64]
    scores: npt.NDArray[np.integer]
    first_wave: npt.NDArray[np.integer]
    tie_keys: npt.NDArray[np.uint64]
    in_quota_group: npt.NDArray[np.bool_] | None = None
    left_out_score: int | None = None
    left_out_tie_key: int = 0


@dataclass(frozen=True)
class WaveAllocation:
    """The chosen proposals and why each ranked pair is or is not one.

    ``pairs`` are (need_id, candidate_id, wave_id), sorted, with their scores in ``pair_scores``.
    ``proposals_per_wave`` lists (need_id, wave_id, proposals) for every wave given, by need id then wave order;
    ``reserved_filled`` (need_id, wave_id, reserved slots taken by members) for the waves with a quota.
    ``pairs_considered`` is how many pairs the last solve held, ``rounds`` how many solves the proof took.
    ``reasons`` maps (need_id, candidate_id) to (code, value) for each need's best ``reason_depth`` pairs and every
    chosen pair (``wave_reasons``). ``kept_count`` counts the chosen pairs of ``kept``; ``tie_bits`` is ``b`` of the
    tie-key level of the objective.
    """

    pairs: tuple[tuple[int, int, int], ...]
    pair_scores: tuple[int, ...]
    total_score: int
    proposals_per_wave: tuple[tuple[int, int, int], ...]
    reserved_filled: tuple[tuple[int, int, int], ...]
    pairs_considered: int
    rounds: int
    reasons: Mapping[tuple[int, int], tuple[str, int]]
    kept_count: int = 0
    tie_bits: int = 0


def allocate_waves(
    *,
    needs: Sequence[NeedCandidates],
    waves: Sequence[AllocationWave],
    max_proposals_per_candidate: Caps = 2,
    kept: Collection[tuple[int, int]] = (),
    start_depth: Mapping[int, int] | None = None,
    reason_depth: Mapping[int, int] | None = None,
) -> WaveAllocation:
    """Choose the proposals and their waves, optimal over all the pairs given (see the module's objective).

    ``max_proposals_per_candidate`` is one cap for all, a mapping candidate id → cap, or a function of an array of
    candidate ids giving their caps, asked only for the candidates of the pairs weighed (a ``defaultdict`` may
    answer a default for the others). ``start_depth``
    defaults, per need, to twice its slots and at least 50, ``reason_depth`` to the start depth. The result
    depends on the pairs, their scores, tie keys and waves, never on the order they are given in nor on the values
    of candidate ids (equal weights are decided by tie keys).

    Raises ``ListsTooShort`` when a need whose list is shortened must be listed in full to prove the optimum, and
    ``ValueError`` for a need listed twice, a need without waves, a wave listed twice, a candidate listed twice for a
    need, arrays of different lengths, a negative score, a first wave outside the need's waves, or a candidate
    weighed whom the caps do not answer for.
    """
    instance = _instance(needs, waves, max_proposals_per_candidate, kept)
    slots_per_need: list[int] = (
        np.add.reduceat(instance.wave_slots, instance.need_wave_start).tolist() if len(instance.need_ids) else []
    )
    default_depth = {
        need_id: max(2 * int(slots), MINIMUM_START_DEPTH)
        for need_id, slots in zip(instance.need_ids.tolist(), slots_per_need, strict=True)
    }
    first_depth = {need_id: (start_depth or {}).get(need_id, default) for need_id, default in default_depth.items()}
    depth = dict(first_depth)
    considered = instance.pair_kept.copy()
    for need, need_id in enumerate(instance.need_ids.tolist()):
        considered[top_pairs(instance, need, depth[need_id])] = True

    rounds = 0
    while True:
        rounds += 1
        solved = flow_solve(instance, np.flatnonzero(considered))
        violating = solved.violations(instance, ~considered)
        if not len(violating):
            break
        considered[violating] = True
        for need in np.unique(instance.pair_need[violating]).tolist():
            need_id = int(instance.need_ids[need])
            depth[need_id] = max(2 * depth[need_id], MINIMUM_START_DEPTH)
            considered[top_pairs(instance, need, depth[need_id])] = True
    short = _lists_too_short(instance, solved, needs)
    if short:
        raise ListsTooShort(short)

    chosen = solved.chosen
    pair_wave = _waves_assign(instance, chosen)
    reason_pairs = np.zeros(instance.pair_count, dtype=np.bool_)
    for need, need_id in enumerate(instance.need_ids.tolist()):
        reason_pairs[top_pairs(instance, need, (reason_depth or {}).get(need_id, first_depth[need_id]))] = True
    reasons = pair_reasons(instance, chosen, pair_wave, np.flatnonzero(reason_pairs | _mask(instance, chosen)))

    wave_need = instance.wave_need
    order = np.lexsort(
        (instance.wave_ids[pair_wave], instance.pair_candidates[chosen], instance.need_ids[instance.pair_need[chosen]])
    )
    chosen, pair_wave = chosen[order], pair_wave[order]
    per_wave = np.bincount(pair_wave, minlength=len(wave_need))
    members = np.bincount(pair_wave[instance.pair_member[chosen]], minlength=len(wave_need))
    filled = np.minimum(instance.wave_reserved, members)
    wave_need_ids = instance.need_ids[wave_need].tolist()
    wave_ids = instance.wave_ids.tolist()
    scores = instance.pair_scores[chosen]
    return WaveAllocation(
        pairs=tuple(
            zip(
                instance.need_ids[instance.pair_need[chosen]].tolist(),
                instance.pair_candidates[chosen].tolist(),
                instance.wave_ids[pair_wave].tolist(),
                strict=True,
            )
        ),
        pair_scores=tuple(scores.tolist()),
        total_score=int(scores.sum()),
        proposals_per_wave=tuple(zip(wave_need_ids, wave_ids, per_wave.tolist(), strict=True)),
        reserved_filled=tuple(
            (wave_need_ids[w], wave_ids[w], int(filled[w])) for w in np.flatnonzero(instance.wave_reserved > 0)
        ),
        pairs_considered=int(considered.sum()),
        rounds=rounds,
        reasons=reasons,
        kept_count=int(instance.pair_kept[chosen].sum()),
        tie_bits=instance.tie_bits,
    )


def _lists_too_short(instance: FlowInstance, solved: FlowSolution, needs: Sequence[NeedCandidates]) -> list[int]:
    """The needs with a shortened list whose best pair left out could still have a negative reduced cost."""
    shortened = sorted((entry for entry in needs if entry.left_out_score is not None), key=lambda e: e.need_id)
    if not shortened:
        return []
    lowest = solved.lowest_candidate_potential()
    waves = len(instance.wave_ids)
    short = []
    for entry in shortened:
        need_id = entry.need_id
        need = int(np.searchsorted(instance.need_ids, need_id))
        start = int(instance.need_wave_start[need])
        wave = np.arange(start, start + int(instance.wave_counts[need]))
        chains = 2 + waves + wave
        if instance.has_member_chain[need]:
            chains = np.concatenate([chains, 2 + 2 * waves + wave])
        cost = instance.costs_of(
            np.array([entry.left_out_score], dtype=np.int64),
            np.array([entry.left_out_tie_key], dtype=np.uint64),
            np.zeros(1, dtype=np.bool_),
        )[0]
        if int(cost) + lowest - int(solved.potentials[chains].max()) < 0:
            short.append(need_id)
    return short


def _mask(instance: FlowInstance, indices: IntArray) -> npt.NDArray[np.bool_]:
    mask = np.zeros(instance.pair_count, dtype=np.bool_)
    mask[indices] = True
    return mask


def _instance(
    needs: Sequence[NeedCandidates],
    waves: Sequence[AllocationWave],
    caps: Caps,
    kept: Collection[tuple[int, int]],
) -> FlowInstance:
    """Validate the input and lay it out: needs by id, waves by need then given order, pairs by need."""
    by_need: dict[int, list[AllocationWave]] = {}
    for wave in waves:
        by_need.setdefault(wave.need_id, []).append(wave)
    for need_id, need_waves in by_need.items():
        if len({wave.wave_id for wave in need_waves}) != len(need_waves):
            raise ValueError(f"need {need_id}: a wave is listed twice")
    given = {}
    for candidates in needs:
        if candidates.need_id in given:
            raise ValueError(f"need {candidates.need_id} is listed twice in needs")
        if candidates.need_id not in by_need:
            raise ValueError(f"need {candidates.need_id} has no wave")
        given[candidates.need_id] = candidates
    need_ids = np.array(sorted(by_need), dtype=np.int64)
    wave_list = [wave for need_id in need_ids.tolist() for wave in by_need[need_id]]
    wave_counts = np.array([len(by_need[need_id]) for need_id in need_ids.tolist()], dtype=np.int64)
    need_wave_start = np.concatenate([[0], np.cumsum(wave_counts)[:-1]]).astype(np.int64)

    columns: dict[str, list[npt.NDArray[np.generic]]] = {
        "need": [], "candidates": [], "scores": [], "first": [], "keys": [], "member": [], "kept": []
    }  # fmt: skip
    kept_by_need: dict[int, list[int]] = {}
    for need_id, candidate_id in kept:
        kept_by_need.setdefault(int(need_id), []).append(int(candidate_id))
    has_member_chain = np.zeros(len(need_ids), dtype=np.bool_)
    for need, need_id in enumerate(need_ids.tolist()):
        if need_id not in given:
            continue
        entry = given[need_id]
        ids = np.asarray(entry.candidate_ids, dtype=np.int64)
        scores = np.asarray(entry.scores)
        first = np.asarray(entry.first_wave).astype(np.int64)
        keys = np.asarray(entry.tie_keys, dtype=np.uint64)
        if not len(ids) == len(scores) == len(first) == len(keys):
            raise ValueError(f"need {need_id}: candidate_ids, scores, first_wave and tie_keys differ in length")
        if len(np.unique(ids)) != len(ids):
            raise ValueError(f"need {need_id}: a candidate is listed twice")
        if len(scores) and not np.issubdtype(scores.dtype, np.integer):
            raise ValueError(f"need {need_id}: scores must be integers")
        scores = scores.astype(np.int64)
        if len(scores) and int(scores.min()) < 0:
            raise ValueError(f"need {need_id}: scores must not be negative")
        if entry.left_out_score is not None and entry.left_out_score < 0:
            raise ValueError(f"need {need_id}: the left-out score must not be negative")
        if len(first) and (int(first.min()) < 0 or int(first.max()) >= wave_counts[need]):
            raise ValueError(f"need {need_id}: first_wave must index one of its {wave_counts[need]} waves")
        member = np.zeros(len(ids), dtype=np.bool_)
        if entry.in_quota_group is not None:
            member = np.asarray(entry.in_quota_group, dtype=np.bool_)
            if len(member) != len(ids):
                raise ValueError(f"need {need_id}: in_quota_group must have one entry per candidate")
            reserved = [wave.reserved_slots for wave in by_need[need_id]]
            has_member_chain[need] = max(reserved) > 0
            member = member & has_member_chain[need]
        columns["need"].append(np.full(len(ids), need, dtype=np.int64))
        columns["candidates"].append(ids)
        columns["scores"].append(scores)
        columns["first"].append(first)
        columns["keys"].append(keys)
        columns["member"].append(member)
        columns["kept"].append(
            np.isin(ids, kept_by_need[need_id]) if need_id in kept_by_need else np.zeros(len(ids), dtype=np.bool_)
        )
    empty = {"need": np.int64, "candidates": np.int64, "scores": np.int64, "first": np.int64, "keys": np.uint64}
    arrays: dict[str, Any] = {
        name: np.concatenate(parts) if parts else np.zeros(0, dtype=empty.get(name, np.bool_))
        for name, parts in columns.items()
    }
    return FlowInstance(
        need_ids=need_ids,
        need_wave_start=need_wave_start,
        wave_counts=wave_counts,
        has_member_chain=has_member_chain,
        wave_need=np.repeat(np.arange(len(need_ids), dtype=np.int64), wave_counts),
        wave_ids=np.array([wave.wave_id for wave in wave_list], dtype=np.int64),
        wave_slots=np.array([wave.slots for wave in wave_list], dtype=np.int64),
        wave_reserved=np.array([wave.reserved_slots for wave in wave_list], dtype=np.int64),
        pair_need=arrays["need"],
        pair_candidates=arrays["candidates"],
        pair_scores=arrays["scores"],
        pair_first=arrays["first"],
        pair_keys=arrays["keys"],
        pair_member=arrays["member"],
        pair_kept=arrays["kept"],
        caps=caps,
        left_out_top=max((entry.left_out_score or 0 for entry in given.values()), default=0),
        lists_shortened=any(entry.left_out_score is not None for entry in given.values()),
    )


def _waves_assign(instance: FlowInstance, chosen: IntArray) -> IntArray:
    """The wave (global index) of each chosen pair: wave by wave, best first, non-members within the unreserved
    slots, then members. Any chosen set from the flow can be placed so (its flow is one placement), and this one
    starts everyone as early as the slots allow."""
    pair_wave = np.full(len(chosen), -1, dtype=np.int64)
    needs = instance.pair_need[chosen]
    order = np.lexsort((instance.pair_keys[chosen], -instance.pair_scores[chosen], needs))
    bounds = np.searchsorted(needs[order], np.arange(len(instance.need_ids) + 1))
    for need in range(len(instance.need_ids)):
        rows = order[bounds[need] : bounds[need + 1]]
        if not len(rows):
            continue
        first = instance.pair_first[chosen[rows]]
        member = instance.pair_member[chosen[rows]]
        placed = np.zeros(len(rows), dtype=np.bool_)
        start = int(instance.need_wave_start[need])
        for local in range(int(instance.wave_counts[need])):
            wave = start + local
            slots, reserved = int(instance.wave_slots[wave]), int(instance.wave_reserved[wave])
            pool = ~placed & (first <= local)
            outside = np.flatnonzero(pool & ~member)[: slots - reserved]
            inside = np.flatnonzero(pool & member)[: slots - len(outside)]
            for taken in (outside, inside):
                placed[taken] = True
                pair_wave[rows[taken]] = wave
        if not bool(placed.all()):
            raise RuntimeError(f"need {int(instance.need_ids[need])}: chosen pairs left without a wave")
    return pair_wave

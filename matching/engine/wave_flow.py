"""The flow graph of ``allocation_waves``: its layout, the weights of its pair arcs, one solve and its proof.

Nodes: 0 the source, 1 the sink, then for each wave ``g`` (needs by id, waves in date order) its wave node
``2 + g``, its non-member chain node ``2 + G + g`` and its member chain node ``2 + 2G + g``, then the candidates of
the solved pairs. Candidates are numbered by their first pair in (need, tie key) order and pair arcs are added in
that order, so the solver's choice among equal weights never follows candidate ids or the caller's order.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from matching.engine.potentials import SINK as _SINK
from matching.engine.potentials import SOURCE as _SOURCE
from matching.engine.potentials import min_cost_flows, residual_potentials

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
# One cap for all, a mapping candidate id → cap, or a function answering the caps of an array of candidate ids (asked
# once per solve, for the candidates weighed: a caller that reads them from storage reads a few thousand, not the
# hundred thousand a large need's eligible people are).
Caps = int | Mapping[int, int] | Callable[[IntArray], npt.ArrayLike]
MAXIMUM_TIE_BITS = 20
_INT64_MAX = int(np.iinfo(np.int64).max)


def objective_levels(
    *, top_score: int, pair_count: int, chain_nodes: int, node_bound: int, flow_bound: int, has_kept: bool
) -> tuple[int, int, int, int]:
    """The multipliers (score M, kept K, proposal P) and tie bits ``b`` of a pair's weight ``score·M + K·kept + P +
    q`` (see ``allocation_waves``): the largest ``b`` up to ``MAXIMUM_TIE_BITS`` whose largest arc cost stays within
    ``2**63 / (4·max(nodes, flow))``, OR-Tools scaling costs by the node count. ``K`` is 0 when no pair is kept.

    Raises ``ValueError`` when even ``b = 0`` does not fit (scores far beyond 10,000 centipoints).
    """
    limit = _INT64_MAX // (4 * (max(node_bound, flow_bound) + 1))
    cycle_pairs = 2 * max(1, min(pair_count, chain_nodes))
    for bits in range(MAXIMUM_TIE_BITS, -1, -1):
        spread = cycle_pairs * ((1 << bits) - 1)
        proposal = spread + 1
        keep = proposal + spread + 1 if has_kept else 0
        score = keep * cycle_pairs + proposal + spread + 1
        if top_score * score + keep + proposal + (1 << bits) <= limit:
            return score, keep, proposal, bits
    raise ValueError("scores are too large for the solver's 64-bit costs")


@dataclass
class FlowInstance:
    """The validated input: needs by id, their waves, and every pair (grouped by need) with its arc cost."""

    need_ids: IntArray
    need_wave_start: IntArray
    wave_counts: IntArray
    has_member_chain: BoolArray
    wave_need: IntArray
    wave_ids: IntArray
    wave_slots: IntArray
    wave_reserved: IntArray
    pair_need: IntArray
    pair_candidates: IntArray
    pair_scores: IntArray
    pair_first: IntArray
    pair_keys: npt.NDArray[np.uint64]
    pair_member: BoolArray
    pair_kept: BoolArray
    caps: Caps
    # Some needs' lists stop at their best pairs (``NeedCandidates.left_out_score``): a cycle through pairs not
    # given may then use as many pair arcs as the chain nodes allow, whatever the number of pairs given.
    lists_shortened: bool = False
    left_out_top: int = 0  # the best score left out of a shortened list, which the costs must also hold
    pair_costs: IntArray = field(init=False)
    pair_chain: IntArray = field(init=False)
    need_bounds: IntArray = field(init=False)
    tie_bits: int = field(init=False)
    levels: tuple[int, int, int] = field(init=False)  # the weight's multipliers: score M, kept K, proposal P

    def __post_init__(self) -> None:
        waves = len(self.wave_ids)
        wave = self.need_wave_start[self.pair_need] + self.pair_first
        self.pair_chain = np.where(self.pair_member, 2 + 2 * waves + wave, 2 + waves + wave)
        self.need_bounds = np.searchsorted(self.pair_need, np.arange(len(self.need_ids) + 1))
        chain_nodes = waves + int(self.wave_counts[self.has_member_chain].sum())
        top_score = max(int(self.pair_scores.max()) if self.pair_count else 0, self.left_out_top)
        score, keep, proposal, bits = objective_levels(
            top_score=top_score,
            pair_count=max(self.pair_count, chain_nodes) if self.lists_shortened else self.pair_count,
            chain_nodes=chain_nodes,
            node_bound=2 + 3 * waves + self.pair_count,
            flow_bound=min(int(self.wave_slots.sum()), self.pair_count),
            has_kept=bool(self.pair_kept.any()),
        )
        self.tie_bits = bits
        self.levels = (score, keep, proposal)
        self.pair_costs = self.costs_of(self.pair_scores, self.pair_keys, self.pair_kept)

    def costs_of(self, scores: IntArray, tie_keys: npt.NDArray[np.uint64], kept: BoolArray) -> IntArray:
        """The arc costs of pairs with these scores, tie keys and kept flags: minus their weights."""
        score, keep, proposal = self.levels
        bits = self.tie_bits
        tie = (
            np.int64((1 << bits) - 1) - (tie_keys >> np.uint64(64 - bits)).astype(np.int64)
            if bits
            else np.zeros(len(scores), dtype=np.int64)
        )
        costs: IntArray = -(scores * score + kept * keep + proposal + tie)
        return costs

    @property
    def pair_count(self) -> int:
        return len(self.pair_need)

    def caps_of(self, candidate_ids: IntArray) -> IntArray:
        """Each candidate's cap of proposals."""
        if isinstance(self.caps, int | np.integer):
            capacities = np.full(len(candidate_ids), int(self.caps), dtype=np.int64)
        elif callable(self.caps):
            capacities = np.asarray(self.caps(candidate_ids), dtype=np.int64)
            if len(capacities) != len(candidate_ids):
                raise ValueError("the proposal caps' function must answer one cap per candidate asked")
        else:
            try:
                capacities = np.array([self.caps[c] for c in candidate_ids.tolist()], dtype=np.int64)
            except KeyError as error:
                raise ValueError(f"no proposal cap given for candidate {error.args[0]}") from error
        if len(capacities) and int(capacities.min()) < 0:
            raise ValueError("max_proposals_per_candidate must not be negative")
        return capacities


def top_pairs(instance: FlowInstance, need: int, depth: int) -> IntArray:
    """The indices of the need's ``depth`` best pairs, by score then smaller tie key, in linear time."""
    start, end = int(instance.need_bounds[need]), int(instance.need_bounds[need + 1])
    count = end - start
    if depth >= count:
        return np.arange(start, end, dtype=np.int64)
    if depth <= 0:
        return np.zeros(0, dtype=np.int64)
    scores = instance.pair_scores[start:end]
    threshold = np.partition(scores, count - depth)[count - depth]
    above = np.flatnonzero(scores > threshold)
    equal = np.flatnonzero(scores == threshold)
    wanted = depth - len(above)
    if wanted < len(equal):
        equal = equal[np.argpartition(instance.pair_keys[start:end][equal], wanted - 1)[:wanted]]
    return start + np.concatenate([above, equal]).astype(np.int64)


@dataclass(frozen=True)
class FlowSolution:
    """One solve: the chosen pairs (global indices) and the node potentials that prove the flow optimal."""

    chosen: IntArray
    potentials: IntArray
    candidates: IntArray  # sorted ids of the candidates in the graph
    candidate_nodes: IntArray  # their nodes

    def violations(self, instance: FlowInstance, left_out: BoolArray) -> IntArray:
        """The pairs left out whose arc has a negative reduced cost: adding them may improve the flow.

        A candidate in no solved pair sits at the source's potential (their source arc is unused); one with a cap
        of 0 can carry no flow, so their pairs never count.
        """
        indices = np.flatnonzero(left_out)
        if not len(indices):
            return indices.astype(np.int64)
        ids = instance.pair_candidates[indices]
        candidate_potential = np.full(len(ids), self.potentials[_SOURCE], dtype=np.int64)
        if len(self.candidates):
            position = np.minimum(np.searchsorted(self.candidates, ids), len(self.candidates) - 1)
            in_graph = self.candidates[position] == ids
            candidate_potential[in_graph] = self.potentials[self.candidate_nodes[position[in_graph]]]
        reduced = instance.pair_costs[indices] + candidate_potential - self.potentials[instance.pair_chain[indices]]
        negative = indices[reduced < 0]
        return negative[instance.caps_of(instance.pair_candidates[negative]) > 0]

    def lowest_candidate_potential(self) -> int:
        """A lower bound of any candidate's potential, in the graph or not (those not in it sit at the source's)."""
        lowest = int(self.potentials[_SOURCE])
        if len(self.candidate_nodes):
            lowest = min(lowest, int(self.potentials[self.candidate_nodes].min()))
        return lowest


def flow_solve(instance: FlowInstance, selected: IntArray) -> FlowSolution:
    """Solve the flow over the selected pairs and compute its potentials."""
    waves = len(instance.wave_ids)
    selected = selected[np.lexsort((instance.pair_keys[selected], instance.pair_need[selected]))]
    candidates, first, inverse = np.unique(instance.pair_candidates[selected], return_index=True, return_inverse=True)
    rank = np.empty(len(candidates), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(candidates))
    base = 2 + 3 * waves
    candidate_nodes = base + rank
    caps = np.empty(len(candidates), dtype=np.int64)
    caps[rank] = instance.caps_of(candidates)

    wave_nodes = 2 + np.arange(waves, dtype=np.int64)
    follows = np.ones(waves, dtype=np.bool_)  # wave g is followed by g + 1 of the same need
    follows[instance.need_wave_start + instance.wave_counts - 1] = False
    member_waves = instance.has_member_chain[instance.wave_need]
    total_slots = int(instance.wave_slots.sum())
    # The same supply in every solve, enough for any set of pairs: with the bypass arc, the solve is a maximum
    # weight flow of any value, so that the potentials also prove it against pairs not in this graph.
    flow = min(total_slots, instance.pair_count)
    chain_capacity = total_slots + 1
    n_selected, n_candidates = len(selected), len(candidates)
    member_follows = follows & member_waves
    blocks = [
        (candidate_nodes[inverse.reshape(-1)], instance.pair_chain[selected], np.ones(n_selected, dtype=np.int64),
         instance.pair_costs[selected]),  # pair arcs first: arc i is selected pair i
        (np.full(n_candidates, _SOURCE), base + np.arange(n_candidates), caps, None),
        (wave_nodes, np.full(waves, _SINK), instance.wave_slots, None),
        (waves + wave_nodes, wave_nodes, instance.wave_slots - instance.wave_reserved, None),
        ((2 * waves + wave_nodes)[member_waves], wave_nodes[member_waves], instance.wave_slots[member_waves], None),
        ((waves + wave_nodes)[follows], (waves + wave_nodes + 1)[follows], None, None),
        ((2 * waves + wave_nodes)[member_follows], (2 * waves + wave_nodes + 1)[member_follows], None, None),
        (np.array([_SOURCE]), np.array([_SINK]), np.array([flow]), None),
    ]  # fmt: skip
    tails = np.concatenate([block[0] for block in blocks]).astype(np.int64)
    heads = np.concatenate([block[1] for block in blocks]).astype(np.int64)
    capacities = np.concatenate(
        [block[2] if block[2] is not None else np.full(len(block[0]), chain_capacity) for block in blocks]
    ).astype(np.int64)
    costs = np.concatenate(
        [block[3] if block[3] is not None else np.zeros(len(block[0]), dtype=np.int64) for block in blocks]
    ).astype(np.int64)
    flows = min_cost_flows(tails=tails, heads=heads, capacities=capacities, costs=costs, supply=flow)
    potentials = residual_potentials(
        tails=tails, heads=heads, capacities=capacities, costs=costs, flows=flows, node_count=base + len(candidates)
    )
    return FlowSolution(
        chosen=selected[flows[: len(selected)] > 0],
        potentials=potentials,
        candidates=candidates.astype(np.int64),
        candidate_nodes=candidate_nodes,
    )

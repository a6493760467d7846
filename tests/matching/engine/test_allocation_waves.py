"""Allocation in waves, checked against an independent integer program (scipy's milp) over every pair and wave.

The reference knows nothing of flows, chains, depths or potentials: one binary variable per (pair, wave the
candidate can make), one proposal per pair, the candidates' caps, each wave's slots and unreserved slots.
"""

from dataclasses import dataclass, replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from matching.engine.allocation import (
    REASON_HOLDS_ELSEWHERE,
    REASON_OTHER_WAVE,
    REASON_POSITIVE_ACTION,
    REASON_SCORE,
    REASON_SLOTS_FILLED,
    AllocationWave,
    NeedCandidates,
    WaveAllocation,
    allocate_waves,
)
from matching.engine.wave_flow import objective_levels


@dataclass(frozen=True)
class Instance:
    needs: tuple[NeedCandidates, ...]
    waves: tuple[AllocationWave, ...]
    caps: dict[int, int]
    kept: frozenset[tuple[int, int]] = frozenset()

    def run(self, **options) -> WaveAllocation:
        arguments = {"needs": self.needs, "waves": self.waves, "max_proposals_per_candidate": self.caps}
        arguments["kept"] = self.kept
        return allocate_waves(**(arguments | options))

    def need_waves(self, need_id: int) -> list[AllocationWave]:
        return [wave for wave in self.waves if wave.need_id == need_id]


def random_instance(
    rng: np.random.Generator,
    *,
    needs: int,
    candidates: int,
    max_waves: int = 3,
    max_slots: int = 4,
    density: float = 0.6,
    kept_share: float = 0.0,
) -> Instance:
    """Random needs, waves, eligible pairs (arbitrary ids, random order), quotas, caps and kept pairs."""
    candidate_ids = rng.choice(np.arange(-1000, 10**6), size=candidates, replace=False).astype(np.int64)
    need_ids = rng.choice(np.arange(1, 10**6), size=needs, replace=False).astype(np.int64)
    few_values = rng.random() < 0.4  # ties between allocations are then common
    is_member = rng.random(candidates) < 0.4
    need_list, wave_list, kept = [], [], set()
    for need_id in need_ids.tolist():
        wave_count = int(rng.integers(1, max_waves + 1))
        has_quota = rng.random() < 0.4
        for position in range(wave_count):
            slots = int(rng.integers(0, max_slots + 1))
            reserved = int(rng.integers(0, slots + 1)) if has_quota else 0
            wave_list.append(AllocationWave(need_id, int(rng.integers(1, 10**6)) + position, slots, reserved))
        eligible = rng.random(candidates) < density
        ids = rng.permutation(candidate_ids[eligible])
        scores = rng.choice([0, 500, 1000], size=len(ids)) if few_values else rng.integers(0, 10_001, size=len(ids))
        member = np.isin(ids, candidate_ids[is_member]) if has_quota else None
        need_list.append(
            NeedCandidates(
                need_id=need_id,
                candidate_ids=ids,
                scores=scores.astype(np.int64),
                first_wave=rng.integers(0, wave_count, size=len(ids)),
                tie_keys=rng.integers(0, 2**64, size=len(ids), dtype=np.uint64),
                in_quota_group=member,
            )
        )
        kept |= {(need_id, int(c)) for c in ids[rng.random(len(ids)) < kept_share]}
    caps = {int(c): int(rng.integers(0, 3)) for c in candidate_ids}
    order = rng.permutation(len(need_list))
    return Instance(tuple(need_list[i] for i in order), tuple(wave_list), caps, frozenset(kept))


@st.composite
def instances(draw: st.DrawFn, *, kept: bool = False, max_candidates: int = 10) -> Instance:
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return random_instance(
        rng,
        needs=int(rng.integers(1, 5)),
        candidates=int(rng.integers(0, max_candidates + 1)),
        kept_share=0.3 if kept else 0.0,
    )


def reference(instance: Instance, objectives: list[str], bits: int = 0) -> list[int]:
    """The lexicographic optimum of the objectives over every (pair, wave) variable, one milp per level."""
    columns = []  # (need_id, candidate_id, wave index in instance.waves, score, kept, member, tie key)
    for need in instance.needs:
        wave_indices = [i for i, wave in enumerate(instance.waves) if wave.need_id == need.need_id]
        member = need.in_quota_group if need.in_quota_group is not None else np.zeros(len(need.candidate_ids), bool)
        for c, s, f, k, m in zip(need.candidate_ids, need.scores, need.first_wave, need.tie_keys, member, strict=True):
            for w in wave_indices[int(f) :]:
                columns.append((need.need_id, int(c), w, int(s), (need.need_id, int(c)) in instance.kept, bool(m), k))
    if not columns:
        return [0] * len(objectives)
    rows, bounds = [], []

    def constraint(mask, upper):
        rows.append(mask.astype(float))
        bounds.append(upper)

    pairs = sorted({(n, c) for n, c, *_ in columns})
    for pair in pairs:
        constraint(np.array([(n, c) == pair for n, c, *_ in columns]), 1)
    for candidate in sorted({c for _, c, *_ in columns}):
        constraint(np.array([c == candidate for _, c, *_ in columns]), instance.caps[candidate])
    for w, wave in enumerate(instance.waves):
        constraint(np.array([x[2] == w for x in columns]), wave.slots)
        constraint(np.array([x[2] == w and not x[5] for x in columns]), wave.slots - wave.reserved_slots)
    vectors = {
        "score": np.array([x[3] for x in columns], dtype=float),
        "kept": np.array([x[4] for x in columns], dtype=float),
        "proposals": np.ones(len(columns)),
        "ties": np.array([(2**bits - 1) - (int(x[6]) >> (64 - bits)) if bits else 0 for x in columns], dtype=float),
    }
    values = []
    for name in objectives:
        result = milp(
            -vectors[name],
            constraints=LinearConstraint(np.array(rows), -np.inf, np.array(bounds, dtype=float)),
            integrality=np.ones(len(columns)),
            bounds=Bounds(0, 1),
        )
        assert result.success
        value = round(-result.fun)
        values.append(value)
        rows.append(-vectors[name])
        bounds.append(-value)
    return values


def assert_feasible(instance: Instance, allocation: WaveAllocation) -> None:
    by_need = {need.need_id: need for need in instance.needs}
    seen, per_candidate, per_wave, outsiders = set(), {}, {}, {}
    for (need_id, candidate_id, wave_id), score in zip(allocation.pairs, allocation.pair_scores, strict=True):
        need = by_need[need_id]
        row = int(np.flatnonzero(need.candidate_ids == candidate_id)[0])
        wave_ids = [wave.wave_id for wave in instance.need_waves(need_id)]
        assert (need_id, candidate_id) not in seen, "one proposal per need"
        seen.add((need_id, candidate_id))
        assert wave_ids.index(wave_id) >= need.first_wave[row], "a wave they can make"
        assert score == need.scores[row]
        per_candidate[candidate_id] = per_candidate.get(candidate_id, 0) + 1
        per_wave[need_id, wave_id] = per_wave.get((need_id, wave_id), 0) + 1
        member = need.in_quota_group is not None and bool(need.in_quota_group[row])
        outsiders[need_id, wave_id] = outsiders.get((need_id, wave_id), 0) + (not member)
    assert all(count <= instance.caps[c] for c, count in per_candidate.items())
    for wave in instance.waves:
        assert per_wave.get((wave.need_id, wave.wave_id), 0) <= wave.slots
        assert outsiders.get((wave.need_id, wave.wave_id), 0) <= wave.slots - wave.reserved_slots
    members = {}
    for need_id, candidate_id, wave_id in allocation.pairs:
        need = by_need[need_id]
        row = int(np.flatnonzero(need.candidate_ids == candidate_id)[0])
        is_member = need.in_quota_group is not None and bool(need.in_quota_group[row])
        members[need_id, wave_id] = members.get((need_id, wave_id), 0) + is_member
    assert allocation.reserved_filled == tuple(
        (w.need_id, w.wave_id, min(w.reserved_slots, members.get((w.need_id, w.wave_id), 0)))
        for w in sorted(instance.waves, key=lambda w: w.need_id)
        if w.reserved_slots
    )
    assert allocation.total_score == sum(allocation.pair_scores)
    assert list(allocation.pairs) == sorted(allocation.pairs)
    counted = {(n, w): p for n, w, p in allocation.proposals_per_wave}
    assert counted == {(w.need_id, w.wave_id): per_wave.get((w.need_id, w.wave_id), 0) for w in instance.waves}


def objective_values(instance: Instance, allocation: WaveAllocation) -> list[int]:
    keys = {
        (need.need_id, int(c)): int(k)
        for need in instance.needs
        for c, k in zip(need.candidate_ids, need.tie_keys, strict=True)
    }
    bits = allocation.tie_bits
    ties = sum((2**bits - 1) - (keys[n, c] >> (64 - bits)) if bits else 0 for n, c, _ in allocation.pairs)
    kept = sum((n, c) in instance.kept for n, c, _ in allocation.pairs)
    return [allocation.total_score, kept, len(allocation.pairs), ties]


@settings(max_examples=80, deadline=None)
@given(instance=instances(), depth=st.sampled_from([None, 0, 1, 2]))
def test_the_total_score_is_the_integer_programming_optimum_whatever_the_start_depth(instance, depth):
    start = None if depth is None else {need.need_id: depth for need in instance.needs}
    allocation = instance.run(start_depth=start)
    assert_feasible(instance, allocation)
    assert allocation.total_score == reference(instance, ["score"])[0]


@settings(max_examples=60, deadline=None)
@given(instance=instances(kept=True), depth=st.sampled_from([None, 1]))
def test_among_best_totals_kept_pairs_then_proposals_then_small_tie_keys_win(instance, depth):
    start = None if depth is None else {need.need_id: depth for need in instance.needs}
    allocation = instance.run(start_depth=start)
    assert allocation.tie_bits == 20  # small instances keep the full tie-key level
    levels = ["score", "kept", "proposals", "ties"]
    assert objective_values(instance, allocation) == reference(instance, levels, allocation.tie_bits)


def test_large_needs_in_waves_with_overlapping_candidates_reach_the_optimum_from_a_shallow_start():
    rng = np.random.default_rng(7)
    candidate_ids = rng.permutation(np.arange(1, 1601)).astype(np.int64)
    quality = rng.integers(0, 5_000, size=1601)
    needs, waves, kept = [], [], set()
    for need_id, openings, wave_count in ((1, 300, 4), (2, 300, 3), (3, 60, 2)):
        per_wave = openings // wave_count
        for position in range(wave_count):
            slots = 2 * per_wave // 2  # k = 1 here, so that the 1,600 candidates are short of slots
            waves.append(AllocationWave(need_id, 10 * need_id + position, slots, slots // 5 if need_id == 2 else 0))
        ids = candidate_ids[rng.random(len(candidate_ids)) < 0.5]
        scores = quality[ids] + rng.integers(0, 5_000, size=len(ids))
        needs.append(
            NeedCandidates(
                need_id=need_id,
                candidate_ids=ids,
                scores=scores,
                first_wave=rng.integers(0, wave_count, size=len(ids)),
                tie_keys=rng.integers(0, 2**64, size=len(ids), dtype=np.uint64),
                in_quota_group=(ids % 7 == 0) if need_id == 2 else None,
            )
        )
        kept |= {(need_id, int(c)) for c in ids[:40]}
    caps = {int(c): int(rng.integers(1, 3)) for c in candidate_ids}
    instance = Instance(tuple(needs), tuple(waves), caps, frozenset(kept))
    allocation = instance.run(start_depth={1: 60, 2: 60, 3: 20})
    assert_feasible(instance, allocation)
    assert allocation.total_score == reference(instance, ["score"])[0]
    assert allocation.rounds > 1
    assert allocation.pairs_considered < sum(len(need.candidate_ids) for need in instance.needs)
    for need_id, wave_id, filled in allocation.reserved_filled:
        assert 0 <= filled <= next(w.reserved_slots for w in waves if (w.need_id, w.wave_id) == (need_id, wave_id))


@settings(max_examples=50, deadline=None)
@given(instance=instances(), seed=st.integers(0, 2**32 - 1))
def test_a_rerun_keeps_the_previous_proposals_even_when_tie_keys_and_other_needs_change(instance, seed):
    first = instance.run()
    previous = frozenset((n, c) for n, c, _ in first.pairs)
    assert instance.run(kept=previous).pairs == first.pairs
    # Redraw every tie key and add a need whose candidates nobody else wants: no kept proposal may move.
    rng = np.random.default_rng(seed)
    needs = [replace(need, tie_keys=rng.integers(0, 2**64, len(need.candidate_ids), dtype=np.uint64)) for need in
             instance.needs]  # fmt: skip
    newcomers = np.arange(10**7, 10**7 + 5, dtype=np.int64)
    needs.append(
        NeedCandidates(-5, newcomers, np.full(5, 800), np.zeros(5, dtype=np.int64), np.arange(5, dtype=np.uint64))
    )
    changed = Instance(
        tuple(needs), (*instance.waves, AllocationWave(-5, 1, 3)), instance.caps | dict.fromkeys(newcomers.tolist(), 1)
    )
    again = changed.run(kept=previous)
    assert previous <= {(n, c) for n, c, _ in again.pairs}
    assert again.total_score == first.total_score + 3 * 800


@settings(max_examples=40, deadline=None)
@given(instance=instances(), seed=st.integers(0, 2**32 - 1))
def test_the_result_depends_on_tie_keys_not_on_ids_nor_on_input_order(instance, seed):
    rng = np.random.default_rng(seed)
    every_id = sorted({int(c) for need in instance.needs for c in need.candidate_ids} | set(instance.caps))
    renamed = dict(
        zip(every_id, rng.choice(np.arange(10**8, 2 * 10**8), len(every_id), replace=False).tolist(), strict=True)
    )
    back = {new: old for old, new in renamed.items()}
    needs = []
    for need in instance.needs:
        order = rng.permutation(len(need.candidate_ids))
        needs.append(
            NeedCandidates(
                need.need_id,
                np.array([renamed[int(c)] for c in need.candidate_ids[order]], dtype=np.int64),
                need.scores[order],
                need.first_wave[order],
                need.tie_keys[order],
                None if need.in_quota_group is None else need.in_quota_group[order],
            )
        )
    # Waves of different needs may come in any order; a need's own waves keep their (date) order.
    waves = [w for n in rng.permutation(sorted({w.need_id for w in instance.waves})) for w in instance.need_waves(n)]
    other = Instance(tuple(needs[i] for i in rng.permutation(len(needs))), tuple(waves),
                     {renamed[c]: cap for c, cap in instance.caps.items()})  # fmt: skip
    first, second = instance.run(), other.run()
    assert sorted((n, back[c], w) for n, c, w in second.pairs) == list(first.pairs)
    assert {(n, back[c]): reason for (n, c), reason in second.reasons.items()} == dict(first.reasons)


def one_need(scores, *, slots=(2,), reserved=(0,), first=None, keys=None, member=None, need_id=1, ids=None):
    count = len(scores)
    return (
        NeedCandidates(
            need_id=need_id,
            candidate_ids=np.array(ids if ids is not None else range(1, count + 1), dtype=np.int64),
            scores=np.array(scores, dtype=np.int64),
            first_wave=np.array(first if first is not None else [0] * count, dtype=np.int64),
            tie_keys=np.array(keys if keys is not None else range(count), dtype=np.uint64),
            in_quota_group=None if member is None else np.array(member, dtype=np.bool_),
        ),
        [
            AllocationWave(need_id, 100 * need_id + i, s, r)
            for i, (s, r) in enumerate(zip(slots, reserved, strict=True))
        ],
    )


def test_equal_scores_go_to_the_smallest_tie_keys_not_to_the_smallest_ids():
    # Keys that differ in their top bits, as hashed keys do.
    need, waves = one_need([700] * 5, slots=(2,), keys=[key << 58 for key in (5, 1, 4, 2, 3)])
    allocation = allocate_waves(needs=[need], waves=waves)
    assert [c for _, c, _ in allocation.pairs] == [2, 4]


def test_each_reason_code_on_hand_made_instances():
    # Need 1: one wave of 2 slots, 1 reserved; candidate 4 is the only member. Candidate 1 holds need 2 too.
    need, waves = one_need([900, 800, 700, 100], slots=(2,), reserved=(1,), member=[False, False, False, True])
    other, other_waves = one_need([950], slots=(1,), need_id=2, ids=[3])
    allocation = allocate_waves(needs=[need, other], waves=[*waves, *other_waves], max_proposals_per_candidate=1)
    assert allocation.reasons[1, 1] == (REASON_SCORE, 900)
    assert allocation.reasons[1, 4] == (REASON_POSITIVE_ACTION, 100)  # value: the wave id
    assert allocation.reasons[1, 3] == (REASON_HOLDS_ELSEWHERE, 1)
    assert allocation.reasons[1, 2] == (REASON_SLOTS_FILLED, 100)
    assert allocation.reasons[2, 3] == (REASON_SCORE, 950)
    assert allocation.reserved_filled == ((1, 100, 1),)


def test_someone_who_could_start_earlier_is_told_they_are_proposed_for_a_later_wave():
    need, waves = one_need([900, 800, 700], slots=(1, 2), reserved=(0, 0), first=[0, 0, 1])
    allocation = allocate_waves(needs=[need], waves=waves)
    assert set(allocation.pairs) == {(1, 1, 100), (1, 2, 101), (1, 3, 101)}
    assert allocation.reasons[1, 2] == (REASON_OTHER_WAVE, 101)
    assert allocation.reasons[1, 3] == (REASON_SCORE, 700)
    assert allocation.proposals_per_wave == ((1, 100, 1), (1, 101, 2))


def test_a_candidate_is_proposed_once_per_need_and_reserved_slots_stay_empty_without_members():
    need, waves = one_need([900, 800], slots=(3, 3), reserved=(2, 2), member=[False, False])
    allocation = allocate_waves(needs=[need], waves=waves)
    assert [(c, w) for _, c, w in allocation.pairs] == [(1, 100), (2, 101)]
    assert allocation.reserved_filled == ((1, 100, 0), (1, 101, 0))


def test_reasons_cover_the_best_ranked_pairs_and_every_chosen_one():
    need, waves = one_need(list(range(1000, 0, -10)), slots=(1,))
    allocation = allocate_waves(needs=[need], waves=waves, reason_depth={1: 3})
    assert sorted(allocation.reasons) == [(1, 1), (1, 2), (1, 3)]
    # Without a reason depth, the start depth is used.
    assert len(allocate_waves(needs=[need], waves=waves, start_depth={1: 4}).reasons) == 4


@pytest.mark.parametrize(
    ("needs", "waves", "message"),
    [
        ([one_need([1])[0], one_need([1])[0]], one_need([1])[1], "listed twice"),
        ([one_need([1])[0]], [], "has no wave"),
        ([one_need([1], first=[1])[0]], one_need([1])[1], "first_wave"),
        ([one_need([-1])[0]], one_need([1])[1], "negative"),
        ([one_need([1, 2], ids=[5, 5])[0]], one_need([1])[1], "listed twice"),
    ],
)
def test_bad_input_is_refused(needs, waves, message):
    with pytest.raises(ValueError, match=message):
        allocate_waves(needs=needs, waves=waves)


@pytest.mark.parametrize(
    ("chain_nodes", "pair_count", "has_kept", "bits"),
    [
        (2 * 1_400 * 4, 2_000_000, True, 0),  # 100,000 candidates, 200,000 slots, 1,400 needs in 4 waves, quotas
        (2 * 1_400 * 4, 2_000_000, False, 11),
        (4, 1_000_000, True, 20),  # one need in four waves over a million candidates
    ],
)
def test_the_objective_levels_fit_the_solver_cost_range_at_scale(chain_nodes, pair_count, has_kept, bits):
    score, keep, proposal, tie_bits = objective_levels(
        top_score=10_000,
        pair_count=pair_count,
        chain_nodes=chain_nodes,
        node_bound=2 + 3 * 5_600 + pair_count,
        flow_bound=200_000,
        has_kept=has_kept,
    )
    assert tie_bits == bits
    cycle_pairs, spread = 2 * min(pair_count, chain_nodes), 2 * min(pair_count, chain_nodes) * (2**tie_bits - 1)
    # Each level outweighs everything below it over any residual cycle (see the module's proof).
    assert proposal > spread
    assert not has_kept or keep > proposal + spread
    assert score > keep * cycle_pairs + proposal + spread
    largest_cost = 10_000 * score + keep + proposal + 2**tie_bits
    assert largest_cost * 4 * (2 + 3 * 5_600 + pair_count + 1) < 2**63


def test_caps_given_as_a_function_give_the_mapping_s_result_asked_only_for_the_candidates_weighed():
    rng = np.random.default_rng(5)
    instance = random_instance(rng, needs=3, candidates=400, max_slots=3, density=0.9)
    asked: list[int] = []

    def caps(candidate_ids):
        asked.extend(candidate_ids.tolist())
        return [instance.caps[c] for c in candidate_ids.tolist()]

    by_function = instance.run(max_proposals_per_candidate=caps)
    assert by_function.pairs == instance.run().pairs
    everyone = {int(c) for need in instance.needs for c in need.candidate_ids}
    assert set(asked) < everyone, "a large need's candidates beyond its best pairs are never asked for"

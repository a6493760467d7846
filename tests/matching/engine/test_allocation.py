"""Allocation and deferred acceptance, checked against independent exact solvers (scipy) and by brute force.

The engine's purity (no Django import) is checked in ``test_purity.py``.
"""

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp

from matching.engine.allocation import Allocation, AllocationNeed, allocate, proposal_slots
from matching.engine.deferred_acceptance import blocking_pairs, deferred_acceptance


@dataclass(frozen=True)
class Instance:
    need_ids: np.ndarray
    candidate_ids: np.ndarray
    scores: np.ndarray
    needs: tuple[AllocationNeed, ...]
    group: frozenset[int]

    def run(self, p: int) -> Allocation:
        return allocate(
            need_ids=self.need_ids,
            candidate_ids=self.candidate_ids,
            scores=self.scores,
            needs=self.needs,
            max_proposals_per_candidate=p,
            quota_group_candidate_ids=self.group,
        )

    def score_of(self) -> dict[tuple[int, int], int]:
        return dict(
            zip(
                zip(self.need_ids.tolist(), self.candidate_ids.tolist(), strict=True),
                self.scores.tolist(),
                strict=True,
            )
        )


@st.composite
def instances(draw: st.DrawFn, *, quotas: bool = False, max_candidates: int = 8, max_needs: int = 5) -> Instance:
    """A small random instance: arbitrary ids, a random eligible subset, pairs in random order.

    Everything comes from a numpy generator seeded by hypothesis: drawing sizes and pairs through hypothesis
    favours the smallest instances (about 4 pairs on average), which would leave the solver little to do.
    """
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_candidates = int(rng.integers(0, max_candidates + 1))
    n_needs = int(rng.integers(0, max_needs + 1))
    candidate_ids = rng.choice(np.arange(-1000, 10**6), size=n_candidates, replace=False)
    need_ids = rng.choice(np.arange(-1000, 10**6), size=n_needs, replace=False)
    slots = rng.integers(0, 5, size=n_needs)
    reserved = rng.integers(0, slots + 1) if quotas else np.zeros(n_needs, dtype=np.int64)
    needs = tuple(
        AllocationNeed(need_id=int(n), slots=int(s), reserved_slots=int(r))
        for n, s, r in zip(need_ids, slots, reserved, strict=True)
    )
    grid_needs, grid_candidates = (grid.ravel() for grid in np.meshgrid(need_ids, candidate_ids, indexing="ij"))
    eligible = rng.random(grid_needs.size) < rng.uniform(0.3, 1.0)
    # Some instances draw scores from a few values, so that ties between allocations are common.
    values = rng.choice([0, 5_000, 10_000], size=eligible.sum()) if rng.random() < 0.3 else None
    scores = values if values is not None else rng.integers(0, 10_001, size=eligible.sum())
    order = rng.permutation(eligible.sum())
    is_member = rng.random(n_candidates) < 0.5
    group = frozenset(candidate_ids[is_member].tolist()) if quotas else frozenset()
    return Instance(
        grid_needs[eligible][order].astype(np.int64),
        grid_candidates[eligible][order].astype(np.int64),
        scores[order].astype(np.int64),
        tuple(needs[i] for i in rng.permutation(n_needs)),
        group,
    )


def assignment_optimum(instance: Instance) -> int:
    """Best total for p = 1 with scipy's Hungarian solver: candidates as rows, each need repeated `slots` times."""
    candidates = sorted(set(instance.candidate_ids.tolist()))
    columns = [need.need_id for need in instance.needs for _ in range(need.slots)]
    if not candidates or not columns:
        return 0
    row = {candidate: i for i, candidate in enumerate(candidates)}
    weights = np.zeros((len(candidates), len(columns)), dtype=np.int64)
    for (need_id, candidate_id), score in instance.score_of().items():
        for column, column_need in enumerate(columns):
            if column_need == need_id:
                weights[row[candidate_id], column] = score
    # A non-eligible pair weighs 0, so assigning it adds nothing: the same as leaving both unassigned.
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return int(weights[rows, cols].sum())


def milp_optimum(instance: Instance, p: int, *, weight: str = "score") -> int:
    """Best objective with one binary variable per pair (scipy's HiGHS, run to a zero optimality gap).

    `weight="score"` maximises the total score; `weight="score_then_count"` maximises score × (n + 1) + 1 summed,
    i.e. the total score first and then the number of proposals, as `allocate` promises.
    """
    pairs = list(instance.score_of().items())
    if not pairs:
        return 0
    scores = np.array([score for _, score in pairs], dtype=float)
    if weight == "score_then_count":
        scores = scores * (len(pairs) + 1) + 1
    rows, bounds = [], []
    for need in instance.needs:
        rows.append([float(need_id == need.need_id) for (need_id, _), _ in pairs])
        bounds.append(need.slots)
        if need.reserved_slots:
            rows.append([float(n == need.need_id and c not in instance.group) for (n, c), _ in pairs])
            bounds.append(need.slots - need.reserved_slots)
    for candidate in set(instance.candidate_ids.tolist()):
        rows.append([float(candidate_id == candidate) for (_, candidate_id), _ in pairs])
        bounds.append(p)
    result = milp(
        -scores,
        constraints=LinearConstraint(np.array(rows), -np.inf, np.array(bounds, dtype=float)),
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0},
    )
    assert result.success
    return round(-result.fun)


def assert_feasible(instance: Instance, allocation: Allocation, p: int) -> None:
    score_of = instance.score_of()
    pairs = allocation.pairs
    assert list(pairs) == sorted(set(pairs)), "pairs are sorted and unique"
    assert all(pair in score_of for pair in pairs), "only eligible pairs are proposed"
    assert allocation.pair_scores == tuple(score_of[pair] for pair in pairs), "scores are the input scores"
    assert allocation.total_score == sum(score_of[pair] for pair in pairs)
    per_need = {need.need_id: 0 for need in instance.needs}
    outsiders = dict(per_need)
    per_candidate: dict[int, int] = {}
    for need_id, candidate_id in pairs:
        per_need[need_id] += 1
        outsiders[need_id] += candidate_id not in instance.group
        per_candidate[candidate_id] = per_candidate.get(candidate_id, 0) + 1
    assert dict(allocation.proposals_per_need) == per_need
    assert all(count <= p for count in per_candidate.values())
    for need in instance.needs:
        assert per_need[need.need_id] <= need.slots
        assert outsiders[need.need_id] <= need.slots - need.reserved_slots


@settings(max_examples=100, deadline=None)
@given(instance=instances())
def test_one_proposal_per_candidate_reaches_the_assignment_optimum(instance):
    allocation = instance.run(p=1)

    assert_feasible(instance, allocation, p=1)
    assert allocation.total_score == assignment_optimum(instance)


@settings(max_examples=100, deadline=None)
@given(instance=instances())
def test_two_proposals_per_candidate_reach_the_integer_programming_optimum(instance):
    allocation = instance.run(p=2)

    assert_feasible(instance, allocation, p=2)
    assert allocation.total_score == milp_optimum(instance, p=2)


@settings(max_examples=100, deadline=None)
@given(instance=instances(quotas=True), p=st.integers(0, 3))
def test_quotas_are_respected_at_the_optimum(instance, p):
    allocation = instance.run(p=p)

    assert_feasible(instance, allocation, p=p)
    assert allocation.total_score == milp_optimum(instance, p=p)


@settings(max_examples=100, deadline=None)
@given(instance=instances(quotas=True), p=st.integers(1, 2))
def test_among_best_totals_the_most_proposals_are_made(instance, p):
    allocation = instance.run(p=p)

    weight = allocation.total_score * (len(instance.scores) + 1) + len(allocation.pairs)
    assert weight == milp_optimum(instance, p=p, weight="score_then_count")


@settings(max_examples=50, deadline=None)
@given(instance=instances(quotas=True), data=st.data())
def test_the_result_does_not_depend_on_input_order(instance, data):
    order = np.array(data.draw(st.permutations(range(len(instance.scores)))), dtype=np.int64)
    shuffled = Instance(
        instance.need_ids[order],
        instance.candidate_ids[order],
        instance.scores[order],
        tuple(data.draw(st.permutations(instance.needs))),
        instance.group,
    )

    assert shuffled.run(p=2) == instance.run(p=2)


def test_reserved_slots_go_to_group_members_even_when_others_score_higher():
    allocation = allocate(
        need_ids=np.array([1, 1, 1, 1]),
        candidate_ids=np.array([10, 11, 12, 13]),
        scores=np.array([9_000, 8_500, 8_000, 1_200]),
        needs=[AllocationNeed(need_id=1, slots=3, reserved_slots=2)],
        quota_group_candidate_ids={12, 13},
    )

    assert allocation.pairs == ((1, 10), (1, 12), (1, 13))
    assert allocation.pair_scores == (9_000, 8_000, 1_200)
    assert allocation.reserved_filled == ((1, 2),)


def test_reserved_slots_stay_empty_without_eligible_group_members():
    allocation = allocate(
        need_ids=np.array([1, 1, 2]),
        candidate_ids=np.array([10, 11, 12]),
        scores=np.array([9_000, 8_500, 7_000]),
        needs=[AllocationNeed(need_id=1, slots=3, reserved_slots=2), AllocationNeed(need_id=2, slots=1)],
        quota_group_candidate_ids={12},
    )

    assert allocation.pairs == ((1, 10), (2, 12))
    assert allocation.proposals_per_need == ((1, 1), (2, 1))
    assert allocation.reserved_filled == ((1, 0),)


def test_a_group_member_may_also_take_a_general_slot():
    allocation = allocate(
        need_ids=np.array([1, 1, 1]),
        candidate_ids=np.array([10, 11, 12]),
        scores=np.array([9_000, 8_000, 5_000]),
        needs=[AllocationNeed(need_id=1, slots=2, reserved_slots=1)],
        quota_group_candidate_ids={10, 11},
    )

    assert allocation.pairs == ((1, 10), (1, 11))
    assert allocation.reserved_filled == ((1, 1),)


def test_a_strong_candidate_is_spread_instead_of_proposed_everywhere():
    allocation = allocate(
        need_ids=np.array([1, 2, 3, 1, 2, 3]),
        candidate_ids=np.array([10, 10, 10, 11, 12, 13]),
        scores=np.array([9_900, 9_800, 9_700, 6_000, 5_000, 1_000]),
        needs=[AllocationNeed(need_id=need_id, slots=1) for need_id in (1, 2, 3)],
        max_proposals_per_candidate=2,
    )

    # Candidate 10 is kept for needs 2 and 3, where the others are weakest: 6,000 + 9,800 + 9,700.
    assert allocation.pairs == ((1, 11), (2, 10), (3, 10))
    assert allocation.total_score == 25_500


def test_zero_score_pairs_fill_slots_nothing_better_wants():
    allocation = allocate(
        need_ids=np.array([1, 1]),
        candidate_ids=np.array([10, 11]),
        scores=np.array([0, 4_000]),
        needs=[AllocationNeed(need_id=1, slots=2)],
    )

    assert allocation.pairs == ((1, 10), (1, 11))
    assert allocation.total_score == 4_000


def test_empty_input_and_closed_needs_give_no_proposal():
    empty = allocate(need_ids=np.array([]), candidate_ids=np.array([]), scores=np.array([]), needs=[])
    closed = allocate(
        need_ids=np.array([1, 1]),
        candidate_ids=np.array([10, 11]),
        scores=np.array([9_000, 8_000]),
        needs=[AllocationNeed(need_id=1, slots=proposal_slots(0))],
    )
    no_proposals_allowed = allocate(
        need_ids=np.array([1]),
        candidate_ids=np.array([10]),
        scores=np.array([9_000]),
        needs=[AllocationNeed(need_id=1, slots=2)],
        max_proposals_per_candidate=0,
    )

    assert empty == Allocation(pairs=(), pair_scores=(), total_score=0, proposals_per_need=(), reserved_filled=())
    assert closed.pairs == ()
    assert closed.proposals_per_need == ((1, 0),)
    assert no_proposals_allowed.pairs == ()


@pytest.mark.parametrize(
    ("openings_left", "k", "expected"), [(5, 2, 10), (3, 1, 3), (0, 2, 0), (-2, 2, 0), (40, 3, 120)]
)
def test_proposal_slots(openings_left, k, expected):
    assert proposal_slots(openings_left, k) == expected


@pytest.mark.parametrize(
    ("need_ids", "candidate_ids", "scores", "message"),
    [
        ([1, 1], [10, 10], [5_000, 6_000], "listed twice"),
        ([1, 1], [10, 11], [5_000, -1], "negative"),
        ([1, 2], [10, 11], [5_000, 6_000], "absent from needs"),
        ([1, 1], [10, 11], [5_000], "same length"),
        ([1], [10], [50.5], "integers"),
    ],
)
def test_bad_pairs_are_refused(need_ids, candidate_ids, scores, message):
    with pytest.raises(ValueError, match=message):
        allocate(
            need_ids=np.array(need_ids),
            candidate_ids=np.array(candidate_ids),
            scores=np.array(scores),
            needs=[AllocationNeed(need_id=1, slots=2)],
        )


def test_bad_needs_are_refused():
    with pytest.raises(ValueError, match="reserved_slots"):
        AllocationNeed(need_id=1, slots=2, reserved_slots=3)
    with pytest.raises(ValueError, match="slots"):
        AllocationNeed(need_id=1, slots=-1)
    with pytest.raises(ValueError, match="listed twice in needs"):
        allocate(
            need_ids=np.array([1]),
            candidate_ids=np.array([10]),
            scores=np.array([1]),
            needs=[AllocationNeed(need_id=1, slots=1), AllocationNeed(need_id=1, slots=2)],
        )


# --- deferred acceptance ---


@st.composite
def preferences(draw: st.DrawFn, *, max_candidates: int = 6, max_needs: int = 4):
    """Random two-sided preferences: each side lists a random subset of the other, in random order."""
    candidates = list(range(100, 100 + draw(st.sampled_from(range(max_candidates + 1)))))
    needs = list(range(1, 1 + draw(st.sampled_from(range(max_needs + 1)))))
    candidate_preferences = {c: draw(st.permutations(needs).flatmap(_prefix)) for c in candidates}
    need_preferences = {n: draw(st.permutations(candidates).flatmap(_prefix)) for n in needs}
    capacities = {n: draw(st.integers(0, 3)) for n in needs}
    return candidate_preferences, need_preferences, capacities


def _prefix(items: Sequence[int]) -> st.SearchStrategy[list[int]]:
    return st.integers(0, len(items)).map(lambda length: list(items[:length]))


def stable_matchings(
    candidate_preferences: Mapping[int, Sequence[int]],
    need_preferences: Mapping[int, Sequence[int]],
    capacities: Mapping[int, int],
) -> list[dict[int, int]]:
    """Every stable matching, by brute force, as candidate -> need (unmatched candidates left out)."""
    candidates = sorted(candidate_preferences)
    options = [[None, *(n for n in candidate_preferences[c] if c in need_preferences.get(n, ()))] for c in candidates]
    found = []
    for choice in itertools.product(*options):
        assignment = {c: n for c, n in zip(candidates, choice, strict=True) if n is not None}
        if any(list(assignment.values()).count(n) > seats for n, seats in capacities.items()):
            continue
        matching = {
            n: sorted((c for c, m in assignment.items() if m == n), key=need_preferences[n].index) for n in capacities
        }
        if not blocking_pairs(matching, candidate_preferences, need_preferences, capacities):
            found.append(assignment)
    return found


@settings(max_examples=100, deadline=None)
@given(instance=preferences())
def test_deferred_acceptance_is_stable_and_respects_both_sides(instance):
    candidate_preferences, need_preferences, capacities = instance

    matching = deferred_acceptance(
        candidate_preferences=candidate_preferences, need_preferences=need_preferences, capacities=capacities
    )

    assert set(matching) == set(capacities)
    assert blocking_pairs(matching, candidate_preferences, need_preferences, capacities) == []
    admitted = [c for candidates in matching.values() for c in candidates]
    assert len(admitted) == len(set(admitted)), "a candidate is admitted at most once"
    for need, candidates in matching.items():
        assert len(candidates) <= capacities[need]
        assert list(candidates) == sorted(candidates, key=need_preferences[need].index)
        assert all(need in candidate_preferences[c] for c in candidates), "only mutually acceptable pairs"


@settings(max_examples=100, deadline=None)
@given(instance=preferences(max_candidates=5, max_needs=3))
def test_deferred_acceptance_gives_each_candidate_its_best_stable_need(instance):
    candidate_preferences, need_preferences, capacities = instance

    matching = deferred_acceptance(
        candidate_preferences=candidate_preferences, need_preferences=need_preferences, capacities=capacities
    )

    got = {c: n for n, candidates in matching.items() for c in candidates}
    unmatched = len(capacities) + 1

    def position(candidate: int, need: int | None) -> int:
        return unmatched if need is None else candidate_preferences[candidate].index(need)

    for stable in stable_matchings(candidate_preferences, need_preferences, capacities):
        for candidate in candidate_preferences:
            assert position(candidate, got.get(candidate)) <= position(candidate, stable.get(candidate))


def test_deferred_acceptance_on_the_textbook_cyclic_instance():
    # Three stable matchings exist; the proposing side gets its first choices, the other side its last.
    a, b, c = 101, 102, 103
    candidate_preferences = {a: [1, 2, 3], b: [2, 3, 1], c: [3, 1, 2]}
    need_preferences = {1: [b, c, a], 2: [c, a, b], 3: [a, b, c]}
    capacities = {1: 1, 2: 1, 3: 1}

    matching = deferred_acceptance(
        candidate_preferences=candidate_preferences, need_preferences=need_preferences, capacities=capacities
    )

    assert matching == {1: (a,), 2: (b,), 3: (c,)}
    assert len(stable_matchings(candidate_preferences, need_preferences, capacities)) == 3


def test_deferred_acceptance_with_several_seats_and_a_rejection_chain():
    # a and b fill x; c displaces b; b displaces d at y; d is refused by x, which prefers a and c.
    a, b, c, d = 101, 102, 103, 104
    x, y = 1, 2
    candidate_preferences = {a: [x, y], b: [x, y], c: [x], d: [y, x]}
    need_preferences = {x: [c, a, d, b], y: [b, a, d]}
    capacities = {x: 2, y: 1}

    matching = deferred_acceptance(
        candidate_preferences=candidate_preferences, need_preferences=need_preferences, capacities=capacities
    )

    assert matching == {x: (c, a), y: (b,)}
    assert blocking_pairs({x: [c, a], y: [d]}, candidate_preferences, need_preferences, capacities) == [(y, b)]


def test_deferred_acceptance_refuses_bad_preferences():
    with pytest.raises(ValueError, match="twice"):
        deferred_acceptance(candidate_preferences={10: [1, 1]}, need_preferences={1: [10]}, capacities={1: 1})
    with pytest.raises(ValueError, match="no capacity"):
        deferred_acceptance(candidate_preferences={10: [1]}, need_preferences={1: [10]}, capacities={})
    with pytest.raises(ValueError, match="negative"):
        deferred_acceptance(candidate_preferences={10: [1]}, need_preferences={1: [10]}, capacities={1: -1})


def test_per_candidate_caps_count_proposals_held_elsewhere():
    allocation = allocate(
        need_ids=np.array([1, 2, 1, 2]),
        candidate_ids=np.array([10, 10, 11, 11]),
        scores=np.array([9_000, 8_000, 7_000, 6_000]),
        needs=[AllocationNeed(need_id=1, slots=2), AllocationNeed(need_id=2, slots=2)],
        # Candidate 10 already holds one proposal on another need; candidate 11 holds none.
        max_proposals_per_candidate={10: 1, 11: 2},
    )

    assert allocation.pairs == ((1, 10), (1, 11), (2, 11))
    assert allocation.total_score == 22_000


def test_a_numpy_integer_is_one_cap_for_everyone():
    allocation = allocate(
        need_ids=np.array([1, 2]),
        candidate_ids=np.array([10, 10]),
        scores=np.array([9_000, 8_000]),
        needs=[AllocationNeed(need_id=1, slots=1), AllocationNeed(need_id=2, slots=1)],
        max_proposals_per_candidate=np.int64(1),
    )
    assert allocation.pairs == ((1, 10),)


def test_a_missing_cap_is_refused():
    with pytest.raises(ValueError, match="no proposal cap given for candidate 11"):
        allocate(
            need_ids=np.array([1, 1]),
            candidate_ids=np.array([10, 11]),
            scores=np.array([1, 2]),
            needs=[AllocationNeed(need_id=1, slots=2)],
            max_proposals_per_candidate={10: 1},
        )


def test_membership_is_read_per_pair_when_needs_name_different_groups():
    # Candidate 13 belongs to the group of need 2's quota, not to that of need 1: on need 1 they are not a member.
    allocation = allocate(
        need_ids=np.array([1, 1, 2]),
        candidate_ids=np.array([12, 13, 13]),
        scores=np.array([3_000, 8_000, 1_000]),
        needs=[AllocationNeed(need_id=1, slots=1, reserved_slots=1), AllocationNeed(need_id=2, slots=1)],
        max_proposals_per_candidate=1,
        pair_in_quota_group=np.array([True, False, True]),
    )

    assert allocation.pairs == ((1, 12), (2, 13))
    assert allocation.reserved_filled == ((1, 1),)

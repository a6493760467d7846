"""Deferred acceptance checked against the definitions, on every matching of small random instances.

The reference below is written from the textbook, independently of the engine: a matching respects the
capacities and pairs only people who listed each other; a pair (need, candidate) blocks it when both are
acceptable to each other, the candidate is unmatched or prefers the need to its own, and the need has a free seat
or prefers the candidate to one it admitted. Among all stable matchings, the candidate-optimal one gives every
candidate their best partner at once (Gale and Shapley, 1962; Roth, 1984, for many-to-one).
"""

import itertools
import random

import pytest

from matching.engine.deferred_acceptance import blocking_pairs, deferred_acceptance

INSTANCES = 600


def _random_instance(rng):
    """Up to 6 candidates and 3 needs, capacities 0 to 3, lists in random orders, often incomplete.

    Half the instances have as many candidates as seats and complete lists: that is where several stable matchings
    exist, so where candidate-optimality is at stake.
    """
    needs = list(range(1, 1 + rng.randint(1, 3)))
    capacities = {need: rng.choice([0, 1, 1, 2, 3]) for need in needs}
    tight = rng.random() < 0.5
    headcount = min(6, sum(capacities.values())) if tight else rng.randint(0, 6)
    candidates = list(range(100, 100 + headcount))

    def ranked(items):
        return rng.sample(items, len(items) if tight else rng.randint(0, len(items)))

    candidate_preferences = {candidate: ranked(needs) for candidate in candidates}
    # A need may rank nobody, or lack a list altogether (it then accepts nobody).
    need_preferences = {need: ranked(candidates) for need in needs if tight or rng.random() < 0.9}
    return candidate_preferences, need_preferences, capacities


def _acceptable(candidate, need, candidate_preferences, need_preferences):
    return need in candidate_preferences.get(candidate, ()) and candidate in need_preferences.get(need, ())


def _every_matching(candidate_preferences, need_preferences, capacities):
    """Each matching as {candidate: need or None}, within capacities and between mutually acceptable people."""
    candidates = sorted(candidate_preferences)
    options = [
        [None]
        + [
            need
            for need in capacities
            if capacities[need] > 0 and _acceptable(candidate, need, candidate_preferences, need_preferences)
        ]
        for candidate in candidates
    ]
    for choice in itertools.product(*options):
        seats_taken = {need: choice.count(need) for need in capacities}
        if all(seats_taken[need] <= capacities[need] for need in capacities):
            yield dict(zip(candidates, choice, strict=True))


def _prefers(ranked, first, second):
    """Whether ``first`` comes before ``second`` in ``ranked``; anything listed beats being unlisted or None."""
    if first not in ranked:
        return False
    return second not in ranked or ranked.index(first) < ranked.index(second)


def _reference_blocking_pairs(assignment, candidate_preferences, need_preferences, capacities):
    """Every (need, candidate) blocking ``assignment`` ({candidate: need or None}), by the definition."""
    found = []
    for need, seats in capacities.items():
        admitted = [candidate for candidate, assigned in assignment.items() if assigned == need]
        need_list = need_preferences.get(need, [])
        for candidate in candidate_preferences:
            if assignment.get(candidate) == need or seats == 0:
                continue
            if not _acceptable(candidate, need, candidate_preferences, need_preferences):
                continue
            if not _prefers(candidate_preferences[candidate], need, assignment.get(candidate)):
                continue
            has_free_seat = len(admitted) < seats
            would_replace_someone = any(_prefers(need_list, candidate, other) for other in admitted)
            if has_free_seat or would_replace_someone:
                found.append((need, candidate))
    return sorted(found)


def _as_assignment(matching, candidate_preferences):
    assignment = dict.fromkeys(candidate_preferences)
    for need, candidates in matching.items():
        for candidate in candidates:
            assignment[candidate] = need
    return assignment


def _as_matching(assignment, capacities):
    return {
        need: tuple(candidate for candidate, assigned in sorted(assignment.items()) if assigned == need)
        for need in capacities
    }


def _instances():
    rng = random.Random(20261205)
    return [_random_instance(rng) for _ in range(INSTANCES)]


def test_the_engine_gives_the_candidate_optimal_stable_matching_on_every_small_instance():
    checked_with_a_choice = 0
    for candidate_preferences, need_preferences, capacities in _instances():
        stable = [
            assignment
            for assignment in _every_matching(candidate_preferences, need_preferences, capacities)
            if not _reference_blocking_pairs(assignment, candidate_preferences, need_preferences, capacities)
        ]
        # A stable matching always exists (Gale and Shapley), so the reference must find one.
        assert stable

        result = deferred_acceptance(
            candidate_preferences=candidate_preferences,
            need_preferences=need_preferences,
            capacities=capacities,
        )

        assert set(result) == set(capacities)
        engine_assignment = _as_assignment(result, candidate_preferences)
        assert engine_assignment in stable, (candidate_preferences, need_preferences, capacities, result)
        for candidate, ranked in candidate_preferences.items():
            for other in stable:
                assert not _prefers(ranked, other[candidate], engine_assignment[candidate]), (
                    f"candidate {candidate} does better in another stable matching",
                    candidate_preferences,
                    need_preferences,
                    capacities,
                    result,
                )
        for need, admitted in result.items():
            assert len(admitted) <= capacities[need]
            ranked = need_preferences.get(need, [])
            assert list(admitted) == sorted(admitted, key=ranked.index), "admitted in the need's order"
        if len(stable) > 1:
            checked_with_a_choice += 1
    # The random instances must include some with several stable matchings, or optimality was never at stake.
    assert checked_with_a_choice >= 20


def test_blocking_pairs_agrees_with_the_definition_on_random_matchings():
    rng = random.Random(1962)
    unstable_seen = 0
    for candidate_preferences, need_preferences, capacities in _instances():
        matchings = list(_every_matching(candidate_preferences, need_preferences, capacities))
        for assignment in rng.sample(matchings, min(5, len(matchings))):
            expected = _reference_blocking_pairs(assignment, candidate_preferences, need_preferences, capacities)
            found = blocking_pairs(
                _as_matching(assignment, capacities), candidate_preferences, need_preferences, capacities
            )
            assert found == expected, (assignment, candidate_preferences, need_preferences, capacities)
            unstable_seen += bool(expected)
    assert unstable_seen > 100


def test_blocking_pairs_counts_an_admitted_but_unlisted_candidate_as_the_needs_least_preferred():
    # Staff may confirm a pair the need never ranked; any candidate the need did list and who wants it then blocks.
    found = blocking_pairs({1: (7,)}, {7: [1], 8: [1]}, {1: [8]}, {1: 1})
    assert found == [(1, 8)]


def test_the_engines_own_result_has_no_blocking_pair():
    for candidate_preferences, need_preferences, capacities in _instances():
        result = deferred_acceptance(
            candidate_preferences=candidate_preferences,
            need_preferences=need_preferences,
            capacities=capacities,
        )
        assert blocking_pairs(result, candidate_preferences, need_preferences, capacities) == []


def test_a_small_known_case():
    # Both candidates want need 1 (one seat), which prefers candidate 2; candidate 1 falls back to need 2.
    result = deferred_acceptance(
        candidate_preferences={1: [1, 2], 2: [1]},
        need_preferences={1: [2, 1], 2: [1]},
        capacities={1: 1, 2: 1},
    )
    assert result == {1: (2,), 2: (1,)}


@pytest.mark.parametrize(
    ("candidate_preferences", "need_preferences", "capacities", "message"),
    [
        ({1: [1]}, {1: [1]}, {1: -1}, "capacity must not be negative"),
        ({1: [1]}, {1: [1], 2: [1]}, {1: 1}, "no capacity"),
        ({1: [1, 1]}, {1: [1]}, {1: 1}, "candidate 1 lists the same id twice"),
        ({1: [1]}, {1: [1, 1]}, {1: 1}, "need 1 lists the same id twice"),
    ],
)
def test_deferred_acceptance_refuses_invalid_input(candidate_preferences, need_preferences, capacities, message):
    with pytest.raises(ValueError, match=message):
        deferred_acceptance(
            candidate_preferences=candidate_preferences, need_preferences=need_preferences, capacities=capacities
        )


@pytest.mark.parametrize(
    ("matching", "candidate_preferences", "need_preferences", "capacities", "message"),
    [
        ({1: (1,), 2: (1,)}, {1: [1, 2]}, {1: [1], 2: [1]}, {1: 1, 2: 1}, "admitted by needs 1 and 2"),
        ({1: (1, 2)}, {1: [1], 2: [1]}, {1: [1, 2]}, {1: 1}, "more candidates than its capacity"),
        ({}, {1: [1]}, {1: [1]}, {1: -2}, "capacity must not be negative"),
        ({}, {1: [1]}, {1: [1], 3: []}, {1: 1}, "no capacity"),
        ({}, {1: [1, 1]}, {1: [1]}, {1: 1}, "candidate 1 lists the same id twice"),
    ],
)
def test_blocking_pairs_refuses_invalid_input(matching, candidate_preferences, need_preferences, capacities, message):
    with pytest.raises(ValueError, match=message):
        blocking_pairs(matching, candidate_preferences, need_preferences, capacities)

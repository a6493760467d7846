"""Stable matching for job-dating events, where candidates and employers have ranked each other.

At a job-dating day both sides state preferences, and what matters is that the result holds: no candidate and
need would both rather have each other than what they got (a "blocking pair"). Candidate-proposing deferred
acceptance (Gale–Shapley, many-to-one) gives such a matching, and the best one for every candidate among all
stable matchings. It reaches a slightly lower total fit than ``matching.engine.allocation.allocate``; the two
answer different questions.

``blocking_pairs`` audits any matching against the stated preferences, so staff edits can be checked too.
"""

import heapq
from collections.abc import Mapping, Sequence


def deferred_acceptance(
    *,
    candidate_preferences: Mapping[int, Sequence[int]],
    need_preferences: Mapping[int, Sequence[int]],
    capacities: Mapping[int, int],
) -> dict[int, tuple[int, ...]]:
    """The candidate-optimal stable matching.

    ``candidate_preferences`` maps a candidate to need ids and ``need_preferences`` a need to candidate ids, most
    preferred first; ``capacities`` gives each need's seats, and its keys are the needs. A pair is acceptable only
    if each side lists the other; a need missing from ``need_preferences`` accepts nobody, and a need a candidate
    lists but ``capacities`` lacks is ignored.

    Returns every need of ``capacities`` with its admitted candidates, in the need's order of preference.
    Raises ``ValueError`` for a negative capacity, a need in ``need_preferences`` missing from ``capacities``, or an
    id listed twice in one preference list.
    """
    _check_capacities(need_preferences, capacities)
    need_rank = {need: _ranks(f"need {need}", ranked) for need, ranked in need_preferences.items()}
    for candidate, ranked in candidate_preferences.items():
        _ranks(f"candidate {candidate}", ranked)

    # Each need keeps its admitted candidates in a heap keyed by negated rank, so the one it likes least is on top
    # and each proposal costs O(log seats).
    admitted: dict[int, list[tuple[int, int]]] = {need: [] for need in capacities}
    next_choice = dict.fromkeys(candidate_preferences, 0)
    # The candidate-optimal stable matching is unique, so the order in which free candidates propose does not
    # change the result; popping from a stack is simply the cheapest.
    free = sorted(candidate_preferences, reverse=True)
    while free:
        candidate = free.pop()
        ranked_needs = candidate_preferences[candidate]
        choice = next_choice[candidate]
        while choice < len(ranked_needs):
            need = ranked_needs[choice]
            choice += 1
            rank = need_rank.get(need, {}).get(candidate)
            seats = capacities.get(need, 0)
            if rank is None or seats == 0:
                continue
            heap = admitted[need]
            if len(heap) < seats:
                heapq.heappush(heap, (-rank, candidate))
                break
            if rank < -heap[0][0]:
                _, rejected = heapq.heapreplace(heap, (-rank, candidate))
                free.append(rejected)
                break
        next_choice[candidate] = choice

    # Sorting (-rank, candidate) descending gives rank ascending: most preferred first.
    return {need: tuple(candidate for _, candidate in sorted(heap, reverse=True)) for need, heap in admitted.items()}


def blocking_pairs(
    matching: Mapping[int, Sequence[int]],
    candidate_preferences: Mapping[int, Sequence[int]],
    need_preferences: Mapping[int, Sequence[int]],
    capacities: Mapping[int, int],
) -> list[tuple[int, int]]:
    """The (need_id, candidate_id) pairs that would both rather be matched together, sorted.

    A mutually acceptable pair blocks ``matching`` (need_id -> admitted candidates) when the candidate prefers the
    need to its current one (or has none, or has one it does not list) and the need has a free seat or prefers
    the candidate to someone it admitted (an admitted candidate the need does not list counts as its least
    preferred). An empty list means the matching is stable. Raises ``ValueError`` for what
    ``deferred_acceptance`` refuses, a candidate admitted twice, or a need admitting more candidates than its
    capacity (a need missing from ``capacities`` has none).
    """
    _check_capacities(need_preferences, capacities)
    need_rank = {need: _ranks(f"need {need}", ranked) for need, ranked in need_preferences.items()}
    for candidate, ranked in candidate_preferences.items():
        _ranks(f"candidate {candidate}", ranked)
    assigned: dict[int, int] = {}
    for need, candidates in matching.items():
        if len(candidates) > capacities.get(need, 0):
            raise ValueError(f"need {need} admits more candidates than its capacity")
        for candidate in candidates:
            if candidate in assigned:
                raise ValueError(f"candidate {candidate} is admitted by needs {assigned[candidate]} and {need}")
            assigned[candidate] = need
    worst_admitted_rank = {
        need: max(need_rank.get(need, {}).get(candidate, len(need_rank.get(need, {}))) for candidate in candidates)
        for need, candidates in matching.items()
        if candidates
    }

    blocking = []
    for candidate, ranked_needs in candidate_preferences.items():
        current = assigned.get(candidate)
        current_position = len(ranked_needs)
        if current is not None and current in ranked_needs:
            current_position = list(ranked_needs).index(current)
        for need in ranked_needs[:current_position]:
            rank = need_rank.get(need, {}).get(candidate)
            seats = capacities.get(need, 0)
            if rank is None or seats == 0:
                continue
            if len(matching.get(need, ())) < seats or rank < worst_admitted_rank[need]:
                blocking.append((need, candidate))
    return sorted(blocking)


def _check_capacities(need_preferences: Mapping[int, Sequence[int]], capacities: Mapping[int, int]) -> None:
    for need, seats in capacities.items():
        if seats < 0:
            raise ValueError(f"need {need}: capacity must not be negative, got {seats}")
    missing = sorted(set(need_preferences) - set(capacities))
    if missing:
        raise ValueError(f"needs with preferences but no capacity: {missing[:10]}")


def _ranks(owner: str, ranked: Sequence[int]) -> dict[int, int]:
    """Position of each id in a preference list, 0 for the most preferred."""
    ranks = {item: position for position, item in enumerate(ranked)}
    if len(ranks) != len(ranked):
        raise ValueError(f"{owner} lists the same id twice in its preferences")
    return ranks

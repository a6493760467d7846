"""Allocation over lists shortened to each need's best pairs, checked against the integer program over every pair.

A shortened list carries its best pair left out; the allocation either proves the optimum from the lists as given
or names the needs to list in full (``ListsTooShort``). Listing those and allocating again must end at the
optimum over every pair: the total score, then the kept proposals, then the number of proposals.
"""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.allocation import AllocationWave, ListsTooShort, NeedCandidates, allocate_waves
from matching.engine.allocation_lists import lists_pack, lists_unpack
from matching.engine.columns import WaveSpec
from tests.matching.engine.builders import START_DAY, need_spec
from tests.matching.engine.test_allocation_waves import (
    Instance,
    assert_feasible,
    objective_values,
    one_need,
    random_instance,
    reference,
)


def shortened(need: NeedCandidates, depth: int, kept: frozenset[tuple[int, int]]) -> NeedCandidates:
    """The need's best ``depth`` pairs (score, then smaller tie key) and its kept ones, with the best left out."""
    order = np.lexsort((need.tie_keys, -need.scores))
    listed = np.zeros(len(order), dtype=np.bool_)
    listed[order[:depth]] = True
    listed |= np.array([(need.need_id, int(c)) in kept for c in need.candidate_ids], dtype=np.bool_)
    left_out = [row for row in order.tolist() if not listed[row]]
    if not left_out or not listed.any():
        return need
    best = left_out[0]
    return replace(
        need,
        candidate_ids=need.candidate_ids[listed],
        scores=need.scores[listed],
        first_wave=need.first_wave[listed],
        tie_keys=need.tie_keys[listed],
        in_quota_group=None if need.in_quota_group is None else need.in_quota_group[listed],
        left_out_score=int(need.scores[best]),
        left_out_tie_key=int(need.tie_keys[best]),
    )


def allocate_listing_in_full_when_told(instance: Instance, depths: dict[int, int]):
    """Allocate over shortened lists; list in full each need the allocation names, until it proves its optimum."""
    full = {need.need_id: need for need in instance.needs}
    lists = {need_id: shortened(need, depths[need_id], instance.kept) for need_id, need in full.items()}
    named: list[int] = []
    while True:
        try:
            return Instance(tuple(lists.values()), instance.waves, instance.caps, instance.kept).run(), named
        except ListsTooShort as short:
            told = short.need_ids
        assert told
        for need_id in told:
            assert lists[need_id].left_out_score is not None  # only a shortened list is ever named
            lists[need_id] = full[need_id]
        named += told


@st.composite
def instances_and_depths(draw: st.DrawFn):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    instance = random_instance(rng, needs=int(rng.integers(1, 5)), candidates=int(rng.integers(0, 11)), kept_share=0.2)
    depths = {need.need_id: draw(st.integers(0, 4)) for need in instance.needs}
    return instance, depths


@settings(max_examples=120, deadline=None)
@given(case=instances_and_depths())
def test_shortened_lists_reach_the_optimum_over_every_pair(case):
    instance, depths = case
    allocation, _ = allocate_listing_in_full_when_told(instance, depths)
    assert_feasible(instance, allocation)
    levels = ["score", "kept", "proposals"]
    assert objective_values(instance, allocation)[:3] == reference(instance, levels)


def test_a_need_whose_best_candidates_are_taken_elsewhere_is_named():
    # Candidate 1 is best for both needs and may take one; need 1 listed only them, and its second best left out.
    first, first_waves = one_need([1000, 900], slots=(1,), ids=[1, 2])
    other, other_waves = one_need([1000], slots=(1,), ids=[1], need_id=2, keys=[0])
    short = shortened(first, 1, frozenset())
    assert short.left_out_score == 900
    waves = [*first_waves, *other_waves]
    with pytest.raises(ListsTooShort) as raised:
        allocate_waves(needs=[short, other], waves=waves, max_proposals_per_candidate=1)
    assert raised.value.need_ids == (1,)
    allocation = allocate_waves(needs=[first, other], waves=waves, max_proposals_per_candidate=1)
    assert allocation.total_score == 1900


def test_large_needs_are_proven_from_their_best_pairs_alone():
    rng = np.random.default_rng(3)
    candidate_ids = np.arange(1, 20_001, dtype=np.int64)
    needs, waves = [], []
    for need_id in range(1, 41):
        ids = rng.choice(candidate_ids, size=3_000, replace=False)
        needs.append(
            NeedCandidates(
                need_id=need_id,
                candidate_ids=ids,
                scores=rng.integers(0, 10_001, size=len(ids)),
                first_wave=np.zeros(len(ids), dtype=np.int64),
                tie_keys=rng.integers(0, 2**64, size=len(ids), dtype=np.uint64),
            )
        )
        waves.append(AllocationWave(need_id, need_id, int(rng.integers(2, 20))))
    whole = allocate_waves(needs=needs, waves=waves)
    lists = [shortened(need, 200, frozenset()) for need in needs]
    allocation = allocate_waves(needs=lists, waves=waves)  # proven without listing any need in full
    assert allocation.total_score == whole.total_score
    assert len(allocation.pairs) == len(whole.pairs)
    assert allocation.pairs_considered < sum(len(need.candidate_ids) for need in lists)


def test_a_negative_left_out_score_is_refused():
    need, waves = one_need([500, 400])
    with pytest.raises(ValueError, match="left-out score must not be negative"):
        allocate_waves(needs=[replace(need, left_out_score=-1)], waves=waves)


def test_lists_and_their_specifications_travel_as_bytes_unchanged():
    spec = need_spec(
        mandatory_languages=((21, 3),),
        must_have_skills=(101, 102),
        waves=(WaveSpec(7, START_DAY, 3, declined_candidates=(5, 9)), WaveSpec(8, START_DAY + 30, 2)),
        mrs_passed_candidates=(4,),
    )
    need, _ = one_need([900, 800, 700], ids=[4, 5, 6])
    short = replace(need, candidate_ids=need.candidate_ids[:2], scores=need.scores[:2], first_wave=need.first_wave[:2],
                    tie_keys=need.tie_keys[:2], left_out_score=700, left_out_tie_key=2)  # fmt: skip
    lists, specs = lists_unpack(lists_pack([short], [spec]))
    assert specs == {spec.need_id: spec}
    (back,) = lists.values()
    assert (back.need_id, back.left_out_score, back.left_out_tie_key) == (1, 700, 2)
    for name in ("candidate_ids", "scores", "first_wave", "tie_keys"):
        assert np.array_equal(getattr(back, name), getattr(short, name)), name

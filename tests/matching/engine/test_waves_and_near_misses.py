"""Scoring a need that hires in waves, the tie keys, and the near misses against a plain-Python reading."""

import dataclasses
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.columns import CONTRACT_BITS, WORKING_TIME_BITS, NeedSpec, WaveSpec, effective_waves, family_key
from matching.engine.config import SCORING
from matching.engine.near_misses import REQUIREMENT_CODES, near_misses, score_and_near_misses
from matching.engine.scoring import score_need, tie_keys
from tests.matching.engine.builders import (
    CRM_SOFTWARE,
    CUSTOMER_SERVICE,
    START_DAY,
    candidate,
    columns_build,
    need_spec,
    occupation_id,
)
from tests.matching.engine.test_scoring import SKILL_VOCABULARY, great_circle_km, random_candidates, random_needs

TOLERANCE = SCORING.availability_tolerance_days
THREE_WAVES = (
    WaveSpec(wave_id=11, start_day=START_DAY, openings_left=70),
    WaveSpec(wave_id=12, start_day=START_DAY + 30, openings_left=70),
    WaveSpec(wave_id=13, start_day=START_DAY + 60, openings_left=70),
)


def test_a_need_without_waves_hires_in_one_implicit_wave_at_its_start_date():
    need = need_spec(openings_left=12)
    assert effective_waves(need) == (WaveSpec(wave_id=0, start_day=START_DAY, openings_left=12),)
    assert effective_waves(dataclasses.replace(need, waves=THREE_WAVES)) == THREE_WAVES


def test_each_candidate_is_judged_against_the_first_wave_they_can_make():
    need = need_spec(waves=THREE_WAVES)
    candidates = [
        candidate(1, available_day=START_DAY),
        candidate(2, available_day=START_DAY + TOLERANCE + 1),  # misses March, makes April on time
        candidate(3, available_day=START_DAY + 60 + TOLERANCE),  # makes May, at the end of the tolerance
        candidate(4, available_day=START_DAY + 60 + TOLERANCE + 1),  # makes no wave
    ]
    result = score_need(columns_build(candidates, need), need, SCORING)
    first = dict(zip(result.candidate_ids.tolist(), result.first_wave.tolist(), strict=True))
    assert first == {1: 0, 2: 1, 3: 2}
    availability = {c: int(result.parts[row, 3]) for row, c in enumerate(result.candidate_ids.tolist())}
    assert availability[1] == availability[2] == 1000  # on time for their own wave: every point
    assert availability[3] == round(1000 * (1 - TOLERANCE / (TOLERANCE + 1)))


def test_a_decline_for_a_wave_rules_out_that_wave_and_the_earlier_ones():
    waves = (
        THREE_WAVES[0],
        dataclasses.replace(THREE_WAVES[1], declined_candidates=(1, 2)),
        dataclasses.replace(THREE_WAVES[2], declined_candidates=(3,)),
    )
    need = need_spec(waves=waves, excluded_candidates=(4,))
    candidates = [candidate(identifier) for identifier in (1, 2, 3, 4, 5)]
    result = score_need(columns_build(candidates, need), need, SCORING)
    first = dict(zip(result.candidate_ids.tolist(), result.first_wave.tolist(), strict=True))
    # 1 and 2 are kept for May; 3, declined for the last wave, and 4, declined for the job, are not suggested.
    assert first == {1: 2, 2: 2, 5: 0}


def test_tie_keys_are_keyed_hashes_stable_across_runs_and_not_in_id_order():
    ids = np.arange(1, 10_001, dtype=np.int64)
    keys = tie_keys(7, ids, b"secret")
    assert keys.dtype == np.uint64
    assert len(np.unique(keys)) == len(ids)  # a bijection of 64-bit words: no two candidates share a key
    np.testing.assert_array_equal(keys, tie_keys(7, ids, b"secret"))
    assert not np.array_equal(keys, tie_keys(8, ids, b"secret"))
    assert not np.array_equal(keys, tie_keys(7, ids, b"other secret"))
    order = np.argsort(keys)
    # Neither the id order nor its reverse: about half of consecutive ranks go up.
    assert 0.4 < float(np.mean(np.diff(ids[order]) > 0)) < 0.6
    assert np.mean(keys[: len(keys) // 2] < keys[len(keys) // 2 :]) < 0.6
    assert tie_keys(7, [3], b"x" * 100).shape == (1,)


def test_equal_scores_are_ordered_by_the_keys_of_the_secret_given():
    need = need_spec()
    candidates = [candidate(identifier) for identifier in range(1, 30)]
    columns = columns_build(candidates, need)
    for secret in (b"", b"one", b"two"):
        result = score_need(columns, need, SCORING, tie_secret=secret)
        expected = np.sort(tie_keys(need.need_id, np.arange(1, 30), secret))
        np.testing.assert_array_equal(result.tie_keys, expected)


# --- Near misses ---------------------------------------------------------------------------------------------------


def passed_mrs(c: dict[str, Any], need: NeedSpec) -> bool:
    return c["id"] in need.mrs_passed_candidates and (need.mrs_replaces_experience or bool(need.mrs_skills))


def held_skills(c: dict[str, Any], need: NeedSpec) -> set[int]:
    """The candidate's skills, with those an MRS test they passed stands in for."""
    return set(c["skills"]) | (set(need.mrs_skills) if passed_mrs(c, need) else set())


def missed_requirements(c: dict[str, Any], need: NeedSpec) -> list[tuple[str, int]]:
    """Every requirement the candidate fails, read one at a time from the rules."""
    wanted = {occupation_id(code) for code in c["occupations"]}
    held, trainable = held_skills(c, need), set(need.training_skills)
    waves = effective_waves(need)
    declined = max((i for i, wave in enumerate(waves) if c["id"] in wave.declined_candidates), default=-1)
    makes = [i for i, w in enumerate(waves) if c["available_day"] <= w.start_day + TOLERANCE and i > declined]
    missed = []
    if need.occupation_id not in wanted and not c["accepts_related"]:
        missed.append(("occupation", 0))
    if need.contract_bit not in {CONTRACT_BITS[name] for name in c["contracts"]}:
        missed.append(("contract", 0))
    if need.working_time_bit not in {WORKING_TIME_BITS[name] for name in c["working_times"]}:
        missed.append(("working_time", 0))
    if not makes:
        missed.append(("availability", 0))
    stands_in_for_experience = passed_mrs(c, need) and need.mrs_replaces_experience
    lacks_experience = not need.accepts_beginners and c["experience_years"] < need.minimum_experience_years
    if lacks_experience and not stands_in_for_experience:
        missed.append(("experience", 0))
    if c["education_level"] < need.minimum_education:
        missed.append(("education", 0))
    if great_circle_km(c["place"], (need.latitude, need.longitude)) > c["max_distance_km"]:
        missed.append(("distance", 0))
    missed += [("certification", i) for i in need.mandatory_certifications if i not in c["certifications"]]
    missed += [("language", i) for i, level in need.mandatory_languages if c["languages"].get(i, 0) < level]
    missed += [("skill", s) for s in need.must_have_skills if s not in held and s not in trainable]
    return missed


@st.composite
def needs_in_waves(draw: st.DrawFn) -> NeedSpec:
    need = draw(random_needs())
    if draw(st.booleans()):
        offsets = sorted(draw(st.lists(st.integers(-30, 40), min_size=1, max_size=4)))
        declined = st.lists(st.integers(1, 1_000_000), max_size=3)
        waves = tuple(
            WaveSpec(
                wave_id=i + 1, start_day=START_DAY + d, openings_left=5, declined_candidates=tuple(draw(declined))
            )
            for i, d in enumerate(offsets)
        )
        need = dataclasses.replace(need, waves=waves)
    return need


@settings(max_examples=80, deadline=None)
@given(candidates=random_candidates(), need=needs_in_waves(), data=st.data())
def test_near_misses_match_a_plain_reading_of_the_rules(candidates, need, data):
    ids = [c["id"] for c in candidates]
    excluded = data.draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
    declines = st.lists(st.sampled_from(ids), max_size=2)
    waves = tuple(
        dataclasses.replace(w, declined_candidates=(*w.declined_candidates, *data.draw(declines))) for w in need.waves
    )
    passed = data.draw(st.lists(st.sampled_from(ids), max_size=len(ids), unique=True))
    need = dataclasses.replace(
        need, excluded_candidates=tuple(excluded), waves=waves, mrs_passed_candidates=tuple(sorted(passed))
    )
    columns = columns_build(candidates, need, skill_vocabulary=SKILL_VOCABULARY)
    result = near_misses(columns, need, SCORING)

    counted = [
        c
        for c in candidates
        if c["presentable"]
        and c["id"] not in excluded
        and need.occupation_family in {family_key(code) for code in c["occupations"]}
    ]
    missed = {c["id"]: missed_requirements(c, need) for c in counted}
    eligible = [c for c in counted if not missed[c["id"]]]
    trained = [c for c in eligible if any(s not in held_skills(c, need) for s in need.must_have_skills)]
    assert result.eligible_count == len(eligible) == score_need(columns, need, SCORING).eligible_count
    assert result.eligible_thanks_to_training == len(trained)
    one_away = {c: m[0] for c, m in missed.items() if len(m) == 1}
    listed = {
        int(c): (result.code_names[int(code)], int(item))
        for c, code, item in zip(result.candidate_ids, result.codes, result.items, strict=True)
    }
    assert listed == one_away
    expected_counts: dict[tuple[str, int], int] = {}
    for requirement in one_away.values():
        expected_counts[requirement] = expected_counts.get(requirement, 0) + 1
    assert {(code, item): count for code, item, count in result.counts} == expected_counts
    assert [count for _, _, count in result.counts] == sorted((count for *_, count in result.counts), reverse=True)
    # People are listed group by group, in the order of the counts.
    groups = [(result.code_names[int(code)], int(item)) for code, item in zip(result.codes, result.items, strict=True)]
    assert groups == [(code, item) for code, item, count in result.counts for _ in range(count)]
    # The people named: the first few of each group, in order, as a plain count keeps them.
    per_requirement = data.draw(st.integers(0, 3))
    seen: dict[tuple[str, int], int] = {}
    expected_rows = []
    for row, group in enumerate(groups):
        if seen.get(group, 0) < per_requirement:
            expected_rows.append(row)
        seen[group] = seen.get(group, 0) + 1
    assert result.first_of_each_requirement(per_requirement).tolist() == expected_rows
    # Asked for those alone, the same people in the same order, and the same counts.
    named = near_misses(columns, need, SCORING, named=per_requirement)
    assert named.counts == result.counts
    assert (named.eligible_count, named.eligible_thanks_to_training) == (
        result.eligible_count,
        result.eligible_thanks_to_training,
    )
    for name in ("candidate_ids", "codes", "items"):
        assert getattr(named, name).tolist() == getattr(result, name)[expected_rows].tolist(), name


@settings(max_examples=60, deadline=None)
@given(candidates=random_candidates(), need=needs_in_waves(), data=st.data())
def test_scoring_and_near_misses_in_one_reading_give_what_each_gives_alone(candidates, need, data):
    ids = [c["id"] for c in candidates]
    passed = data.draw(st.lists(st.sampled_from(ids), max_size=len(ids), unique=True))
    excluded = data.draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    need = dataclasses.replace(need, mrs_passed_candidates=tuple(sorted(passed)), excluded_candidates=tuple(excluded))
    columns = columns_build(candidates, need, skill_vocabulary=SKILL_VOCABULARY)
    scores, misses = score_and_near_misses(columns, need, SCORING, tie_secret=b"key")
    alone = score_need(columns, need, SCORING, tie_secret=b"key")
    for name in ("candidate_ids", "scores", "parts", "distance_km", "is_related_occupation", "first_wave",
                 "tie_keys", "mrs_stands_in"):  # fmt: skip
        assert np.array_equal(getattr(scores, name), getattr(alone, name)), name
    assert scores.skills_to_train == alone.skills_to_train
    assert scores.eligible_count == alone.eligible_count
    apart = near_misses(columns, need, SCORING, tie_secret=b"key")
    assert misses.counts == apart.counts
    assert (misses.eligible_count, misses.eligible_thanks_to_training) == (
        apart.eligible_count,
        apart.eligible_thanks_to_training,
    )
    for name in ("candidate_ids", "codes", "items"):
        assert np.array_equal(getattr(misses, name), getattr(apart, name)), name
    per_requirement = data.draw(st.integers(0, 3))
    _, named = score_and_near_misses(columns, need, SCORING, tie_secret=b"key", named=per_requirement)
    kept = apart.first_of_each_requirement(per_requirement)
    assert named.counts == apart.counts
    for name in ("candidate_ids", "codes", "items"):
        assert np.array_equal(getattr(named, name), getattr(apart, name)[kept]), name


def test_near_misses_name_the_one_requirement_and_count_the_trained():
    need = need_spec(
        must_have_skills=(CUSTOMER_SERVICE, CRM_SOFTWARE), training_skills=(CRM_SOFTWARE,), minimum_education=4
    )
    candidates = [
        candidate(1, skills=(CUSTOMER_SERVICE, CRM_SOFTWARE)),  # eligible
        candidate(2, skills=(CUSTOMER_SERVICE,)),  # eligible thanks to the training
        candidate(3, skills=(CRM_SOFTWARE,)),  # lacks a must-have the training does not teach
        candidate(4, skills=(CUSTOMER_SERVICE,), education_level=3),  # education
        candidate(5, skills=(CRM_SOFTWARE,), education_level=3),  # two requirements: not a near miss
        candidate(6, skills=(CUSTOMER_SERVICE,), presentable=False),  # not counted
    ]
    result = near_misses(columns_build(candidates, need), need, SCORING)
    assert (result.eligible_count, result.eligible_thanks_to_training) == (2, 1)
    assert sorted(result.counts) == [("education", 0, 1), ("skill", CUSTOMER_SERVICE, 1)]
    assert result.code_names == REQUIREMENT_CODES

"""Scoring one need: every hard filter, every part of the score, the explanation and the configuration.

No database: the columns are built by hand (``tests.matching.engine.builders``). Each filter test shows one
candidate kept out by exactly that filter and let in once the one attribute is fixed.
"""

import dataclasses
import math
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.columns import CONTRACT_BITS, WORKING_TIME_BITS, NeedSpec, family_key
from matching.engine.config import FINGERPRINTS, PART_NAMES, SCORING, ScoringConfig
from matching.engine.scoring import EARTH_RADIUS_KM, NeedScores, haversine_km, score_need, tie_keys
from tests.matching.engine.builders import (
    AMIENS,
    CACES,
    COMPLAINTS,
    CRM_SOFTWARE,
    CUSTOMER_SERVICE,
    DRIVING_LICENCE,
    DUTCH,
    ENGLISH,
    LILLE,
    PHONE_SALES,
    ROUBAIX,
    SPREADSHEETS,
    START_DAY,
    TOURCOING,
    candidate,
    columns_build,
    need_spec,
    occupation_id,
)

FULL_PARTS = [4500, 2000, 1500, 1000, 1000]
B2 = 4


def scored(candidates: list[dict[str, Any]], need: NeedSpec, **kwargs: Any) -> NeedScores:
    return score_need(columns_build(candidates, need), need, SCORING, **kwargs)


def kept(candidates: list[dict[str, Any]], need: NeedSpec) -> list[int]:
    return sorted(scored(candidates, need).candidate_ids.tolist())


def parts_of(result: NeedScores, candidate_id: int) -> dict[str, int]:
    row = result.candidate_ids.tolist().index(candidate_id)
    return result.explanation(row)["parts"]  # type: ignore[return-value]


# --- Hard filters -------------------------------------------------------------------------------------------------


def test_a_candidate_who_is_not_presentable_is_excluded():
    need = need_spec()
    assert kept([candidate(1), candidate(2, presentable=False)], need) == [1]
    assert kept([candidate(1), candidate(2, presentable=True)], need) == [1, 2]


def test_a_candidate_who_does_not_want_the_occupation_is_excluded():
    need = need_spec("D1408")
    assert kept([candidate(1), candidate(2, occupations=("N1103",))], need) == [1]
    assert kept([candidate(1), candidate(2, occupations=("N1103", "D1408"))], need) == [1, 2]


def test_a_related_occupation_of_the_same_family_counts_only_when_the_candidate_accepts_related_jobs():
    assert family_key("D1408") == family_key("D1406") != family_key("D1508")
    need = need_spec("D1408")
    related = {"occupations": ("D1406",)}
    assert kept([candidate(1), candidate(2, accepts_related=False, **related)], need) == [1]
    # Another family never counts, even for a candidate open to related jobs.
    assert kept([candidate(1), candidate(2, accepts_related=True, occupations=("D1508",))], need) == [1]

    result = scored([candidate(1), candidate(2, accepts_related=True, **related)], need)
    assert result.candidate_ids.tolist() == [1, 2]
    assert result.is_related_occupation.tolist() == [False, True]
    assert parts_of(result, 2)["occupation"] == 1000  # half of the 20 points of an exact wish
    # The exact occupation needs no openness to related jobs.
    assert kept([candidate(1, accepts_related=False)], need) == [1]


def test_availability_after_the_start_date_and_its_tolerance_excludes_and_within_it_costs_points():
    need = need_spec()
    assert SCORING.availability_tolerance_days == 14
    assert kept([candidate(1), candidate(2, available_day=START_DAY + 15)], need) == [1]

    result = scored(
        [
            candidate(1, available_day=START_DAY - 30),
            candidate(2, available_day=START_DAY),
            candidate(3, available_day=START_DAY + 7),
            candidate(4, available_day=START_DAY + 14),
        ],
        need,
    )
    assert result.candidate_ids.tolist() == [1, 2, 3, 4]
    # Each day late costs one fifteenth of the 10 points; being available early costs nothing.
    assert [parts_of(result, i)["availability"] for i in (1, 2, 3, 4)] == [1000, 1000, 533, 67]


def test_a_contract_type_the_candidate_does_not_accept_excludes():
    need = need_spec(contract_bit=CONTRACT_BITS["cdd"])
    assert kept([candidate(1), candidate(2, contracts=("cdi", "temporary"))], need) == [1]
    assert kept([candidate(1), candidate(2, contracts=("cdi", "cdd"))], need) == [1, 2]
    assert kept([candidate(1, contracts=())], need) == []


def test_a_working_time_the_candidate_does_not_accept_excludes():
    need = need_spec(working_time_bit=WORKING_TIME_BITS["part_time"])
    assert kept([candidate(1), candidate(2, working_times=("full_time",))], need) == [1]
    assert kept([candidate(1), candidate(2, working_times=("full_time", "part_time"))], need) == [1, 2]


def test_real_distances_between_communes():
    distances = haversine_km(
        np.array([ROUBAIX[0], AMIENS[0], LILLE[0]]), np.array([ROUBAIX[1], AMIENS[1], LILLE[1]]), *LILLE
    )
    assert distances.round(1).tolist() == [10.2, 98.8, 0.0]


def test_distance_beyond_the_candidate_s_own_maximum_excludes():
    need = need_spec(place=LILLE)
    # Roubaix is 10.2 km from Lille, Amiens 98.8 km.
    assert kept([candidate(1), candidate(2, place=ROUBAIX, max_distance_km=10)], need) == [1]
    assert kept([candidate(1), candidate(2, place=ROUBAIX, max_distance_km=11)], need) == [1, 2]
    assert kept([candidate(1), candidate(2, place=AMIENS, max_distance_km=90)], need) == [1]
    assert kept([candidate(1), candidate(2, place=AMIENS, max_distance_km=100)], need) == [1, 2]


def test_distance_is_measured_against_each_candidate_s_own_maximum_not_an_employer_radius():
    need = need_spec(place=LILLE)
    result = scored(
        [
            candidate(1, place=ROUBAIX, max_distance_km=5),
            candidate(2, place=ROUBAIX, max_distance_km=20),
            candidate(3, place=AMIENS, max_distance_km=100),
        ],
        need,
    )
    # Same distance, different maxima: one is kept, the other not; someone 100 km away is kept.
    assert result.candidate_ids.tolist() == [2, 3]
    # The commute part is the share of the candidate's own maximum left unused.
    assert parts_of(result, 2)["commute"] == round(1500 * (1 - 10.23123 / 20)) == 733
    assert parts_of(result, 3)["commute"] == round(1500 * (1 - 98.80618 / 100)) == 18


def test_a_candidate_whose_maximum_is_zero_is_kept_for_a_need_in_their_own_commune():
    need = need_spec(place=ROUBAIX)
    result = scored([candidate(1, place=ROUBAIX, max_distance_km=0), candidate(2, max_distance_km=0)], need)
    assert result.candidate_ids.tolist() == [1]
    assert parts_of(result, 1)["commute"] == 1500


def test_a_candidate_due_north_just_within_their_maximum_is_kept():
    km_per_degree = math.pi * EARTH_RADIUS_KM / 180
    place = (LILLE[0] + 19.9995 / km_per_degree, LILLE[1])
    assert haversine_km(np.array([place[0]]), np.array([place[1]]), *LILLE)[0] <= 20
    assert kept([candidate(1, place=place, max_distance_km=20)], need_spec(place=LILLE)) == [1]


def test_a_missing_mandatory_certification_excludes():
    need = need_spec(mandatory_certifications=(CACES,))
    assert kept([candidate(1, certifications=(CACES,)), candidate(2, certifications=(DRIVING_LICENCE,))], need) == [1]
    assert kept(
        [candidate(1, certifications=(CACES,)), candidate(2, certifications=(DRIVING_LICENCE, CACES))], need
    ) == [
        1,
        2,
    ]
    assert kept([candidate(1)], need_spec(mandatory_certifications=(CACES, DRIVING_LICENCE))) == []


def test_a_mandatory_language_below_the_level_excludes():
    need = need_spec(mandatory_languages=((ENGLISH, B2),))
    at_level = candidate(1, languages={ENGLISH: B2})
    assert kept([at_level, candidate(2, languages={ENGLISH: B2 - 1, DUTCH: 6})], need) == [1]
    assert kept([at_level, candidate(2, languages={DUTCH: 6})], need) == [1]
    assert kept([at_level, candidate(2, languages={ENGLISH: B2 + 1, DUTCH: 6})], need) == [1, 2]


def test_minimum_experience_excludes_unless_the_need_accepts_beginners():
    need = need_spec(minimum_experience_years=2)
    assert kept([candidate(1, experience_years=2), candidate(2, experience_years=1)], need) == [1]
    assert kept([candidate(1, experience_years=2), candidate(2, experience_years=3)], need) == [1, 2]

    welcoming = need_spec(minimum_experience_years=2, accepts_beginners=True)
    result = scored([candidate(1, experience_years=2), candidate(2, experience_years=0)], welcoming)
    assert sorted(result.candidate_ids.tolist()) == [1, 2]
    # A need open to beginners gives everyone the experience points.
    assert parts_of(result, 2)["experience"] == 1000


def test_an_mrs_test_passed_stands_in_for_the_experience_and_the_skills_the_need_lets_it_replace():
    need = need_spec(
        minimum_experience_years=2,
        must_have_skills=(1, 2),
        mrs_replaces_experience=True,
        mrs_skills=(2,),
        mrs_passed_candidates=(1, 3),
    )
    passed_no_experience = candidate(1, experience_years=0, skills=(1,))
    not_passed = candidate(2, experience_years=0, skills=(1, 2))
    passed_lacking_an_unlisted_skill = candidate(3, experience_years=5, skills=(2,))
    result = scored([passed_no_experience, not_passed, passed_lacking_an_unlisted_skill], need)

    # Skill 2 and the two years are granted by the pass; skill 1 is not listed, so the third still lacks it.
    assert result.candidate_ids.tolist() == [1]
    assert parts_of(result, 1)["experience"] == round(
        2 / SCORING.experience_full_years * SCORING.weights["experience"] * 100
    )
    assert parts_of(result, 1)["skills"] == SCORING.weights["skills"] * 100
    assert result.explanation(0)["mrs_stands_in"] is True

    # A pass the need does not let replace anything changes nothing.
    plain = dataclasses.replace(need, mrs_replaces_experience=False, mrs_skills=())
    assert kept([passed_no_experience, not_passed], plain) == []
    assert scored([candidate(1, experience_years=3, skills=(1, 2))], plain).explanation(0)["mrs_stands_in"] is False


def test_minimum_education_excludes():
    need = need_spec(minimum_education=4)
    assert kept([candidate(1, education_level=4), candidate(2, education_level=3)], need) == [1]
    assert kept([candidate(1, education_level=4), candidate(2, education_level=0)], need) == [1]
    assert kept([candidate(1, education_level=4), candidate(2, education_level=6)], need) == [1, 2]


# --- Skills and training ------------------------------------------------------------------------------------------


def test_a_missing_must_have_skill_the_training_teaches_does_not_exclude_but_costs_points():
    need = need_spec(must_have_skills=(CUSTOMER_SERVICE, PHONE_SALES, CRM_SOFTWARE), training_skills=(CRM_SOFTWARE,))
    result = scored(
        [
            candidate(1, skills=(CUSTOMER_SERVICE, PHONE_SALES, CRM_SOFTWARE)),
            candidate(2, skills=(CUSTOMER_SERVICE, PHONE_SALES)),
        ],
        need,
    )
    assert result.candidate_ids.tolist() == [1, 2]
    assert result.skills_to_train == ((), (CRM_SOFTWARE,))
    assert parts_of(result, 1)["skills"] == 4500
    # Must-haves weigh 75 % of 45 points; a skill to train counts 0.4: 4500 * (0.75 * (2 + 0.4) / 3 + 0.25).
    assert parts_of(result, 2)["skills"] == 3825
    assert result.scores.tolist() == [10000, 9325]


def test_a_missing_must_have_skill_the_training_does_not_teach_excludes():
    need = need_spec(must_have_skills=(CUSTOMER_SERVICE, CRM_SOFTWARE), training_skills=(CRM_SOFTWARE,))
    assert kept([candidate(1, skills=(CUSTOMER_SERVICE,)), candidate(2, skills=(CRM_SOFTWARE,))], need) == [1]
    assert kept([candidate(1), candidate(2, skills=(CUSTOMER_SERVICE, CRM_SOFTWARE))], need) == [2]
    # Without training, every must-have must be held.
    assert (
        kept([candidate(1, skills=(CUSTOMER_SERVICE,))], need_spec(must_have_skills=(CUSTOMER_SERVICE, CRM_SOFTWARE)))
        == []
    )


def test_nice_to_have_skills_weigh_a_quarter_of_the_skills_part_and_never_exclude():
    need = need_spec(
        must_have_skills=(CUSTOMER_SERVICE,), nice_to_have_skills=(PHONE_SALES, CRM_SOFTWARE, COMPLAINTS, SPREADSHEETS)
    )
    result = scored(
        [candidate(1, skills=(CUSTOMER_SERVICE, PHONE_SALES)), candidate(2, skills=(CUSTOMER_SERVICE,))], need
    )
    # 4500 * (0.75 + 0.25 * 1/4) and 4500 * 0.75.
    assert [parts_of(result, i)["skills"] for i in (1, 2)] == [3656, 3375]


def test_skills_beyond_the_first_64_bit_word_are_read_right():
    vocabulary = range(1000, 1100)
    need = need_spec(must_have_skills=(1070,), nice_to_have_skills=(1003, 1099))
    result = score_need(
        columns_build(
            [candidate(1, skills=(1070, 1099)), candidate(2, skills=(1003, 1069)), candidate(3, skills=(1070,))],
            need,
            skill_vocabulary=vocabulary,
        ),
        need,
        SCORING,
    )
    assert result.candidate_ids.tolist() == [1, 3]
    assert [parts_of(result, i)["skills"] for i in (1, 3)] == [round(4500 * (0.75 + 0.125)), 3375]


# --- Parts, order, explanation ------------------------------------------------------------------------------------


def test_a_perfect_candidate_earns_every_point():
    need = need_spec(must_have_skills=(CUSTOMER_SERVICE,), nice_to_have_skills=(PHONE_SALES,))
    result = scored([candidate(1, skills=(CUSTOMER_SERVICE, PHONE_SALES))], need)
    assert result.scores.tolist() == [10000]
    assert result.parts.tolist() == [FULL_PARTS]
    assert result.explanation(0)["parts"] == {
        "skills": 4500,
        "occupation": 2000,
        "commute": 1500,
        "availability": 1000,
        "experience": 1000,
    }


def test_a_need_asking_no_skill_gives_the_whole_skills_part():
    result = scored([candidate(1)], need_spec())
    assert result.parts.tolist() == [FULL_PARTS]


def test_experience_earns_a_fifth_of_its_points_a_year_up_to_five_years():
    need = need_spec()
    result = scored([candidate(i, experience_years=years) for i, years in enumerate((0, 2, 5, 12), start=1)], need)
    assert [parts_of(result, i)["experience"] for i in (1, 2, 3, 4)] == [0, 400, 1000, 1000]


def test_results_are_sorted_best_first_with_ties_broken_by_tie_key_and_the_limit_keeps_the_top():
    need = need_spec()
    candidates = [
        candidate(40, experience_years=2),
        candidate(7),
        candidate(30),
        candidate(12, place=ROUBAIX),
        candidate(5, experience_years=2),
    ]
    result = scored(candidates, need)
    # Equal scores follow the keyed hash of (need, candidate), whatever the ids' order.
    keys = dict(zip([40, 7, 30, 12, 5], tie_keys(need.need_id, [40, 7, 30, 12, 5], b"").tolist(), strict=True))
    by_key = [sorted(group, key=keys.__getitem__) for group in ([7, 30], [5, 40], [12])]
    assert result.candidate_ids.tolist() == [c for group in by_key for c in group]
    assert result.scores.tolist() == [10000, 10000, 9400, 9400, 9233]
    assert result.tie_keys.tolist() == [keys[c] for group in by_key for c in group]
    assert result.eligible_count == 5

    top = scored(candidates, need, limit=3)
    assert top.candidate_ids.tolist() == result.candidate_ids.tolist()[:3]
    assert top.scores.tolist() == [10000, 10000, 9400]
    assert len(top.skills_to_train) == len(top.distance_km) == len(top.is_related_occupation) == 3
    assert len(top.first_wave) == len(top.tie_keys) == 3
    assert top.eligible_count == 5


def test_explanation_gives_the_parts_in_centipoints_the_distance_the_occupation_and_the_skills_to_train():
    need = need_spec(
        must_have_skills=(CUSTOMER_SERVICE, PHONE_SALES, CRM_SOFTWARE),
        nice_to_have_skills=(COMPLAINTS,),
        training_skills=(CRM_SOFTWARE,),
    )
    result = scored(
        [
            candidate(
                1,
                place=ROUBAIX,
                occupations=("D1406",),
                skills=(CUSTOMER_SERVICE, PHONE_SALES, COMPLAINTS),
                available_day=START_DAY + 7,
                experience_years=2,
            )
        ],
        need,
    )
    explanation = result.explanation(0)
    assert explanation == {
        "parts": {"skills": 3825, "occupation": 1000, "commute": 733, "availability": 533, "experience": 400},
        "distance_km": 10.2,
        "related_occupation": True,
        "skills_to_train": [CRM_SOFTWARE],
        "mrs_stands_in": False,
    }
    assert result.scores.tolist() == [3825 + 1000 + 733 + 533 + 400]


def test_no_candidate_at_all_gives_an_empty_result():
    result = scored([], need_spec())
    assert len(result) == 0
    assert result.eligible_count == 0
    assert result.parts.shape == (0, len(PART_NAMES))


def test_the_same_input_twice_gives_identical_arrays():
    need = need_spec(must_have_skills=(CUSTOMER_SERVICE, CRM_SOFTWARE), training_skills=(CRM_SOFTWARE,))
    candidates = [
        candidate(3, place=ROUBAIX, skills=(CUSTOMER_SERVICE,)),
        candidate(1, place=TOURCOING, occupations=("D1406",), skills=(CUSTOMER_SERVICE, CRM_SOFTWARE)),
        candidate(2, available_day=START_DAY + 3, skills=(CUSTOMER_SERVICE, CRM_SOFTWARE)),
    ]
    first, second = scored(candidates, need), scored(candidates, need)
    assert_same(first, second)
    assert len(first) == 3


def assert_same(first: NeedScores, second: NeedScores) -> None:
    for field in dataclasses.fields(NeedScores):
        left, right = getattr(first, field.name), getattr(second, field.name)
        if isinstance(left, np.ndarray):
            assert left.dtype == right.dtype, field.name
            np.testing.assert_array_equal(left, right, err_msg=field.name)
        else:
            assert left == right, field.name


# --- Properties over random columns and needs ----------------------------------------------------------------------

ARRAS = (50.289877, 2.779416)
DOUAI = (50.371406, 3.079958)
# Weighted towards the Lille metropolis, where most needs and candidates are.
PLACES = [LILLE, LILLE, ROUBAIX, TOURCOING, AMIENS, ARRAS, DOUAI]
OCCUPATIONS = ["D1408", "D1408", "D1406", "D1401", "D1508", "N1103"]
# Skills on both sides of the 64-bit word boundary of an 80-skill vocabulary.
SKILL_VOCABULARY = range(1, 81)
SKILLS = [1, 2, 3, 4, 5, 66, 67, 68, 69, 70]
LANGUAGES = [ENGLISH, DUTCH]
CERTIFICATIONS = [DRIVING_LICENCE, CACES]
# Most random candidates should pass most filters, or few examples would score anyone.
OFTEN = st.sampled_from([True, True, True, False])


@st.composite
def random_candidates(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 60))
    ids = draw(st.lists(st.integers(1, 1_000_000), min_size=count, max_size=count, unique=True))
    return [
        candidate(
            identifier,
            presentable=draw(OFTEN),
            place=draw(st.sampled_from(PLACES)),
            max_distance_km=draw(st.integers(0, 200)),
            available_day=START_DAY + draw(st.integers(-40, 40)),
            contracts=tuple(CONTRACT_BITS if draw(OFTEN) else draw(st.sets(st.sampled_from(list(CONTRACT_BITS))))),
            working_times=tuple(draw(st.sets(st.sampled_from(list(WORKING_TIME_BITS)), min_size=1))),
            accepts_related=draw(st.booleans()),
            experience_years=draw(st.integers(0, 60)),
            education_level=draw(st.sampled_from([0, 2, 3, 4, 5, 6, 7, 8])),
            occupations=tuple(draw(st.lists(st.sampled_from(OCCUPATIONS), min_size=1, max_size=3, unique=True))),
            skills=tuple(draw(st.sets(st.sampled_from(SKILLS), min_size=2, max_size=10))),
            languages=draw(st.dictionaries(st.sampled_from(LANGUAGES), st.integers(1, 6))),
            certifications=tuple(draw(st.sets(st.sampled_from(CERTIFICATIONS)))),
        )
        for identifier in ids
    ]


@st.composite
def random_needs(draw: st.DrawFn) -> NeedSpec:
    skills = draw(st.lists(st.sampled_from(SKILLS), max_size=5, unique=True))
    split = draw(st.integers(0, len(skills)))
    must_have = tuple(sorted(skills[:split]))
    return need_spec(
        draw(st.sampled_from(OCCUPATIONS)),
        place=draw(st.sampled_from(PLACES)),
        start_day=START_DAY + draw(st.integers(-20, 20)),
        contract_bit=CONTRACT_BITS[draw(st.sampled_from(list(CONTRACT_BITS)))],
        working_time_bit=WORKING_TIME_BITS[draw(st.sampled_from(list(WORKING_TIME_BITS)))],
        must_have_skills=must_have,
        nice_to_have_skills=tuple(sorted(skills[split:])),
        training_skills=tuple(sorted(draw(st.sets(st.sampled_from(SKILLS), max_size=4)))),
        mandatory_languages=() if draw(OFTEN) else ((draw(st.sampled_from(LANGUAGES)), draw(st.integers(1, 6))),),
        mandatory_certifications=() if draw(OFTEN) else (draw(st.sampled_from(CERTIFICATIONS)),),
        accepts_beginners=draw(st.booleans()),
        minimum_experience_years=draw(st.sampled_from([0, 0, 1, 3, 10])),
        minimum_education=draw(st.sampled_from([0, 0, 3, 4, 6])),
        mrs_replaces_experience=draw(st.booleans()),
        mrs_skills=tuple(sorted(draw(st.sets(st.sampled_from(skills), max_size=3)))) if skills else (),
    )


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    phi_a, phi_b = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((phi_b - phi_a) / 2) ** 2
        + math.cos(phi_a) * math.cos(phi_b) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def expected_parts(c: dict[str, Any], need: NeedSpec) -> list[int] | None:
    """An independent reading of the rules, one candidate at a time: None when a filter excludes."""
    wanted = {occupation_id(code) for code in c["occupations"]}
    exact = need.occupation_id in wanted
    related = need.occupation_family in {family_key(code) for code in c["occupations"]}
    passed = c["id"] in need.mrs_passed_candidates and (need.mrs_replaces_experience or bool(need.mrs_skills))
    held = set(c["skills"]) | (set(need.mrs_skills) if passed else set())
    trainable = set(need.training_skills)
    years = c["experience_years"]
    if passed and need.mrs_replaces_experience:
        years = max(years, need.minimum_experience_years)
    distance = great_circle_km(c["place"], (need.latitude, need.longitude))
    tolerance = SCORING.availability_tolerance_days
    if not (
        c["presentable"]
        and (exact or (related and c["accepts_related"]))
        and need.contract_bit in {CONTRACT_BITS[name] for name in c["contracts"]}
        and need.working_time_bit in {WORKING_TIME_BITS[name] for name in c["working_times"]}
        and c["available_day"] <= need.start_day + tolerance
        and (need.accepts_beginners or years >= need.minimum_experience_years)
        and c["education_level"] >= need.minimum_education
        and distance <= c["max_distance_km"]
        and set(need.mandatory_certifications) <= set(c["certifications"])
        and all(c["languages"].get(language, 0) >= level for language, level in need.mandatory_languages)
        and set(need.must_have_skills) <= held | trainable
    ):
        return None
    must, nice = need.must_have_skills, need.nice_to_have_skills
    must_share = sum(1.0 if s in held else SCORING.trainable_skill_share for s in must) / len(must) if must else 1.0
    nice_share = sum(s in held for s in nice) / len(nice) if nice else 1.0
    shares = [
        (1 - SCORING.nice_to_have_share) * must_share + SCORING.nice_to_have_share * nice_share,
        1.0 if exact else SCORING.related_occupation_share,
        min(max(1 - distance / max(c["max_distance_km"], 1), 0.0), 1.0),
        1 - max(c["available_day"] - need.start_day, 0) / (tolerance + 1),
        1.0 if need.accepts_beginners else min(years / SCORING.experience_full_years, 1.0),
    ]
    return [round(share * SCORING.weights[name] * 100) for share, name in zip(shares, PART_NAMES, strict=True)]


@settings(max_examples=60, deadline=None)
@given(
    candidates=random_candidates(),
    need=random_needs(),
    limit=st.none() | st.integers(0, 70),
    order=st.randoms(use_true_random=False),
    passes=st.randoms(use_true_random=False),
)
def test_parts_add_up_to_scores_within_bounds_sorted_and_as_the_rules_say(candidates, need, limit, order, passes):
    # Some candidates passed an MRS test serving the need (and an id of someone not loaded, which counts for no one).
    passed = [c["id"] for c in candidates if passes.random() < 0.3] + [0]
    need = dataclasses.replace(need, mrs_passed_candidates=tuple(sorted(passed)))
    columns = columns_build(candidates, need, skill_vocabulary=SKILL_VOCABULARY)
    full = score_need(columns, need, SCORING)
    result = score_need(columns, need, SCORING, limit=limit)

    assert (result.parts.sum(axis=1) == result.scores).all()
    assert ((result.scores >= 0) & (result.scores <= 10_000)).all()
    assert (result.parts >= 0).all()
    keys = list(zip((-result.scores).tolist(), result.tie_keys.tolist(), strict=True))
    assert keys == sorted(keys)
    assert result.tie_keys.tolist() == tie_keys(need.need_id, result.candidate_ids, b"").tolist()
    assert result.eligible_count == full.eligible_count == len(full) >= len(result)
    if limit is not None:
        assert len(result) == min(limit, full.eligible_count)
    assert result.candidate_ids.tolist() == full.candidate_ids.tolist()[: len(result)]
    assert len(result.skills_to_train) == len(result.distance_km) == len(result.is_related_occupation) == len(result)

    # The same rules read one candidate at a time: the same people pass; parts differ at most by rounding.
    expected = {c["id"]: parts for c in candidates if (parts := expected_parts(c, need)) is not None}
    assert sorted(full.candidate_ids.tolist()) == sorted(expected)
    for row, candidate_id in enumerate(full.candidate_ids.tolist()):
        assert np.abs(full.parts[row] - expected[candidate_id]).max() <= 1, candidate_id

    # Deterministic, and blind to the order the candidates were loaded in.
    assert_same(score_need(columns, need, SCORING, limit=limit), result)
    shuffled = list(candidates)
    order.shuffle(shuffled)
    assert_same(
        score_need(columns_build(shuffled, need, skill_vocabulary=SKILL_VOCABULARY), need, SCORING, limit=limit),
        result,
    )


# --- Configuration ------------------------------------------------------------------------------------------------


def test_the_scoring_in_force_matches_the_fingerprint_pinned_for_its_version():
    assert SCORING.fingerprint() == FINGERPRINTS[SCORING.version]


def test_changing_a_weight_or_a_tolerance_changes_the_fingerprint():
    reweighted = ScoringConfig(
        version=SCORING.version,
        weights={"skills": 40, "occupation": 25, "commute": 15, "availability": 10, "experience": 10},
    )
    assert reweighted.fingerprint() != FINGERPRINTS[SCORING.version]
    patient = dataclasses.replace(SCORING, availability_tolerance_days=21)
    assert patient.fingerprint() != FINGERPRINTS[SCORING.version]
    assert dataclasses.replace(SCORING).fingerprint() == FINGERPRINTS[SCORING.version]


@pytest.mark.parametrize(
    "weights",
    [
        pytest.param({"skills": 45, "occupation": 20, "commute": 15, "availability": 10, "experience": 9}, id="99"),
        pytest.param({"skills": 46, "occupation": 20, "commute": 15, "availability": 10, "experience": 10}, id="101"),
        pytest.param(
            {"skills": 65, "occupation": 20, "commute": 15, "availability": 10, "experience": -10}, id="negative"
        ),
        pytest.param(
            {"occupation": 20, "skills": 45, "commute": 15, "availability": 10, "experience": 10}, id="order"
        ),
        pytest.param({"skills": 55, "occupation": 20, "commute": 15, "availability": 10}, id="missing part"),
        pytest.param(
            {"skills": 45, "occupation": 20, "commute": 15, "availability": 10, "experience": 5, "salary": 5},
            id="extra part",
        ),
    ],
)
def test_scoring_config_rejects_weights_that_do_not_add_up_to_100_or_are_out_of_order(weights):
    with pytest.raises(ValueError, match="weights must"):
        ScoringConfig(version="test", weights=MappingProxyType(weights))

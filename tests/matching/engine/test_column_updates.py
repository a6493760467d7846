"""Columns kept current (``column_updates``) read exactly as columns built afresh from the same candidates.

The reference is independent of the code under test: ``builders.columns_build`` lays out the final candidates from
scratch. Random rounds of changes (profiles edited, candidates no longer presentable, deleted, new, or presentable
again with an id below the others) are applied to kept columns; after each round, the presentable rows, the
occupation families' positions and every need's scores must be those of the fresh build.
"""

import random

import numpy as np
import pytest

from matching.engine.column_updates import VocabularyChanged, columns_with_changes
from matching.engine.columns import COLUMN_ARRAYS, NO_ID, CandidateColumns
from matching.engine.config import SCORING
from matching.engine.scoring import score_need
from tests.matching.engine.builders import (
    AMIENS,
    LILLE,
    ROUBAIX,
    TOURCOING,
    assert_same_presentable,
    candidate,
    columns_build,
    need_spec,
)

SKILLS = tuple(range(100, 230))  # more than 64: bit sets of several words
LANGUAGES = (21, 22, 23)
CERTIFICATIONS = (31, 32)
OCCUPATIONS = ("D1408", "D1406", "D1401", "N1103", "N1105", "K2204")
PLACES = (LILLE, ROUBAIX, TOURCOING, AMIENS)
NEEDS = [
    need_spec("D1408"),
    need_spec("N1103", place=ROUBAIX, must_have_skills=(101,), nice_to_have_skills=(150, 200)),
    need_spec("K2204", place=AMIENS, mandatory_languages=((21, 3),), accepts_beginners=True),
    need_spec("D1401", place=TOURCOING, mandatory_certifications=(31,), minimum_experience_years=2),
]


def _build(people: list[dict]) -> CandidateColumns:
    return columns_build(
        people,
        skill_vocabulary=SKILLS,
        language_vocabulary=LANGUAGES,
        certification_vocabulary=CERTIFICATIONS,
    )


def _person(rng: random.Random, identifier: int) -> dict:
    return candidate(
        identifier,
        presentable=rng.random() < 0.85,
        place=rng.choice(PLACES),
        max_distance_km=rng.choice((10, 30, 150)),
        experience_years=rng.randrange(0, 8),
        occupations=tuple(rng.sample(OCCUPATIONS, rng.randrange(0, 3))),
        skills=tuple(rng.sample(SKILLS, rng.randrange(0, 6))),
        languages={language: rng.randrange(1, 7) for language in rng.sample(LANGUAGES, rng.randrange(0, 2))},
        certifications=tuple(rng.sample(CERTIFICATIONS, rng.randrange(0, 2))),
    )


def _families(columns: CandidateColumns) -> dict[int, list[int]]:
    """Each family's presentable candidates, by id."""
    families = {}
    for family in np.unique(columns.occupation_families).tolist():
        if family != NO_ID:
            positions = columns.positions_in_family(family)
            ids = sorted(columns.ids[positions[columns.is_presentable[positions]]].tolist())
            if ids:
                families[family] = ids
    return families


def _scores(columns: CandidateColumns) -> list[tuple]:
    results = []
    for need in NEEDS:
        scores = score_need(columns, need, SCORING, tie_secret=b"same secret")
        results.append((scores.candidate_ids.tolist(), scores.scores.tolist(), scores.eligible_count))
    return results


def _assert_same(kept: CandidateColumns, fresh: CandidateColumns) -> None:
    assert_same_presentable(kept, fresh)
    assert _families(kept) == _families(fresh)
    assert _scores(kept) == _scores(fresh)


@pytest.mark.parametrize("seed", range(12))
def test_kept_columns_read_as_columns_built_afresh(seed):
    rng = random.Random(seed)
    people = {identifier: _person(rng, identifier) for identifier in range(1, 160, 2)}
    kept = _build([people[i] for i in sorted(people) if people[i]["presentable"]])
    next_id = 200
    for _round in range(6):
        changed = set()
        for identifier in rng.sample(
            sorted(people), 12
        ):  # edited, perhaps no longer presentable, or presentable again
            people[identifier] = _person(rng, identifier)
            changed.add(identifier)
        for identifier in rng.sample(sorted(people), 3):  # deleted
            del people[identifier]
            changed.add(identifier)
        for _ in range(rng.randrange(0, 5)):  # new, mostly above the others, now and then in a gap below
            identifier = (
                next_id if rng.random() < 0.7 else rng.choice([i for i in range(2, 160, 2) if i not in people])
            )
            next_id += 1
            people[identifier] = _person(rng, identifier)
            changed.add(identifier)
        if rng.random() < 0.3:  # someone now wants more occupations than the columns have room for
            identifier = rng.choice(sorted(people))
            people[identifier] = _person(rng, identifier) | {"occupations": OCCUPATIONS[:5], "presentable": True}
            changed.add(identifier)
        fresh_rows = _build([people[i] for i in sorted(changed) if i in people])
        kept = columns_with_changes(kept, fresh_rows, np.array(sorted(changed), dtype=np.int64))

        _assert_same(kept, _build([people[i] for i in sorted(people) if people[i]["presentable"]]))
        assert np.all(np.diff(kept.ids) > 0), "ids stay in ascending order"


def test_a_change_of_vocabulary_asks_for_a_full_reading():
    kept = _build([candidate(1)])
    fresh = columns_build([candidate(1, skills=(999,))], language_vocabulary=LANGUAGES)
    with pytest.raises(VocabularyChanged):
        columns_with_changes(kept, fresh, np.array([1]))


def test_an_edit_writes_in_place_and_keeps_the_arrays():
    kept = _build([candidate(1), candidate(3), candidate(5)])
    skills_before = kept.skill_bits
    updated = columns_with_changes(kept, _build([candidate(3, experience_years=1, skills=(120,))]), np.array([3]))
    assert updated is kept
    assert updated.skill_bits is skills_before
    assert updated.experience_years.tolist() == [5, 1, 5]


def test_views_built_ahead_of_runs_serve_them_as_views_built_on_first_use():
    rng = random.Random(3)
    people = [_person(rng, identifier) for identifier in range(1, 120)]
    on_first_use, ahead = _build(people), _build(people)
    ahead.family_views_build()
    assert set(ahead._family_views) == set(_families(ahead))
    assert _scores(ahead) == _scores(on_first_use)


def test_the_bytes_held_count_every_array_the_family_index_and_the_views_built():
    rng = random.Random(5)
    columns = _build([_person(rng, identifier) for identifier in range(1, 60)])
    arrays = sum(getattr(columns, name).nbytes for name in COLUMN_ARRAYS)
    index = sum(columns.positions_in_family(family).nbytes for family in columns.families)
    assert columns.nbytes == arrays + index
    assert columns.views_nbytes == 0
    columns.family_views_build()
    views = [columns.family_view(family) for family in columns.families]
    assert columns.views_nbytes == sum(view.nbytes for view in views) > 0
    assert not any(getattr(view, name).flags.writeable for view in views for name in COLUMN_ARRAYS)

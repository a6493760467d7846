"""Hand-built engine input for tests that need no database.

A candidate is a plain dict; ``candidate`` fills in a profile that passes every filter of ``need_spec``'s default
need, so that a test changes only the attribute it is about. ``columns_build`` turns the dicts into
``CandidateColumns`` exactly as the loader lays them out: occupations padded with ``NO_ID``, skills and
certifications as bit sets and languages as levels over vocabulary indexes that also hold every id the need names.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from matching.engine.columns import (
    CONTRACT_BITS,
    NO_ID,
    WORKING_TIME_BITS,
    CandidateColumns,
    NeedSpec,
    VocabularyIndex,
    family_key,
)

# Real commune centres (latitude, longitude): Roubaix is about 10 km from Lille, Amiens about 100 km.
LILLE = (50.630888, 3.07086)
ROUBAIX = (50.690315, 3.181674)
TOURCOING = (50.723857, 3.160815)
AMIENS = (49.893422, 2.295408)

START_DAY = 20_514  # 2026-03-02, in days since 1970-01-01

# Vocabulary ids, chosen apart from one another so that a mix-up shows.
CUSTOMER_SERVICE, PHONE_SALES, CRM_SOFTWARE, COMPLAINTS, SPREADSHEETS = 11, 12, 13, 14, 15
ENGLISH, DUTCH = 21, 22
DRIVING_LICENCE, CACES = 31, 32


def occupation_id(rome_code: str) -> int:
    """A stable id per ROME code: D1408 -> 41408, N1103 -> 141103."""
    return (ord(rome_code[0]) - ord("A")) * 10_000 + int(rome_code[1:])


def candidate(identifier: int, **overrides: Any) -> dict[str, Any]:
    """A candidate in Lille who passes every filter of the default need and earns every point."""
    profile: dict[str, Any] = {
        "id": identifier,
        "presentable": True,
        "place": LILLE,
        "max_distance_km": 20,
        "available_day": START_DAY,
        "contracts": ("cdi", "cdd", "temporary"),
        "working_times": ("full_time", "part_time"),
        "accepts_related": True,
        "experience_years": 5,
        "education_level": 4,
        "occupations": ("D1408",),
        "skills": (),
        "languages": {},
        "certifications": (),
    }
    unknown = set(overrides) - set(profile)
    if unknown:
        raise TypeError(f"unknown candidate attributes: {sorted(unknown)}")
    profile.update(overrides)
    return profile


def need_spec(occupation: str = "D1408", place: tuple[float, float] = LILLE, **overrides: Any) -> NeedSpec:
    """A full-time CDI in Lille for ``occupation``, starting on ``START_DAY``, asking nothing else."""
    fields: dict[str, Any] = {
        "need_id": 1,
        "occupation_id": occupation_id(occupation),
        "occupation_family": family_key(occupation),
        "latitude": place[0],
        "longitude": place[1],
        "start_day": START_DAY,
        "contract_bit": CONTRACT_BITS["cdi"],
        "working_time_bit": WORKING_TIME_BITS["full_time"],
    }
    fields.update(overrides)
    return NeedSpec(**fields)


def _mask(names: Iterable[str], bits: Mapping[str, int]) -> int:
    mask = 0
    for name in names:
        mask |= bits[name]
    return mask


def columns_build(
    candidates: list[dict[str, Any]],
    need: NeedSpec | None = None,
    *,
    skill_vocabulary: Iterable[int] = (),
    language_vocabulary: Iterable[int] = (),
    certification_vocabulary: Iterable[int] = (),
) -> CandidateColumns:
    """The columns of ``candidates``, in the order given, with vocabularies covering them and ``need``.

    The vocabularies add ids nobody holds, as the loader indexes the whole referential: with more than 64 skills,
    the bit sets take several words.
    """
    count = len(candidates)
    skill_ids = {*skill_vocabulary, *(skill for c in candidates for skill in c["skills"])}
    language_ids = {*language_vocabulary, *(language for c in candidates for language in c["languages"])}
    certification_ids = {*certification_vocabulary, *(item for c in candidates for item in c["certifications"])}
    if need is not None:
        skill_ids |= {*need.must_have_skills, *need.nice_to_have_skills, *need.training_skills}
        language_ids |= {language for language, _level in need.mandatory_languages}
        certification_ids |= set(need.mandatory_certifications)
    skills = VocabularyIndex(sorted(skill_ids))
    languages = VocabularyIndex(sorted(language_ids))
    certifications = VocabularyIndex(sorted(certification_ids))

    width = max([1, *(len(c["occupations"]) for c in candidates)])
    occupations = np.full((count, width), NO_ID, dtype=np.int32)
    families = np.full((count, width), NO_ID, dtype=np.int32)
    language_levels = np.zeros((count, len(languages)), dtype=np.uint8)
    for row, c in enumerate(candidates):
        for slot, code in enumerate(c["occupations"]):
            occupations[row, slot] = occupation_id(code)
            families[row, slot] = family_key(code)
        for language, level in c["languages"].items():
            language_levels[row, languages.positions[language]] = level

    def bits(index: VocabularyIndex, key: str) -> np.ndarray:
        rows = [row for row, c in enumerate(candidates) for _ in c[key]]
        ids = [identifier for c in candidates for identifier in c[key]]
        return index.bit_sets(np.array(rows, dtype=np.int64), np.array(ids, dtype=np.int64), count)

    return CandidateColumns(
        ids=np.array([c["id"] for c in candidates], dtype=np.int64),
        is_presentable=np.array([c["presentable"] for c in candidates], dtype=np.bool_),
        latitude=np.array([c["place"][0] for c in candidates], dtype=np.float64),
        longitude=np.array([c["place"][1] for c in candidates], dtype=np.float64),
        max_distance_km=np.array([c["max_distance_km"] for c in candidates], dtype=np.float32),
        available_day=np.array([c["available_day"] for c in candidates], dtype=np.int32),
        contract_mask=np.array([_mask(c["contracts"], CONTRACT_BITS) for c in candidates], dtype=np.uint8),
        working_time_mask=np.array([_mask(c["working_times"], WORKING_TIME_BITS) for c in candidates], dtype=np.uint8),
        accepts_related=np.array([c["accepts_related"] for c in candidates], dtype=np.bool_),
        experience_years=np.array([c["experience_years"] for c in candidates], dtype=np.int16),
        education_level=np.array([c["education_level"] for c in candidates], dtype=np.int8),
        occupations=occupations,
        occupation_families=families,
        skills=skills,
        skill_bits=bits(skills, "skills"),
        languages=languages,
        language_levels=language_levels,
        certifications=certifications,
        certification_bits=bits(certifications, "certifications"),
    )


def presentable_view(columns: CandidateColumns) -> dict[str, np.ndarray]:
    """The presentable rows in id order, every array, occupations trimmed of empty slots at the end: what two
    columns holding the same candidates have equal, however their rows were laid out."""
    rows = np.flatnonzero(columns.is_presentable)
    rows = rows[np.argsort(columns.ids[rows])]
    view = {}
    for name in (
        "ids",
        "latitude",
        "longitude",
        "max_distance_km",
        "available_day",
        "contract_mask",
        "working_time_mask",
        "accepts_related",
        "experience_years",
        "education_level",
        "skill_bits",
        "language_levels",
        "certification_bits",
    ):
        view[name] = getattr(columns, name)[rows]
    for name in ("occupations", "occupation_families"):
        wants = getattr(columns, name)[rows]
        width = int((wants != NO_ID).sum(axis=1).max(initial=0))
        view[name] = wants[:, : max(width, 1)]
    return view


def assert_same_presentable(kept: CandidateColumns, fresh: CandidateColumns) -> None:
    kept_view, fresh_view = presentable_view(kept), presentable_view(fresh)
    for name, values in fresh_view.items():
        np.testing.assert_array_equal(kept_view[name], values, err_msg=name)

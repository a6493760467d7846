"""Benchmark 1's synthetic world: candidates shaped like the demo's job seekers of Hauts-de-France, and its need.

Homes around the region's towns, 1 to 3 desired occupations among a few hundred ROME-like codes grouped in
families, skill draws from the occupations' typical skills, languages with CEFR levels, certifications,
availability, accepted contracts and working times; every candidate presentable. Drawn with a seeded numpy
generator, so that ``bench/engine_bench.py`` and ``bench/national_world.py`` build the same people from a seed.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.engine.columns import (
    CONTRACT_BITS,
    NO_ID,
    WORKING_TIME_BITS,
    NeedSpec,
    VocabularyIndex,
    family_key,
)

WIDTH = 3  # desired occupations per candidate, at most
POOL = 40  # skills typical of each occupation
LANGUAGES = 30
CERTIFICATIONS = 33
# Towns of Hauts-de-France (latitude, longitude, weight ~ population of the employment area).
TOWNS = (
    (50.633, 3.058, 6.0), (50.690, 3.181, 2.0), (50.724, 3.161, 2.0), (49.894, 2.296, 3.0), (51.034, 2.377, 2.0),
    (50.951, 1.858, 1.5), (50.726, 1.614, 1.2), (50.291, 2.777, 1.2), (50.432, 2.833, 2.0), (50.357, 3.523, 2.0),
    (50.370, 3.080, 1.5), (49.847, 3.287, 1.2), (49.430, 2.081, 1.2), (49.418, 2.826, 1.0), (50.278, 3.973, 1.0),
    (50.176, 3.235, 0.8), (49.564, 3.620, 0.5), (49.381, 3.323, 0.6), (49.259, 2.475, 0.8), (50.105, 1.835, 0.5),
)  # fmt: skip
REGION_BOX = ((49.0, 51.1), (1.5, 4.3))  # the rest live anywhere in the region
# Maximum travel distances and their shares, as in the demo data set (demo/seeding/scenario.py).
DISTANCES_KM = (5, 10, 15, 20, 25, 30, 40, 50, 60)
DISTANCE_SHARES = (0.06, 0.16, 0.16, 0.2, 0.12, 0.14, 0.08, 0.05, 0.03)
CONTACT_CENTRE = "D1408"
CONTACT_CENTRE_SHARE = 0.03  # of first wishes
ROUBAIX = (50.690, 3.181)


@dataclass(frozen=True)
class Catalogue:
    """Synthetic occupations (ids 1..n, ROME-like codes) and the skills typical of each."""

    codes: tuple[str, ...]
    families: npt.NDArray[np.int32]  # family_key of each occupation, by position
    popularity: npt.NDArray[np.float64]
    pools: npt.NDArray[np.int64]  # (occupations, POOL) skill ids, most typical first
    skill_popularity: npt.NDArray[np.float64]

    def position(self, code: str) -> int:
        return self.codes.index(code)


def catalogue_make(rng: np.random.Generator, skills: int) -> Catalogue:
    """About 300 occupations in about 60 families of letters A to N; D1408 (contact centres) among them."""
    codes: list[str] = []
    for letter in "ABCDEFGHIJKLMN":
        for family in sorted(rng.choice(np.arange(11, 36), size=int(rng.integers(3, 7)), replace=False).tolist()):
            numbers = sorted(rng.choice(np.arange(1, 20), size=int(rng.integers(3, 8)), replace=False).tolist())
            codes += [f"{letter}{family:02d}{number:02d}" for number in numbers]
    if CONTACT_CENTRE not in codes:
        codes += [CONTACT_CENTRE, "D1401", "D1403", "D1406"]
    codes = sorted(set(codes))
    weights = 1.0 / (1 + rng.permutation(len(codes))) ** 0.9
    contact = codes.index(CONTACT_CENTRE)
    weights[contact] = 0
    weights = weights / weights.sum() * (1 - CONTACT_CENTRE_SHARE)
    weights[contact] = CONTACT_CENTRE_SHARE
    skill_popularity = 1.0 / (1 + rng.permutation(skills)) ** 0.8
    skill_popularity /= skill_popularity.sum()
    pools = np.stack([rng.choice(skills, size=POOL, replace=False) + 1 for _ in codes])
    return Catalogue(
        codes=tuple(codes),
        families=np.array([family_key(code) for code in codes], dtype=np.int32),
        popularity=weights,
        pools=pools,
        skill_popularity=skill_popularity,
    )


def columns_arrays(rng: np.random.Generator, catalogue: Catalogue, n: int, skills: int, today: int) -> dict:
    """The keyword arguments of ``CandidateColumns`` for ``n`` synthetic candidates."""
    # Homes: around a town (about 9 km across one standard deviation) or anywhere in the region.
    towns = np.array(TOWNS)
    town = rng.choice(len(towns), size=n, p=towns[:, 2] / towns[:, 2].sum())
    in_town = rng.random(n) < 0.85
    (south, north), (west, east) = REGION_BOX
    latitude = np.where(in_town, towns[town, 0] + rng.normal(0, 0.08, n), rng.uniform(south, north, n))
    longitude = np.where(in_town, towns[town, 1] + rng.normal(0, 0.12, n), rng.uniform(west, east, n))

    # Wishes: the first by popularity, the others often in the same family; repeats are dropped.
    count = rng.choice([1, 2, 3], size=n, p=[0.5, 0.35, 0.15])
    occupations = np.full((n, WIDTH), -1, dtype=np.int64)  # positions in the catalogue
    occupations[:, 0] = rng.choice(len(catalogue.codes), size=n, p=catalogue.popularity)
    by_family: dict[int, npt.NDArray[np.int64]] = {}
    for position, family in enumerate(catalogue.families.tolist()):
        by_family.setdefault(family, np.empty(0, dtype=np.int64))
        by_family[family] = np.append(by_family[family], position)
    family_members = np.full((len(catalogue.codes), max(len(v) for v in by_family.values())), -1, dtype=np.int64)
    family_sizes = np.zeros(len(catalogue.codes), dtype=np.int64)
    for position, family in enumerate(catalogue.families.tolist()):
        members = by_family[family]
        family_members[position, : len(members)] = members
        family_sizes[position] = len(members)
    for slot in (1, 2):
        wants = count > slot
        first = occupations[:, 0]
        sibling = family_members[first, (rng.random(n) * family_sizes[first]).astype(np.int64)]
        other = rng.choice(len(catalogue.codes), size=n, p=catalogue.popularity)
        chosen = np.where(rng.random(n) < 0.6, sibling, other)
        repeated = (occupations[:, :slot] == chosen[:, None]).any(axis=1)
        occupations[:, slot] = np.where(wants & ~repeated, chosen, -1)
    empty = occupations < 0
    occupation_ids = np.where(empty, NO_ID, occupations + 1).astype(np.int32)
    occupation_families = np.where(empty, NO_ID, catalogue.families[np.maximum(occupations, 0)]).astype(np.int32)

    # Skills: 10 to 40 draws each, 70% among the typical skills of a wished occupation (the most typical most
    # often), the rest from the whole vocabulary by popularity; a skill drawn twice is held once.
    draws = rng.integers(10, 41, n)
    rows = np.repeat(np.arange(n, dtype=np.int64), draws)
    slot = (rng.random(len(rows)) * (WIDTH - empty[rows].sum(axis=1))).astype(np.int64)
    wished = occupations[rows, slot]
    in_pool = np.minimum(rng.geometric(0.08, len(rows)) - 1, POOL - 1)
    general = rng.choice(skills, size=len(rows), p=catalogue.skill_popularity) + 1
    skill_ids = np.where(rng.random(len(rows)) < 0.7, catalogue.pools[wished, in_pool], general)
    del slot, wished, in_pool, general
    skill_index = VocabularyIndex(list(range(1, skills + 1)))
    skill_bits = skill_index.bit_sets(rows, skill_ids, n)
    del rows, skill_ids

    # Languages (ids 1..30): French for everyone, English for 35%, another language for 12%.
    language_index = VocabularyIndex(list(range(1, LANGUAGES + 1)))
    language_levels = np.zeros((n, LANGUAGES), dtype=np.uint8)
    language_levels[:, 0] = rng.choice([6, 5, 4, 3], size=n, p=[0.8, 0.13, 0.04, 0.03])
    english = rng.random(n) < 0.35
    language_levels[english, 1] = rng.choice([2, 3, 4, 5], size=int(english.sum()), p=[0.3, 0.35, 0.25, 0.1])
    other = np.flatnonzero(rng.random(n) < 0.12)
    language_levels[other, rng.integers(2, LANGUAGES, len(other))] = rng.integers(3, 7, len(other))

    # Certifications (ids 1..33): a driving licence for 60%, a few others rarer.
    certification_index = VocabularyIndex(list(range(1, CERTIFICATIONS + 1)))
    holders = [np.flatnonzero(rng.random(n) < 0.6)]
    kinds = [np.ones(len(holders[0]), dtype=np.int64)]
    for certification in range(2, CERTIFICATIONS + 1):
        holders.append(np.flatnonzero(rng.random(n) < 0.02))
        kinds.append(np.full(len(holders[-1]), certification, dtype=np.int64))
    certification_bits = certification_index.bit_sets(np.concatenate(holders), np.concatenate(kinds), n)

    experience = np.where(rng.random(n) < 0.35, 0, np.minimum(rng.geometric(0.15, n), 20))
    contract = sum(
        (rng.random(n) < share) * bit
        for share, bit in zip((0.97, 0.85, 0.7, 0.1, 0.12), CONTRACT_BITS.values(), strict=True)
    )
    full_time = rng.random(n) < 0.92
    part_time = (rng.random(n) < 0.6) | ~full_time
    return {
        "ids": np.arange(1, n + 1, dtype=np.int64),
        "is_presentable": np.ones(n, dtype=np.bool_),
        "latitude": latitude,
        "longitude": longitude,
        "max_distance_km": rng.choice(DISTANCES_KM, size=n, p=DISTANCE_SHARES).astype(np.float32),
        "available_day": (today + rng.integers(-30, 91, n)).astype(np.int32),
        "contract_mask": contract.astype(np.uint8),
        "working_time_mask": (full_time * WORKING_TIME_BITS["full_time"] + part_time * 2).astype(np.uint8),
        "accepts_related": rng.random(n) < 0.8,
        "experience_years": experience.astype(np.int16),
        "education_level": rng.integers(2, 8, n).astype(np.int8),
        "occupations": occupation_ids,
        "occupation_families": occupation_families,
        "skills": skill_index,
        "skill_bits": skill_bits,
        "languages": language_index,
        "language_levels": language_levels,
        "certifications": certification_index,
        "certification_bits": certification_bits,
    }


def need_make(catalogue: Catalogue, today: int) -> NeedSpec:
    """A contact-centre mass-hiring need: 3 must-haves (the training teaches the third), 2 nice-to-haves."""
    pool = catalogue.pools[catalogue.position(CONTACT_CENTRE)].tolist()
    return NeedSpec(
        need_id=1,
        occupation_id=catalogue.position(CONTACT_CENTRE) + 1,
        occupation_family=family_key(CONTACT_CENTRE),
        latitude=ROUBAIX[0],
        longitude=ROUBAIX[1],
        start_day=today + 30,
        contract_bit=CONTRACT_BITS["cdi"],
        working_time_bit=WORKING_TIME_BITS["full_time"],
        must_have_skills=tuple(sorted(pool[:3])),
        nice_to_have_skills=tuple(sorted(pool[3:5])),
        training_skills=(pool[2],),
        accepts_beginners=True,
    )

"""What the demo scenario knows of the referentials, and the platforms it derives from them.

The writer reads the referential tables into a ``Referentials`` snapshot of
plain tuples, each in a fixed order (communes by INSEE code, occupations by
ROME code, skills and certifications by slug, languages by code), so that the
scenario draws the same data from the same tables whatever their database ids.
``Prepared`` holds the arrays the generators share. No Django here.
"""

import hashlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from demo.seeding.catalogue import DESIRED_OCCUPATION_WEIGHTS, OTHER_OCCUPATIONS_WEIGHT, PLATFORMS, PlatformSpec

URBAN_POPULATION = 20_000  # communes above this size hold most priority neighbourhoods (QPV)
EMPLOYER_MIN_POPULATION = 3_000  # smaller employers settle in towns, not in villages

# People in an occupation share a few core skills; needs ask for those first.
CORE_SKILLS_PER_OCCUPATION = 4


@dataclass(frozen=True)
class CommuneRow:
    insee_code: str
    name: str
    population: int
    latitude: float
    longitude: float
    epci_code: str | None


@dataclass(frozen=True)
class SkillRow:
    slug: str
    category: str
    rome_codes: tuple[str, ...]  # sorted


@dataclass(frozen=True)
class Referentials:
    communes: tuple[CommuneRow, ...]  # communes of the region, by INSEE code
    occupations: tuple[tuple[str, str], ...]  # (ROME code, label), by code
    skills: tuple[SkillRow, ...]  # by slug
    languages: tuple[str, ...]  # ISO codes, sorted
    certifications: tuple[str, ...]  # slugs, sorted

    def fingerprint(self) -> bytes:
        """A hash of the whole snapshot: the digest of the data set includes it."""
        return hashlib.sha256(repr(self).encode()).digest()


@dataclass(frozen=True)
class PlatformPlan:
    spec: PlatformSpec
    anchor: int  # index into Referentials.communes
    epci_codes: tuple[str, ...]
    commune_codes: tuple[str, ...]  # communes covered outside the EPCIs


def plan_platforms(refs: Referentials) -> tuple[PlatformPlan, ...]:
    """The catalogue's platforms whose anchor commune is in the referentials, in catalogue order."""
    index = {commune.insee_code: i for i, commune in enumerate(refs.communes)}
    plans = []
    for spec in PLATFORMS:
        if spec.anchor not in index:
            continue
        epcis = sorted(
            {code for insee in spec.epci_anchors if insee in index and (code := refs.communes[index[insee]].epci_code)}
        )
        communes = tuple(insee for insee in spec.extra_communes if insee in index)
        plans.append(PlatformPlan(spec, index[spec.anchor], tuple(epcis), communes))
    return tuple(plans)


class Prepared:
    """Arrays and lookups shared by the generators, computed once per run."""

    def __init__(self, refs: Referentials, platforms: tuple[PlatformPlan, ...]) -> None:
        self.refs = refs
        self.platforms = platforms
        self.commune_index = {commune.insee_code: i for i, commune in enumerate(refs.communes)}
        self.occupation_index = {code: i for i, (code, _label) in enumerate(refs.occupations)}
        self.skill_index = {skill.slug: i for i, skill in enumerate(refs.skills)}
        self.language_index = {code: i for i, code in enumerate(refs.languages)}
        self.certification_index = {slug: i for i, slug in enumerate(refs.certifications)}
        self.population = np.array([commune.population for commune in refs.communes], dtype=np.float64)
        self.latitude = np.array([commune.latitude for commune in refs.communes], dtype=np.float64)
        self.longitude = np.array([commune.longitude for commune in refs.communes], dtype=np.float64)

    @staticmethod
    def _weights(values: np.ndarray) -> np.ndarray:
        total = values.sum()
        return values / total if total > 0 else np.full(len(values), 1 / len(values))

    @cached_property
    def commune_p(self) -> np.ndarray:
        """People live where the population is: the probability of each commune."""
        return self._weights(self.population)

    @cached_property
    def employer_communes(self) -> tuple[np.ndarray, np.ndarray]:
        towns = np.flatnonzero(self.population >= EMPLOYER_MIN_POPULATION)
        if len(towns) == 0:
            towns = np.arange(len(self.population))
        return towns, self._weights(self.population[towns])

    @cached_property
    def commune_is_urban(self) -> np.ndarray:
        return self.population >= URBAN_POPULATION

    @cached_property
    def commune_platform(self) -> np.ndarray:
        """For each commune, the index of the platform whose anchor is nearest (ties go to the first platform)."""
        anchors = np.array([plan.anchor for plan in self.platforms])
        cos_lat = np.cos(np.radians(self.latitude.mean()))
        dx = (self.longitude[:, None] - self.longitude[anchors][None, :]) * cos_lat
        dy = self.latitude[:, None] - self.latitude[anchors][None, :]
        return np.argmin(dx * dx + dy * dy, axis=1).astype(np.int32)

    def skills_of(self, rome_code: str, category: str | None = None) -> list[int]:
        """Skills linked to an occupation, by slug; with a category, only those of that category."""
        return [
            i
            for i, skill in enumerate(self.refs.skills)
            if rome_code in skill.rome_codes and (category is None or skill.category == category)
        ]

    def skills_in_category(self, category: str) -> list[int]:
        return [i for i, skill in enumerate(self.refs.skills) if skill.category == category]

    @cached_property
    def occupation_pool(self) -> tuple[np.ndarray, np.ndarray]:
        """Occupations a demo job seeker may want, and their weights.

        The sectors of the catalogue come first with their own weights; the
        rest of the weight is shared by the other occupations that have skills.
        """
        chosen: list[int] = []
        weights: list[float] = []
        for code, weight in DESIRED_OCCUPATION_WEIGHTS:
            if code in self.occupation_index:
                chosen.append(self.occupation_index[code])
                weights.append(weight)
        with_skills = sorted(
            {self.occupation_index[c] for s in self.refs.skills for c in s.rome_codes if c in self.occupation_index}
        )
        others = [i for i in with_skills if i not in chosen]
        for i in others:
            chosen.append(i)
            weights.append(OTHER_OCCUPATIONS_WEIGHT / len(others))
        if not chosen:
            raise ValueError("The referentials have no occupation the demo can use.")
        return np.array(chosen, dtype=np.int32), self._weights(np.array(weights))

    @cached_property
    def pool_skill_matrix(self) -> np.ndarray:
        """Which skills go with each occupation of the pool (rows follow ``occupation_pool``)."""
        pool, _weights = self.occupation_pool
        matrix = np.zeros((len(pool), len(self.refs.skills)), dtype=bool)
        codes = [self.refs.occupations[i][0] for i in pool]
        for j, skill in enumerate(self.refs.skills):
            for row, code in enumerate(codes):
                if code in skill.rome_codes:
                    matrix[row, j] = True
        return matrix

    def core_skills_of(self, rome_code: str) -> list[int]:
        """The few skills nearly everyone in an occupation holds: its first linked skills in the vocabulary's order."""
        return self.skills_of(rome_code)[:CORE_SKILLS_PER_OCCUPATION]

    @cached_property
    def pool_core_skill_matrix(self) -> np.ndarray:
        """Which skills are core to each occupation of the pool (rows follow ``occupation_pool``)."""
        pool, _weights = self.occupation_pool
        matrix = np.zeros((len(pool), len(self.refs.skills)), dtype=bool)
        for row, i in enumerate(pool):
            matrix[row, self.core_skills_of(self.refs.occupations[i][0])] = True
        return matrix

    @cached_property
    def transversal_mask(self) -> np.ndarray:
        return np.array([skill.category == "transversal" for skill in self.refs.skills], dtype=bool)

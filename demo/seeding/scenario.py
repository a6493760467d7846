"""Pure generation of the demo job seekers, in blocks of numpy arrays, and the digest of a whole data set.

Candidates are drawn in fixed blocks of ``BLOCK_SIZE``: block ``b`` comes from
its own random stream (seed, 1, b) and always holds the same people, so a run
asked for more candidates adds new ones and leaves the first unchanged. Child
rows (desired occupations, skills, languages, certifications) are flat arrays
keyed by the candidate's row in the block. Dates are day offsets from the
run's day; ``birth_dates`` and the writer turn them into calendar dates. The
age of each person is drawn first, in whole years, so that the under-26 and
50-and-over flags agree with the birth date on any day the data is written.
"""

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, fields

import numpy as np

from demo.seeding.catalogue import CACES_SLUGS, FOOD_OCCUPATIONS, LOGISTICS_OCCUPATIONS, OTHER_LANGUAGES
from demo.seeding.names import FIRST_NAMES, LAST_NAMES
from demo.seeding.snapshot import PlatformPlan, Prepared, Referentials, plan_platforms
from demo.seeding.staffing import EmployerPlan, plan_employers

BLOCK_SIZE = 20_000
MAX_CANDIDATES = 9_999_999  # the reference holds seven digits
_CANDIDATE_STREAM = 1  # second word of the candidates' seed sequence: (seed, 1, block)
MAX_DESIRED_OCCUPATIONS = 3
# The share of people in an occupation who hold each of its core skills.
CORE_SKILL_SHARE = 0.75
MAX_SKILLS = 8

STATUSES = ("active", "paused", "placed", "archived")
EMAIL_DOMAINS = ("example.org", "example.net", "example.com")
DISTANCES_KM = (5, 10, 15, 20, 25, 30, 40, 50, 60)
DISTANCE_SHARES = (0.06, 0.16, 0.16, 0.2, 0.12, 0.14, 0.08, 0.05, 0.03)


def candidate_reference(seed: int, number: int) -> str:
    """The natural key of demo candidate ``number`` (1-based) of a seed."""
    return f"DEMO-{seed}-{number:07d}"


@dataclass
class CandidateBlock:
    """A block of candidates as columns. Child arrays named ``*_row`` point at a candidate's row in the block."""

    start: int  # index of the first candidate of the block (0-based); its reference number is start + 1
    commune: np.ndarray
    platform: np.ndarray
    first_name: np.ndarray
    last_name: np.ndarray
    email_domain: np.ndarray
    phone: np.ndarray
    age: np.ndarray  # whole years on the day the data is written
    days_before_birthday: np.ndarray  # 0..364: how long before their last birthday's anniversary they were born
    max_distance_km: np.ndarray
    travels_by_car: np.ndarray
    travels_by_public_transport: np.ndarray
    travels_by_bike: np.ndarray
    travels_on_foot: np.ndarray
    has_driving_licence: np.ndarray
    accepts_related_occupations: np.ndarray
    education_level: np.ndarray
    experience_years: np.ndarray
    available_offset_days: np.ndarray
    accepts_cdi: np.ndarray
    accepts_cdd: np.ndarray
    accepts_temporary: np.ndarray
    accepts_apprenticeship: np.ndarray
    accepts_professionalisation: np.ndarray
    accepts_full_time: np.ndarray
    accepts_part_time: np.ndarray
    status: np.ndarray
    consents_to_presentation: np.ndarray
    consent_days_ago: np.ndarray
    consent_second_of_day: np.ndarray  # UTC
    last_contact_days_ago: np.ndarray
    is_under_26: np.ndarray
    is_50_or_over: np.ndarray
    is_long_term_job_seeker: np.ndarray
    has_disability_recognition: np.ndarray
    lives_in_priority_neighbourhood: np.ndarray
    receives_minimum_income: np.ndarray
    occupation_row: np.ndarray
    occupation: np.ndarray  # index into Referentials.occupations
    skill_row: np.ndarray
    skill: np.ndarray  # index into Referentials.skills
    skill_level: np.ndarray
    language_row: np.ndarray
    language: np.ndarray  # index into Referentials.languages
    language_level: np.ndarray
    certification_row: np.ndarray
    certification: np.ndarray  # index into Referentials.certifications

    def __len__(self) -> int:
        return len(self.commune)

    def head(self, count: int) -> "CandidateBlock":
        """The first ``count`` candidates of the block, with their child rows."""
        values = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "start":
                values[field.name] = value
            elif field.name.endswith("_row"):
                keep = value < count
                values[field.name] = value[keep]
                prefix = field.name.removesuffix("_row")
                for child in (f for f in fields(self) if f.name.startswith(prefix) and f.name != field.name):
                    values[child.name] = getattr(self, child.name)[keep]
            elif field.name not in values:
                values[field.name] = value[:count]
        return CandidateBlock(**values)


def birth_dates(today: datetime.date, age: np.ndarray, days_before_birthday: np.ndarray) -> np.ndarray:
    """Birth dates of people who are exactly ``age`` years old on ``today``.

    Each is born ``days_before_birthday`` (0..364) days before the day ``age``
    years before today, which keeps their last birthday within the past year.
    """
    anchor_day = today if (today.month, today.day) != (2, 29) else today.replace(day=28)
    years = (np.int64(anchor_day.year) - age.astype(np.int64) - 1970).astype("datetime64[Y]")
    anniversaries = (years.astype("datetime64[M]") + np.timedelta64(anchor_day.month - 1, "M")).astype(
        "datetime64[D]"
    ) + np.timedelta64(anchor_day.day - 1, "D")
    return anniversaries - days_before_birthday.astype("timedelta64[D]")


def _bernoulli(rng: np.random.Generator, p: float | np.ndarray, size: int) -> np.ndarray:
    return rng.random(size) < p


def _top_k(keys: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` largest keys of each row, largest first."""
    k = min(k, keys.shape[1])
    if k == 0:
        return np.zeros((keys.shape[0], 0), dtype=np.intp)
    part = np.argpartition(-keys, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(keys, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def _flatten(chosen: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, value) pairs of the first ``counts[row]`` columns of each row."""
    mask = np.arange(chosen.shape[1])[None, :] < counts[:, None]
    rows = np.nonzero(mask)[0].astype(np.int32)
    return rows, chosen[mask]


def candidate_block(prepared: Prepared, *, seed: int, block: int) -> CandidateBlock:
    """The full block ``block`` of candidates for a seed (``BLOCK_SIZE`` people)."""
    rng = np.random.default_rng([seed, _CANDIDATE_STREAM, block])
    n = BLOCK_SIZE
    refs = prepared.refs
    commune = rng.choice(len(refs.communes), size=n, p=prepared.commune_p).astype(np.int32)

    # Ages: about 22% under 26, 18% aged 50 or over (France Travail's registrations).
    group = rng.choice(3, size=n, p=[0.22, 0.60, 0.18])
    age = np.choose(group, [rng.integers(18, 26, n), rng.integers(26, 50, n), rng.integers(50, 65, n)])
    young, senior = age < 26, age >= 50

    licence = _bernoulli(rng, np.where(young, 0.45, 0.64), n)
    zero_experience = _bernoulli(rng, np.where(young, 0.6, 0.28), n)
    experience = np.where(zero_experience, 0, np.minimum(rng.geometric(0.15, n), 20))
    experience = np.minimum(experience, np.maximum(age - 17, 0))

    # Desired occupations: 1 to 3 distinct ones, sampled without replacement
    # by the Gumbel-top-k trick over the pool's weights.
    pool, pool_p = prepared.occupation_pool
    keys = np.log(pool_p)[None, :] - np.log(-np.log(rng.random((n, len(pool)))))
    chosen = _top_k(keys, MAX_DESIRED_OCCUPATIONS)
    occupation_count = np.minimum(rng.choice([1, 2, 3], size=n, p=[0.5, 0.35, 0.15]), chosen.shape[1])
    occupation_row, occupation_pool_row = _flatten(chosen, occupation_count)

    # Skills: 2 to 8 among those of the desired occupations, transversal ones when too few.
    matrix = prepared.pool_skill_matrix
    allowed = np.zeros((n, len(refs.skills)), dtype=bool)
    for j in range(chosen.shape[1]):
        allowed |= matrix[chosen[:, j]] & (occupation_count > j)[:, None]
    allowed |= (allowed.sum(axis=1) < 2)[:, None] & prepared.transversal_mask[None, :]
    core = np.zeros((n, len(refs.skills)), dtype=bool)
    core_matrix = prepared.pool_core_skill_matrix
    for j in range(chosen.shape[1]):
        core |= core_matrix[chosen[:, j]] & (occupation_count > j)[:, None]
    # Core skills of a wanted occupation come first for most people: they rank above any other skill.
    skill_keys = np.where(allowed, rng.random(allowed.shape), -1.0)
    skill_keys += core & (rng.random(allowed.shape) < CORE_SKILL_SHARE)
    skill_chosen = _top_k(skill_keys, MAX_SKILLS)
    skill_count = np.minimum(rng.integers(3, MAX_SKILLS + 1, n), allowed.sum(axis=1))
    skill_row, skill = _flatten(skill_chosen, skill_count)
    skill_base = 1 + (experience >= 1) + (experience >= 4) + (experience >= 10)
    skill_level = np.clip(skill_base[skill_row] + rng.choice([-1, 0, 0, 1], size=len(skill_row)), 1, 4)

    language_row, language, language_level = _languages(rng, prepared, n)
    english_level = np.zeros(n, dtype=np.int64)
    if "en" in prepared.language_index:
        is_english = language == prepared.language_index["en"]
        english_level[language_row[is_english]] = language_level[is_english]
    desired = (occupation_row, pool[occupation_pool_row])
    certification_row, certification = _certifications(rng, prepared, n, licence, desired, english_level)

    status = rng.choice(len(STATUSES), size=n, p=[0.85, 0.07, 0.05, 0.03]).astype(np.int8)
    last_contact = rng.integers(0, 548, n)
    long_term = _bernoulli(rng, np.where(young, 0.25, np.where(senior, 0.58, 0.41)), n)
    accepts_full_time = _bernoulli(rng, 0.92, n)
    accepts_part_time = _bernoulli(rng, 0.6, n) | ~accepts_full_time
    return CandidateBlock(
        start=block * BLOCK_SIZE,
        commune=commune,
        platform=prepared.commune_platform[commune],
        first_name=rng.integers(0, len(FIRST_NAMES), n).astype(np.int16),
        last_name=rng.integers(0, len(LAST_NAMES), n).astype(np.int16),
        email_domain=rng.integers(0, len(EMAIL_DOMAINS), n).astype(np.int8),
        phone=rng.integers(6_00_00_00_00, 8_00_00_00_00, n),
        age=age,
        days_before_birthday=rng.integers(0, 365, n),
        max_distance_km=rng.choice(DISTANCES_KM, size=n, p=DISTANCE_SHARES),
        travels_by_car=licence & _bernoulli(rng, 0.85, n),
        travels_by_public_transport=_bernoulli(rng, 0.7, n),
        travels_by_bike=_bernoulli(rng, 0.2, n),
        travels_on_foot=_bernoulli(rng, 0.85, n),
        has_driving_licence=licence,
        accepts_related_occupations=_bernoulli(rng, 0.8, n),
        education_level=rng.choice(np.arange(2, 8), size=n, p=[0.14, 0.27, 0.3, 0.16, 0.08, 0.05]),
        experience_years=experience,
        available_offset_days=rng.integers(-30, 91, n),
        accepts_cdi=_bernoulli(rng, 0.97, n),
        accepts_cdd=_bernoulli(rng, 0.85, n),
        accepts_temporary=_bernoulli(rng, 0.7, n),
        accepts_apprenticeship=_bernoulli(rng, np.where(young, 0.4, 0.03), n),
        accepts_professionalisation=_bernoulli(rng, np.where(young, 0.3, 0.1), n),
        accepts_full_time=accepts_full_time,
        accepts_part_time=accepts_part_time,
        status=status,
        consents_to_presentation=_bernoulli(rng, 0.85, n),
        consent_days_ago=last_contact + rng.integers(1, 366, n),
        consent_second_of_day=rng.integers(7 * 3600, 16 * 3600, n),
        last_contact_days_ago=last_contact,
        is_under_26=young,
        is_50_or_over=senior,
        is_long_term_job_seeker=long_term,
        has_disability_recognition=_bernoulli(rng, np.where(senior, 0.15, 0.077), n),
        lives_in_priority_neighbourhood=_bernoulli(rng, np.where(prepared.commune_is_urban[commune], 0.34, 0.07), n),
        receives_minimum_income=_bernoulli(rng, np.where(young, 0.03, np.where(long_term, 0.3, 0.12)), n),
        occupation_row=occupation_row,
        occupation=pool[occupation_pool_row],
        skill_row=skill_row,
        skill=skill.astype(np.int32),
        skill_level=skill_level,
        language_row=language_row,
        language=language,
        language_level=language_level,
        certification_row=certification_row,
        certification=certification,
    )  # fmt: skip


def _languages(rng: np.random.Generator, prepared: Prepared, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """French for everyone (C1/C2 for most), English for about 35%, another language for about 12%."""
    rows, languages, levels = [], [], []
    index = prepared.language_index
    if "fr" in index:
        rows.append(np.arange(n))
        languages.append(np.full(n, index["fr"]))
        levels.append(rng.choice([6, 5, 4, 3], size=n, p=[0.8, 0.13, 0.04, 0.03]))
    if "en" in index:
        speaks = np.flatnonzero(_bernoulli(rng, 0.35, n))
        rows.append(speaks)
        languages.append(np.full(len(speaks), index["en"]))
        levels.append(rng.choice([2, 3, 4, 5], size=len(speaks), p=[0.3, 0.35, 0.25, 0.1]))
    others = [(index[code], weight) for code, weight in OTHER_LANGUAGES if code in index]
    if others:
        speaks = np.flatnonzero(_bernoulli(rng, 0.12, n))
        weights = np.array([w for _i, w in others])
        rows.append(speaks)
        languages.append(
            np.array([i for i, _w in others])[rng.choice(len(others), size=len(speaks), p=weights / weights.sum())]
        )
        levels.append(rng.choice([3, 4, 5, 6], size=len(speaks), p=[0.2, 0.25, 0.25, 0.3]))
    return _sorted_children(rows, languages, levels, n)


def _certifications(
    rng: np.random.Generator,
    prepared: Prepared,
    n: int,
    licence: np.ndarray,
    desired: tuple[np.ndarray, np.ndarray],
    english: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Certifications that follow from the profile: driving licence, CACES for logistics, and so on."""
    index, occupations = prepared.certification_index, prepared.occupation_index
    desired_row, desired_occupation = desired

    def wanting(codes: tuple[str, ...]) -> np.ndarray:
        targets = [occupations[c] for c in codes if c in occupations]
        result = np.zeros(n, dtype=bool)
        result[desired_row[np.isin(desired_occupation, targets)]] = True
        return result

    rules: list[tuple[str, np.ndarray]] = [
        ("permis-b", licence),
        ("sst", _bernoulli(rng, 0.08, n)),
        ("pix", _bernoulli(rng, 0.1, n)),
        ("formation-hygiene-alimentaire-haccp", wanting(FOOD_OCCUPATIONS) & _bernoulli(rng, 0.35, n)),
        ("deas", wanting(("J1501",)) & _bernoulli(rng, 0.4, n)),
        ("deaes", wanting(("K1302",)) & _bernoulli(rng, 0.3, n)),
        ("tp-conseiller-relation-client-distance", wanting(("D1408",)) & _bernoulli(rng, 0.1, n)),
        ("toeic", (english >= 4) & _bernoulli(rng, 0.3, n)),
    ]
    caces = [index[slug] for slug in CACES_SLUGS if slug in index]
    has_caces = wanting(LOGISTICS_OCCUPATIONS) & _bernoulli(rng, 0.45, n)
    caces_kind = rng.integers(0, max(len(caces), 1), n)
    rows, values = [], []
    for slug, holds in rules:
        if slug in index:
            rows.append(np.flatnonzero(holds))
            values.append(np.full(len(rows[-1]), index[slug]))
    if caces:
        rows.append(np.flatnonzero(has_caces))
        values.append(np.array(caces)[caces_kind[rows[-1]]])
    row, certification, _none = _sorted_children(rows, values, [np.zeros(len(r)) for r in rows], n)
    return row, certification


def _sorted_children(rows: list, values: list, levels: list, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Concatenate child rows and order them by candidate row, then by value."""
    if not rows:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, empty
    row, value, level = (np.concatenate(parts).astype(np.int32) for parts in (rows, values, levels))
    order = np.lexsort((value, row))
    return row[order], value[order], level[order]


def candidate_blocks(prepared: Prepared, *, seed: int, count: int) -> Iterator[CandidateBlock]:
    """The first ``count`` candidates of a seed, block by block."""
    if not 0 <= count <= MAX_CANDIDATES:
        raise ValueError(f"The demo holds 0 to {MAX_CANDIDATES} candidates.")
    for block in range(-(-count // BLOCK_SIZE)):
        generated = candidate_block(prepared, seed=seed, block=block)
        yield generated.head(min(BLOCK_SIZE, count - block * BLOCK_SIZE))


class ScenarioDigest:
    """A sha256 over everything the scenario generates, in order; dates enter as day offsets."""

    def __init__(self, refs: Referentials, *, seed: int) -> None:
        self._hash = hashlib.sha256()
        self._hash.update(refs.fingerprint())
        self._hash.update(f"seed={seed}".encode())

    def add_plans(self, platforms: tuple[PlatformPlan, ...], employers: tuple[EmployerPlan, ...]) -> None:
        self._hash.update(repr((platforms, employers)).encode())

    def add_block(self, block: CandidateBlock) -> None:
        for field in fields(block):
            value = getattr(block, field.name)
            self._hash.update(field.name.encode())
            if field.name == "start":
                self._hash.update(str(value).encode())
            else:
                self._hash.update(np.ascontiguousarray(value, dtype=np.int64).tobytes())

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def scenario_digest(refs: Referentials, *, seed: int, candidates: int, employers: int) -> str:
    """The digest of the whole data set for these arguments, computed without a database.

    ``demo_seed`` reports the same value; two runs that agree on it generated
    the same rows, whatever the day (dates enter it as offsets from the run's day).
    """
    platforms = plan_platforms(refs)
    prepared = Prepared(refs, platforms)
    digest = ScenarioDigest(refs, seed=seed)
    digest.add_plans(platforms, plan_employers(prepared, seed=seed, count=employers))
    for block in candidate_blocks(prepared, seed=seed, count=candidates):
        digest.add_block(block)
    return digest.hexdigest()

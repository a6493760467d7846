"""Benchmark of the allocation engine against scipy's assignment solver, on one mass-hiring instance, in one run.

Instance (seeded): 20,000 candidates, 200 needs with 5,000 openings in all (a few mass-hiring needs, many small
ones), k = 2 proposals per opening so 10,000 slots, and about 200,000 eligible pairs whose scores share a
per-candidate component, so that the same strong candidates top many needs' lists.

Each measurement runs in a fresh subprocess that loads the instance and imports everything first, then:
- time: wall time of the call, median of 3 runs (the scipy baseline runs once: it takes over a minute);
- RSS growth: peak resident memory during the first run minus resident memory just before it (C++ allocations
  of OR-Tools and scipy included). On Linux the peak is reset first (``/proc/self/clear_refs``) and read from
  ``VmHWM``; elsewhere it falls back to the growth of ``ru_maxrss``, which misses memory reused from an earlier
  peak and so can read low;
- traced peak: tracemalloc's peak during one extra run (Python objects and numpy buffers, not C++ internals;
  the baseline's single run is traced itself).

Allocation in waves, on the same pairs: needs of 20 openings or more (up to 300) hire in 2 to 4 waves, each pair
can make its need's waves from a random first one on, one need in ten reserves a tenth of its slots for a group,
tie keys are ``scoring.tie_keys``. ``allocate_waves`` (p = 2) starts from each need's best pairs and proves its
optimum over all of them; the baseline is the same objective solved over all eligible pairs at once (every pair in
the first solve). Figures: time, and coverage: the share of the openings of needs with a headcount of 20 or more
that receive k = 2 proposals (per wave, ``min(openings, proposals // 2)``), with the rounds and pairs solved.

Usage: ``.venv/bin/python bench/allocation_bench.py`` (under two minutes, nearly all of it the baseline, which needs
about 3–4 GB of RAM).
"""

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.benchtable import print_table  # noqa: E402
from matching.engine.allocation import (  # noqa: E402
    AllocationNeed,
    AllocationWave,
    NeedCandidates,
    WaveAllocation,
    allocate,
    allocate_waves,
    proposal_slots,
)
from matching.engine.deferred_acceptance import deferred_acceptance  # noqa: E402
from matching.engine.scoring import tie_keys  # noqa: E402

SEED = 2026
N_CANDIDATES = 20_000
N_NEEDS = 200
OPENINGS = 5_000
TARGET_PAIRS = 200_000
K = 2
TARGET_SECONDS = 0.5
TARGET_MB = 200.0
MAX_OPENINGS = 300
MASS_HIRING = 20  # headcount from which a need hires in waves and counts in the coverage figure
TARGET_COVERAGE = 0.99


def make_instance(path: Path) -> None:
    """Write the seeded instance to ``path`` (.npz): pair columns and per-need slots."""
    rng = np.random.default_rng(SEED)
    # Skewed openings: a few mass-hiring needs of 100 to 250 seats, a median need of about 15.
    weights = rng.lognormal(0.0, 1.0, N_NEEDS)
    openings = 1 + rng.multinomial(OPENINGS - N_NEEDS, weights / weights.sum())
    slots = np.array([proposal_slots(int(n), K) for n in openings], dtype=np.int64)
    # Larger needs accept more profiles (beginners welcome), so they get more eligible candidates.
    popularity = np.sqrt(openings) / np.sqrt(openings).sum()
    draws = int(TARGET_PAIRS * 1.15)
    keys = rng.choice(N_NEEDS, size=draws, p=popularity) * N_CANDIDATES + rng.integers(0, N_CANDIDATES, draws)
    keys = np.unique(keys)
    keys = np.sort(rng.permutation(keys)[:TARGET_PAIRS])
    need_ids, candidate_ids = keys // N_CANDIDATES + 1, keys % N_CANDIDATES + 1
    quality = rng.beta(2, 2, N_CANDIDATES + 1)
    fit = rng.beta(2, 3, len(keys))
    scores = np.clip(np.rint(10_000 * (0.5 * quality[candidate_ids] + 0.5 * fit)), 0, 10_000).astype(np.int64)
    np.savez(path, need_ids=need_ids, candidate_ids=candidate_ids, scores=scores, slots=slots)


def load(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as data:
        return {name: data[name] for name in data.files}


def prepare(work: str, data: dict[str, np.ndarray]) -> tuple[Callable[[], Any], Callable[[Any], int]]:
    """The call to measure and how to read its total score; input conversion happens here, outside the timing."""
    need_ids, candidate_ids, scores, slots = data["need_ids"], data["candidate_ids"], data["scores"], data["slots"]
    needs = [AllocationNeed(need_id=i + 1, slots=int(s)) for i, s in enumerate(slots)]

    if work in ("allocate_p1", "allocate_p2"):
        p = 1 if work == "allocate_p1" else 2

        def run_allocate() -> Any:
            return allocate(
                need_ids=need_ids,
                candidate_ids=candidate_ids,
                scores=scores,
                needs=needs,
                max_proposals_per_candidate=p,
            )

        return run_allocate, lambda allocation: allocation.total_score

    if work in ("allocate_waves", "allocate_waves_all_pairs"):
        needs, waves, openings = wave_instance(data)
        depth = None if work == "allocate_waves" else {need.need_id: len(need.candidate_ids) for need in needs}

        def run_allocate_waves() -> Any:
            return allocate_waves(needs=needs, waves=waves, max_proposals_per_candidate=2, start_depth=depth)

        def coverage(allocation: WaveAllocation) -> dict[str, float]:
            proposals = {(n, w): count for n, w, count in allocation.proposals_per_wave}
            large = [(key, left) for key, left in openings.items() if key[1] > 0]  # waves of needs of 20+
            covered = sum(min(left, proposals[key] // K) for key, left in large)
            return {
                "total": allocation.total_score,
                "coverage": covered / max(sum(left for _, left in large), 1),
                "rounds": allocation.rounds,
                "pairs": allocation.pairs_considered,
            }

        return run_allocate_waves, coverage

    if work == "deferred_acceptance":
        # Both sides rank by score (ties by id); capacities are the slots, so it compares with allocate at p = 1.
        by_candidate = np.lexsort((need_ids, -scores, candidate_ids))
        by_need = np.lexsort((candidate_ids, -scores, need_ids))
        candidate_preferences = _group(candidate_ids[by_candidate], need_ids[by_candidate])
        need_preferences = _group(need_ids[by_need], candidate_ids[by_need])
        capacities = {i + 1: int(s) for i, s in enumerate(slots)}
        score_of = dict(zip(zip(need_ids.tolist(), candidate_ids.tolist(), strict=True), scores.tolist(), strict=True))

        def run_deferred_acceptance() -> Any:
            return deferred_acceptance(
                candidate_preferences=candidate_preferences, need_preferences=need_preferences, capacities=capacities
            )

        def matching_total(matching: dict[int, tuple[int, ...]]) -> int:
            return sum(score_of[need, c] for need, admitted in matching.items() for c in admitted)

        return run_deferred_acceptance, matching_total

    if work == "assignment_p1":
        from scipy.optimize import linear_sum_assignment

        def run_assignment() -> Any:
            # Candidates as rows, each need's slots as columns; a non-eligible pair weighs 0 and adds nothing.
            # Its running time depends heavily on the instance: a need's slots are identical columns and strong
            # candidates are contested by many of them, so augmenting paths get long (far above the reference's
            # 9.1 s here; with independent random scores it is about half as slow as with shared quality).
            candidates, rows = np.unique(candidate_ids, return_inverse=True)
            per_need = np.zeros((len(candidates), len(slots)), dtype=np.float64)
            per_need[rows, need_ids - 1] = scores
            expanded = per_need[:, np.repeat(np.arange(len(slots)), slots)]
            del per_need
            chosen_rows, chosen_cols = linear_sum_assignment(expanded, maximize=True)
            return int(expanded[chosen_rows, chosen_cols].sum())

        return run_assignment, int

    raise ValueError(f"unknown work {work!r}")


def wave_instance(
    data: dict[str, np.ndarray],
) -> tuple[list[NeedCandidates], list[AllocationWave], dict[tuple[int, int], int]]:
    """The pairs of ``data`` as needs hiring in waves; also each wave's openings, keyed (need id, wave id).

    Needs of ``MASS_HIRING`` openings or more (capped at ``MAX_OPENINGS``) get 2 to 4 waves (wave ids 1..4, so
    that they count in the coverage even when a wave is small); the others one implicit wave (id 0).
    """
    rng = np.random.default_rng(SEED + 1)
    need_ids, candidate_ids, scores = data["need_ids"], data["candidate_ids"], data["scores"]
    bounds = np.searchsorted(need_ids, np.arange(1, len(data["slots"]) + 2))
    needs, waves, openings = [], [], {}
    for index, slots in enumerate(data["slots"].tolist()):
        need_id, headcount = index + 1, min(slots // K, MAX_OPENINGS)
        count = int(rng.integers(2, 5)) if headcount >= MASS_HIRING else 1
        wave_ids = list(range(1, count + 1)) if count > 1 else [0]
        reserved_share = 0.1 if headcount >= MASS_HIRING and need_id % 10 == 0 else 0.0
        for position, wave_id in enumerate(wave_ids):
            left = headcount // count + (position < headcount % count)
            wave_slots = proposal_slots(left, K)
            waves.append(AllocationWave(need_id, wave_id, wave_slots, int(wave_slots * reserved_share)))
            openings[need_id, wave_id] = left
        ids = candidate_ids[bounds[index] : bounds[index + 1]]
        needs.append(
            NeedCandidates(
                need_id=need_id,
                candidate_ids=ids,
                scores=scores[bounds[index] : bounds[index + 1]],
                first_wave=np.minimum(rng.geometric(0.6, len(ids)) - 1, count - 1),
                tie_keys=tie_keys(need_id, ids, b"bench"),
                in_quota_group=ids % 9 == 0 if reserved_share else None,
            )
        )
    return needs, waves, openings


def _group(keys: np.ndarray, values: np.ndarray) -> dict[int, list[int]]:
    """Split ``values`` (sorted by ``keys``) into lists per key."""
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return {int(key): chunk.tolist() for key, chunk in zip(keys[starts], np.split(values, starts[1:]), strict=True)}


def measure(work: str, path: Path, runs: int) -> dict[str, Any]:
    """Run in the subprocess: time, RSS growth and traced peak of one work.

    With ``runs`` > 1 the traced peak comes from an extra run, so tracemalloc's overhead stays out of the timings;
    with a single run (the slow baseline) that run is traced too, since it allocates few Python objects.
    """
    call, total_of = prepare(work, load(path))
    gc.collect()
    if runs == 1:
        tracemalloc.start()
    rss_before_kb = _rss_reset_peak_kb()
    start = time.perf_counter()
    result = call()
    seconds = [time.perf_counter() - start]
    rss_growth_kb = _rss_peak_kb() - rss_before_kb
    total = total_of(result)
    del result
    for _ in range(runs - 1):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    if runs > 1:
        gc.collect()
        tracemalloc.start()
        call()
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "seconds": statistics.median(seconds),
        "rss_mb": rss_growth_kb / 1024,
        "traced_mb": traced_peak / 2**20,
        "total": total,
    }


def _rss_reset_peak_kb() -> int:
    """Reset the peak-RSS mark where the kernel allows it; return the value to subtract from ``_rss_peak_kb``."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # "5" resets VmHWM to the current RSS
        return _proc_status_kb("VmRSS")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def _rss_peak_kb() -> int:
    try:
        return _proc_status_kb("VmHWM")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _proc_status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise OSError(f"{field} not in /proc/self/status")


def run_measurement(work: str, path: Path, runs: int) -> dict[str, Any] | None:
    command = [sys.executable, __file__, "--measure", work, "--instance", str(path), "--runs", str(runs)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        print(f"note: {work} failed and is skipped:\n{result.stderr.strip()[-2000:]}")
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "instance.npz"
        make_instance(path)
        data = load(path)
        print(
            f"instance: {N_CANDIDATES:,} candidates × {N_NEEDS} needs, {OPENINGS:,} openings "
            f"(largest need {int(data['slots'].max()) // K}), {int(data['slots'].sum()):,} slots (k={K}), "
            f"{len(data['scores']):,} eligible pairs"
        )
        results = {
            "allocate_p2": run_measurement("allocate_p2", path, runs=3),
            "allocate_p1": run_measurement("allocate_p1", path, runs=3),
            "deferred_acceptance": run_measurement("deferred_acceptance", path, runs=3),
            "assignment_p1": run_measurement("assignment_p1", path, runs=1),
            "allocate_waves": run_measurement("allocate_waves", path, runs=3),
            "allocate_waves_all_pairs": run_measurement("allocate_waves_all_pairs", path, runs=3),
        }
        _, _, wave_openings = wave_instance(data)

    a1, a2, da, lsa = (results[w] for w in ("allocate_p1", "allocate_p2", "deferred_acceptance", "assignment_p1"))
    rows: list[tuple[str, str, str, str]] = []

    def add(work: str, figure: float | None, baseline: float | None, unit: str, digits: int) -> None:
        shown = [f"{value:,.{digits}f} {unit}".strip() if value is not None else "—" for value in (figure, baseline)]
        ratio = f"{figure / baseline:.3f}" if figure is not None and baseline else "—"
        rows.append((work, shown[0], shown[1], ratio))

    def get(result: dict[str, Any] | None, key: str) -> float | None:
        return None if result is None else float(result[key])

    for label, result in (("allocate p=2", a2), ("allocate p=1", a1), ("deferred acceptance", da)):
        add(f"{label}: time", get(result, "seconds"), get(lsa, "seconds"), "s", 3)
        add(f"{label}: RSS growth", get(result, "rss_mb"), get(lsa, "rss_mb"), "MB", 0)
        add(f"{label}: traced peak", get(result, "traced_mb"), get(lsa, "traced_mb"), "MB", 0)
    add("allocate p=1: total score", get(a1, "total"), get(lsa, "total"), "", 0)
    add("allocate p=2: total score (vs p=1 optimum)", get(a2, "total"), get(lsa, "total"), "", 0)
    add("deferred acceptance: total (vs allocate p=1)", get(da, "total"), get(a1, "total"), "", 0)

    header = ("work", "figure", "baseline", "ratio")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    print("baseline: scipy linear_sum_assignment on expanded slots (dense float64 candidates × slots, built in the")
    print("timed call), p = 1, one run; the last row's baseline is allocate p=1.")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        cells = [row[0].ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))]
        print(" | ".join(cells))

    if a1 is not None and lsa is not None:
        verdict = "equal" if a1["total"] == lsa["total"] else "DIFFERENT — a bug"
        print(f"p=1 totals, allocate vs scipy: {verdict}")
    if a2 is not None:
        memory = max(a2["rss_mb"], a2["traced_mb"])
        print(
            f"targets for allocate p=2: time {a2['seconds']:.3f} s ≤ {TARGET_SECONDS} s "
            f"{'PASS' if a2['seconds'] <= TARGET_SECONDS else 'FAIL'}; "
            f"memory max(RSS growth, traced peak) {memory:.0f} MB ≤ {TARGET_MB:.0f} MB "
            f"{'PASS' if memory <= TARGET_MB else 'FAIL'}"
        )
    waves_start, waves_all = results["allocate_waves"], results["allocate_waves_all_pairs"]
    if waves_start is not None and waves_all is not None:
        start, full = waves_start["total"], waves_all["total"]
        waved = sum(1 for need_id, wave_id in wave_openings if wave_id == 1)
        print(
            f"allocation in waves: {waved} needs of {MASS_HIRING}+ openings (up to {MAX_OPENINGS}) in 2 to 4 "
            f"waves, p = 2, k = {K}; baseline: the same objective solved over all {full['pairs']:,} eligible pairs"
        )
        ratio = start["coverage"] / full["coverage"] if full["coverage"] else 0.0
        print_table(
            [
                (
                    "allocate_waves: time",
                    f"{waves_start['seconds']:.3f} s",
                    f"{waves_all['seconds']:.3f} s",
                    f"{waves_start['seconds'] / waves_all['seconds']:.3f}",
                    "—",
                ),
                (
                    "allocate_waves: coverage of openings (needs of 20+)",
                    f"{start['coverage']:.2%}",
                    f"{full['coverage']:.2%}",
                    f"{ratio:.4f}",
                    f"≥ {TARGET_COVERAGE:.0%} of baseline {'PASS' if ratio >= TARGET_COVERAGE else 'FAIL'}",
                ),
                (
                    "allocate_waves: total score",
                    f"{start['total']:,}",
                    f"{full['total']:,}",
                    f"{start['total'] / full['total']:.6f}",
                    "equal" if start["total"] == full["total"] else "DIFFERENT — a bug",
                ),
                (
                    "allocate_waves: pairs in the last solve",
                    f"{start['pairs']:,}",
                    f"{full['pairs']:,}",
                    f"{start['pairs'] / full['pairs']:.3f}",
                    "—",
                ),
                ("allocate_waves: solves (rounds)", f"{start['rounds']}", f"{full['rounds']}", "—", "—"),
            ]
        )
    print(
        "reference (BENCHMARKS.md): min-cost flow 0.13 s, 90 MB; deferred acceptance 0.14 s, 86 MB; "
        "scipy 9.1 s, 2.4 GB"
    )
    print(f"benchmark wall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", help="internal: measure one work in this process and print JSON")
    parser.add_argument("--instance", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, arguments.instance, arguments.runs)))
    else:
        main()

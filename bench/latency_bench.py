"""Benchmark 4: from saving a need to its suggestions being stored, with 100,000 candidates and real workers,
beside the same computation run synchronously in this process.

Data: the database ``tremplin_bench`` of ``refresh_bench.py`` (created and seeded here too when missing), or the
database named by ``--database`` (the load test's 1,000,000 candidates: ``--database tremplin_load_1m``), where the
target is issue 20's: p95 ≤ 200 ms, queue wait included. The workers keep the candidates' columns warm (ADR 0014):
each reads them in full at its first run, which the warm-up rounds (``--warmup``, one more per worker at least)
absorb.

Figure: 30 times (after 2 warm-up rounds), an open need's headcount changes and ``need_matching_changed`` is
called inside ``transaction.atomic()``; the clock starts when the transaction has committed, and stops when a
``MatchRun`` of that need is seen ``succeeded`` with ``finished_at`` after the commit (polled every 20 ms). Two
``celery worker --concurrency 1 --pool prefork`` processes run on Redis. Each round picks another open need,
spread evenly over the ids, and its headcount swings between two values, so the data set stays about the same.

Baseline: the same work with no broker, ``match_run_execute`` on a freshly created run of the same need, in this
process; the ratio is the price of the queue, the worker hand-off and the polling.

Usage: ``.venv/bin/python bench/latency_bench.py [--database NAME] [--rounds 30] [--warmup 2]`` (about a minute
once seeded).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench import benchdb  # noqa: E402  (sets the benchmark's environment before Django starts)
from bench.benchtable import print_table  # noqa: E402

ROUNDS = 30
WARMUP = 2
WORKERS = 2
POLL_SECONDS = 0.02
TIMEOUT_SECONDS = 60.0
TARGET_P95_SECONDS = 2.0  # at 100,000 candidates
TARGET_P95_SECONDS_OTHER_DATABASE = 0.2  # at 1,000,000 (issue 20)


def need_ids_pick(count: int) -> list[int]:
    from employers.enums import NeedStatus
    from employers.models import StaffingNeed

    ids = list(StaffingNeed.objects.filter(status=NeedStatus.OPEN).order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // count)
    return [ids[(step // 2 + i * step) % len(ids)] for i in range(count)]


def need_change(need_id: int) -> None:
    """Change the headcount by one, the way a manager's form would, and ask for the need's suggestions again.

    An odd headcount goes up and an even one down, so each need only ever swings between two values.
    """
    from django.db import transaction

    from employers.models import StaffingNeed
    from matching.services.needs import need_matching_changed

    with transaction.atomic():
        need = StaffingNeed.objects.select_for_update().get(pk=need_id)
        need.headcount += 1 if need.headcount % 2 else -1
        need.save(update_fields=["headcount"])
        need_matching_changed(need=need, by=None)


def latency_with_workers(need_ids: list[int], *, warmup: int = WARMUP) -> tuple[list[float], list[float], list[float]]:
    """Seconds from commit to the run seen succeeded; and, from the run's record, queue wait and run time."""
    from django.utils import timezone

    from matching.enums import RunStatus
    from matching.models import MatchRun

    latencies, waits, runs = [], [], []
    with benchdb.Workers(WORKERS, label="latency") as workers:
        print(f"  {WORKERS} workers ready (logs in {workers.log_dir})")
        for round_number, need_id in enumerate(need_ids):
            need_change(need_id)
            committed_at, committed = timezone.now(), time.perf_counter()
            finished = MatchRun.objects.filter(need_id=need_id, finished_at__gt=committed_at)
            while True:
                run = finished.filter(status=RunStatus.SUCCEEDED).first()
                if run is not None:
                    break
                if finished.filter(status=RunStatus.FAILED).exists():
                    raise RuntimeError(f"the run of need {need_id} failed; see {workers.log_dir}")
                if time.perf_counter() - committed > TIMEOUT_SECONDS:
                    raise RuntimeError(f"no run of need {need_id} succeeded in {TIMEOUT_SECONDS:.0f} s")
                time.sleep(POLL_SECONDS)
            seen = time.perf_counter()
            if round_number >= warmup:
                latencies.append(seen - committed)
                waits.append((run.started_at - committed_at).total_seconds())
                runs.append((run.finished_at - run.started_at).total_seconds())
    return latencies, waits, runs


def need_run_in_process(need_id: int) -> float:
    """Seconds of a fresh run of the need, executed here with no broker (as a worker's task does it)."""
    from employers.models import StaffingNeed
    from matching.engine.config import SCORING
    from matching.enums import RunScope, RunStatus
    from matching.models import MatchRun
    from matching.services import match_run_execute

    need = StaffingNeed.objects.get(pk=need_id)
    started = time.perf_counter()
    run = MatchRun.objects.create(scope=RunScope.NEED, need=need, scoring_version=SCORING.version)
    done = match_run_execute(run_id=run.pk)
    elapsed = time.perf_counter() - started
    if done is None or done.status != RunStatus.SUCCEEDED:
        raise RuntimeError(f"the in-process run of need {need_id} did not succeed")
    return elapsed


def latency_in_process(need_ids: list[int], *, warmup: int = WARMUP) -> list[float]:
    """The same computation with no broker: a fresh run of the need, executed here."""
    seconds = [need_run_in_process(need_id) for need_id in need_ids]
    return seconds[warmup:]


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="another database than tremplin_bench (already migrated and seeded)")
    benchdb.candidates_argument(parser)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--warmup", type=int, default=WARMUP)
    return parser.parse_args()


def main() -> None:
    arguments = _arguments()
    rounds, warmup, target = arguments.rounds, arguments.warmup, TARGET_P95_SECONDS
    started = time.perf_counter()
    if arguments.database or arguments.candidates != benchdb.CANDIDATES:
        if arguments.database:
            benchdb.database_elsewhere_ready(arguments.database)
        else:
            benchdb.size_select(arguments.candidates)
            print("data:")
            benchdb.data_ready()
        # Each worker reads the columns in full at its first run: one warm-up round more than workers at least.
        warmup, target = max(warmup, WORKERS + 1), TARGET_P95_SECONDS_OTHER_DATABASE
    else:
        print("data:")
        benchdb.data_ready()
    need_ids = need_ids_pick(warmup + rounds)
    print(f"baseline: match_run_execute in this process, {rounds} needs after {warmup} warm-up rounds")
    baseline = latency_in_process(need_ids, warmup=warmup)
    print(f"saved need → suggestions stored, {WORKERS} workers, {rounds} rounds after {warmup} warm-up rounds")
    latencies, waits, runs = latency_with_workers(need_ids, warmup=warmup)

    ms = 1000.0
    rows = [
        (
            "save → suggestions stored, median",
            f"{statistics.median(latencies) * ms:.0f} ms",
            f"{statistics.median(baseline) * ms:.0f} ms",
            f"{statistics.median(latencies) / statistics.median(baseline):.2f}",
            "—",
        ),
        (
            "save → suggestions stored, p95",
            f"{p95(latencies) * ms:.0f} ms",
            f"{p95(baseline) * ms:.0f} ms",
            f"{p95(latencies) / p95(baseline):.2f}",
            f"≤ {target * ms:.0f} ms {'PASS' if p95(latencies) <= target else 'FAIL'}",
        ),
        (
            "save → suggestions stored, max",
            f"{max(latencies) * ms:.0f} ms",
            f"{max(baseline) * ms:.0f} ms",
            f"{max(latencies) / max(baseline):.2f}",
            "—",
        ),
    ]
    print_table(rows)
    print(
        f"  from the runs' records (median): commit → started {statistics.median(waits) * ms:.0f} ms (queue and "
        f"hand-off), started → finished {statistics.median(runs) * ms:.0f} ms (the work); polling every "
        f"{POLL_SECONDS * ms:.0f} ms adds up to that much"
    )
    print(f"benchmark wall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

"""Benchmark 9: a one-need run with the candidates' columns kept warm in the process, against reading them afresh.

Data: the database ``tremplin_bench`` of ``refresh_bench.py`` (100,000 candidates; created and seeded when
missing), or the database named by ``--database`` (for instance the load test's 1,000,000 candidates).

Figures, all in this process (the worker's own code path, ``match_run_execute`` in autocommit):

- **baseline**: ``MATCHING_WARM_COLUMNS`` off, each run reads every candidate's columns (as before ADR 0014);
- **figure**: on, after one full reading (not counted), each round changes one candidate's experience (a column
  the engine reads: the trigger feeds it) and then runs a need: the run brings the columns up to date from the
  feed and scores;
- the cost of bringing the columns up to date alone, after 1, 100 and 2,000 changed candidates, against a full
  reading; and the memory the kept columns take.

Usage: ``.venv/bin/python bench/warm_columns_bench.py [--database NAME] [--rounds N]``.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench import benchdb  # noqa: E402  (sets the benchmark's environment before Django starts)
from bench.benchtable import print_table  # noqa: E402
from bench.latency_bench import need_ids_pick, need_run_in_process, p95  # noqa: E402

TARGET_RUN_MS = 200  # issue target for a saved need at 1,000,000 candidates, queue wait included


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="another database than tremplin_bench (already migrated and seeded)")
    parser.add_argument("--rounds", type=int, default=20)
    return parser.parse_args()


def _candidate_ids(count: int, *, offset: int = 0) -> list[int]:
    from candidates.enums import CandidateStatus
    from candidates.models import Candidate

    presentable = Candidate.objects.filter(status=CandidateStatus.ACTIVE, consents_to_presentation=True)
    return list(presentable.order_by("pk").values_list("pk", flat=True)[offset : offset + count])


def _change(candidate_ids: list[int]) -> None:
    """One more (then one fewer) year of experience: a column the engine reads, through the ORM like any door."""
    from django.db.models import Case, F, When

    from candidates.models import Candidate

    Candidate.objects.filter(pk__in=candidate_ids).update(
        experience_years=Case(When(experience_years__gt=0, then=F("experience_years") - 1), default=1)
    )


def main() -> None:
    arguments = _arguments()
    if arguments.database:
        benchdb.database_elsewhere_ready(arguments.database)
    else:
        print("data:")
        benchdb.data_ready()
    from django.conf import settings

    from matching import warm_columns
    from matching.columns_loader import candidate_columns_load

    rounds = arguments.rounds
    needs = need_ids_pick(rounds + 1)
    people = _candidate_ids(rounds + 2100)
    print(f"load average {os.getloadavg()[0]:.2f}; {len(people)} candidates to change, {len(needs)} needs")

    settings.MATCHING_WARM_COLUMNS = False
    cold = [need_run_in_process(need) for need in needs]
    settings.MATCHING_WARM_COLUMNS = True
    warm_columns.warm_columns_forget()
    need_run_in_process(needs[0])  # the full reading a worker does once
    warm = []
    for index, need in enumerate(needs[1:]):
        _change([people[index]])
        warm.append(need_run_in_process(need))

    started = time.perf_counter()
    full = candidate_columns_load()
    full_reading = time.perf_counter() - started
    updates = {}
    for count, offset in ((1, rounds), (100, rounds + 1), (2000, rounds + 101)):
        warm_columns.candidate_columns_current()
        _change(people[offset : offset + count])
        started = time.perf_counter()
        warm_columns.candidate_columns_current()
        updates[count] = time.perf_counter() - started
    state = warm_columns.warm_columns_state()

    ms = 1000.0
    rows = [
        (
            "one-need run, median",
            f"{statistics.median(warm[1:]) * ms:.0f} ms",
            f"{statistics.median(cold[1:]) * ms:.0f} ms",
            f"{statistics.median(cold[1:]) / statistics.median(warm[1:]):.1f}× faster",
            "—",
        ),
        (
            "one-need run, p95",
            f"{p95(warm[1:]) * ms:.0f} ms",
            f"{p95(cold[1:]) * ms:.0f} ms",
            f"{p95(cold[1:]) / p95(warm[1:]):.1f}× faster",
            f"≤ {TARGET_RUN_MS} ms at 1,000,000 (queue wait included: latency_bench)",
        ),
    ]
    for count, seconds in updates.items():
        rows.append(
            (
                f"columns brought up to date, {count} changed",
                f"{seconds * ms:.0f} ms",
                f"{full_reading * ms:.0f} ms (full reading)",
                f"{full_reading / seconds:.1f}× faster",
                "—",
            )
        )
    rows.append(
        (
            "columns kept in memory",
            f"{(state.columns.nbytes + state.columns.views_nbytes) / 2**20:.0f} MiB",
            f"{len(full):,} candidates",
            "—",
            "≤ 1.5 GB a worker at 1,000,000 (2,000 skills)",
        )
    )
    print_table(rows)
    print(f"full readings {state.full_readings}, updates from the feed {state.updates}")


if __name__ == "__main__":
    main()

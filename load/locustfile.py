"""The load scenario: employer members, platform staff, a manager and region observers, at a constant total rate.

``load/run.sh`` starts it headless against gunicorn; docs/benchmarks.md ("Load test") explains the set-up and the
figures. Every user makes one request per task and runs ``LOAD_USER_RATE`` tasks a second on average, so the total
rate is the number of users times that rate: 50 users at 1 a second are 50 requests a second. The users, by front
door, are in ``load/scenario/`` (their arrivals, sessions and CSRF headers: ``scenario.base``); locust runs every
user class imported here, in proportion to its weight (30 + 16 + 2 + 2 = 50 users).

- Requests are named by route, never by id (``GET /portal/needs/[id]/``), so that the statistics group them.
- Writes are named with a ``W `` prefix; ``summary_write`` reports reads and writes separately from every response
  time seen (exact percentiles, not merged from per-route tables) into ``LOAD_SUMMARY`` (JSON); and the report
  pages on their own too (the page and its printed version), since they have a target of their own (issue 19:
  p95 ≤ 300 ms at 1,000,000 candidates), which a low p95 of all reads could hide. The reports' downloads (CSV, XLSX,
  PDF) are files, not pages: reads like the others, each on its own line.
- Everything the users need (sessions, API tokens, ids to act on) comes from the fixture written by
  ``load/prepare.py``: nobody logs in through the forms, which would need TOTP codes for staff.
"""

import json
import os
import time
from collections import defaultdict
from pathlib import Path

from locust import events
from scenario.base import PROJECT_ROOT, WRITE_PREFIX
from scenario.employers import EmployerMember
from scenario.reports import RegionObserver
from scenario.staff import PlatformAdvisor, PlatformManager

USER_CLASSES = (EmployerMember, PlatformAdvisor, PlatformManager, RegionObserver)  # what locust finds here
SUMMARY = Path(os.environ.get("LOAD_SUMMARY", PROJECT_ROOT / "var/load/summary.json"))
READ_P95_TARGET_MS = 300
WRITE_P95_TARGET_MS = 500
REPORTS_P95_TARGET_MS = 300
REPORT_PAGES = ("GET /staff/reports/?", "GET /staff/reports/print/")
TRACE = Path(os.environ["LOAD_TRACE"]) if os.environ.get("LOAD_TRACE") else None  # a CSV of every request


# Every response time, by kind, for exact percentiles of reads and of writes.
TIMES: dict[str, list[float]] = defaultdict(list)
FAILURES: dict[str, int] = defaultdict(int)
CLOCK: dict[str, float] = {}


@events.request.add_listener
def on_request(name: str, response_time: float, exception: BaseException | None, **kwargs) -> None:
    kind = "writes" if name.startswith(WRITE_PREFIX) else "reads"
    if TRACE:
        with TRACE.open("a") as trace:  # when each request started, how long it took: for timelines
            trace.write(f"{kwargs.get('start_time', 0):.3f},{response_time:.1f},{name}\n")
    kinds = [kind, "reports"] if name.startswith(REPORT_PAGES) else [kind]  # the report pages are reads too
    for each in kinds:
        TIMES[each].append(response_time)
        if exception is not None:
            FAILURES[each] += 1


@events.test_start.add_listener
def on_test_start(**kwargs) -> None:
    CLOCK["start"] = time.monotonic()
    if TRACE:
        TRACE.write_text("")  # this run's requests only


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


@events.quitting.add_listener
def summary_write(environment, **kwargs) -> None:
    seconds = time.monotonic() - CLOCK.get("start", time.monotonic())
    summary: dict[str, object] = {"seconds": round(seconds, 1)}
    met = True
    targets = [("reads", READ_P95_TARGET_MS)]
    # The users chosen (LOAD_USER_CLASSES) may write nothing (region observers) or read no report; the whole mix
    # does both, and a write that failed every time still counts.
    if TIMES["writes"] or FAILURES["writes"] or not os.environ.get("LOAD_USER_CLASSES"):
        targets.append(("writes", WRITE_P95_TARGET_MS))
    if TIMES["reports"]:
        targets.append(("reports", REPORTS_P95_TARGET_MS))
    for kind, target in targets:
        values = TIMES[kind]
        figures: dict[str, object] = {"requests": len(values), "failures": FAILURES[kind], "p95_target_ms": target}
        if values:
            figures |= {f"p{int(share * 100)}_ms": round(percentile(values, share)) for share in (0.5, 0.95, 0.99)} | {
                "max_ms": round(max(values)),
                "mean_ms": round(sum(values) / len(values)),
            }
        figures["met"] = bool(values) and figures["p95_ms"] <= target and not FAILURES[kind]
        met = met and bool(figures["met"])
        summary[kind] = figures
    total = len(TIMES["reads"]) + len(TIMES["writes"])
    summary |= {
        "requests": total,
        "failures": FAILURES["reads"] + FAILURES["writes"],
        "requests_per_second": round(total / seconds, 2) if seconds else 0,
        "write_share": round(len(TIMES["writes"]) / total, 3) if total else 0,
        "targets_met": met,
    }
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(json.dumps(summary, indent=1))
    if not met:
        environment.process_exit_code = 3

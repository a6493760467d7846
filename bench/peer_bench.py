"""Benchmark 9: Tremplin's matching beside a peer written in SQL, on the same data, with a check that both return
the same top 50.

Data: ``tremplin_bench`` (``bench/benchdb.py``: 100,000 candidates, about 1,000 open needs; created and seeded when
missing). The peer (``bench/sql_peer.py``) needs its functions, its indexes and its materialized view
(``bench/sql_peer_setup.py``): made when missing; the tables it reads are vacuumed and analysed, and the view is
refreshed before anything is timed.

Figures, each beside its SQL baseline, with the load average when it was measured:

- one need, p50 and p95 over 30 needs (after 2 warm-up rounds, the needs of ``latency_bench.py``): Tremplin's run
  in this process (``match_run_execute`` on a fresh run: column load, score, store, allocation), against SQL over
  the indexed tables and SQL over the pool, one connection; and the engine alone with the columns already in memory
  (the need read, its specification, ``score_need``);
- a full refresh of every open need: Tremplin's (``refresh_bench.refresh_with_workers``: 2 real workers, end to
  end), against each SQL variant on 2 connections taking needs from one queue; and the engine alone in this process
  (columns loaded once, every need scored, nothing stored).

The SQL returns each need's top 50 to the client and stores nothing; Tremplin's runs also store the suggestions,
their sourcing check and the proposals.

Exactness: every top 50 SQL returned (both variants, one-need rounds and full refreshes) is compared with the
engine's full list for the same need (``peer_check.top_compare``), and so are the needs of ``peer_check.rules_check``
(declines and MRS passes written in a transaction rolled back). Any difference makes the script exit with 1.

Usage: ``.venv/bin/python bench/peer_bench.py`` (about 3 minutes once seeded; ``--rounds`` changes the 30).
``--candidates 1000000`` runs it all on ``tremplin_bench_1m``: 1,000,000 candidates and the same ~1,000 open needs
(seeded when missing, about 10 minutes; the SQL over the tables then takes about 3 minutes of the run).
``--database tremplin_load_1m`` compares one need at a time only, on the load test's 1,000,000 candidates (the
peer's indexes and view made there first), with the same exactness check on those needs.
"""

import argparse
import os
import queue
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench import benchdb  # noqa: E402  (sets the benchmark's environment before Django starts)
from bench.benchtable import print_table  # noqa: E402
from bench.latency_bench import WARMUP, p95  # noqa: E402  (latency_in_process's warm-up, whose rounds are reused here)

CONNECTIONS = 2
REFRESH_TARGET_SECONDS_AT_1M = 15.0
ONE_NEED_TARGET_RATIO = 5.0
HEADER = ("work", "figure", "baseline (same run)", "ratio", "load average (figure / baseline)")
STATUSES = ("identical", "within tolerance", "different")


class Load:
    """The 1-minute load average at the start and at the end of a measurement."""

    def __enter__(self) -> "Load":
        self.start = os.getloadavg()[0]
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.end = os.getloadavg()[0]

    def __str__(self) -> str:
        low, high = sorted((self.start, self.end))
        return f"{low:.1f}–{high:.1f}"


def one_need_sql(variant: str, need_ids: list[int], secret: bytes) -> tuple[list[float], dict[int, list[tuple]]]:
    """Seconds per need (after the warm-up rounds) and the rows of each need, on one connection."""
    from bench import sql_peer

    text = sql_peer.statement(variant)
    seconds, tops = [], {}
    with sql_peer.peer_connect() as connection:
        for round_number, need_id in enumerate(need_ids):
            parameters = sql_peer.statement_parameters(need_id, secret)
            started = time.perf_counter()
            tops[need_id] = sql_peer.need_top(connection, text, parameters)
            if round_number >= WARMUP:
                seconds.append(time.perf_counter() - started)
    return seconds, tops


def one_need_engine(need_ids: list[int], columns: Any, secret: bytes) -> list[float]:
    """The engine's part of a one-need run with the columns already loaded: the need read, its spec, the score."""
    from matching.engine.config import SCORING
    from matching.engine.scoring import score_need
    from matching.selectors import need_spec_build, needs_for_matching

    seconds = []
    for round_number, need_id in enumerate(need_ids):
        started = time.perf_counter()
        need = needs_for_matching([need_id]).get()
        score_need(columns, need_spec_build(need), SCORING, tie_secret=secret)
        if round_number >= WARMUP:
            seconds.append(time.perf_counter() - started)
    return seconds


def one_need_tremplin(need_ids: list[int]) -> tuple[list[float], list[dict[str, float]]]:
    """``latency_bench``'s in-process run of each need; its seconds, and the timings each run recorded."""
    from bench.latency_bench import latency_in_process
    from matching.enums import RunScope, RunStatus
    from matching.models import MatchRun

    seconds = latency_in_process(need_ids)
    runs = MatchRun.objects.filter(scope=RunScope.NEED, status=RunStatus.SUCCEEDED, need_id__in=need_ids[WARMUP:])
    return seconds, [run.timings for run in runs.order_by("-pk")[: len(seconds)]]


def refresh_sql(variant: str, need_ids: list[int], secret: bytes) -> tuple[float, dict[int, list[tuple]]]:
    """Every need's top on ``CONNECTIONS`` connections taking needs from one queue; seconds and the rows."""
    from bench import sql_peer

    text = sql_peer.statement(variant)
    pending: queue.SimpleQueue[int] = queue.SimpleQueue()
    for need_id in need_ids:
        pending.put(need_id)
    tops: dict[int, list[tuple]] = {}

    def drain(connection: Any) -> None:
        while True:
            try:
                need_id = pending.get_nowait()
            except queue.Empty:
                return
            tops[need_id] = sql_peer.need_top(connection, text, sql_peer.statement_parameters(need_id, secret))

    # The connections are open before the clock starts, as Tremplin's workers are running before its refresh.
    connections = [sql_peer.peer_connect() for _ in range(CONNECTIONS)]
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(CONNECTIONS) as pool:
            for future in [pool.submit(drain, connection) for connection in connections]:
                future.result()
        seconds = time.perf_counter() - started
    finally:
        for connection in connections:
            connection.close()
    return seconds, tops


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 0.1 else f"{seconds * 1000:,.0f} ms"


VARIANTS = (("plain", "SQL over indexed tables"), ("pool", "SQL over the pool"))


def row(work: str, figure: float, baseline: float, load: str, *, unit: str = "ms") -> tuple[str, ...]:
    shown = ms if unit == "ms" else (lambda seconds: f"{seconds:.2f} s")
    return (work, shown(figure), shown(baseline), f"{figure / baseline:.2f}", load)


def one_need_rows(one: dict[str, tuple[list[float], Load]]) -> list[tuple[str, ...]]:
    """A need at a time: Tremplin's run and the engine alone, each beside the SQL variants."""
    rows = []
    tremplin, tremplin_load = one["tremplin"]
    for label, statistic in (("p50", statistics.median), ("p95", p95)):
        for variant, name in VARIANTS:
            seconds, load = one[variant]
            work = f"one need, {label}: Tremplin's run in-process vs {name}"
            rows.append(row(work, statistic(tremplin), statistic(seconds), f"{tremplin_load} / {load}"))
    (engine, engine_load), (pool, pool_load) = one["engine"], one["pool"]
    work = "one need, p50: the engine alone, columns in memory (need read, spec, score) vs SQL over the pool"
    rows.append(row(work, statistics.median(engine), statistics.median(pool), f"{engine_load} / {pool_load}"))
    return rows


def verdict_rows(verdicts: list[Any]) -> list[tuple[str, ...]]:
    """The exactness check of each variant: its top 50s against the engine's."""
    rows = []
    counts = Counter((verdict.variant, verdict.status) for verdict in verdicts)
    for variant, _name in VARIANTS:
        identical, tolerated, different = (counts[(variant, status)] for status in STATUSES)
        checked = identical + tolerated + different
        rows.append((
            f"SQL {variant}: top 50 equal to the engine's (identical / within tolerance / different)",
            f"{identical + tolerated:,} of {checked:,}", f"{identical:,} / {tolerated:,} / {different:,}", "—",
            "PASS" if not different else "FAIL",
        ))  # fmt: skip
    return rows


def table_rows(
    one: dict[str, tuple[list[float], Load]],
    refresh: dict[str, tuple[float, Load]],
    readying: dict[str, tuple[float, Load]],
    verdicts: list[Any],
    needs: int,
) -> list[tuple[str, ...]]:
    """The table: each Tremplin figure beside its SQL baseline, then the exactness check of each variant."""
    rows = one_need_rows(one)
    tremplin_refresh, tremplin_refresh_load = refresh["tremplin"]
    for variant, name in VARIANTS:
        seconds, load = refresh[variant]
        work = f"full refresh, {needs:,} needs: Tremplin, {CONNECTIONS} workers vs {name}, {CONNECTIONS} connections"
        rows.append(row(work, tremplin_refresh, seconds, f"{tremplin_refresh_load} / {load}", unit="s"))
    (engine_all, engine_all_load), (pool_all, pool_all_load) = readying["engine"], refresh["pool"]
    work = "full refresh: the engine alone in one process (columns loaded once, nothing stored) vs SQL over the pool"
    rows.append(row(work, engine_all, pool_all, f"{engine_all_load} / {pool_all_load}", unit="s"))
    (columns, columns_load), (view, view_load) = readying["columns"], readying["view"]
    work = "readying the candidates: Tremplin's column load vs refreshing the pool's view"
    rows.append(row(work, columns, view, f"{columns_load} / {view_load}", unit="s"))
    return rows + verdict_rows(verdicts) + [one_need_target_row(one), refresh_target_row(refresh)]


def one_need_target_row(one: dict[str, tuple[list[float], Load]]) -> tuple[str, ...]:
    """Issue 20's target for one need at 1,000,000 candidates: at least 5 times faster than the same filters and
    score in SQL over the tables, at p95 (the pool, a materialized copy of the candidates that returns a top 50 and
    stores nothing, is compared in the rows above)."""
    tremplin, plain = p95(one["tremplin"][0]), p95(one["plain"][0])
    verdict = "— (the target is at 1,000,000)"
    if benchdb.CANDIDATES >= 1_000_000:
        verdict = "PASS" if plain >= ONE_NEED_TARGET_RATIO * tremplin else "FAIL"
    return (
        f"one need target: ≥ {ONE_NEED_TARGET_RATIO:.0f}× faster than SQL over indexed tables (p95)",
        ms(tremplin), ms(plain), f"{tremplin / plain:.2f}", verdict,
    )  # fmt: skip


def refresh_target_row(refresh: dict[str, tuple[float, Load]]) -> tuple[str, ...]:
    """Issue 20's target for the full refresh: faster than the best SQL variant in the same run and, at 1,000,000
    candidates, within 15 s on the 2 workers."""
    tremplin = refresh["tremplin"][0]
    best = min(refresh[variant][0] for variant, _name in VARIANTS)
    verdict = "— (the target is at 1,000,000)"
    if benchdb.CANDIDATES >= 1_000_000:
        verdict = "PASS" if tremplin < best and tremplin <= REFRESH_TARGET_SECONDS_AT_1M else "FAIL"
    return (
        f"full refresh target: ≤ {REFRESH_TARGET_SECONDS_AT_1M:.0f} s and faster than the best SQL variant",
        f"{tremplin:.2f} s", f"{best:.2f} s", f"{tremplin / best:.2f}", verdict,
    )  # fmt: skip


def peer_ready() -> tuple[float, Load]:
    """The peer's functions, indexes and view in place, the tables vacuumed; the pool refreshed, and how long that
    took."""
    from bench import sql_peer, sql_peer_setup

    with sql_peer.peer_connect() as connection:
        made = sql_peer_setup.peer_prepare(connection)
        print(f"  indexes made: {', '.join(made) if made else 'none (all in place)'}")
        clock = time.perf_counter()
        sql_peer_setup.tables_vacuum(connection)
        print(f"  VACUUM (ANALYZE) of the tables the peer reads: {time.perf_counter() - clock:.1f} s")
        with Load() as load:
            clock = time.perf_counter()
            sql_peer_setup.pool_refresh(connection)
            seconds = time.perf_counter() - clock
    print(f"  pool refreshed (REFRESH MATERIALIZED VIEW and ANALYZE) in {seconds:.1f} s")
    return seconds, load


def one_need_compare(
    need_ids: list[int], columns: Any, tops: dict, secret: bytes
) -> tuple[dict[str, tuple[list[float], Load]], list[Any], list[dict[str, float]]]:
    """Each need timed alone in both SQL variants (their top 50 checked against the engine's), the engine alone, and
    Tremplin's in-process run; with the exactness verdicts and the runs' recorded timings."""
    from bench import peer_check

    one: dict[str, tuple[list[float], Load]] = {}
    verdicts = []
    for variant, _name in VARIANTS:
        with Load() as load:
            seconds, rows = one_need_sql(variant, need_ids, secret)
        one[variant] = (seconds, load)
        verdicts += [peer_check.top_compare(tops[i], rows[i], variant=variant) for i in need_ids]
    with Load() as load:
        one["engine"] = (one_need_engine(need_ids, columns, secret), load)
    with Load() as load:
        tremplin_seconds, timings = one_need_tremplin(need_ids)
    one["tremplin"] = (tremplin_seconds, load)
    return one, verdicts, timings


def one_need_elsewhere(database: str, rounds: int) -> None:
    """The one-need comparison alone, on another database (``--database``: the load test's 1,000,000 candidates,
    where a full refresh of its 7,218 open needs in SQL would take most of an hour)."""
    started = time.perf_counter()
    benchdb.database_elsewhere_ready(database)  # the peer's connections (sql_peer.peer_connect) follow

    from bench import peer_check
    from bench.latency_bench import need_ids_pick
    from matching.columns_loader import candidate_columns_load
    from matching.services.suggestions import tie_secret

    print("peer set-up:")
    peer_ready()
    secret = tie_secret()
    need_ids = need_ids_pick(WARMUP + rounds)
    columns = candidate_columns_load()
    tops = peer_check.engine_tops(columns, need_ids, secret)
    print(f"one need: {rounds} needs after {WARMUP} warm-up rounds, {len(columns):,} presentable candidates")
    one, verdicts, timings = one_need_compare(need_ids, columns, tops, secret)
    print_table(one_need_rows(one) + verdict_rows(verdicts), HEADER)
    parts = ", ".join(f"{name} {ms(statistics.median(t[name] for t in timings))}" for name in timings[0])
    print(f"  Tremplin's one-need runs as they record it (medians): {parts}")
    print(f"benchmark wall time: {time.perf_counter() - started:.0f} s")
    _exit_if_different(verdicts)


def _exit_if_different(verdicts: list[Any]) -> None:
    different = [verdict for verdict in verdicts if verdict.status == "different"]
    if different:
        for verdict in different[:20]:
            print(f"DIFFERENT need {verdict.need_id} ({verdict.variant}): {verdict.detail}", file=sys.stderr)
        sys.exit(f"the SQL peer's top 50 differs from the engine's on {len(different)} need(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="needs timed one by one (30)")
    parser.add_argument("--database", help="another database (already seeded): the one-need comparison only")
    benchdb.candidates_argument(parser)
    arguments = parser.parse_args()
    if arguments.database:
        one_need_elsewhere(arguments.database, arguments.rounds)
        return
    benchdb.size_select(arguments.candidates)
    started = time.perf_counter()
    print("data:")
    benchdb.data_ready()

    from bench import peer_check
    from bench.latency_bench import need_ids_pick
    from bench.refresh_bench import refresh_with_workers
    from employers.enums import NeedStatus
    from employers.models import StaffingNeed
    from matching.columns_loader import candidate_columns_load
    from matching.services.suggestions import tie_secret

    print("peer set-up:")
    readying: dict[str, tuple[float, Load]] = {"view": peer_ready()}
    secret = tie_secret()
    open_ids = list(StaffingNeed.objects.filter(status=NeedStatus.OPEN).order_by("pk").values_list("pk", flat=True))
    print(f"engine reference: columns loaded once, {len(open_ids):,} open needs scored in full")
    with Load() as load:
        clock = time.perf_counter()
        columns = candidate_columns_load()
        loaded = time.perf_counter() - clock
        tops = peer_check.engine_tops(columns, open_ids, secret)
    readying |= {"columns": (loaded, load), "engine": (time.perf_counter() - clock, load)}
    print(
        f"  {len(columns):,} presentable candidates; load {loaded:.2f} s, load and score {readying['engine'][0]:.2f} s"
    )

    print("rules check (declines and MRS passes, rolled back):")
    verdicts, exercised = peer_check.rules_check(columns, tops, secret)
    print(f"  {exercised}")

    need_ids = need_ids_pick(WARMUP + arguments.rounds)
    print(f"one need: {arguments.rounds} needs after {WARMUP} warm-up rounds")
    one, one_verdicts, timings = one_need_compare(need_ids, columns, tops, secret)
    verdicts += one_verdicts
    tremplin_seconds = one["tremplin"][0]

    print(f"full refresh: {len(open_ids):,} needs")
    refresh: dict[str, tuple[float, Load]] = {}
    for variant, _name in VARIANTS:
        with Load() as load:
            total, rows = refresh_sql(variant, open_ids, secret)
        refresh[variant] = (total, load)
        verdicts += [peer_check.top_compare(tops[i], rows[i], variant=variant) for i in open_ids]
        print(f"  SQL {variant}, {CONNECTIONS} connections: {total:.1f} s")
    with Load() as load:
        workers = refresh_with_workers()
    refresh["tremplin"] = (workers["seconds"], load)

    print_table(table_rows(one, refresh, readying, verdicts, len(open_ids)), HEADER)
    run = workers["run"]
    parts = ", ".join(f"{name} {ms(statistics.median(t[name] for t in timings))}" for name in timings[0])
    print(
        f"  Tremplin's one-need runs, p50 {ms(statistics.median(tremplin_seconds))}, as the runs record it: {parts}; "
        f"its full refresh: run #{run.pk}, {run.suggestions_stored:,} suggestions stored, first shard done at "
        f"{workers['first_shard_done']:.1f} s and last at {workers['last_shard_done']:.1f} s, timings {run.timings}"
    )
    view_seconds = readying["view"][0]
    print(
        f"  the pool's refresh ({view_seconds:.1f} s) came before the SQL pool figures; with it, a full refresh over "
        f"the pool takes {view_seconds + refresh['pool'][0]:.1f} s"
    )
    print(f"  rules check: {exercised}")
    print(f"benchmark wall time: {time.perf_counter() - started:.0f} s")
    _exit_if_different(verdicts)


if __name__ == "__main__":
    main()

"""Shared set-up of the database benchmarks: the ``tremplin_bench`` database, its data, and real Celery workers.

``refresh_bench.py`` and ``latency_bench.py`` import this module first: it puts the project root on ``sys.path``
and points Django, Celery and the cache at a database and Redis numbers of their own, so that a benchmark never
touches the development data. ``data_ensure`` creates, migrates and seeds the database only when something is
missing, so a second run starts at once. ``Workers`` starts real worker processes and always stops them.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

DATABASE_NAME = "tremplin_bench"
DATABASE_HOST, DATABASE_PORT, DATABASE_USER = "127.0.0.1", "5432", "postgres"
CANDIDATES = 100_000
OPEN_NEEDS = 1_000
SEED = 11
ENVIRONMENT = {
    "DATABASE_URL": f"postgres://{DATABASE_USER}@{DATABASE_HOST}:{DATABASE_PORT}/{DATABASE_NAME}",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/5",
    "REDIS_URL": "redis://127.0.0.1:6379/4",
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
}
# Set before Django reads its settings: the variables win over any .env file.
os.environ.update(ENVIRONMENT)
BIN = Path(sys.executable).parent


def size_select(candidates: int) -> None:
    """Work at another size than 100,000 candidates (a benchmark's ``--candidates``), with the same ~1,000 open
    needs, in a database of its own (``tremplin_bench_1m`` for 1,000,000), seeded when missing as this one is.
    Called before Django starts."""
    global DATABASE_NAME, CANDIDATES
    if candidates == CANDIDATES:
        return
    CANDIDATES = candidates
    size = f"{candidates // 1_000_000}m" if candidates % 1_000_000 == 0 else f"{candidates // 1000}k"
    DATABASE_NAME = f"tremplin_bench_{size}"
    os.environ["DATABASE_URL"] = f"postgres://{DATABASE_USER}@{DATABASE_HOST}:{DATABASE_PORT}/{DATABASE_NAME}"


def candidates_argument(parser: argparse.ArgumentParser) -> None:
    """A benchmark's ``--candidates``, for ``size_select``."""
    parser.add_argument(
        "--candidates", type=int, default=CANDIDATES, help="candidates (100,000; 1000000: tremplin_bench_1m)"
    )


def _psql(sql: str, database: str = "postgres") -> str:
    command = ["psql", "-h", DATABASE_HOST, "-p", DATABASE_PORT, "-U", DATABASE_USER, "-d", database, "-Atc", sql]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603


def _manage(*arguments: str, say: Callable[[str], None]) -> None:
    say(f"  manage.py {' '.join(arguments)}")
    subprocess.run(  # noqa: S603
        [sys.executable, str(PROJECT_ROOT / "manage.py"), *arguments, "-v", "0"],
        cwd=PROJECT_ROOT,
        env=os.environ.copy(),
        check=True,
    )


def database_ensure(say: Callable[[str], None] = print) -> None:
    """Create ``tremplin_bench`` when missing and bring its schema up to date (fast when it already is)."""
    if _psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'") != "1":  # noqa: S608 (a constant)
        say(f"  creating the database {DATABASE_NAME}")
        subprocess.run(  # noqa: S603
            ["createdb", "-h", DATABASE_HOST, "-p", DATABASE_PORT, "-U", DATABASE_USER, DATABASE_NAME],  # noqa: S607
            check=True,
        )
    _manage("migrate", "--no-input", say=say)


def django_setup() -> None:
    import django

    django.setup()


def _employers_for_open_needs(open_needs: int) -> int:
    """The smallest ``--employers`` for which ``seed_demo`` plans at least ``open_needs`` open needs."""
    from demo.seeding.services import referentials_snapshot
    from demo.seeding.snapshot import Prepared, plan_platforms
    from demo.seeding.staffing import plan_employers

    refs, _ids = referentials_snapshot()
    prepared = Prepared(refs, plan_platforms(refs))
    guess = open_needs
    while True:
        plans = plan_employers(prepared, seed=SEED, count=guess)
        running = 0
        for count, plan in enumerate(plans, start=1):
            running += sum(need.status == "open" for need in plan.needs)
            if running >= open_needs:
                return count
        guess *= 2


def referentials_ensure(say: Callable[[str], None] = print, *, reload: bool = False) -> None:
    """``tremplin_bench`` with its schema and the referentials loaded (again when ``reload``: the loader is
    idempotent, and adds what a newer checkout loads, such as job titles); Django set up."""
    database_ensure(say)
    django_setup()
    from referentials.models import Occupation

    if reload or not Occupation.objects.exists():
        if not any((PROJECT_ROOT / "var" / "sources").glob("*.whl")):
            say("  make sources")
            subprocess.run(["make", "-s", "sources"], cwd=PROJECT_ROOT, check=True)  # noqa: S607
        # The occupation benchmark keeps its own semantic index (bench/occupation_titles.py).
        _manage("load_referentials", "--skip-semantic-index", say=say)


def data_ensure(say: Callable[[str], None] = print) -> dict[str, int]:
    """Referentials, ~100,000 candidates and ~1,000 open needs in ``tremplin_bench``; seeds only what is missing."""
    referentials_ensure(say)
    from candidates.models import Candidate
    from employers.enums import NeedStatus
    from employers.models import StaffingNeed

    open_needs = StaffingNeed.objects.filter(status=NeedStatus.OPEN).count()
    candidates = Candidate.objects.count()
    if candidates < CANDIDATES or open_needs < OPEN_NEEDS:
        employers = _employers_for_open_needs(OPEN_NEEDS)
        started = time.perf_counter()
        _manage(
            "seed_demo", "--candidates", str(CANDIDATES), "--employers", str(employers), "--seed", str(SEED), say=say
        )
        say(f"  seeded in {time.perf_counter() - started:.0f} s")
        open_needs = StaffingNeed.objects.filter(status=NeedStatus.OPEN).count()
        candidates = Candidate.objects.count()
    return {"candidates": candidates, "open_needs": open_needs}


def data_ready(say: Callable[[str], None] = print) -> dict[str, int]:
    """``data_ensure`` then ``runs_settle``, saying what the database holds and how loaded the machine is."""
    counts = data_ensure(say)
    statistics_refresh()
    settled = runs_settle()
    if settled:
        say(f"  {settled} run(s) left unfinished by an earlier benchmark marked failed")
    say(
        f"  {counts['candidates']:,} candidates, {counts['open_needs']:,} open needs in {DATABASE_NAME}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    return counts


def database_elsewhere_ready(database: str) -> None:
    """Work on another database than ``tremplin_bench``, already migrated and seeded (a benchmark's ``--database``):
    Django, the workers started after (they take this environment) and the SQL peer's connections all use it; runs
    left unfinished there are settled, as ``data_ready`` does here."""
    global DATABASE_NAME
    DATABASE_NAME = database
    os.environ["DATABASE_URL"] = f"postgres://{DATABASE_USER}@{DATABASE_HOST}:{DATABASE_PORT}/{database}"
    django_setup()
    statistics_refresh()
    settled = runs_settle()
    print(f"data: {database}" + (f"; {settled} unfinished runs marked failed" if settled else ""))


# The tables every refresh rewrites, and the needs' (their statistics decide the plans of a run's reads).
REWRITTEN_TABLES = (
    "matching_matchsuggestion", "matching_nearmiss", "matching_needsourcing", "matching_matchrun",
    "matching_matchrunshard", "employers_staffingneed",
)  # fmt: skip


def statistics_refresh() -> None:
    """Do what autovacuum would have done: this machine's PostgreSQL runs without it. After a seeding or a
    benchmark's refreshes the statistics were stale (they counted 2 open needs for 1,012, and a one-need run's read
    of the proposals its people hold took 101 ms instead of 1), and each refresh leaves its rewritten suggestions
    and near misses as dead rows (a refresh at 1,000,000 candidates took 21 s on them, 17 s once vacuumed).
    ``VACUUM (ANALYZE)`` of the tables a refresh rewrites, then ``ANALYZE`` of the rest: a few seconds. A
    production server keeps autovacuum on (README)."""
    _psql(f"VACUUM (ANALYZE) {', '.join(REWRITTEN_TABLES)}", DATABASE_NAME)
    _psql("ANALYZE", DATABASE_NAME)


def runs_settle() -> int:
    """Mark runs left unfinished by an interrupted benchmark as failed, so none absorbs a new request."""
    from django.utils import timezone

    from matching.enums import RunStatus
    from matching.models import MatchRun

    return MatchRun.objects.filter(status__in=RunStatus.unfinished()).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), error="Left over by an interrupted benchmark"
    )


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


class Workers:
    """Real ``celery worker`` processes on the benchmark's broker; a context manager that always stops them."""

    def __init__(self, count: int, *, label: str) -> None:
        self.count = count
        self.names = [f"bench-{label}-{index}-{os.getpid()}@%h" for index in range(count)]
        self.processes: list[subprocess.Popen[bytes]] = []
        self.log_dir = Path(tempfile.mkdtemp(prefix=f"tremplin-bench-{label}-"))
        self._previous_handler: object = None

    def __enter__(self) -> Self:
        from config.celery import app

        # A SIGTERM to the benchmark must stop the workers too: turn it into SystemExit, which __exit__ sees.
        self._previous_handler = signal.signal(signal.SIGTERM, _exit_on_signal)
        purged = app.control.purge()
        if purged:
            print(f"  purged {purged} message(s) left in the queue")
        for index, name in enumerate(self.names):
            command = [
                str(BIN / "celery"), "-A", "config", "worker", "--concurrency", "1", "--pool", "prefork",
                "-n", name, "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
            ]  # fmt: skip
            with (self.log_dir / f"worker-{index}.log").open("wb") as log:
                self.processes.append(
                    subprocess.Popen(  # noqa: S603
                        command,
                        cwd=PROJECT_ROOT,
                        # This process's environment, ENVIRONMENT included since import: a benchmark run on
                        # another database (``--database``) has changed DATABASE_URL, and its workers must follow.
                        env=os.environ.copy(),
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        try:
            self._wait_ready(app)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, app: object, timeout: float = 60.0) -> None:
        import socket

        expected = {name.replace("%h", socket.gethostname()) for name in self.names}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a worker exited with {process.returncode}; see {self.log_dir}")
            replies = app.control.ping(destination=sorted(expected), timeout=0.5)  # type: ignore[attr-defined]
            if {name for reply in replies for name in reply} >= expected:
                return
        raise RuntimeError(f"the workers did not answer within {timeout:.0f} s; see {self.log_dir}")

    def stop(self) -> None:
        """Warm shutdown (SIGTERM) of each worker we started, by its id; SIGKILL to its group if it hangs."""
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes = []
        if self._previous_handler is not None:
            signal.signal(signal.SIGTERM, self._previous_handler)
            self._previous_handler = None

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

"""Print the CPU seconds used so far by the load test's processes, by group, as JSON (``load/run.sh`` diffs two).

Groups: ``web`` (gunicorn and its workers), ``matching`` (Celery workers, beat and the refresh loop) and ``database``
(the PostgreSQL backends connected to the test's database, the one of ``DATABASE_URL``, found in
``pg_stat_activity``). The machine is shared, so
these say what the test itself costs, whatever else runs beside it. A backend that ended during the test is missed.
"""

import json
import os
import subprocess
import sys
from urllib.parse import urlparse

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            kids = [int(kid) for kid in listed.read().split()]
    except FileNotFoundError:
        return []
    return kids + [grandchild for kid in kids for grandchild in children(kid)]


def main() -> None:
    web, matching = int(sys.argv[1]), [int(pid) for pid in sys.argv[2:]]
    database = urlparse(os.environ["DATABASE_URL"]).path.lstrip("/")
    backends = subprocess.run(  # noqa: S603 - the database name of our own DATABASE_URL, as one argument
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc",  # noqa: S607
         "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    groups = {
        "web": [web, *children(web)],
        "matching": [pid for root in matching for pid in (root, *children(root))],
        "database": [int(pid) for pid in backends],
    }
    print(json.dumps({name: {str(pid): cpu_seconds(pid) for pid in pids} for name, pids in groups.items()}))


if __name__ == "__main__":
    main()

"""How long the report figures take to rebuild, and the report pages to answer, cold and warm, on a load database.

Run it with the load test's environment once ``load/prepare.py`` has made the load users (docs/benchmarks.md, "Load
test", gives the command). It rebuilds the figures as the hourly task does (``report_facts_refresh``), which makes
every report table cold (the cache is keyed by the rebuild), then asks each report page in this process, through
Django's test client and the whole middleware, as a region observer, a département observer and a platform manager:

- **cold**: the first request of a scope and dimension, which computes its tables (suppression included);
- **warm**: the same request again, its tables read from the cache; then the printed page and the three downloads.

Times are wall-clock in this process, without network, with this process's own CPU time beside them (without
PostgreSQL's), and the machine's load average. A first pass, unmeasured, compiles the templates and fills the
process's caches, and the figures are rebuilt after it: "cold" is then the tables' computing, not the process's
start.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from prepare import DEPARTEMENT_OBSERVER_EMAIL, MANAGER_EMAIL, REGION_OBSERVER_EMAIL  # noqa: E402

from accounts.models import User  # noqa: E402
from candidates.models import Candidate  # noqa: E402
from employers.models import StaffingNeed  # noqa: E402
from matching.models import ReportFact  # noqa: E402
from matching.reporting.facts import report_facts_refresh  # noqa: E402
from matching.reporting.tables import DIMENSIONS  # noqa: E402

DOWNLOADS = (
    "/staff/reports/print/",
    "/staff/reports/export.csv",
    "/staff/reports/export.xlsx",
    "/staff/reports/report.pdf",
)


def timed(client: Client, url: str) -> tuple[float, float, int]:
    """Milliseconds (wall-clock, then this process's CPU) and SQL queries of one GET, which must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, SERVER_NAME="127.0.0.1")
        elapsed, cpu = 1000 * (time.perf_counter() - started), 1000 * (time.process_time() - cpu)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, cpu, len(queries)


def clients() -> list[tuple[str, Client]]:
    signed_in = []
    for email in (REGION_OBSERVER_EMAIL, DEPARTEMENT_OBSERVER_EMAIL, MANAGER_EMAIL):
        client = Client()
        client.force_login(User.objects.get(email=email))
        signed_in.append((email.split("@")[0], client))
    return signed_in


def main() -> None:
    print(
        f"{Candidate.objects.count():,} candidates, {StaffingNeed.objects.count():,} needs; "
        f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}"
    )
    signed_in = clients()
    for _name, client in signed_in:  # the process's first requests: templates, translations, connections
        for dimension in DIMENSIONS:
            timed(client, f"/staff/reports/?dimension={dimension}")
        for path in DOWNLOADS:
            timed(client, path)
    started = time.perf_counter()
    refresh = report_facts_refresh()
    print(
        f"report_facts_refresh: {1000 * (time.perf_counter() - started):,.0f} ms, "
        f"{refresh.fact_rows:,} rows in matching_reportfact ({ReportFact.objects.count():,} counted)"
    )
    print(f"{'reader':17} {'dimension':12} {'cold ms':>8} {'CPU':>6} {'queries':>7} {'warm ms':>8} {'CPU':>6}")
    warm_all = []
    for name, client in signed_in:
        for dimension in DIMENSIONS:
            url = f"/staff/reports/?dimension={dimension}&period=rolling"
            cold, cold_cpu, queries = timed(client, url)
            warm, warm_cpu, _queries = min(timed(client, url) for _ in range(3))
            warm_all.append(warm)
            print(f"{name:17} {dimension:12} {cold:8.0f} {cold_cpu:6.0f} {queries:7} {warm:8.0f} {warm_cpu:6.0f}")
        for path in DOWNLOADS:
            elapsed, cpu, _queries = min(timed(client, f"{path}?dimension=platform&period=rolling") for _ in range(3))
            print(f"{name:17} {path:28} warm {elapsed:6.0f} ms, CPU {cpu:4.0f} ms")
    print(f"warm report pages: median {statistics.median(warm_all):.0f} ms, at most {max(warm_all):.0f} ms")


if __name__ == "__main__":
    main()

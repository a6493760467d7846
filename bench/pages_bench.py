"""Benchmark 10: staff and portal pages' server time and query count at 1,000,000 candidates, beside 100,000.

Data: the load test's databases (``load/run.sh``: ``tremplin_load`` with 100,000 candidates, and the larger one
made with ``LOAD_CANDIDATES=1000000``), with their load users (``load/prepare.py``). Each database is measured in a
child process of its own (Django reads one database per process), through Django's test client in that process:
the server's time, without a network or a browser, with ``DEBUG`` off.

Each page: one request unmeasured (templates compiled, caches filled as in a warm server), then the median of
``--rounds`` requests and the queries of the last one. Target: ≤ 300 ms at 1,000,000 candidates (issue 20).

Usage: ``.venv/bin/python bench/pages_bench.py [--large tremplin_load_1m] [--small tremplin_load] [--rounds 5]``.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

TARGET_MS = 300
# A name, an occupation's ROME code, an occupation's label and a commune: the load test's kinds of search words.
SEARCHED = ("dupont", "D1408", "vendeur", "lille")


def _pages() -> tuple[list[tuple[str, str, str, dict]], dict]:
    """(role, name, path, form data to post) of each page, with the ids of this database; and the users."""
    from accounts.models import User
    from employers.enums import NeedStatus
    from employers.models import StaffingNeed

    advisor = User.objects.filter(email__startswith="load.advisor.").order_by("pk").first()
    platform_ids = list(advisor.memberships.values_list("platform_id", flat=True))
    need = (
        StaffingNeed.objects.filter(status=NeedStatus.OPEN, employer__platform_id__in=platform_ids)
        .order_by("pk")
        .first()
    )
    member = User.objects.filter(email=f"load.member.{need.employer_id}@tremplin.example").first()
    observer = User.objects.filter(email="load.region@tremplin.example").first()
    pages = [
        ("advisor", "candidate list", "/admin/candidates/candidate/", {}),
        *(
            ("advisor", f"candidate list searched ({word!r})", "/admin/candidates/candidate/search/", {"q": word})
            for word in SEARCHED
        ),
        ("advisor", "need list", "/admin/employers/staffingneed/", {}),
        ("advisor", "a need's review page", f"/staff/needs/{need.pk}/", {}),
        ("advisor", "to-do page", "/staff/", {}),
        ("advisor", "dashboard", "/staff/dashboard/", {}),
        ("advisor", "territorial reports (platform)", "/staff/reports/", {}),
    ]
    if observer is not None:
        pages.append(("observer", "territorial reports (region)", "/staff/reports/?dimension=epci", {}))
    if member is not None:
        pages += [
            ("member", "portal: needs", "/portal/needs/", {}),
            ("member", "portal: a need", f"/portal/needs/{need.pk}/", {}),
        ]
    return pages, {
        "advisor": advisor,
        "member": member,
        "observer": observer,
    }


def measure(database: str, rounds: int) -> dict:
    """In this process, on ``database``: each page's median milliseconds and its queries."""
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from candidates.models import Candidate

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    pages, users = _pages()
    clients = {}
    for role, user in users.items():
        if user is not None:
            clients[role] = Client()
            clients[role].force_login(user)
    results = {"candidates": Candidate.objects.count(), "pages": {}}
    for role, name, path, options in pages:
        client = clients[role]

        def request(client=client, path=path, options=options):
            if options:  # the admin's search: posted, then the list read by its key
                return client.post(path, options, follow=True)
            return client.get(path)

        response = request()
        assert response.status_code == 200, (name, response.status_code)
        seconds = []
        for _ in range(rounds):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                request()
                seconds.append(time.perf_counter() - started)
        results["pages"][name] = {"ms": 1000 * statistics.median(seconds), "queries": len(queries.captured_queries)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", default="tremplin_load_1m")
    parser.add_argument("--small", default="tremplin_load")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child process: one database, JSON out
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, arguments.rounds)))
        return
    figures = {}
    for database in (arguments.large, arguments.small):
        print(f"measuring {database} (load average {os.getloadavg()[0]:.2f})", flush=True)
        output = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--measure", database, "--rounds", str(arguments.rounds)],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJECT_ROOT,
        ).stdout
        figures[database] = json.loads(output.strip().splitlines()[-1])
    from bench.benchtable import print_table

    large, small = figures[arguments.large], figures[arguments.small]
    header = (
        "page",
        f"{large['candidates']:,} candidates",
        f"{small['candidates']:,} candidates",
        "queries",
        f"≤ {TARGET_MS} ms",
    )
    rows = []
    for name, figure in large["pages"].items():
        baseline = small["pages"][name]
        rows.append(
            (
                name,
                f"{figure['ms']:.0f} ms",
                f"{baseline['ms']:.0f} ms",
                f"{figure['queries']} / {baseline['queries']}",
                "met" if figure["ms"] <= TARGET_MS else "MISSED",
            )
        )
    print_table(rows, header=header)


if __name__ == "__main__":
    main()

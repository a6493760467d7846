"""Warm the server up before the measured load: every read route of the scenario, through every gunicorn worker.

A gunicorn worker that has just started compiles each template, loads the translation catalogues and opens its
database connections on its first requests, and PostgreSQL reads the pages' tables into its cache: the first
seconds after a start are several times slower than the rest (docs/benchmarks.md, "Load test", measured once with
no warm-up). The load test measures the server as it runs, so ``load/run.sh`` runs this first and reports its time.

It only reads, with the sessions and tokens of ``var/load/fixture.json``: the writes' ids stay for the test. Each
route is asked ``LOAD_WARM_UP_ROUNDS`` times by as many concurrent clients as there are gunicorn workers (the
argument), so that every worker serves it; any answer but 200 stops it with an error.

The report pages' tables are first computed once for each scope and dimension the test may ask (the reader's
territory, or one platform of it), as they stand an hour after the hourly rebuild: the rebuild's task computes the
region's and each département's tables itself, and the first reader of a platform's pays for its own (see
docs/benchmarks.md for what that first reading costs). The cache keeps them across gunicorn's workers.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIXTURE = json.loads(Path(os.environ.get("LOAD_FIXTURE", PROJECT_ROOT / "var/load/fixture.json")).read_text())
HOST = os.environ.get("LOAD_HOST", "http://127.0.0.1:8150")
ROUNDS = int(os.environ.get("LOAD_WARM_UP_ROUNDS", "3"))


def routes() -> list[tuple[str, dict[str, str]]]:
    """(path, headers) for each read route of ``load/locustfile.py``, as one user of each kind asks it."""
    employer = next(account for account in FIXTURE["employers"] if account["presentations"])
    advisor, manager = FIXTURE["advisors"][0], FIXTURE["manager"]

    def api(account: dict) -> dict[str, str]:
        return {"Authorization": f"Token {account['token']}", "Accept": "application/json"}

    need, staff_need = employer["needs"][0], advisor["needs"][0]
    listed = [
        ("/portal/needs/", page(employer)),
        (f"/portal/needs/{need}/", page(employer)),
        (f"/portal/needs/{need}/progress/", page(employer) | {"HX-Request": "true"}),
        (f"/portal/presentations/{employer['presentations'][0]}/", page(employer)),
        ("/portal/settings/notices/", page(employer)),
        (f"/staff/needs/{staff_need}/", page(advisor)),
        ("/staff/dashboard/", page(advisor)),
        # The search kept in the advisor's first session by load/prepare.py (a search is posted, then opened by key).
        ("/admin/candidates/candidate/?q=warm-up", page(advisor)),
        ("/staff/dashboard/region/", page(manager)),
        ("/staff/reports/?dimension=platform", page(manager)),
    ]
    region, departement = FIXTURE["observers"]
    query = f"dimension=epci&period={FIXTURE['reports']['periods'][0]}&measure=hires"
    listed += [
        (f"/staff/reports/?{query}", page(region)),
        (f"/staff/reports/?{query}", page(departement)),
        (f"/staff/reports/print/?{query}", page(region)),
        (f"/staff/reports/export.csv?{query}", page(region)),
        (f"/staff/reports/export.xlsx?{query}", page(region)),
        (f"/staff/reports/report.pdf?{query}", page(region)),
    ]
    if FIXTURE["api"]:
        listed += [
            ("/api/employer/needs/", api(employer)),
            (f"/api/employer/needs/{need}/", api(employer)),
            ("/api/employer/presentations/", api(employer)),
            ("/api/staff/candidates/", api(advisor)),
            (f"/api/staff/needs/{staff_need}/suggestions/", api(advisor)),
            ("/api/staff/runs/", api(advisor)),
        ]
    return listed


def report_figures_routes() -> list[tuple[str, dict[str, str]]]:
    """A report page for each scope and dimension the test may ask: each computes its tables once, into the cache."""
    readers = [(observer, [None, *observer["platforms"]]) for observer in FIXTURE["observers"]]
    readers.append((FIXTURE["manager"], [None]))
    return [
        (f"/staff/reports/?dimension={dimension}" + (f"&platform={platform}" if platform else ""), page(account))
        for account, platforms in readers
        for platform in platforms
        for dimension in FIXTURE["reports"]["dimensions"]
    ]


def page(account: dict) -> dict[str, str]:
    return {"Cookie": f"sessionid={account['session']}"}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to the login or TOTP set-up page) is an error here, not a page to follow."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(path: str, headers: dict[str, str]) -> None:
    try:
        request = urllib.request.Request(HOST + path, headers=headers)  # noqa: S310 - our own server, over HTTP
        with OPENER.open(request, timeout=60) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"warm-up: {path} answered {error.code}") from error


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    started = time.monotonic()
    listed = routes()
    figures = report_figures_routes()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(fetch, *zip(*figures, strict=True)))
        figures_seconds = time.monotonic() - started
        for _round in range(ROUNDS):
            for path, headers in listed:
                list(pool.map(fetch, [path] * workers, [headers] * workers))
    requests = ROUNDS * workers * len(listed)
    print(
        f"warm-up: {len(figures)} report pages, which computed their tables, in {figures_seconds:.1f} s, then "
        f"{requests} requests over {len(listed)} routes in {time.monotonic() - started - figures_seconds:.1f} s"
    )


if __name__ == "__main__":
    main()

"""Warm the server up before the measured load: every read route of the scenario, through every gunicorn worker.

A gunicorn worker that has just started compiles each template, loads the translation catalogues and opens its
database connections on its first requests, and PostgreSQL reads the pages' tables into its cache: the first
seconds after a start are several times slower than the rest (docs/benchmarks.md, "Load test", measured once with
no warm-up). The load test measures the server as it runs, so ``load/run.sh`` runs this first and reports its time.

It only reads, with the sessions and tokens of ``var/load/fixture.json``: the writes' ids stay for the test. Each
route is asked ``LOAD_WARM_UP_ROUNDS`` times by as many concurrent clients as there are gunicorn workers (the
argument), so that every worker serves it; any answer but 200 stops it with an error.
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

    def page(account: dict) -> dict[str, str]:
        return {"Cookie": f"sessionid={account['session']}"}

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
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _round in range(ROUNDS):
            for path, headers in listed:
                list(pool.map(fetch, [path] * workers, [headers] * workers))
    requests = ROUNDS * workers * len(listed)
    print(f"warm-up: {requests} requests over {len(listed)} routes in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()

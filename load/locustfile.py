"""The load scenario: employer members, platform staff and a manager, at a constant total rate.

``load/run.sh`` starts it headless against gunicorn; docs/benchmarks.md ("Load test") explains the set-up and the
figures. Every user makes one request per task and runs ``LOAD_USER_RATE`` tasks a second on average, so the total
rate is the number of users times that rate: 50 users at 1 a second are 50 requests a second.

Arrivals: each user's requests arrive as a Poisson process of that rate (``poisson_arrivals``), from a random moment
in its first second, so the total is the Poisson arrival of 50 independent users. Locust starts the 50 users within
a few milliseconds of each other, and ``constant_throughput`` keeps each user on the phase it started with: with it,
all 50 requests of every second arrived within about 0.1 s of each other and the server idled for the rest of the
second (docs/benchmarks.md, "Load test").

- Requests are named by route, never by id (``GET /portal/needs/[id]/``), so that the statistics group them.
- Writes are named with a ``W `` prefix; ``summary_write`` reports reads and writes separately from every response
  time seen (exact percentiles, not merged from per-route tables) into ``LOAD_SUMMARY`` (JSON).
- Everything the users need (sessions, API tokens, ids to act on) comes from the fixture written by
  ``load/prepare.py``: nobody logs in through the forms, which would need TOTP codes for staff.

Sessions and CSRF: production settings mark cookies ``Secure``, which a client never sends back over plain HTTP, so
the users keep no cookie jar and send their own ``Cookie`` header: the session made by ``prepare.py`` and a CSRF
secret of their own, repeated in the ``X-CSRFToken`` header of each POST (Django compares the two; it checks the
Referer only over HTTPS).
"""

import http.cookiejar
import itertools
import json
import os
import random
import secrets
import string
import time
from collections import defaultdict
from pathlib import Path

import gevent
from locust import HttpUser, events, task

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIXTURE = json.loads(Path(os.environ.get("LOAD_FIXTURE", PROJECT_ROOT / "var/load/fixture.json")).read_text())
SUMMARY = Path(os.environ.get("LOAD_SUMMARY", PROJECT_ROOT / "var/load/summary.json"))
USER_RATE = float(os.environ.get("LOAD_USER_RATE", "1"))
READ_P95_TARGET_MS = 300
WRITE_P95_TARGET_MS = 500
WRITE_PREFIX = "W "
HAS_API = bool(FIXTURE["api"])
USER_NUMBERS = itertools.count()
# How many users have taken a session of each account so far: each next one takes the next session.
SESSION_TURNS: defaultdict[str, itertools.count] = defaultdict(itertools.count)
TRACE = Path(os.environ["LOAD_TRACE"]) if os.environ.get("LOAD_TRACE") else None  # a CSV of every request


def poisson_arrivals(rate: float):  # type: ignore[no-untyped-def]  # a locust wait-time function
    """Wait until the user's next arrival: arrivals are a Poisson process of ``rate`` a second.

    The arrivals are scheduled apart from the responses, so that slow responses do not lower the rate: a user still
    waiting for its response when its next arrival comes sends its request as soon as it has the response.
    """

    def wait_time(user: "TremplinUser") -> float:
        user.next_arrival += user.arrivals.expovariate(rate)
        return max(0.0, user.next_arrival - time.monotonic())

    return wait_time


class NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Accept and send no cookie from the server: each user sends its own ``Cookie`` header."""

    def set_ok(self, cookie, request):  # type: ignore[no-untyped-def]
        return False

    def return_ok(self, cookie, request):  # type: ignore[no-untyped-def]
        return False


class TremplinUser(HttpUser):
    """A signed-in user: a session from the fixture, a CSRF secret, an API token when the API exists."""

    abstract = True
    wait_time = poisson_arrivals(USER_RATE)
    account: dict

    def on_start(self) -> None:
        # The first request at a random moment of the first second: the users do not start in step.
        self.arrivals = random.Random(f"arrivals of user {next(USER_NUMBERS)}")  # users may share an account
        gevent.sleep(self.arrivals.uniform(0, 1 / USER_RATE))
        self.next_arrival = time.monotonic()
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.client.cookies.set_policy(NoCookies())
        # Staff accounts have a session for each user that shares them: each keeps its own admin searches.
        sessions = self.account.get("sessions") or [self.account["session"]]
        session = sessions[next(SESSION_TURNS[self.account["email"]]) % len(sessions)]
        self.client.headers["Cookie"] = f"sessionid={session}; csrftoken={self.csrf}"
        self.random = random.Random(self.account["email"])

    def read(self, url: str, name: str, *, showing: str = "", **kwargs) -> None:
        """A GET that must answer 200 (a redirect would be the login page or the TOTP set-up page), with ``showing``
        in its page when given."""
        with self.client.get(
            url, name=f"GET {name}", allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
            elif showing and showing not in response.text:
                response.failure(f"{showing!r} is not on the page")

    def api_read(self, url: str, name: str) -> None:
        self.read(url, name, headers=self.api_headers())

    def api_headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.account['token']}", "Accept": "application/json"}

    def post(self, url: str, name: str, data: dict, *, expect: str) -> str:
        """A form POST that must redirect to ``expect`` (the page the action returns to); anything else fails.
        Returns the address it redirected to."""
        with self.client.post(
            url,
            data=data,
            name=f"{WRITE_PREFIX}POST {name}",
            headers={"X-CSRFToken": self.csrf, "Referer": self.host + url},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.split("?")[0].endswith(expect):
                response.failure(f"{response.status_code} {location} {response.text[:200]!r}")
        return location


# Needs whose headcount a user is changing right now: two users of one employer never edit the same need at once.
HEADCOUNTS: dict[int, int] = {}
BUSY: set[int] = set()


def swung(headcount: int) -> int:
    """An odd headcount goes up by one, an even one down by one: a need only ever swings between two values."""
    return headcount + 1 if headcount % 2 else headcount - 1


class EmployerMember(TremplinUser):
    """The employer portal: needs, the matching progress polled by htmx, presented candidates, e-mail settings."""

    weight = 30
    accounts = itertools.cycle(FIXTURE["employers"])

    def on_start(self) -> None:
        self.account = next(self.accounts)
        super().on_start()
        self.edits = {edit["id"]: edit for edit in self.account["edits"]}
        for edit in self.account["edits"]:
            HEADCOUNTS.setdefault(edit["id"], edit["headcount"])

    def _need(self) -> int:
        return self.random.choice(self.account["needs"])

    @task(8)
    def need_list(self) -> None:
        self.read("/portal/needs/", "/portal/needs/")

    @task(8)
    def need_detail(self) -> None:
        self.read(f"/portal/needs/{self._need()}/", "/portal/needs/[id]/")

    @task(10)
    def need_progress(self) -> None:
        headers = {"HX-Request": "true", "HX-Target": "need-progress"}
        self.read(f"/portal/needs/{self._need()}/progress/", "/portal/needs/[id]/progress/", headers=headers)

    @task(4)
    def presentation_detail(self) -> None:
        if not self.account["presentations"]:
            return self.need_list()
        presentation_id = self.random.choice(self.account["presentations"])
        self.read(f"/portal/presentations/{presentation_id}/", "/portal/presentations/[id]/")

    @task(2)
    def notice_settings(self) -> None:
        self.read("/portal/settings/notices/", "/portal/settings/notices/")

    if HAS_API:

        @task(4)
        def api_need_list(self) -> None:
            self.api_read("/api/employer/needs/", "/api/employer/needs/")

        @task(4)
        def api_need_detail(self) -> None:
            self.api_read(f"/api/employer/needs/{self._need()}/", "/api/employer/needs/[id]/")

        @task(2)
        def api_presentation_list(self) -> None:
            self.api_read("/api/employer/presentations/", "/api/employer/presentations/")

    def _edit_begin(self) -> dict | None:
        free = [need_id for need_id in self.edits if need_id not in BUSY]
        if not free:
            return None
        need_id = self.random.choice(free)
        BUSY.add(need_id)
        return self.edits[need_id]

    @task(1)
    def headcount_edit_portal(self) -> None:
        """The job step of the need form, saved with a new headcount ("Save": back to the same step)."""
        edit = self._edit_begin()
        if edit is None:
            return self.need_list()
        try:
            headcount = swung(HEADCOUNTS[edit["id"]])
            url = f"/portal/needs/{edit['id']}/edit/job/"
            self.post(url, "/portal/needs/[id]/edit/job/", edit["form"] | {"headcount": str(headcount)}, expect=url)
            HEADCOUNTS[edit["id"]] = headcount
        finally:
            BUSY.discard(edit["id"])

    if HAS_API:

        @task(1)
        def headcount_edit_api(self) -> None:
            edit = self._edit_begin()
            if edit is None:
                return self.need_list()
            try:
                headcount = swung(HEADCOUNTS[edit["id"]])
                with self.client.patch(
                    f"/api/employer/needs/{edit['id']}/",
                    json={"headcount": headcount},
                    headers={"Authorization": f"Token {self.account['token']}", "Accept": "application/json"},
                    name=f"{WRITE_PREFIX}PATCH /api/employer/needs/[id]/",
                    catch_response=True,
                ) as response:
                    if response.status_code != 200:
                        response.failure(f"{response.status_code} {response.text[:200]!r}")
                    else:
                        HEADCOUNTS[edit["id"]] = headcount
            finally:
                BUSY.discard(edit["id"])


# Suggestions not shortlisted yet, per platform, shared by the platform's advisors; presentations to answer, and the
# answer each one got last ("contacted" and "interested" in turn).
SHORTLIST = {advisor["platform"]: list(reversed(advisor["shortlist"])) for advisor in FIXTURE["advisors"]}
ANSWERABLE = {advisor["platform"]: advisor["answerable"] for advisor in FIXTURE["advisors"]}
LAST_ANSWER: dict[int, str] = {}


class StaffUser(TremplinUser):
    """Platform staff: what advisors and managers both read."""

    abstract = True

    def _need(self) -> int:
        return self.random.choice(self.account["needs"])

    def need_review(self) -> None:
        self.read(f"/staff/needs/{self._need()}/", "/staff/needs/[id]/")

    def dashboard(self) -> None:
        self.read("/staff/dashboard/", "/staff/dashboard/")

    def candidate_search(self) -> None:
        """The admin's search box: the words posted (kept in the session), then the list searched by their key."""
        term = self.random.choice(FIXTURE["search_terms"])
        changelist = "/admin/candidates/candidate/"
        searched = self.post(f"{changelist}search/", f"{changelist}search/", {"q": term}, expect=changelist)
        if "?q=" in searched:
            # The search box shows the words: the list was searched, not found forgotten.
            self.read(searched, "/admin/candidates/candidate/?q=", showing=f'value="{term}" id="searchbar"')


class PlatformAdvisor(StaffUser):
    """An advisor: the review page of a need, the dashboard, the candidate list searched, and workflow steps."""

    weight = 18
    accounts = itertools.cycle(FIXTURE["advisors"])

    def on_start(self) -> None:
        self.account = next(self.accounts)
        super().on_start()

    @task(5)
    def review_page(self) -> None:
        self.need_review()

    @task(1)
    def dashboard_page(self) -> None:
        self.dashboard()

    @task(2)
    def candidate_list_search(self) -> None:
        self.candidate_search()

    if HAS_API:

        @task(2)
        def api_candidate_search(self) -> None:
            # A search, posted (the words stay out of the URL) but a read: it changes nothing.
            term = self.random.choice(FIXTURE["search_terms"])
            with self.client.post(
                "/api/staff/candidates/search/",
                json={"q": term},
                name="POST /api/staff/candidates/search/",
                headers=self.api_headers(),
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code} {response.text[:200]!r}")

        @task(2)
        def api_suggestions(self) -> None:
            self.api_read(f"/api/staff/needs/{self._need()}/suggestions/", "/api/staff/needs/[id]/suggestions/")

        @task(1)
        def api_runs(self) -> None:
            self.api_read("/api/staff/runs/", "/api/staff/runs/")

    @task(2)
    def shortlist(self) -> None:
        pool = SHORTLIST[self.account["platform"]]
        if not pool:
            return self.answer()
        need_id, candidate_id = pool.pop()
        review = f"/staff/needs/{need_id}/"
        self.post(f"{review}candidates/{candidate_id}/shortlist/", "/staff/needs/[id]/candidates/[id]/shortlist/", {},
                  expect=review)  # fmt: skip

    @task(2)
    def answer(self) -> None:
        """The candidate's answer recorded on a shortlisted presentation: "contacted", then "interested", in turn."""
        need_id, presentation_id = self.random.choice(ANSWERABLE[self.account["platform"]])
        answer = "interested" if LAST_ANSWER.get(presentation_id) == "contacted" else "contacted"
        LAST_ANSWER[presentation_id] = answer
        review = f"/staff/needs/{need_id}/"
        data = {f"p{presentation_id}-answer-answer": answer, f"p{presentation_id}-answer-reason": ""}
        self.post(f"{review}presentations/{presentation_id}/answer/", "/staff/needs/[id]/presentations/[id]/answer/",
                  data, expect=review)  # fmt: skip


class PlatformManager(StaffUser):
    """A manager: the dashboards more often than advisors, the review page and the candidate list; no workflow."""

    weight = 2
    accounts = itertools.cycle([FIXTURE["manager"]])

    def on_start(self) -> None:
        self.account = next(self.accounts)
        super().on_start()

    @task(3)
    def dashboard_page(self) -> None:
        self.dashboard()

    @task(2)
    def dashboard_region(self) -> None:
        self.read("/staff/dashboard/region/", "/staff/dashboard/region/")

    @task(2)
    def review_page(self) -> None:
        self.need_review()

    @task(1)
    def candidate_list_search(self) -> None:
        self.candidate_search()


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
    TIMES[kind].append(response_time)
    if exception is not None:
        FAILURES[kind] += 1


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
    for kind, target in (("reads", READ_P95_TARGET_MS), ("writes", WRITE_P95_TARGET_MS)):
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

"""What every load user shares: the fixture, the arrivals, the session and CSRF headers, reads and posts.

Arrivals: each user's requests arrive as a Poisson process of ``LOAD_USER_RATE`` a second (``poisson_arrivals``),
from a random moment in its first second, so the total is the Poisson arrival of independent users. Locust starts
the users within a few milliseconds of each other, and ``constant_throughput`` keeps each user on the phase it
started with: with it, all 50 requests of every second arrived within about 0.1 s of each other and the server idled
for the rest of the second (docs/benchmarks.md, "Load test").

Sessions and CSRF: production settings mark cookies ``Secure``, which a client never sends back over plain HTTP, so
the users keep no cookie jar and send their own ``Cookie`` header: the session made by ``load/prepare.py`` and a CSRF
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
from collections.abc import Iterator
from pathlib import Path

import gevent
from locust import HttpUser

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = json.loads(Path(os.environ.get("LOAD_FIXTURE", PROJECT_ROOT / "var/load/fixture.json")).read_text())
USER_RATE = float(os.environ.get("LOAD_USER_RATE", "1"))
WRITE_PREFIX = "W "
HAS_API = bool(FIXTURE["api"])
USER_NUMBERS = itertools.count()
# How many users have taken a session of each account so far: each next one takes the next session.
SESSION_TURNS: defaultdict[str, itertools.count] = defaultdict(itertools.count)


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
    accounts: Iterator[dict]  # each subclass's fixture accounts, taken in turn by its users
    account: dict

    def on_start(self) -> None:
        self.account = next(self.accounts)
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

    def download(self, url: str, name: str, *, content_type: str) -> None:
        """A GET of a file: 200, of ``content_type``, not empty."""
        with self.client.get(url, name=f"GET {name}", allow_redirects=False, catch_response=True) as response:
            received = response.headers.get("Content-Type", "")
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
            elif not received.startswith(content_type) or not response.content:
                response.failure(f"{received!r}, {len(response.content)} bytes")

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
            # The review page's actions return to the row they acted on (``…/#presentation-<id>``).
            if response.status_code != 302 or not location.split("#")[0].split("?")[0].endswith(expect):
                response.failure(f"{response.status_code} {location} {response.text[:200]!r}")
        return location

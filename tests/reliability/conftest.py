"""Fixtures of the fault tests: a time limit per test, and a broker of the test's own.

In CI (Redis configured) each test gets its own ``redis-server`` on a free port: killing workers, restarting the
broker and shortening the visibility timeout must not touch the Redis other test runs share. On the embedded
default the filesystem transport is used as configured.
"""

import signal
from types import SimpleNamespace

import pytest
from django.conf import settings

from tests.reliability.faults import own_redis, publishing_to, uses_redis
from tests.worker_processes import worker_environment

DEFAULT_TIME_LIMIT = 120
# A dead worker's unacknowledged task comes back this long after it was delivered (Redis only). Every task of these
# tests lasts well under it, so no task is redelivered while it still runs.
VISIBILITY_TIMEOUT = 6


class FaultTestTimeout(Exception):
    """A fault test ran past its time limit: its ``finally`` blocks still stop the processes it started."""


@pytest.fixture(autouse=True)
def time_limit(request):
    """Fail a test that runs past ``@pytest.mark.fault(time_limit=...)`` seconds, fixtures included."""
    marker = request.node.get_closest_marker("fault")
    seconds = int(marker.kwargs.get("time_limit", DEFAULT_TIME_LIMIT)) if marker else DEFAULT_TIME_LIMIT

    def expire(signum, frame):
        raise FaultTestTimeout(f"{request.node.nodeid} ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def broker(tmp_path):
    """Where the workers and this process send and take tasks, and the environment of the workers.

    ``broker.redis`` is the test's own Redis server, or None on the embedded filesystem transport.
    """
    if not uses_redis():
        yield SimpleNamespace(redis=None, url=settings.CELERY_BROKER_URL, overrides={})
        return
    with own_redis(tmp_path / "redis") as server:
        options = {"visibility_timeout": VISIBILITY_TIMEOUT}
        with publishing_to(server.url, options):
            yield SimpleNamespace(
                redis=server,
                url=server.url,
                overrides={
                    "CELERY_BROKER_URL": server.url,
                    "REDIS_URL": server.url.removesuffix("/0") + "/1",
                    "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
                },
            )


@pytest.fixture
def environment(broker):
    """``environment(**more)``: the workers' environment on this test's broker and database."""

    def build(**more: str) -> dict[str, str]:
        return worker_environment(**broker.overrides, **more)

    return build

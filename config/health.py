"""The probes of a proxy or an orchestrator: is the process up (``/health/live``), can it serve (``/health/ready``).

Readiness checks the three things a page or a matching run needs: the database answers a query, the broker accepts
a connection, and a worker recorded a heartbeat recently (beat sends one a minute; ``matching.selectors`` says how
recent counts as alive). The answer is 200 or 503 with which check failed, nothing else: no version, no host name,
no count, no error text, so that anyone may ask.

A probe reaches the process by its own address and over plain HTTP: ``HealthProbeMiddleware``, first in the list,
answers these two paths before the host check, the HTTPS redirect, the session and the two-factor redirect could
turn it away. The URL patterns name the same views (for ``reverse`` and the access table).
"""

import logging
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

from config.celery import app
from matching.selectors import worker_heartbeat_is_recent, worker_heartbeat_latest

logger = logging.getLogger(__name__)

# Seconds a probe may wait for the broker; the orchestrator's own timeout is usually a few seconds.
BROKER_TIMEOUT = 3.0


def database_is_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any driver error means the same thing to a probe
        logger.warning("Readiness: the database did not answer (%s)", type(error).__name__)
        return False


def broker_is_ready() -> bool:
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
        return True
    except Exception as error:  # kombu raises each transport's own errors
        logger.warning("Readiness: the broker could not be reached (%s)", type(error).__name__)
        return False


def worker_is_ready(*, database_ready: bool) -> bool:
    return database_ready and worker_heartbeat_is_recent(worker_heartbeat_latest())


def _probe(request: HttpRequest, answer: Callable[[], tuple[dict[str, str], int]]) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    body, status = answer()
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _live() -> tuple[dict[str, str], int]:
    return {"status": "ok"}, 200


def _ready() -> tuple[dict[str, str], int]:
    database = database_is_ready()
    checks = {"database": database, "broker": broker_is_ready(), "worker": worker_is_ready(database_ready=database)}
    body = {name: "ok" if passed else "failed" for name, passed in checks.items()}
    return body, 200 if all(checks.values()) else 503


def live(request: HttpRequest) -> HttpResponse:
    """200 as long as the process answers."""
    return _probe(request, _live)


def ready(request: HttpRequest) -> HttpResponse:
    """200 when the database, the broker and a worker are all there; 503 naming the check that failed."""
    return _probe(request, _ready)


PROBES = {"/health/live": live, "/health/ready": ready}


class HealthProbeMiddleware:
    """Answers the two probe paths before any other middleware (first in ``MIDDLEWARE``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)

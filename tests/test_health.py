"""The probes of the proxy or orchestrator: ``/health/live`` and ``/health/ready``.

They answer anyone, whatever the Host header and over plain HTTP (a probe reaches the process directly, by its
address), and say nothing but which check failed. Run against the real PostgreSQL and broker of the test run.
"""

import datetime

import pytest
from django.utils import timezone

from config.celery import app
from matching.models import WorkerHeartbeat
from matching.services import worker_heartbeat_record
from tests.accounts.factories import AdvisorFactory

pytestmark = pytest.mark.django_db

LIVE = "/health/live"
READY = "/health/ready"


def test_live_answers_whoever_asks(client):
    response = client.get(LIVE)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_ready_answers_503_until_a_worker_has_recorded_a_heartbeat(client):
    response = client.get(READY)

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "ok", "worker": "failed"}

    worker_heartbeat_record(hostname="worker-1")
    response = client.get(READY)

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "worker": "ok"}


def test_ready_answers_503_when_the_last_heartbeat_is_old(client):
    WorkerHeartbeat.objects.create(hostname="worker-1", pid=1, seen_at=timezone.now() - datetime.timedelta(minutes=10))

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["worker"] == "failed"


def test_ready_answers_503_when_the_broker_is_out_of_reach(client, monkeypatch):
    worker_heartbeat_record(hostname="worker-1")
    # A port nothing listens on: the broker cannot be reached.
    monkeypatch.setitem(app.conf, "broker_write_url", "redis://127.0.0.1:9/0")

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "failed", "worker": "ok"}


@pytest.mark.parametrize("path", [LIVE, READY])
def test_probes_answer_any_host_over_plain_http(client, settings, path):
    """A probe comes by the process's address, over HTTP: no host check, no redirect to HTTPS."""
    settings.SECURE_SSL_REDIRECT = True
    worker_heartbeat_record(hostname="worker-1")

    response = client.get(path, HTTP_HOST="10.0.3.17:8000")

    assert response.status_code == 200


@pytest.mark.parametrize("path", [LIVE, READY])
def test_probes_are_not_sent_to_set_up_two_factor_authentication(client, path):
    client.force_login(AdvisorFactory(totp=False))
    worker_heartbeat_record(hostname="worker-1")

    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", [LIVE, READY])
def test_probes_only_read(client, path):
    assert client.post(path).status_code == 405

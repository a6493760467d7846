"""The header's worker status: shown to those whose work waits on the workers, not read for anyone else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import RegionObserverFactory

pytestmark = pytest.mark.django_db


def _heartbeat_reads(queries) -> int:
    return sum("matching_workerheartbeat" in query["sql"] for query in queries.captured_queries)


def test_platform_staff_see_whether_a_worker_runs(client, advisor):
    client.force_login(advisor)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="worker-status"' in page
    assert _heartbeat_reads(queries) == 1


def test_a_region_observer_s_pages_skip_it(client):
    client.force_login(RegionObserverFactory(memberships__departement_code=""))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff:reports"))
    assert response.status_code == 200
    assert 'class="worker-status"' not in response.content.decode()
    assert _heartbeat_reads(queries) == 0

"""The admin's lists stop counting at a bound: beyond it, "more than …", and the count's query reads no further."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referentials.pagination import BoundedCountPaginator
from tests.candidates.factories import CandidateFactory

pytestmark = pytest.mark.django_db
URL = "admin:candidates_candidate_changelist"


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "bound", 3)
    return 3


def test_a_list_longer_than_the_bound_says_more_than_it(client, advisor, platform, bound):
    CandidateFactory.create_batch(5, platform=platform)
    client.force_login(advisor)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    paginator = response.context["cl"].paginator
    assert paginator.is_bounded
    assert paginator.count == bound
    assert "More than 3" in page or "Plus de 3" in page
    # The list's own count reads one row past the bound (the header's to-do count is another query).
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert any("LIMIT 4" in sql for sql in counts), counts


def test_a_list_within_the_bound_counts_its_rows(client, advisor, platform, bound):
    CandidateFactory.create_batch(2, platform=platform)
    client.force_login(advisor)

    paginator = client.get(reverse(URL)).context["cl"].paginator

    assert not paginator.is_bounded
    assert paginator.count == 2

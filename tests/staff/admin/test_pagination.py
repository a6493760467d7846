"""The admin's lists stop counting at a bound: beyond it, "more than …", and the count's query reads no further."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import Candidate
from referentials import pagination
from referentials.pagination import COUNT_AT_MOST, BoundedCountPaginator
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


def _list_counts(queries) -> list[str]:
    """The list's own bounded counts (the header's to-do count is another)."""
    return [query["sql"] for query in queries.captured_queries if f"LIMIT {COUNT_AT_MOST + 1}" in query["sql"]]


def test_a_long_list_s_count_is_kept_a_while_and_a_short_one_counted_afresh(
    client, advisor, platform, settings, monkeypatch
):
    settings.LIST_COUNT_CACHE_SECONDS = 60
    monkeypatch.setattr(pagination, "KEEP_COUNTS_FROM", 4)
    CandidateFactory.create_batch(5, platform=platform)
    client.force_login(advisor)
    client.get(reverse(URL))

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(URL)).context["cl"].paginator.count == 5
    assert not _list_counts(queries)  # kept

    # A list too short to keep is counted each time, so that a row added to it shows at once.
    CandidateFactory(platform=platform)
    assert client.get(reverse(URL)).context["cl"].paginator.count == 5  # the kept count, a minute old at most
    listed = Candidate.objects.filter(platform=platform, last_name="Zébulon").order_by("pk")
    assert BoundedCountPaginator(listed, 10).count == 0
    CandidateFactory(platform=platform, last_name="Zébulon")
    assert BoundedCountPaginator(listed, 10).count == 1


def test_a_list_that_can_hold_nothing_counts_nothing_with_the_counts_kept(client, advisor, platform, settings):
    # A search word that can match no one makes the list ``none()``, whose query cannot be written out.
    settings.LIST_COUNT_CACHE_SECONDS = 60
    assert BoundedCountPaginator(Candidate.objects.none(), 10).count == 0
    assert BoundedCountPaginator(Candidate.objects.filter(pk__in=[]), 10).count == 0
    client.force_login(advisor)
    searched = client.post(reverse("admin:candidates_candidate_search"), {"q": "zzqxw"}, follow=True)
    assert searched.status_code == 200
    assert searched.context["cl"].paginator.count == 0

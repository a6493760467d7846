"""A need's sourcing check on the staff side: shown on the review page (being computed while older than the need's
last change, polled until it lands), "check again" queued for a worker, and the near misses of the user's own
platform, paged, with their contact details; other platforms' near misses are counted, never listed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from candidates.models import PersonalDataAccess
from employers.models import StaffingNeed
from matching.models import NeedSourcing
from matching.sourcing_selectors import need_sourcing_check, need_sourcing_requested_at
from tests.accounts.factories import AdvisorFactory
from tests.matching.sourcing_world import sourcing_requests_forgotten, sourcing_world

pytestmark = pytest.mark.django_db


_forgotten = pytest.fixture(autouse=True)(sourcing_requests_forgotten)


def _get(client, name: str, need, **query):
    with translation.override("en"):
        return client.get(reverse(name, args=[need.pk]), query)


def test_the_review_page_shows_the_check_counts_and_the_largest_near_miss(client, platform, advisor):
    world = sourcing_world(platform)
    client.force_login(advisor)
    content = _get(client, "staff:need_review", world.need).content.decode()
    section = content.split('id="review-sourcing"')[1].split("</section>")[0]
    assert '<dd class="sourcing-eligible">42</dd>' in section
    assert '<dd class="sourcing-trained">9</dd>' in section
    assert '<dd class="sourcing-top">86 live beyond their own radius</dd>' in section
    assert "17 lack the skill ‘encaissement’" in section
    assert "Being computed" not in section
    assert "hx-get" not in section  # nothing awaited: no polling
    assert reverse("staff:need_sourcing_check", args=[world.need.pk]) in section
    assert reverse("staff:need_near_misses", args=[world.need.pk]) in section


def test_a_check_older_than_the_need_is_asked_for_once_and_polled_until_it_lands(
    client, platform, advisor, django_capture_on_commit_callbacks
):
    world = sourcing_world(platform)
    NeedSourcing.objects.filter(pk=world.sourcing.pk).update(computed_at=world.need.updated_at - datetime.timedelta(1))
    client.force_login(advisor)
    with django_capture_on_commit_callbacks() as queued:
        fragment = _get(client, "staff:need_sourcing", world.need).content.decode()
    assert len(queued) == 1  # the worker is asked for a new check, after the commit
    assert "Being computed…" in fragment
    assert f'/staff/needs/{world.need.pk}/sourcing/" hx-trigger="every 3s"' in fragment
    assert '<dd class="sourcing-eligible">42</dd>' in fragment  # the former figures stay meanwhile
    with django_capture_on_commit_callbacks() as queued_again:
        assert "Being computed…" in _get(client, "staff:need_sourcing", world.need).content.decode()
    assert queued_again == []  # polling does not ask again
    NeedSourcing.objects.filter(pk=world.sourcing.pk).update(computed_at=timezone.now(), eligible_count=50)
    landed = _get(client, "staff:need_sourcing", world.need).content.decode()
    assert "Being computed" not in landed
    assert "hx-get" not in landed
    assert '<dd class="sourcing-eligible">50</dd>' in landed


def test_a_check_asked_for_long_ago_is_no_longer_awaited(platform):
    world = sourcing_world(platform)
    NeedSourcing.objects.filter(pk=world.sourcing.pk).delete()
    stale = timezone.now() - datetime.timedelta(hours=1)
    StaffingNeed.objects.filter(pk=world.need.pk).update(updated_at=stale)
    world.need.refresh_from_db()
    check = need_sourcing_check(need=world.need)
    assert check.is_pending
    assert not check.is_waiting


def test_check_again_queues_the_work_and_comes_back_to_the_page(
    client, platform, advisor, django_capture_on_commit_callbacks
):
    world = sourcing_world(platform)
    client.force_login(advisor)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("staff:need_sourcing_check", args=[world.need.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('staff:need_review', args=[world.need.pk])}#review-sourcing"
    assert len(queued) == 1
    assert need_sourcing_requested_at(need_id=world.need.pk) is not None
    assert need_sourcing_check(need=world.need).is_waiting  # older than the request: being computed
    assert client.get(reverse("staff:need_sourcing_check", args=[world.need.pk])).status_code == 405


def test_near_misses_of_the_users_platform_only_with_their_contact_details(client, platform, advisor):
    world = sourcing_world(platform)
    client.force_login(advisor)
    content = _get(client, "staff:need_near_misses", world.need).content.decode()
    for candidate in world.ours:
        assert candidate.last_name in content
        assert candidate.email in content
        assert reverse("admin:candidates_candidate_change", args=[candidate.pk]) in content
    for candidate in world.theirs:
        assert candidate.last_name not in content
    assert "the skill ‘encaissement’" in content
    assert "And 2 people of other platforms, not listed." in content
    # The list is one entry of the access log, naming no one.
    listed = PersonalDataAccess.objects.get(actor=advisor)
    assert (listed.action, listed.candidate_number, listed.context["page"]) == ("listed", None, "near_misses")


def test_near_misses_come_fifty_a_page_in_a_fixed_number_of_queries(client, platform, advisor):
    small, large = sourcing_world(platform, near_misses=55), sourcing_world(platform, near_misses=160)
    client.force_login(advisor)
    first = _get(client, "staff:need_near_misses", large.need).content.decode()
    assert first.count('class="review-near-miss"') == 50
    assert "Page 1 of 4" in first
    assert (
        _get(client, "staff:need_near_misses", large.need, page=4).content.decode().count('class="review-near-miss"')
        == 10
    )
    counts = []
    for world in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert _get(client, "staff:need_near_misses", world.need, page=2).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_another_platforms_staff_find_none_of_it(client, platform, django_capture_on_commit_callbacks):
    world = sourcing_world(platform)
    client.force_login(AdvisorFactory())
    for name in ("staff:need_sourcing", "staff:need_near_misses"):
        assert _get(client, name, world.need).status_code == 404
    with django_capture_on_commit_callbacks() as queued:
        assert client.post(reverse("staff:need_sourcing_check", args=[world.need.pk])).status_code == 404
    assert queued == []


def test_a_superuser_lists_every_platforms_near_misses(client, platform, superuser):
    world = sourcing_world(platform)
    client.force_login(superuser)
    content = _get(client, "staff:need_near_misses", world.need).content.decode()
    for candidate in world.ours + world.theirs:
        assert candidate.last_name in content
    assert "other platforms" not in content

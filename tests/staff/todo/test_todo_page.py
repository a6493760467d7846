"""The to-do page: the staff home, each item a link to where it is done, the counts in every staff page's header."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from candidates.models import PersonalDataAccess
from tests.accounts.factories import AdvisorFactory, UserFactory
from tests.staff.todo.todo_world import todo_world

pytestmark = pytest.mark.django_db


def _page(client, **query) -> str:
    with translation.override("en"):
        response = client.get(reverse("staff:todo"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_each_item_is_one_click_from_its_action_and_another_platform_s_are_absent(client):
    ours = todo_world(prefix="A")
    theirs = todo_world(prefix="B")
    client.force_login(ours.advisor)
    page = _page(client)
    for candidate in ours.people.values():
        assert candidate.last_name in page
    for candidate in theirs.people.values():
        assert candidate.last_name not in page
    follow = ours.people["follow"].presentations.get()
    assert f"{reverse('staff:presentation_follow_up', args=[follow.pk])}?next=" in page
    hand_off = ours.people["hand"].hand_offs.get()
    assert f"{reverse('staff:hand_off_list')}#hand-off-{hand_off.pk}" in page
    assert reverse("admin:candidates_candidate_change", args=[ours.people["kept"].pk]) in page
    assert "asks to interview" in page
    assert "Confirm a slot proposed by" in page
    # One access-log entry for the page, with its scope, naming no one.
    entry = PersonalDataAccess.objects.get(actor=ours.advisor)
    assert (entry.action, entry.candidate_number, entry.context) == (
        "listed",
        None,
        {"page": "to_do", "filters": {"scope": "mine"}},
    )


def test_mine_or_the_platform_s(client):
    ours = todo_world(prefix="A")
    colleague = AdvisorFactory(memberships__platform=ours.platform)
    client.force_login(colleague)
    assert "Nothing waits for you today." in _page(client)
    assert ours.people["silent"].last_name in _page(client, scope="platform")


def test_the_page_reads_in_the_same_queries_for_one_item_or_many(client):
    ours = todo_world(prefix="A")
    client.force_login(ours.advisor)
    _page(client)
    with CaptureQueriesContext(connection) as few:
        _page(client)
    for number in range(3):
        todo_world(ours.platform, prefix=f"C{number}", advisor=ours.advisor)
    with CaptureQueriesContext(connection) as many:
        _page(client)
    assert len(many) == len(few)


def test_the_header_counts_what_waits_and_platform_staff_land_on_the_page(client):
    ours = todo_world(prefix="A")
    client.force_login(ours.advisor)
    with translation.override("en"):
        index = client.get(reverse("admin:index")).content.decode()
    assert re.search(r'class="todo-header-link">To do \(8\)</a>', index)
    assert client.get("/").url == reverse("staff:todo")


def _header_total(client, path: str) -> int:
    page = client.get(path).content.decode()
    return int(re.search(r'class="todo-header-link">[^(<]+\((\d+)\)</a>', page).group(1))


def test_the_header_keeps_its_total_a_while_and_counts_again_after_the_user_s_own_write(client, settings):
    settings.TODO_HEADER_CACHE_SECONDS = 60
    ours = todo_world(prefix="A")
    cache.delete(f"todo:header:{ours.advisor.pk}")
    client.force_login(ours.advisor)
    index = reverse("admin:index")
    assert _header_total(client, index) == 8

    todo_world(ours.platform, prefix="C", advisor=ours.advisor)
    with CaptureQueriesContext(connection) as queries:
        assert _header_total(client, index) == 8  # kept: no count read
    assert not [query for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]

    # The to-do page counts afresh, and the header agrees with it at once and after.
    assert _header_total(client, reverse("staff:todo")) == 16
    todo_world(ours.platform, prefix="D", advisor=ours.advisor)
    assert _header_total(client, index) == 16

    # A search is posted but changes nothing: the total stays kept.
    assert client.post(reverse("admin:candidates_candidate_search"), {"q": "dupont"}).status_code == 302
    assert _header_total(client, index) == 16

    # A write of the user's own forgets the kept total; a refused one does not.
    client.post(reverse("set_language"), {"language": "en", "next": index})
    assert _header_total(client, index) == 24
    todo_world(ours.platform, prefix="E", advisor=ours.advisor)
    assert client.post(reverse("staff:todo")).status_code == 405
    assert _header_total(client, index) == 24


def test_employers_and_strangers_do_not_land_on_it(client):
    client.force_login(UserFactory())
    assert client.get(reverse("staff:todo")).status_code == 404
    assert client.get("/").url == reverse("admin:index")
    client.logout()
    assert client.get("/").url == reverse("admin:index")


def test_the_page_in_french(client):
    ours = todo_world(prefix="A")
    client.force_login(ours.advisor)
    with translation.override("fr"):
        page = client.get(reverse("staff:todo")).content.decode()
    assert "Points à six mois dus" in page
    assert "Mes candidats" in page

"""The admin's search and autocompletes keep what is typed out of URLs (staff/admin_search.py, staff/admin_site.py).

The words of a search are posted, kept in the user's session under a random key, and the list is opened with that
key: the page's links carry the key, never the words. Autocomplete fields post what is typed. A key means nothing
in another session.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from candidates.exports import EXPORT_COLUMNS
from staff.admin_search import KEPT_SEARCHES, MAX_SEARCH_LENGTH, SESSION_KEY, PrivateSearchChangeList
from tests.accounts.factories import AdvisorFactory
from tests.admin_searching import admin_search
from tests.candidates.factories import CandidateFactory

pytestmark = pytest.mark.django_db
LIST = "admin:candidates_candidate_changelist"
SEARCH = "admin:candidates_candidate_search"
NAME = "Zqsearchednamex"


def listed(response) -> list:
    return list(response.context["cl"].result_list)


def urls_in(content: str) -> list[str]:
    """Every address a page links to, posts to or keeps as the rows' preserved filters."""
    return re.findall(r'(?:href|action|src)="([^"]*)"', content)


@pytest.fixture
def searched(client, advisor, platform):
    """The candidate list of the advisor's platform, searched by a candidate's name and filtered by status."""
    found = CandidateFactory(platform=platform, last_name=NAME)
    CandidateFactory(platform=platform, last_name="Martin")
    client.force_login(advisor)
    response = admin_search(client, LIST, NAME.lower(), status="active")
    return response, found


def test_the_list_is_searched_by_a_key_that_stands_for_the_words(client, searched):
    response, found = searched
    [(location, status)] = response.redirect_chain

    assert status == 302
    assert listed(response) == [found]
    assert NAME.lower() not in location.lower()
    key = re.fullmatch(rf"{reverse(LIST)}\?status=active&q=([\w-]+)", location).group(1)
    assert client.session[SESSION_KEY] == {key: NAME.lower()}
    # The search box shows the words, in a form posted to the search address, with the list's other parameters.
    content = response.content.decode()
    assert f'<form id="changelist-search" method="post" action="{reverse(SEARCH)}"' in content
    assert f'value="{NAME.lower()}" id="searchbar" maxlength="{MAX_SEARCH_LENGTH}"' in content
    assert '<input type="hidden" name="status" value="active">' in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_no_link_of_the_searched_list_carries_the_words(searched):
    response, found = searched
    content = response.content.decode()
    urls = urls_in(content)

    assert any(reverse("admin:candidates_candidate_change", args=[found.pk]) in url for url in urls)
    assert any("q=" in url or "q%3D" in url for url in urls)  # the filters, sorting and rows' links keep the key
    assert not [url for url in urls if NAME.lower() in url.lower()]


def test_a_new_search_starts_at_the_first_page_and_an_empty_one_clears_the_search(client, searched):
    response, _found = searched
    key = response.redirect_chain[-1][0].partition("q=")[2]

    again = client.post(reverse(SEARCH), {"q": "Martin", "status": "active", "p": "3", "o": "1"})
    assert again.status_code == 302
    assert "p=" not in again["Location"]
    assert "o=1" in again["Location"]
    assert key not in again["Location"]

    cleared = client.post(reverse(SEARCH), {"q": "  ", "status": "active"})
    assert cleared["Location"] == f"{reverse(LIST)}?status=active"


@pytest.mark.parametrize("where", ["typed in the URL", "from another session"])
def test_a_key_this_session_does_not_know_lists_nothing_and_says_so(client, platform, searched, where):
    response, _found = searched
    location = response.redirect_chain[-1][0]
    if where == "typed in the URL":
        location = f"{reverse(LIST)}?q={NAME}"
    else:
        client = Client()
        client.force_login(AdvisorFactory(memberships__platform=platform))

    answer = client.get(location)

    assert answer.status_code == 200
    assert answer.context["cl"].query == ""
    assert listed(answer) == []  # neither the searched rows nor, worse, the whole list
    assert [str(message) for message in get_messages(answer.wsgi_request)] == [
        "Cette recherche n’est plus conservée : saisissez-la de nouveau pour voir ses résultats."
    ]


def test_a_session_keeps_the_latest_searches_only(client, advisor):
    client.force_login(advisor)
    keys = [
        client.post(reverse(SEARCH), {"q": f"mot{number}"})["Location"].partition("q=")[2]
        for number in range(KEPT_SEARCHES + 2)
    ]

    assert list(client.session[SESSION_KEY]) == keys[2:]
    assert client.session[SESSION_KEY][keys[-1]] == f"mot{KEPT_SEARCHES + 1}"


def test_the_search_address_takes_a_post_only(client, advisor):
    client.force_login(advisor)

    assert client.get(reverse(SEARCH), {"q": NAME}).status_code == 405


def test_the_export_of_a_searched_list_exports_the_searched_rows(client, searched):
    response, _found = searched
    query = response.redirect_chain[-1][0].partition("?")[2]

    export = client.post(
        f"{reverse('admin:candidates_candidate_export')}?{query}",
        {"resource": "0", "format": "0", **{f"candidateexportresource_{name}": "on" for name in EXPORT_COLUMNS}},
    )

    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    rows = export.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert NAME in rows[1]


def test_every_admin_list_with_a_search_box_keeps_its_search_out_of_urls(rf, superuser):
    request = rf.get("/")
    request.user = superuser
    searchable = [
        model_admin for model_admin in admin.site._registry.values() if model_admin.get_search_fields(request)
    ]

    assert len(searchable) > 15
    assert "EmailAddressAdmin" in {type(model_admin).__name__ for model_admin in searchable}  # per request
    for model_admin in searchable:
        changelist = model_admin.get_changelist(request=None)
        assert issubclass(changelist, PrivateSearchChangeList), type(model_admin).__name__
        opts = model_admin.opts
        assert reverse(f"admin:{opts.app_label}_{opts.model_name}_search")


def test_autocomplete_answers_a_post_and_refuses_a_get(client, advisor, platform):
    candidate = CandidateFactory(platform=platform, last_name=NAME)
    client.force_login(advisor)
    form = {"app_label": "candidates", "model_name": "candidateskill", "field_name": "candidate", "term": NAME[:8]}

    posted = client.post(reverse("admin:autocomplete"), form)

    assert posted.status_code == 200
    assert posted.json()["results"] == [{"id": str(candidate.pk), "text": str(candidate)}]
    assert client.get(reverse("admin:autocomplete"), form).status_code == 405


def test_autocomplete_posts_are_csrf_protected(advisor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(advisor)
    form = {"app_label": "candidates", "model_name": "candidateskill", "field_name": "candidate", "term": "a"}

    assert client.post(reverse("admin:autocomplete"), form).status_code == 403
    assert client.post(reverse(SEARCH), {"q": "a"}).status_code == 403


def test_actions_and_exports_of_a_forgotten_search_act_on_no_row(client, platform, advisor):
    """An old tab's list, its search forgotten: "select all" and the export act on nothing, not on every row."""
    CandidateFactory(platform=platform, last_name=NAME)
    client.force_login(advisor)
    forgotten = f"{reverse(LIST)}?q=forgotten-key"

    export = client.post(
        forgotten.replace(reverse(LIST), reverse("admin:candidates_candidate_export")),
        {"resource": "0", "format": "0", **{f"candidateexportresource_{name}": "on" for name in EXPORT_COLUMNS}},
    )
    assert len(export.content.decode("utf-8-sig").splitlines()) == 1  # the header only

    merged = client.post(
        forgotten, {"action": "merge_candidates", "select_across": "1", "index": "0", "_selected_action": []}
    )
    assert merged.status_code in (200, 302)
    assert NAME not in merged.content.decode()


def test_a_search_longer_than_the_limit_is_refused_with_a_message(client, advisor):
    client.force_login(advisor)
    words = "mot " * (MAX_SEARCH_LENGTH // 4 + 1)

    response = client.post(reverse(SEARCH), {"q": words, "status": "active"}, follow=True)

    assert response.redirect_chain == [(f"{reverse(LIST)}?status=active", 302)]
    assert SESSION_KEY not in client.session
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        f"Une recherche compte au plus {MAX_SEARCH_LENGTH} caractères ; celle-ci en avait {len(words)}. "
        "Raccourcissez-la."
    ]

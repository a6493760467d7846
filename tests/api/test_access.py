"""Every API URL against every role, as one table: 401 without a token, 403 for a role with no access to the area,
404 for an object outside the user's scope.

Objects belong to side A (employer A, platform A). A URL added to the API without a row here fails
``test_every_api_url_is_in_the_table``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api.world import ROLES

pytestmark = pytest.mark.django_db


def expect(anonymous, member_a, member_b, advisor_a, advisor_b, superuser, no_membership):
    values = (anonymous, member_a, member_b, advisor_a, advisor_b, superuser, no_membership)
    return dict(zip(ROLES, values, strict=True))


EMPLOYER_LIST = expect(401, 200, 200, 403, 403, 403, 403)
EMPLOYER_OBJECT = expect(401, 200, 404, 403, 403, 403, 403)
STAFF_LIST = expect(401, 403, 403, 200, 200, 200, 403)
STAFF_OBJECT = expect(401, 403, 403, 200, 404, 200, 403)

# name: (method, object of side A whose id the URL takes, body, expected status per role)
TABLE = {
    "schema": ("get", None, None, expect(*[200] * 7)),
    "docs": ("get", None, None, expect(*[200] * 7)),
    "employer_need_list": ("get", None, None, EMPLOYER_LIST),
    "employer_need_detail": ("get", "need", None, EMPLOYER_OBJECT),
    "employer_need_publish": ("post", "draft", None, EMPLOYER_OBJECT),
    "employer_need_close": ("post", "need", None, EMPLOYER_OBJECT),
    "employer_presentation_list": ("get", None, None, EMPLOYER_LIST),
    "employer_presentation_detail": ("get", "presentation", None, EMPLOYER_OBJECT),
    "employer_presentation_answer": ("post", "presentation", {"action": "interview_request"}, EMPLOYER_OBJECT),
    "staff_candidate_list": ("get", None, None, STAFF_LIST),
    "staff_candidate_search": ("post", None, {"q": "a"}, STAFF_LIST),
    "staff_candidate_detail": ("get", "candidate", None, STAFF_OBJECT),
    "staff_need_list": ("get", None, None, STAFF_LIST),
    "staff_need_detail": ("get", "need", None, STAFF_OBJECT),
    "staff_need_suggestions": ("get", "need", None, STAFF_OBJECT),
    "staff_run_list": ("get", None, None, STAFF_LIST),
    "staff_run_detail": ("get", "run", None, STAFF_OBJECT),
    "staff_presentation_list": ("get", None, None, STAFF_LIST),
    "staff_presentation_detail": ("get", "presentation", None, STAFF_OBJECT),
    "staff_presentation_transitions": ("get", "presentation", None, STAFF_OBJECT),
    # Another platform asked A for A's candidate: A's staff read and answer it (an empty body is refused).
    "staff_hand_off_list": ("get", None, None, STAFF_LIST),
    "staff_hand_off_detail": ("get", "hand_off", None, STAFF_OBJECT),
    "staff_hand_off_accept": ("post", "hand_off", {}, expect(401, 403, 403, 400, 404, 400, 403)),
    "staff_hand_off_decline": ("post", "hand_off", {}, expect(401, 403, 403, 400, 404, 400, 403)),
}
# The other methods of the same URLs.
WRITES = {
    "employer_need_list": ("post", None, {}, expect(401, 400, 400, 403, 403, 403, 403)),
    "employer_need_detail": ("patch", "need", {"title": "Téléconseil renommé"}, EMPLOYER_OBJECT),
    "staff_candidate_detail": ("patch", "candidate", {"experience_years": 4}, STAFF_OBJECT),
    "staff_hand_off_list": ("post", None, {}, expect(401, 403, 403, 400, 400, 400, 403)),
    # Side A's other candidate is already shortlisted for side A's need: the service refuses it (400); for advisor B
    # neither the need nor the candidate exists (400 on the fields, nothing revealed).
    "staff_presentation_list": ("post", None, "shortlist", expect(401, 403, 403, 400, 400, 400, 403)),
    "staff_presentation_transitions": (
        "post",
        "presentation",
        {"to_status": "interview_requested"},
        expect(401, 403, 403, 201, 404, 201, 403),
    ),
}


def api_url_names() -> set[str]:
    names = set()
    stack = [item for item in get_resolver().url_patterns if isinstance(item, URLResolver) and item.namespace == "api"]
    while stack:
        item = stack.pop()
        if isinstance(item, URLResolver):
            stack.extend(item.url_patterns)
        elif isinstance(item, URLPattern) and item.name:
            names.add(item.name)
    return names


def test_every_api_url_is_in_the_table():
    names = api_url_names()
    assert "employer_need_list" in names
    assert names == set(TABLE), f"missing: {sorted(names - set(TABLE))}, stale: {sorted(set(TABLE) - names)}"
    assert set(WRITES) <= set(TABLE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rows", [TABLE, WRITES], ids=["reads", "writes"])
def test_every_api_url_answers_each_role_as_the_table_says(client, world, role, rows):
    mismatches = []
    for name, (method, item, body, expected) in rows.items():
        url = reverse(f"api:{name}", args=[getattr(world.a, item).pk]) if item else reverse(f"api:{name}")
        if body == "shortlist":
            body = {"need": world.a.need.pk, "candidate": world.a.shortlisted.candidate_id}
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        response = getattr(client, method)(url, **kwargs, **world.headers(role))
        if response.status_code != expected[role]:
            mismatches.append(f"{method.upper()} {url}: {response.status_code}, expected {expected[role]}")
        if response.status_code >= 400 and name not in ("docs",):
            assert set(response.json()) == {"error"}, f"{method.upper()} {url}: {response.content[:200]}"
    assert not mismatches, "\n".join(mismatches)

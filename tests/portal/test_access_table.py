"""Every URL of the employer portal against every kind of visitor, as one table.

A URL added to the portal without a row here fails ``test_every_portal_url_is_in_the_table``. Objects belong to
employer A; "member B" belongs to another employer of the same platform, and must find none of A's objects.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.enums import MembershipRole
from matching.enums import PresentationStatus
from tests.accounts.factories import AdvisorFactory, EmployerInvitationFactory, MembershipFactory, UserFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_membership", "member_a", "member_b", "advisor")
LOGIN = "login"  # a redirect to the login (or sign-up) page
TOKEN = "jeton-du-tableau-0001-abcdefghijklmnopqrstuvwxyz"


def expect(anonymous, no_membership, member_a, member_b, advisor):
    return dict(zip(ROLES, (anonymous, no_membership, member_a, member_b, advisor), strict=True))


# name: (method, arguments from the world, expected answer per role)
TABLE = {
    "home": ("get", (), expect(LOGIN, 302, 302, 302, 302)),
    "access_request": ("get", (), expect(LOGIN, 200, 302, 302, 404)),
    "team": ("get", (), expect(LOGIN, 404, 200, 200, 404)),
    "invitation_revoke": ("post", ("invitation",), expect(LOGIN, 404, 302, 404, 404)),
    # Nothing opened yet: the page asking for the token, which the link carries after "#" (never in a URL).
    "invitation_accept": ("get", (), expect(200, 200, 200, 200, 200)),
    "need_list": ("get", (), expect(LOGIN, 404, 200, 200, 404)),
    "need_create": ("get", (), expect(LOGIN, 404, 200, 200, 404)),
    "need_detail": ("get", ("need",), expect(LOGIN, 404, 200, 404, 404)),
    "need_progress": ("get", ("need",), expect(LOGIN, 404, 200, 404, 404)),
    "need_edit": ("get", ("need", "step"), expect(LOGIN, 404, 200, 404, 404)),
    "need_publish": ("post", ("draft",), expect(LOGIN, 404, 302, 404, 404)),
    "need_pause": ("post", ("need",), expect(LOGIN, 404, 302, 404, 404)),
    "need_close": ("post", ("need",), expect(LOGIN, 404, 302, 404, 404)),
    "need_duplicate": ("post", ("need",), expect(LOGIN, 404, 302, 404, 404)),
    "occupation_search": ("get", (), expect(LOGIN, 404, 200, 200, 404)),
    "place_search": ("get", (), expect(LOGIN, 404, 200, 200, 404)),
    "presentation_detail": ("get", ("presentation",), expect(LOGIN, 404, 200, 404, 404)),
    "presentation_interview_request": ("post", ("presentation",), expect(LOGIN, 404, 302, 404, 404)),
    "presentation_decline": ("post", ("presentation",), expect(LOGIN, 404, 200, 404, 404)),
    "presentation_slots_propose": ("post", ("presentation",), expect(LOGIN, 404, 200, 404, 404)),
    "presentation_slot_confirm": ("post", ("presentation",), expect(LOGIN, 404, 200, 404, 404)),
    "presentation_hire": ("post", ("presentation",), expect(LOGIN, 404, 200, 404, 404)),
    "presentation_no_hire": ("post", ("presentation",), expect(LOGIN, 404, 200, 404, 404)),
    # Not revealed yet (only presented), and the second id names no document: no one finds it (tests/security).
    "presentation_document_download": ("get", ("presentation", "need"), expect(LOGIN, 404, 404, 404, 404)),
    "notice_settings": ("get", (), expect(LOGIN, 404, 200, 200, 404)),
    "api_tokens": ("get", (), expect(LOGIN, 404, 200, 200, 404)),
    # The world holds no API token: whatever the id, no one revokes a token that is not theirs (tests/api: the owner).
    "api_token_revoke": ("post", ("need",), expect(LOGIN, 404, 404, 404, 404)),
}


def portal_url_names() -> set[str]:
    names = set()
    for resolver in get_resolver().url_patterns:
        for pattern in getattr(resolver, "url_patterns", []):
            if isinstance(pattern, URLResolver) and pattern.namespace == "portal":
                stack = list(pattern.url_patterns)
                while stack:
                    item = stack.pop()
                    if isinstance(item, URLResolver):
                        stack.extend(item.url_patterns)
                    elif isinstance(item, URLPattern) and item.name:
                        names.add(item.name)
    return names


def test_every_portal_url_is_in_the_table():
    names = portal_url_names()
    assert "need_list" in names
    assert names == set(TABLE), f"missing: {sorted(names - set(TABLE))}, stale: {sorted(set(TABLE) - names)}"


@pytest.fixture
def world(platform):
    employer_a, employer_b = EmployerFactory(platform=platform), EmployerFactory(platform=platform)
    members = {}
    for key, employer in (("member_a", employer_a), ("member_b", employer_b)):
        members[key] = UserFactory()
        MembershipFactory(user=members[key], role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    need = StaffingNeedFactory(employer=employer_a, open=True)
    return {
        "users": members | {"no_membership": UserFactory(), "advisor": AdvisorFactory(memberships__platform=platform)},
        "need": need,
        "draft": StaffingNeedFactory(employer=employer_a, site=need.site),
        "presentation": presentation_in(PresentationStatus.PRESENTED, need=need),
        "invitation": EmployerInvitationFactory(employer=employer_a),
        "token": EmployerInvitationFactory(employer=employer_a, token=TOKEN) and TOKEN,
        "step": "job",
    }


def argument(world, name):
    value = world[name]
    return getattr(value, "pk", value)


@pytest.mark.parametrize("role", ROLES)
def test_every_portal_url_answers_each_role_as_the_table_says(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    mismatches = []
    for name, (method, arguments, expected) in TABLE.items():
        url = reverse(f"portal:{name}", args=[argument(world, item) for item in arguments])
        response = getattr(client, method)(url)
        wanted = expected[role]
        if wanted == LOGIN:
            ok = response.status_code == 302 and response.url.startswith(
                (reverse("account_login"), reverse("account_signup"))
            )
        else:
            ok = response.status_code == wanted
        if not ok:
            mismatches.append(f"{method.upper()} {url}: {response.status_code}, expected {wanted}")
    assert not mismatches, "\n".join(mismatches)

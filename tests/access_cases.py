"""The words of the access table (``tests/access_table.py``): expected answers, the shapes rows share, and ``Case``,
one request of a row with its expected answer per role.

The roles are those of ``tests/access_world.py``: anonymous, the members of employers A and B, the member of employer
C (another employer of platform A), a signed-up user without a membership, the advisors of platforms A and B, the
manager of platform A, a superuser and the advisor of a partner organisation that works with platform A.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.access_world import ROLES, STAFF_ROLES, AccessWorld

LOGIN = "login"  # a redirect to a login page: allauth's, the admin's (which sends on to allauth's) or the sign-up
MISSING = "missing"  # the admin's "not found" for an object outside the user's queryset: a redirect to its index


def expect(
    anonymous,
    member_a,
    member_b,
    advisor_a,
    advisor_b,
    manager,
    superuser,
    *,
    member_c=None,
    no_membership=None,
    observer=None,
    partner=None,
) -> dict[str, int | str]:
    """One answer per role. Member C (another employer of platform A) and the user without a membership answer as
    member B unless given: none of them has anything of employer A. The region observer and the partner advisor
    answer as the user without a membership unless given: the reports, and the partners' pages, are all they may
    read."""
    answers = {
        "anonymous": anonymous,
        "member_a": member_a,
        "member_b": member_b,
        "member_c": member_b if member_c is None else member_c,
        "no_membership": member_b if no_membership is None else no_membership,
        "partner": (member_b if no_membership is None else no_membership) if partner is None else partner,
        "advisor_a": advisor_a,
        "advisor_b": advisor_b,
        "manager": manager,
        "superuser": superuser,
    }
    answers["observer"] = answers["no_membership"] if observer is None else observer
    assert set(answers) == set(ROLES)
    return answers


def same_for(value, **overrides) -> dict[str, int | str]:
    return {role: overrides.get(role, value) for role in ROLES}


# The usual shapes of a row.
PORTAL_OWN = expect(LOGIN, 200, 200, 404, 404, 404, 404, no_membership=404)  # about the member's own employer
PORTAL_OBJECT_A = expect(LOGIN, 200, 404, 404, 404, 404, 404)  # a page about an object of employer A
PORTAL_ACTION_A = expect(LOGIN, 302, 404, 404, 404, 404, 404)  # a POST on an object of employer A, done
PORTAL_FORM_A = PORTAL_OBJECT_A  # a POST on an object of employer A, refused by its (empty) form and shown again
STAFF_PAGE_A = expect(LOGIN, 404, 404, 200, 404, 200, 200)  # a staff page about an object of platform A
STAFF_ACTION_A = expect(LOGIN, 404, 404, 302, 404, 302, 302)
STAFF_FORM_A = STAFF_PAGE_A
ADMIN_STAFF = expect(LOGIN, LOGIN, LOGIN, 200, 200, 200, 200)
ADMIN_SUPER = expect(LOGIN, LOGIN, LOGIN, 403, 403, 403, 200)
# The API: 401 without a token, 403 for a role the whole area is not for, 404 for an object out of reach.
API_STAFF_REFUSED = dict.fromkeys(
    (*STAFF_ROLES, "no_membership", "observer", "partner"), 403
)  # the employer area is not theirs
API_EMPLOYER_OWN = expect(401, 200, 200, 403, 403, 403, 403, no_membership=403)
API_EMPLOYER_A = expect(401, 200, 404, 403, 403, 403, 403, no_membership=403)
API_EMPLOYER_A_INVALID = expect(401, 400, 404, 403, 403, 403, 403, no_membership=403)  # an empty body, refused
API_STAFF_ALL = expect(401, 403, 403, 200, 200, 200, 200)
API_STAFF_A = expect(401, 403, 403, 200, 404, 200, 200)
# The partners' pages: the partner advisor only; everyone else is told the page does not exist.
PARTNER_PAGE = expect(LOGIN, 404, 404, 404, 404, 404, 404, no_membership=404, partner=200)
PARTNER_ACTION = expect(LOGIN, 404, 404, 404, 404, 404, 404, no_membership=404, partner=302)


Arguments = Callable[[AccessWorld], list[Any]]


def ids(*names: str) -> Arguments:
    """The primary keys of world objects; ``presentations.hired`` reads the ``hired`` entry of ``presentations``."""

    return lambda world: [world_object(world, name).pk for name in names]


def literal(*values: Any) -> Arguments:
    return lambda world: list(values)


NO_ARGUMENTS = literal()


@dataclass(frozen=True)
class Case:
    method: str
    arguments: Arguments
    expected: dict[str, int | str]
    query: Callable[[AccessWorld], str] | str = ""
    data: dict[str, Any] | Callable[[AccessWorld], dict[str, Any]] = field(default_factory=dict)
    url: Callable[[AccessWorld], str] | None = None  # for patterns that ``reverse`` cannot build (unnamed ones)
    is_api: bool = False  # sent with the role's API token instead of its session


def get(arguments: Arguments, expected, **options) -> Case:
    return Case("get", arguments, expected, **options)


def post(arguments: Arguments, expected, **options) -> Case:
    return Case("post", arguments, expected, **options)


def api_get(arguments: Arguments, expected, **options) -> Case:
    return Case("get", arguments, expected, is_api=True, **options)


def api_post(arguments: Arguments, expected, **options) -> Case:
    return Case("post", arguments, expected, is_api=True, **options)


def api_patch(arguments: Arguments, expected, **options) -> Case:
    return Case("patch", arguments, expected, is_api=True, **options)


def world_object(world: AccessWorld, name: str) -> Any:
    """A world object by name; ``presentations.hired`` is an entry of a dict, ``membership_a.user`` an attribute."""
    head, _dot, attribute = name.partition(".")
    value = world[head]
    if not attribute:
        return value
    return value[attribute] if isinstance(value, dict) else getattr(value, attribute)

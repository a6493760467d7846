"""Every URL pattern of the project against every role, as one table.

The roles (``tests/access_world.py``): anonymous, the member of employer A, the member of employer B, the advisor of
platform A, the advisor of platform B, the manager of platform A and a superuser. Every object a URL names belongs
to A's side, so B's member and B's advisor must find none of it.

``TABLE`` maps each pattern, by its namespaced name or, for an unnamed one, by ``route:/<its route>``, to one or
more ``Case``: the method, how to build the URL's arguments from the world, and the expected answer for each role.
The admin's generated pages are written per model with ``admin_rows`` from ``ADMIN_MODELS`` (who may view, add,
change and delete the model, and for whom A's object is out of reach). ``test_every_url_pattern_is_in_the_table``
fails when a pattern has no row, or a row no pattern.

Expected answers are what a user should get. Where the code answers otherwise today (a leak, or a role kept from
what it should reach), the cell keeps the right answer and ``KNOWN_WRONG_ANSWERS`` names it: the role's test is then
marked xfail with the list, and fails as soon as a listed cell answers right (remove it from the list) or any other
cell answers wrong.

Below the matrix: what the admin's lists and autocompletes show advisor B of platform A, the admin actions on A's
objects per role, and staff without a TOTP authenticator (sent to set it up from every staff page).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from matching.enums import PresentationStatus
from matching.models import HandOff, InterviewSlot, MatchSuggestion
from matching.services.hand_offs import hand_off_accept
from staff.admin_search import PrivateSearchAdminMixin
from tests.access_world import (
    INVITATION_TOKEN,
    ROLES,
    STAFF_ROLES,
    AccessWorld,
    build_access_world,
    document_create,
)
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to a login page: allauth's, the admin's (which sends on to allauth's) or the sign-up
MISSING = "missing"  # the admin's "not found" for an object outside the user's queryset: a redirect to its index
ANYONE = frozenset(ROLES)
STAFF = frozenset(STAFF_ROLES)
SUPER = frozenset({"superuser"})
MANAGERS = frozenset({"manager", "superuser"})
NOBODY: frozenset[str] = frozenset()
OUTSIDE_A = frozenset({"advisor_b"})  # staff for whom an object of platform A is not found


def expect(anonymous, member_a, member_b, advisor_a, advisor_b, manager, superuser) -> dict[str, int | str]:
    values = (anonymous, member_a, member_b, advisor_a, advisor_b, manager, superuser)
    return dict(zip(ROLES, values, strict=True))


def same_for(value, **overrides) -> dict[str, int | str]:
    return {role: overrides.get(role, value) for role in ROLES}


# The usual shapes of a row.
PORTAL_OWN = expect(LOGIN, 200, 200, 404, 404, 404, 404)  # a page about the member's own employer
PORTAL_OBJECT_A = expect(LOGIN, 200, 404, 404, 404, 404, 404)  # a page about an object of employer A
PORTAL_ACTION_A = expect(LOGIN, 302, 404, 404, 404, 404, 404)  # a POST on an object of employer A, done
PORTAL_FORM_A = PORTAL_OBJECT_A  # a POST on an object of employer A, refused by its (empty) form and shown again
STAFF_PAGE_A = expect(LOGIN, 404, 404, 200, 404, 200, 200)  # a staff page about an object of platform A
STAFF_ACTION_A = expect(LOGIN, 404, 404, 302, 404, 302, 302)
STAFF_FORM_A = STAFF_PAGE_A
ADMIN_STAFF = expect(LOGIN, LOGIN, LOGIN, 200, 200, 200, 200)
ADMIN_SUPER = expect(LOGIN, LOGIN, LOGIN, 403, 403, 403, 200)
# The API: 401 without a token, 403 for a role the whole area is not for, 404 for an object out of reach.
API_STAFF_REFUSED = dict.fromkeys(STAFF_ROLES, 403)
API_EMPLOYER_OWN = expect(401, 200, 200, 403, 403, 403, 403)
API_EMPLOYER_A = expect(401, 200, 404, 403, 403, 403, 403)
API_EMPLOYER_A_INVALID = expect(401, 400, 404, 403, 403, 403, 403)  # an empty body, refused
API_STAFF_ALL = expect(401, 403, 403, 200, 200, 200, 200)
API_STAFF_A = expect(401, 403, 403, 200, 404, 200, 200)


Arguments = Callable[[AccessWorld], list[Any]]


def ids(*names: str) -> Arguments:
    """The primary keys of world objects; ``presentations.hired`` reads the ``hired`` entry of ``presentations``."""

    return lambda world: [_object(world, name).pk for name in names]


def literal(*values: Any) -> Arguments:
    return lambda world: list(values)


NO_ARGUMENTS = literal()


@dataclass(frozen=True)
class Case:
    method: str
    arguments: Arguments
    expected: dict[str, int | str]
    query: Callable[[AccessWorld], str] | str = ""
    data: dict[str, Any] = field(default_factory=dict)
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


# --- The admin's generated pages, per model ---------------------------------------------------------------------


@dataclass(frozen=True)
class AdminModel:
    """Who may use a model's admin pages, and the world object its object pages open.

    ``view`` may open the list and the object (read-only when not in ``change``); ``hidden`` are the roles for whom
    that object is outside their queryset (another platform's). ``is_looked_up_first``: the admin answers 404 for
    such an object before it checks any permission (``DecisionAdmin.get_object``).
    """

    obj: str
    view: frozenset[str]
    add: frozenset[str]
    change: frozenset[str]
    delete: frozenset[str]
    hidden: frozenset[str] = NOBODY
    is_looked_up_first: bool = False


def staff_kept(obj: str, *, scoped: bool = True) -> AdminModel:
    """A model platform staff keep (view, add, change); only a superuser deletes."""
    return AdminModel(obj, STAFF, STAFF, STAFF, SUPER, OUTSIDE_A if scoped else NOBODY)


def staff_read(obj: str, *, scoped: bool = True, add=NOBODY, change=SUPER) -> AdminModel:
    """A model platform staff only read."""
    return AdminModel(obj, STAFF, add, change, SUPER, OUTSIDE_A if scoped else NOBODY)


def superuser_only(obj: str) -> AdminModel:
    return AdminModel(obj, SUPER, SUPER, SUPER, SUPER)


ADMIN_MODELS: dict[str, AdminModel] = {
    "auth.group": superuser_only("staff_group"),
    "account.emailaddress": superuser_only("email_address"),
    "mfa.authenticator": superuser_only("authenticator"),
    # Access requests and invitations: decided by actions, never edited; another platform's row is a 404.
    "accounts.employeraccessrequest": replace(staff_read("access_request", change=NOBODY), is_looked_up_first=True),
    "accounts.employerinvitation": replace(staff_read("invitation", change=NOBODY), is_looked_up_first=True),
    # Accounts are read by staff and granted by a superuser. A user or membership of another platform's employer
    # is none of the staff's business: not found for them.
    "accounts.user": staff_read("membership_a.user", add=SUPER),
    "accounts.membership": staff_read("membership_a", add=SUPER),
    "accounts.platform": staff_read("platform_a", scoped=False, add=SUPER),
    # Reference data is shared by every platform: staff read it, a superuser changes it.
    "referentials.epci": staff_read("epci", scoped=False, add=SUPER),
    "referentials.commune": staff_read("commune", scoped=False, add=SUPER),
    "referentials.postalcode": staff_read("postcode", scoped=False, add=SUPER),
    "referentials.occupation": staff_read("occupation", scoped=False, add=SUPER),
    "referentials.skill": staff_read("skill", scoped=False, add=SUPER),
    "referentials.language": staff_read("language", scoped=False, add=SUPER),
    "referentials.certification": staff_read("certification", scoped=False, add=SUPER),
    "employers.employer": staff_kept("employer_a"),
    "employers.site": staff_kept("site_a"),
    "employers.staffingneed": staff_kept("need_a"),
    "employers.needskill": staff_kept("need_skill"),
    "employers.needlanguage": staff_kept("need_language"),
    "employers.needcertification": staff_kept("need_certification"),
    "employers.recruitingwave": staff_kept("wave"),
    "employers.needstatuschange": staff_read("status_change", change=NOBODY),
    "candidates.candidate": staff_kept("suggested"),
    "candidates.candidateskill": staff_kept("candidate_skill"),
    "candidates.candidatelanguage": staff_kept("candidate_language"),
    "candidates.sensitivesituation": staff_kept("situation"),
    # The personal-data access log: managers (their platforms) and superusers read it; nobody writes it.
    "candidates.personaldataaccess": AdminModel(
        "access", MANAGERS, NOBODY, NOBODY, NOBODY, hidden=frozenset({"advisor_a", "advisor_b"})
    ),
    "matching.workerheartbeat": staff_read("heartbeat", scoped=False, change=NOBODY),
    "matching.matchrun": staff_read("run", change=NOBODY),
    "matching.matchrunshard": staff_read("shard", scoped=False, change=NOBODY),
    "matching.matchsuggestion": staff_read("suggestion", change=NOBODY),
    "matching.positiveactionquota": staff_read("quota", add=SUPER),
    "matching.presentation": staff_read("presentations.presented"),
    "matching.presentationtransition": staff_read("transition", change=NOBODY),
    "matching.outcome": staff_read("outcome", add=SUPER),
    # Notices name employer members' addresses in their key and recipient: superusers only.
    "notifications.notice": AdminModel("notice", SUPER, NOBODY, NOBODY, SUPER),
    # API tokens: each staff member keeps their own, their platforms' managers see and revoke them too (a superuser
    # sees everyone's); tokens are revoked, never deleted.
    "api.apitoken": AdminModel("api_tokens.advisor_a", STAFF, STAFF, STAFF, NOBODY, hidden=frozenset({"advisor_b"})),
}


def admin_page_expected(model: AdminModel, page: str) -> dict[str, int | str]:
    """What each role gets on one of the admin's generated pages of ``model``, for its object of platform A."""
    expected: dict[str, int | str] = {"anonymous": LOGIN, "member_a": LOGIN, "member_b": LOGIN}
    for role in STAFF_ROLES:
        may_view = role in model.view or role in model.change
        hidden = role in model.hidden
        if page == "redirect":  # "<id>/": the admin's old URL, a redirect to the change page, checks only staff status
            answer: int | str = 302
        elif page == "changelist":
            answer = 200 if may_view else 403
        elif page == "search":
            answer = 302 if may_view else 403
        elif page == "search by GET":
            answer = 405
        elif page == "add":
            answer = 200 if role in model.add else 403
        elif hidden and model.is_looked_up_first:
            answer = 404
        elif page == "change":
            answer = 403 if not may_view else MISSING if hidden else 200
        elif page == "history":
            # The admin looks the object up before it checks the permission.
            answer = MISSING if hidden else 200 if may_view else 403
        else:  # "delete"
            answer = 403 if role not in model.delete else MISSING if hidden else 200
        expected[role] = answer
    return expected


def _object(world: AccessWorld, name: str) -> Any:
    """A world object by name; ``presentations.hired`` is an entry of a dict, ``membership_a.user`` an attribute."""
    head, _dot, attribute = name.partition(".")
    value = world[head]
    if not attribute:
        return value
    return value[attribute] if isinstance(value, dict) else getattr(value, attribute)


def admin_rows() -> dict[str, list[Case]]:
    rows: dict[str, list[Case]] = {}
    for label, model in ADMIN_MODELS.items():
        app_label, model_name = label.split(".")
        prefix = f"admin:{app_label}_{model_name}"
        if label == "accounts.user":
            prefix = "admin:accounts_user"

        def pk(world: AccessWorld, model=model) -> list[Any]:
            return [_object(world, model.obj).pk]

        rows[f"{prefix}_changelist"] = [get(NO_ARGUMENTS, admin_page_expected(model, "changelist"))]
        if isinstance(admin.site.get_model_admin(apps.get_model(label)), PrivateSearchAdminMixin):
            # The search box posts here, and is sent to the list searched (staff/admin_search.py).
            rows[f"{prefix}_search"] = [
                post(NO_ARGUMENTS, admin_page_expected(model, "search"), data={"q": "a"}),
                get(NO_ARGUMENTS, admin_page_expected(model, "search by GET")),
            ]
        rows[f"{prefix}_add"] = [get(NO_ARGUMENTS, admin_page_expected(model, "add"))]
        for page in ("change", "history", "delete"):
            rows[f"{prefix}_{page}"] = [get(pk, admin_page_expected(model, page))]
        rows[f"route:/admin/{app_label}/{model_name}/<path:object_id>/"] = [
            get(
                pk,
                admin_page_expected(model, "redirect"),
                url=lambda world, app_label=app_label, model_name=model_name, pk=pk: (
                    f"/admin/{app_label}/{model_name}/{pk(world)[0]}/"
                ),
            )
        ]
    return rows


# --- The table ----------------------------------------------------------------------------------------------------


def _content_type_and_employer(world: AccessWorld) -> list[Any]:
    return [ContentType.objects.get_for_model(world["employer_a"]).pk, world["employer_a"].pk]


def _platform_a_query(world: AccessWorld) -> str:
    return f"platform={world['platform_a'].pk}"


AUTOCOMPLETE_FORM = {"app_label": "candidates", "model_name": "candidateskill", "field_name": "candidate", "term": "a"}


TABLE: dict[str, list[Case]] = {
    # The root and the language switch.
    "route:/": [get(NO_ARGUMENTS, same_for(302), url=lambda world: "/")],
    "set_language": [post(NO_ARGUMENTS, same_for(302), data={"language": "en", "next": "/portal/"})],
    # The probes of the proxy or orchestrator answer everyone, and tell nothing but which check failed (the world
    # holds a fresh worker heartbeat, and the test run's database and broker answer).
    "health_live": [get(NO_ARGUMENTS, same_for(200))],
    "health_ready": [get(NO_ARGUMENTS, same_for(200))],
    # The admin site's own pages.
    "admin:index": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    # The admin's password-only login is never served: anonymous visitors go to allauth's login, staff to the
    # admin, employer members are told the workspace is not theirs.
    "admin:login": [get(NO_ARGUMENTS, expect(LOGIN, 403, 403, 302, 302, 302, 302))],
    # Logging out is a POST; a GET is refused (405), and the test must stay logged in.
    "admin:logout": [get(NO_ARGUMENTS, expect(302, 302, 302, 405, 405, 405, 405))],
    "admin:password_change": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    "admin:password_change_done": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    "admin:jsi18n": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    # Autocomplete answers (200) with the rows the user may see: tested for content below. What is typed is posted,
    # never put in the URL: a GET is refused (staff/admin_site.py).
    "admin:autocomplete": [
        post(NO_ARGUMENTS, ADMIN_STAFF, data=AUTOCOMPLETE_FORM),
        get(NO_ARGUMENTS, expect(LOGIN, LOGIN, LOGIN, 405, 405, 405, 405)),
    ],
    # No model has a public page: "view on site" finds nothing.
    "admin:view_on_site": [get(_content_type_and_employer, expect(LOGIN, LOGIN, LOGIN, 404, 404, 404, 404))],
    "admin:app_list": [
        get(literal("candidates"), ADMIN_STAFF),
        get(literal("auth"), expect(LOGIN, LOGIN, LOGIN, 404, 404, 404, 200)),
    ],
    "route:/admin/(?P<url>.*)$": [
        get(NO_ARGUMENTS, expect(LOGIN, LOGIN, LOGIN, 404, 404, 404, 404), url=lambda world: "/admin/nulle-part/")
    ],
    **admin_rows(),
    "admin:auth_user_password_change": [get(ids("membership_a.user"), ADMIN_SUPER)],
    "admin:candidates_candidate_import": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    # An import job is its platform's: another platform's staff find none of it.
    "admin:candidates_candidate_import_job": [get(ids("import_job"), expect(LOGIN, LOGIN, LOGIN, 200, 404, 200, 200))],
    "admin:candidates_candidate_import_job_progress": [
        get(ids("import_job"), expect(LOGIN, LOGIN, LOGIN, 200, 404, 200, 200))
    ],
    "admin:candidates_candidate_import_job_write": [
        post(ids("import_job"), expect(LOGIN, LOGIN, LOGIN, 302, 404, 302, 302))
    ],
    "admin:candidates_candidate_export": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    # allauth: login, sign-up, password and e-mail pages, two-factor authentication.
    "account_login": [get(NO_ARGUMENTS, expect(200, 302, 302, 302, 302, 302, 302))],
    "account_logout": [get(NO_ARGUMENTS, expect(302, 200, 200, 200, 200, 200, 200))],
    "account_inactive": [get(NO_ARGUMENTS, same_for(200))],
    "account_signup": [get(NO_ARGUMENTS, expect(200, 302, 302, 302, 302, 302, 302))],
    "account_reauthenticate": [get(NO_ARGUMENTS, same_for(200, anonymous=LOGIN))],
    # Reauthentication: by password for whoever has no authenticator, by code for staff (TOTP); a session opened
    # without a recent authentication (force_login here) is sent through it before any sensitive two-factor page.
    "account_request_reauthentication_code": [get(NO_ARGUMENTS, expect(LOGIN, 200, 200, 302, 302, 302, 302))],
    "account_confirm_reauthentication_code": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    "account_email": [get(NO_ARGUMENTS, same_for(200, anonymous=LOGIN))],
    "account_email_verification_sent": [get(NO_ARGUMENTS, same_for(200))],
    "account_change_password": [get(NO_ARGUMENTS, same_for(200, anonymous=LOGIN))],
    "account_set_password": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    "account_reset_password": [get(NO_ARGUMENTS, same_for(200))],
    "account_confirm_login_code": [get(NO_ARGUMENTS, same_for(302))],
    "account_confirm_email": [get(literal("cle-inconnue"), same_for(200))],
    "account_reset_password_from_key_done": [get(NO_ARGUMENTS, same_for(200))],
    "account_reset_password_from_key": [get(literal("1", "cle-inconnue"), same_for(200))],
    "account_reset_password_done": [get(NO_ARGUMENTS, same_for(200))],
    "mfa_index": [get(NO_ARGUMENTS, same_for(200, anonymous=LOGIN))],
    "mfa_authenticate": [get(NO_ARGUMENTS, same_for(302))],
    "mfa_reauthenticate": [get(NO_ARGUMENTS, expect(LOGIN, 302, 302, 200, 200, 200, 200))],
    # Staff already have a TOTP authenticator (activating again is sent elsewhere); members have none to remove,
    # nor recovery codes to show.
    "mfa_activate_totp": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    "mfa_deactivate_totp": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 302, 302, 302, 302))],
    "mfa_view_recovery_codes": [get(NO_ARGUMENTS, same_for(404, anonymous=LOGIN))],
    "mfa_generate_recovery_codes": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    "mfa_download_recovery_codes": [get(NO_ARGUMENTS, same_for(404, anonymous=LOGIN))],
    # The staff workspace: a need's review and its workflow steps, the dashboards.
    "staff:need_review": [get(ids("need_a"), STAFF_PAGE_A)],
    "staff:need_review_recompute": [post(ids("need_a"), STAFF_ACTION_A)],
    "staff:need_review_shortlist": [post(ids("need_a", "suggested"), STAFF_ACTION_A)],
    "staff:need_review_present": [post(ids("need_a"), STAFF_ACTION_A)],
    # A's own suggested candidate: refused with a message (nothing to ask for), the need is B's business elsewhere.
    "staff:need_review_hand_off_request": [post(ids("need_a", "suggestion"), STAFF_ACTION_A)],
    "staff:hand_off_list": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200))],
    # B's request for A's candidate: A's staff answer it (an empty form is refused with a message), B's do not.
    "staff:hand_off_accept": [post(ids("hand_off"), STAFF_ACTION_A)],
    "staff:hand_off_decline": [post(ids("hand_off"), STAFF_ACTION_A)],
    "staff:need_review_answer": [
        post(ids("need_a", "presentations.staff_answer"), STAFF_FORM_A),
        # A's presentation under B's need: not found, whoever asks.
        post(ids("need_b", "presentations.staff_answer"), same_for(404, anonymous=LOGIN)),
    ],
    "staff:need_review_interview_request": [
        post(ids("need_a", "presentations.staff_interview_request"), STAFF_ACTION_A)
    ],
    "staff:need_review_interview_schedule": [
        post(ids("need_a", "presentations.staff_interview_schedule"), STAFF_FORM_A)
    ],
    "staff:need_review_interview_accept": [
        post(ids("need_a", "presentations.staff_interview_accept"), STAFF_ACTION_A)
    ],
    "staff:need_review_slot_confirm": [
        post(ids("need_a", "presentations.staff_slot_confirm", "slot"), STAFF_ACTION_A)
    ],
    "staff:need_review_hire": [post(ids("need_a", "presentations.staff_hire"), STAFF_FORM_A)],
    "staff:need_review_end": [post(ids("need_a", "presentations.staff_end"), STAFF_FORM_A)],
    "staff:dashboard": [
        get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200)),
        get(NO_ARGUMENTS, STAFF_PAGE_A, query=_platform_a_query),
    ],
    "staff:dashboard_csv": [
        get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200)),
        get(NO_ARGUMENTS, STAFF_PAGE_A, query=_platform_a_query),
    ],
    "staff:dashboard_region": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 404, 404, 200, 200))],
    "staff:dashboard_region_csv": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 404, 404, 200, 200))],
    # The employer portal (tests/portal/test_access_table.py has the same rows for its own visitors).
    "portal:home": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    "portal:access_request": [get(NO_ARGUMENTS, expect(LOGIN, 302, 302, 404, 404, 404, 404))],
    "portal:team": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:invitation_revoke": [post(ids("invitation"), PORTAL_ACTION_A)],
    # The link's token follows a "#" and is posted: the page asks for it, and a known token opens the invitation.
    "portal:invitation_accept": [
        get(NO_ARGUMENTS, same_for(200)),
        post(NO_ARGUMENTS, same_for(302), data={"token": INVITATION_TOKEN}),
    ],
    "portal:need_list": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:need_create": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:need_detail": [get(ids("need_a"), PORTAL_OBJECT_A)],
    "portal:need_progress": [get(ids("need_a"), PORTAL_OBJECT_A)],
    "portal:need_edit": [get(lambda world: [world["need_a"].pk, "job"], PORTAL_OBJECT_A)],
    "portal:need_publish": [post(ids("draft_a"), PORTAL_ACTION_A)],
    "portal:need_pause": [post(ids("need_to_pause"), PORTAL_ACTION_A)],
    "portal:need_close": [post(ids("need_to_close"), PORTAL_ACTION_A)],
    "portal:need_duplicate": [post(ids("need_a"), PORTAL_ACTION_A)],
    "portal:occupation_search": [get(NO_ARGUMENTS, PORTAL_OWN, query="occupation=conseil")],
    "portal:place_search": [get(NO_ARGUMENTS, PORTAL_OWN, query="place=lil")],
    "portal:presentation_detail": [get(ids("presentations.presented"), PORTAL_OBJECT_A)],
    "portal:presentation_interview_request": [post(ids("presentations.portal_interview_request"), PORTAL_ACTION_A)],
    "portal:presentation_decline": [post(ids("presentations.portal_decline"), PORTAL_FORM_A)],
    "portal:presentation_slots_propose": [post(ids("presentations.portal_slots"), PORTAL_FORM_A)],
    "portal:presentation_slot_confirm": [post(ids("presentations.portal_slot_confirm"), PORTAL_FORM_A)],
    "portal:presentation_hire": [post(ids("presentations.portal_hire"), PORTAL_FORM_A)],
    "portal:presentation_no_hire": [post(ids("presentations.portal_no_hire"), PORTAL_FORM_A)],
    "portal:notice_settings": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:api_tokens": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:api_token_revoke": [post(ids("spare_token"), PORTAL_ACTION_A)],
    # A document is served once the candidate's identity is revealed to the employer, and only that candidate's.
    "portal:presentation_document_download": [
        get(ids("presentations.interview_scheduled", "document"), PORTAL_OBJECT_A),
        get(ids("presentations.presented", "hidden_document"), same_for(404, anonymous=LOGIN)),
        get(ids("presentations.interview_scheduled", "hidden_document"), same_for(404, anonymous=LOGIN)),
    ],
    "staff:document_download": [get(ids("document"), STAFF_PAGE_A)],
    # The REST API, with each role's token (``Authorization: Token <key>``); anonymous requests are told 401.
    "api:schema": [api_get(NO_ARGUMENTS, same_for(200))],
    "api:docs": [api_get(NO_ARGUMENTS, same_for(200))],
    "route:/api/^.*$": [api_get(NO_ARGUMENTS, same_for(404), url=lambda world: "/api/nulle-part/")],
    "api:employer_need_list": [api_get(NO_ARGUMENTS, API_EMPLOYER_OWN)],
    "api:employer_need_detail": [api_get(ids("need_a"), API_EMPLOYER_A)],
    "api:employer_need_publish": [api_post(ids("api_draft"), API_EMPLOYER_A)],
    "api:employer_need_close": [api_post(ids("api_need_to_close"), API_EMPLOYER_A)],
    "api:employer_presentation_list": [api_get(NO_ARGUMENTS, API_EMPLOYER_OWN)],
    "api:employer_presentation_detail": [
        api_get(ids("presentations.presented"), API_EMPLOYER_A),
        # Shortlisted by staff but not presented yet: the employer does not know of it.
        api_get(ids("presentations.shortlisted"), same_for(404, anonymous=401, **API_STAFF_REFUSED)),
    ],
    "api:employer_presentation_answer": [api_post(ids("presentations.presented"), API_EMPLOYER_A_INVALID)],
    "api:staff_candidate_list": [api_get(NO_ARGUMENTS, API_STAFF_ALL)],
    "api:staff_candidate_search": [api_post(NO_ARGUMENTS, API_STAFF_ALL, data={"q": "a"})],
    "api:staff_candidate_detail": [api_get(ids("suggested"), API_STAFF_A)],
    "api:staff_need_list": [api_get(NO_ARGUMENTS, API_STAFF_ALL)],
    "api:staff_need_detail": [api_get(ids("need_a"), API_STAFF_A)],
    "api:staff_need_suggestions": [api_get(ids("need_a"), API_STAFF_A)],
    "api:staff_run_list": [api_get(NO_ARGUMENTS, API_STAFF_ALL)],
    "api:staff_run_detail": [api_get(ids("run"), API_STAFF_A)],
    "api:staff_presentation_list": [
        api_get(NO_ARGUMENTS, API_STAFF_ALL),
        api_post(NO_ARGUMENTS, expect(401, 403, 403, 400, 400, 400, 400)),
    ],
    "api:staff_presentation_detail": [api_get(ids("presentations.presented"), API_STAFF_A)],
    "api:staff_presentation_transitions": [api_get(ids("presentations.presented"), API_STAFF_A)],
    # B asked A for A's candidate: both platforms read the request; A's staff answer it (an empty body is refused).
    "api:staff_hand_off_list": [
        api_get(NO_ARGUMENTS, API_STAFF_ALL),
        api_post(NO_ARGUMENTS, expect(401, 403, 403, 400, 400, 400, 400)),
    ],
    "api:staff_hand_off_detail": [api_get(ids("hand_off"), API_STAFF_ALL)],
    "api:staff_hand_off_accept": [api_post(ids("hand_off"), expect(401, 403, 403, 400, 404, 400, 400))],
    "api:staff_hand_off_decline": [api_post(ids("hand_off"), expect(401, 403, 403, 400, 404, 400, 400))],
}

# Cells where the code answers otherwise than it should today, with what it answers: reported, not encoded.
# "Leak": a role gets more than it should. "Refused": a role is kept from what it should reach.
# Cells where the code answers wrong today, with the reason; the role's test fails when one of them answers right.
KNOWN_WRONG_ANSWERS: dict[tuple[str, str], str] = {}
# Admin lists that show advisor B what belongs to platform A, or that A's own staff cannot open.
KNOWN_WRONG_ADMIN_LISTS: dict[str, str] = {}


# --- Completeness -------------------------------------------------------------------------------------------------


def url_pattern_keys() -> dict[str, str]:
    """Every URL pattern of the project, by its table key, with its full route (for the failure message)."""
    keys: dict[str, str] = {}

    def walk(patterns, route: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                full = route + str(pattern.pattern)
                keys[f"{namespace}{pattern.name}" if pattern.name else f"route:/{full}"] = f"/{full}"

    walk(get_resolver().url_patterns, "", "")
    return keys


def test_every_url_pattern_is_in_the_table():
    patterns = url_pattern_keys()
    assert "portal:need_list" in patterns
    assert "admin:candidates_candidate_change" in patterns
    missing = sorted(f"{key}  ({route})" for key, route in patterns.items() if key not in TABLE)
    stale = sorted(set(TABLE) - set(patterns))
    assert not missing, "URL patterns without a row:\n  " + "\n  ".join(missing)
    assert not stale, "Rows without a URL pattern:\n  " + "\n  ".join(stale)


def test_every_registered_admin_model_has_a_rule():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


# --- The matrix ---------------------------------------------------------------------------------------------------


def case_url(world: AccessWorld, key: str, case: Case) -> str:
    url = case.url(world) if case.url is not None else reverse(key, args=case.arguments(world))
    query = case.query(world) if callable(case.query) else case.query
    return f"{url}?{query}" if query else url


def answers_as_expected(response, wanted: int | str) -> bool:
    location = response.get("Location", "")
    if wanted == LOGIN:
        return response.status_code == 302 and location.split("?")[0] in {
            reverse("admin:login"),
            reverse("account_login"),
            reverse("account_signup"),
        }
    if wanted == MISSING:
        return response.status_code == 302 and location == reverse("admin:index")
    return response.status_code == wanted


@pytest.fixture
def world(settings, tmp_path) -> AccessWorld:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return build_access_world()


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_table_says(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    api_client = Client(headers={"Authorization": f"Token {world['api_keys'][role]}"} if role != "anonymous" else {})
    mismatches: list[str] = []
    known: dict[str, str] = {}
    for key, cases in TABLE.items():
        for case in cases:
            url = case_url(world, key, case)
            if case.is_api:
                response = getattr(api_client, case.method)(url, data=case.data, content_type="application/json")
            else:
                response = getattr(client, case.method)(url, data=case.data or None)
            wanted = case.expected[role]
            if not answers_as_expected(response, wanted):
                line = f"{key}: {case.method.upper()} {url} → {response.status_code} {response.get('Location', '')}"
                line = f"{line.rstrip()}, expected {wanted}"
                if (key, role) in KNOWN_WRONG_ANSWERS:
                    known[key] = line
                else:
                    mismatches.append(line)
    assert not mismatches, "\n".join(mismatches)
    fixed = sorted(key for key, known_role in KNOWN_WRONG_ANSWERS if known_role == role and key not in known)
    assert not fixed, f"These cells answer right now: remove them from KNOWN_WRONG_ANSWERS: {fixed}"
    if known:
        pytest.xfail("known wrong answers, see KNOWN_WRONG_ANSWERS:\n" + "\n".join(known.values()))


# --- What the admin's lists and autocompletes show to staff of the other platform ---------------------------------


def _leak_marked(label: str) -> pytest.param:
    reason = KNOWN_WRONG_ADMIN_LISTS.get(label)
    return pytest.param(label, marks=pytest.mark.xfail(strict=True, reason=reason) if reason else (), id=label)


SCOPED_ADMIN_MODELS = [
    _leak_marked(label)
    for label, model in ADMIN_MODELS.items()
    if model.hidden >= OUTSIDE_A and "advisor_a" in model.view
]


@pytest.mark.parametrize("label", SCOPED_ADMIN_MODELS)
def test_admin_lists_show_platform_a_objects_to_its_staff_only(client, world, label):
    model = ADMIN_MODELS[label]
    obj = _object(world, model.obj)
    change_url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    changelist = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
    client.force_login(world.users["advisor_a"])
    assert change_url in client.get(changelist).content.decode()
    client.force_login(world.users["advisor_b"])
    assert change_url not in client.get(changelist).content.decode()


# (source model, its autocomplete field, world object found through it)
AUTOCOMPLETES = [
    pytest.param("candidates.candidateskill", "candidate", "suggested", id="candidate"),
    pytest.param("employers.site", "employer", "employer_a", id="employer"),
    pytest.param("employers.needskill", "need", "need_a", id="need"),
    pytest.param("accounts.membership", "user", "membership_a.user", id="user"),
]


@pytest.mark.parametrize(("source", "field_name", "name"), AUTOCOMPLETES)
def test_admin_autocomplete_finds_platform_a_objects_for_its_staff_only(client, world, source, field_name, name):
    obj = _object(world, name)
    app_label, model_name = source.split(".")
    query = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": str(obj)[:12]}

    def found_ids(role: str) -> set[str]:
        client.force_login(world.users[role])
        response = client.post(reverse("admin:autocomplete"), query)
        assert response.status_code == 200
        return {item["id"] for item in response.json()["results"]}

    assert str(obj.pk) in found_ids("advisor_a")
    assert str(obj.pk) not in found_ids("advisor_b")


# --- Staff without two-factor authentication ----------------------------------------------------------------------


STAFF_PAGES = [
    ("admin:index", NO_ARGUMENTS),
    ("admin:candidates_candidate_changelist", NO_ARGUMENTS),
    ("admin:candidates_candidate_change", ids("suggested")),
    ("staff:need_review", ids("need_a")),
    ("staff:dashboard", NO_ARGUMENTS),
    ("staff:document_download", ids("document")),
    ("portal:home", NO_ARGUMENTS),
]


@pytest.mark.parametrize(("name", "arguments"), STAFF_PAGES, ids=[name for name, _arguments in STAFF_PAGES])
def test_staff_without_totp_are_sent_to_set_it_up_from_every_staff_page(client, world, name, arguments):
    """The roles above log in with ``force_login`` and reach the staff pages because they have a TOTP authenticator
    (``accounts.mfa`` checks that one exists, not how the session began); one who has none reaches none of them."""
    advisor = AdvisorFactory(memberships__platform=world["platform_a"], totp=False)
    client.force_login(advisor)
    response = client.get(reverse(name, args=arguments(world)))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


# --- Admin actions on A's objects (a POST to the list, which the URL table reads with GET) -------------------------

# (model, action, world object) → expected answer per role. Advisor B's list does not hold A's object, so the admin
# answers "select items first" (a redirect to the list) and does nothing; the others get the download or the
# confirmation page.
ACTION_ON_A = expect(LOGIN, LOGIN, LOGIN, 200, 302, 200, 200)
ADMIN_ACTIONS = [
    ("candidates.candidate", "personal_data_download_json", "suggested", ACTION_ON_A),
    ("candidates.candidate", "personal_data_download_csv", "suggested", ACTION_ON_A),
    ("candidates.candidate", "erase_on_request", "suggested", ACTION_ON_A),
    ("accounts.employeraccessrequest", "refuse", "access_request", ACTION_ON_A),
]


@pytest.mark.parametrize("role", ROLES)
def test_admin_actions_on_platform_a_objects_answer_each_role_as_the_table_says(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    mismatches = []
    for label, action, name, expected in ADMIN_ACTIONS:
        obj = _object(world, name)
        url = reverse(f"admin:{label.replace('.', '_')}_changelist")
        response = client.post(url, {"action": action, "_selected_action": [obj.pk]})
        if not answers_as_expected(response, expected[role]):
            mismatches.append(f"{action} on {name}: {response.status_code}, expected {expected[role]}")
        elif expected[role] == 302:
            assert response["Location"] == url
    assert not mismatches, "\n".join(mismatches)
    if role == "advisor_b":
        # Nothing of A's candidate reached advisor B through the downloads.
        response = client.post(
            reverse("admin:candidates_candidate_changelist"),
            {"action": "personal_data_download_json", "_selected_action": [world["suggested"].pk]},
        )
        assert world["suggested"].last_name not in response.content.decode()


# --- Another platform's candidate: advisor B on B's need, with and without A's accepted hand-off ------------------
#
# A's candidate ``suggested`` is suggested for B's need, and sits in a presentation of it at every workflow step
# (as left from before hand-offs existed), with other candidates of A at the later steps. Advisor B may act on none
# of them until platform A accepts B's requests for that need (the world's ``hand_off`` and one per other
# candidate); then every route answers as for B's own candidates. ``ALLOWED`` is any answer but a 404 or a 500
# (the step's own form or rule may still refuse what is posted).

Status = PresentationStatus
WITHOUT, WITH = "without_hand_off", "with_hand_off"
ALLOWED = "allowed"


def _hand_off_cases(world: AccessWorld) -> list[tuple[str, str, str, dict, bool, dict[str, int | str]]]:
    """(label, method, url, data, is_api, expected by situation) for every route that acts on a candidate."""
    need = world["need_b"]
    candidate = world["suggested"]
    suggestion = MatchSuggestion.objects.create(
        need=need, candidate=candidate, run=world["run"], rank=1, score=8000, distance_km=60.0, scoring_version="test",
        parts={"skills": 8000},
    )  # fmt: skip
    presentations = {
        step: presentation_in(step, need=need, candidate=CandidateFactory(platform=world["platform_a"]))
        for step in (Status.PRESENTED, Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED)
    }
    shortlisted = presentation_in(Status.SHORTLISTED, need=need, candidate=candidate)
    slot = InterviewSlot.objects.create(
        presentation=presentations[Status.INTERVIEW_REQUESTED], starts_at=timezone.now(), place="Amiens"
    )
    document = document_create(candidate=candidate, by=world.users["superuser"])
    both = {WITHOUT: 404, WITH: ALLOWED}
    review = lambda name, *args: reverse(f"staff:{name}", args=[need.pk, *args])  # noqa: E731
    presented, requested = presentations[Status.PRESENTED].pk, presentations[Status.INTERVIEW_REQUESTED].pk
    scheduled = presentations[Status.INTERVIEW_SCHEDULED].pk
    api = "/api/staff/presentations"
    step = {"to_status": "withdrawn", "reason": "Matrice"}
    return [
        ("review page names", "get", reverse("staff:need_review", args=[need.pk]), {}, False, {}),
        ("shortlist", "post", review("need_review_shortlist", candidate.pk), {}, False, both),
        ("answer", "post", review("need_review_answer", shortlisted.pk), {}, False, both),
        ("present", "post", review("need_review_present"), {"presentations": [shortlisted.pk]}, False, both),
        ("interview request", "post", review("need_review_interview_request", presented), {}, False, both),
        ("interview accept", "post", review("need_review_interview_accept", requested), {}, False, both),
        ("interview schedule", "post", review("need_review_interview_schedule", requested), {}, False, both),
        ("slot confirm", "post", review("need_review_slot_confirm", requested, slot.pk), {}, False, both),
        ("hire", "post", review("need_review_hire", scheduled), {}, False, both),
        ("end", "post", review("need_review_end", presented), {}, False, both),
        ("document", "get", reverse("staff:document_download", args=[document.pk]), {}, False, both),
        ("API presentation", "get", f"{api}/{shortlisted.pk}/", {}, True, both),
        ("API steps", "get", f"{api}/{shortlisted.pk}/transitions/", {}, True, both),
        ("API step", "post", f"{api}/{presented}/transitions/", step, True, both),
        ("API suggestions", "get", f"/api/staff/needs/{need.pk}/suggestions/", {}, True, {}),
        ("hand-off request", "post", review("need_review_hand_off_request", suggestion.pk), {"message": "Svp"},
         False, {WITHOUT: 302, WITH: 302}),
    ]  # fmt: skip


@pytest.mark.parametrize("situation", [WITHOUT, WITH])
def test_another_platforms_candidate_is_reached_only_through_an_accepted_hand_off(client, world, situation):
    cases = _hand_off_cases(world)
    if situation == WITH:
        granted = HandOff.objects.filter(need=world["need_b"])
        for candidate_id in world["need_b"].presentations.values_list("candidate_id", flat=True):
            if candidate_id == world["candidate_b"].pk:
                continue
            hand_off = granted.filter(candidate_id=candidate_id).first() or HandOff.objects.create(
                need=world["need_b"], candidate_id=candidate_id, requesting_platform=world["platform_b"],
                owning_platform=world["platform_a"], message="Demande de la matrice.",
            )  # fmt: skip
            hand_off_accept(hand_off=hand_off, candidate_agreed=True, by=world.users["advisor_a"])
    advisor_b = world.users["advisor_b"]
    client.force_login(advisor_b)
    api_client = Client(headers={"Authorization": f"Token {world['api_keys']['advisor_b']}"})
    mismatches = []
    for label, method, url, data, is_api, expected in cases:
        if is_api:
            response = getattr(api_client, method)(url, data=data, content_type="application/json")
        else:
            response = getattr(client, method)(url, data=data or None)
        body = response.content.decode() if not response.streaming else ""
        if label in ("review page names", "API suggestions"):
            shown = world["suggested"].last_name in body
            if response.status_code != 200 or shown != (situation == WITH):
                mismatches.append(f"{label}: {response.status_code}, name shown: {shown}")
            continue
        wanted = expected[situation]
        if wanted == ALLOWED:
            if response.status_code in (404, 500):
                mismatches.append(f"{label}: {method.upper()} {url} → {response.status_code}, expected an answer")
        elif response.status_code != wanted:
            mismatches.append(f"{label}: {method.upper()} {url} → {response.status_code}, expected {wanted}")
    assert not mismatches, "\n".join(mismatches)

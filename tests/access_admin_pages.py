"""The admin's generated pages in the access table, written per model: who may view, add, change and delete each
registered model, and for whom platform A's object is out of reach (``ADMIN_MODELS``; a registered model without a
rule fails ``tests/test_access.py``).
"""

from dataclasses import dataclass, replace
from typing import Any

from django.apps import apps
from django.contrib import admin

from staff.admin_search import PrivateSearchAdminMixin
from tests.access_cases import LOGIN, MISSING, NO_ARGUMENTS, Case, get, post, world_object
from tests.access_world import ROLES, STAFF_ROLES, AccessWorld

STAFF = frozenset(STAFF_ROLES)
SUPER = frozenset({"superuser"})
MANAGERS = frozenset({"manager", "superuser"})
NOBODY: frozenset[str] = frozenset()
OUTSIDE_A = frozenset({"advisor_b"})  # staff for whom an object of platform A is not found


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


def edited_on_its_parent(obj: str) -> AdminModel:
    """A need's or a profile's row, changed only on that need's or profile's page (through its service): read-only."""
    return AdminModel(obj, STAFF, NOBODY, NOBODY, NOBODY, OUTSIDE_A)


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
    # Partner organisations are a superuser's to keep; staff read those that work with their platforms.
    "accounts.partnerorganisation": AdminModel("partner", STAFF, SUPER, SUPER, SUPER, OUTSIDE_A),
    # Partners' proposals are decided by actions (the services' own checks), never edited; another platform's is a 404.
    "candidates.candidatereferral": replace(staff_read("referral", change=NOBODY), is_looked_up_first=True),
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
    "employers.employerlead": staff_kept("lead_a"),
    "employers.needskill": edited_on_its_parent("need_skill"),
    "employers.needlanguage": edited_on_its_parent("need_language"),
    "employers.needcertification": edited_on_its_parent("need_certification"),
    "employers.recruitingwave": edited_on_its_parent("wave"),
    # Cohorts are kept by staff through employers.cohorts; their trainees move on the review page only.
    "employers.trainingcohort": staff_kept("cohort"),
    "matching.cohortenrolment": edited_on_its_parent("enrolment"),
    "employers.needstatuschange": staff_read("status_change", change=NOBODY),
    "candidates.candidate": staff_kept("suggested"),
    "candidates.candidateskill": edited_on_its_parent("candidate_skill"),
    "candidates.candidatelanguage": edited_on_its_parent("candidate_language"),
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
    # Secure links are sent and revoked through their service (an action), never changed or deleted.
    "matching.candidatelink": AdminModel("candidate_link", STAFF, NOBODY, NOBODY, NOBODY, OUTSIDE_A),
    "matching.outcome": staff_read("outcome", add=SUPER),
    # Collective sessions, their guests and a job dating's proposals: read here, acted on by actions calling the
    # services (cancel, attendance, proposals), changed on the staff pages; never added, changed or deleted here.
    "matching.collectivesession": edited_on_its_parent("session_a"),
    "matching.sessionseat": edited_on_its_parent("session_seat_a"),
    "matching.jobdatingproposal": edited_on_its_parent("job_dating_proposal"),
    # A need's stretches without activity (confirmed or closed by actions) and its thread (written on its pages).
    "matching.needstaleness": edited_on_its_parent("staleness"),
    "matching.needmessage": edited_on_its_parent("need_message"),
    # Notices name employer members' addresses in their key and recipient: superusers only.
    "notifications.notice": AdminModel("notice", SUPER, NOBODY, NOBODY, SUPER),
    # API tokens: each staff member keeps their own, their platforms' managers see and revoke them too (a superuser
    # sees everyone's); tokens are revoked, never deleted.
    "accounts.apitoken": AdminModel(
        "api_tokens.advisor_a", STAFF, STAFF, STAFF, NOBODY, hidden=frozenset({"advisor_b"})
    ),
}


def admin_page_expected(model: AdminModel, page: str) -> dict[str, int | str]:
    """What each role gets on one of the admin's generated pages of ``model``, for its object of platform A."""
    expected: dict[str, int | str] = {role: LOGIN for role in ROLES if role not in STAFF_ROLES}
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


def admin_rows() -> dict[str, list[Case]]:
    rows: dict[str, list[Case]] = {}
    for label, model in ADMIN_MODELS.items():
        app_label, model_name = label.split(".")
        prefix = f"admin:{app_label}_{model_name}"
        if label == "accounts.user":
            prefix = "admin:accounts_user"

        def pk(world: AccessWorld, model=model) -> list[Any]:
            return [world_object(world, model.obj).pk]

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

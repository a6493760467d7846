"""Every page of the staff workspace a staff role can open, generated: the pages the browser checks with axe
(``tests/e2e/test_staff_pages_axe.py``) and the patterns it leaves out, each with its reason.

The list is not written by hand. The URL configuration is walked (``django.urls.get_resolver()``) for the ``staff``
and ``admin`` namespaces, and each pattern is given the first GET of its row in the access table
(``tests/access_table.py``) that answers 200 to one of ``AXE_ROLES``, in that order: the URL's arguments come from
the access tests' world (``tests/access_world.py``), and the page is opened as the least privileged role that
reaches it. A pattern no role opens by GET (a POST-only action, a redirect) and a pattern that answers something
else than a page (a download, JSON, a polled fragment) must be named in ``NOT_CHECKED`` with its reason, else
``tests/test_staff_pages_coverage.py`` fails: a new staff page is checked as soon as it has its access row.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_cases import Case
from tests.access_table import TABLE
from tests.access_world import AccessWorld

# The roles the pages are opened as, least privileged first.
AXE_ROLES = ("advisor_a", "manager", "superuser")
NAMESPACES = ("staff", "admin")

# Django's history and delete-confirmation pages use one template for every model: one model's are checked.
GENERIC_ADMIN_PAGES = ("_history", "_delete")
GENERIC_ADMIN_SAMPLE = "admin:candidates_candidate"

DOWNLOAD = "a file to download, not a page"
FRAGMENT = "an htmx fragment polled or swapped into a page that is checked"
NOT_CHECKED: dict[str, str] = {
    "admin:login": "never served: staff are sent on to the admin, others to allauth's login",
    "admin:logout": "logging out is a POST; a GET is refused",
    "admin:jsi18n": "JavaScript, not a page",
    "admin:autocomplete": "JSON answered to a POST",
    "admin:view_on_site": "no model has a public page: always a 404",
    "route:/admin/(?P<url>.*)$": "the admin's catch-all: a 404",
    "admin:candidates_candidate_import_job_progress": FRAGMENT,
    "admin:candidates_candidate_import_job_occupations": "a POST-only step of an import",
    "admin:candidates_candidate_import_job_write": "a POST-only step of an import",
    "staff:need_sourcing": FRAGMENT,
    "staff:document_download": DOWNLOAD,
    "staff:dashboard_csv": DOWNLOAD,
    "staff:dashboard_xlsx": DOWNLOAD,
    "staff:dashboard_region_csv": DOWNLOAD,
    "staff:dashboard_region_xlsx": DOWNLOAD,
    "staff:reports_csv": DOWNLOAD,
    "staff:reports_xlsx": DOWNLOAD,
    "staff:reports_pdf": DOWNLOAD,
}
POST_ONLY = "a POST-only action: it answers with a redirect to a page that is checked"
REFUSED = "no staff role opens it by GET (the access table's answer is a refusal or a redirect)"
REDIRECT = "the admin's old object URL, a redirect to the change page"
GENERIC = f"Django's generic page, the same template for every model: checked on {GENERIC_ADMIN_SAMPLE}'s"
SUPERUSER_ADD = "only a superuser adds it (reference data, accounts): the add forms checked are those staff use"


@dataclass(frozen=True)
class StaffPage:
    """One page to open: its pattern's key (as in the access table), the role that opens it and its request."""

    key: str
    role: str
    case: Case

    def url(self, world: AccessWorld) -> str:
        case = self.case
        url = case.url(world) if case.url is not None else reverse(self.key, args=case.arguments(world))
        query = case.query(world) if callable(case.query) else case.query
        return f"{url}?{query}" if query else url


def staff_url_keys() -> dict[str, str]:
    """The staff and admin URL patterns, by their access-table key, with their full route."""
    keys: dict[str, str] = {}

    def walk(patterns, route: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and namespace.split(":")[0] in NAMESPACES:
                full = route + str(pattern.pattern)
                keys[f"{namespace}{pattern.name}" if pattern.name else f"route:/{full}"] = f"/{full}"

    walk(get_resolver().url_patterns, "", "")
    return keys


def first_page_opened(key: str) -> StaffPage | None:
    """The first GET of the key's access row that answers 200 to one of ``AXE_ROLES``, in their order."""
    for role in AXE_ROLES:
        for case in TABLE.get(key, []):
            if case.method == "get" and not case.is_api and case.expected.get(role) == 200:
                return StaffPage(key, role, case)
    return None


def not_checked_reason(key: str, page: StaffPage | None) -> str:
    """Why a pattern is left out of the browser check, or "" when it is checked."""
    if key in NOT_CHECKED:
        return NOT_CHECKED[key]
    if key.startswith("route:/admin/") and key.endswith("/<path:object_id>/"):
        return REDIRECT
    if key.endswith(GENERIC_ADMIN_PAGES) and not key.startswith(GENERIC_ADMIN_SAMPLE + "_"):
        return GENERIC
    if key.endswith("_add") and page is not None and page.role == "superuser":
        return SUPERUSER_ADD
    if page is None and key in TABLE:
        return POST_ONLY if all(case.method == "post" for case in TABLE[key]) else REFUSED
    return ""


def staff_pages() -> Iterator[StaffPage]:
    """Every staff page the browser checks, in the URL configuration's order."""
    for key in staff_url_keys():
        page = first_page_opened(key)
        if page is not None and not not_checked_reason(key, page):
            yield page


def uncovered_keys() -> list[str]:
    """Staff and admin patterns neither checked nor left out with a reason (those without an access row)."""
    return [key for key in staff_url_keys() if first_page_opened(key) is None and not not_checked_reason(key, None)]


def registered_models_unchecked() -> list[str]:
    """Registered admin models whose list or object page is not among the checked pages."""
    checked = {page.key for page in staff_pages()}
    missing = []
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if not {f"{prefix}_changelist", f"{prefix}_change"} <= checked:
            missing.append(model._meta.label_lower)
    return missing

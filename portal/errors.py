"""The portal's "page not found": a portal page, with the portal's menu, rather than a bare or a debugging page.

Employers meet a 404 for what is not theirs and for pages they may not open yet: someone whose request to act for
their company is still waiting for an advisor has no needs to list. Their page says so and leads to the request.

``page_not_found`` is the project's ``handler404`` (``config/urls.py``): under ``/portal/`` it renders the portal's
page, elsewhere Django's. ``PortalNotFoundMiddleware`` renders the same page when a portal view raises ``Http404``,
which Django would otherwise answer with its debugging page while ``DEBUG`` is on.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.views import defaults

from accounts.enums import AccessRequestStatus
from portal.access_selectors import access_request_latest, user_is_employer_member

PORTAL_NAMESPACE = "portal"


def _is_portal_path(path: str) -> bool:
    """Whether ``path`` is one of the portal's, or would be (an address under /portal/ that matches nothing)."""
    try:
        return resolve(path).namespace.split(":")[0] == PORTAL_NAMESPACE
    except Resolver404:
        segments = path.strip("/").split("/")
        return PORTAL_NAMESPACE in segments[:2]


def portal_not_found(request: HttpRequest) -> HttpResponse:
    user = request.user
    is_member = user.is_authenticated and user_is_employer_member(user=user)
    latest = access_request_latest(user=user) if user.is_authenticated and not is_member else None
    context = {
        "is_member": is_member,
        "access_request": latest,
        "is_pending": latest is not None and latest.status == AccessRequestStatus.PENDING,
    }
    return HttpResponseNotFound(render_to_string("portal/404.html", context, request))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_portal_path(request.path):
        return portal_not_found(request)
    return defaults.page_not_found(request, exception)


class PortalNotFoundMiddleware:
    """A portal view's ``Http404`` becomes the portal's page, whatever ``DEBUG`` says."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = request.resolver_match
        if isinstance(exception, Http404) and match is not None and match.namespace.split(":")[0] == PORTAL_NAMESPACE:
            return portal_not_found(request)
        return None

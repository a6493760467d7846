"""The to-do total in the staff pages' header, kept in the cache per user for ``TODO_HEADER_CACHE_SECONDS``.

Every staff page shows it, and counting it is nine counts in one query (``matching.todo_selectors.todo_counts``):
20 to 35 ms at 1,000,000 candidates, more than many a page's own work. A number that invites a click may be a minute
old; the to-do page itself is always read afresh, and it keeps the total it has just counted. The user's own changes
show at once: a write of theirs answered without error (``TodoHeaderForgetOnWrite``) forgets their kept total, so
that the page they land on counts again. Some reads are posted, to keep what is typed out of addresses (the admin
lists' search boxes and autocompletes, the API's candidate search): they change nothing and keep it. Others'
changes (an employer's answer, a hand-off asked) show within the delay. ``0`` counts at every page, as the tests do.

The key names the user's id, nothing else: the total is their own candidates' (the to-do page's default scope).
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from accounts.models import User
from matching.todo_selectors import todo_counts
from referentials.caching import cache_kept

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
READS_BY_POST = frozenset({"admin:autocomplete", "api:staff_candidate_search"})
"""Reads asked by POST, to keep what is typed out of addresses (the admin's autocomplete is asked by POST here,
``staff.admin_site``), besides the admin lists' search boxes (``admin:<app>_<model>_search``)."""


def _is_read_by_post(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    return match.view_name in READS_BY_POST or (
        match.namespace == "admin" and (match.url_name or "").endswith("_search")
    )


def _key(user: User) -> str:
    return f"todo:header:{user.pk}"


def todo_header_total(user: User) -> int:
    """The user's to-do total, counted at most ``TODO_HEADER_CACHE_SECONDS`` ago."""
    return cache_kept(_key(user), lambda: sum(todo_counts(user=user).values()), settings.TODO_HEADER_CACHE_SECONDS)


def todo_header_total_keep(user: User, total: int) -> None:
    """Keep a total just counted (by the to-do page, in the header's scope), so that the header agrees with it."""
    seconds = settings.TODO_HEADER_CACHE_SECONDS
    if seconds > 0:
        cache.set(_key(user), total, seconds)


class TodoHeaderForgetOnWrite:
    """Forget a user's kept total after each write of theirs that succeeded, wherever it was made (staff pages,
    admin, API): what they have just done shows in the next page's header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method not in SAFE_METHODS
            and response.status_code < 400
            and not _is_read_by_post(request)
            and user is not None
            and user.is_authenticated
            and settings.TODO_HEADER_CACHE_SECONDS > 0
        ):
            cache.delete(_key(user))
        return response

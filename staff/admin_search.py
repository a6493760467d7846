"""The admin's search, kept out of URLs.

Staff search the candidate list by name, e-mail address or phone. Django's admin sends the search box by GET, so the
words typed would travel in the list's URL, and from there into the server's and proxies' access logs, the browser's
history and every link of the page (pagination, filters, sorting, the rows' "preserved filters").

Here the search box is posted (with its CSRF token) to the list's ``search/`` address, which keeps the words in the
user's session under a random key and redirects to the list with ``q=<key>``: every link of the list then carries
the key, never the words. The key means nothing in another session; an unknown or forgotten key (the session ended,
a link was shared, twenty searches came after it) lists no row and says so: never the unsearched list, on which an
action or an export sent from an old tab would otherwise act.

Every admin of the project uses ``PrivateSearchAdminMixin`` (tests/test_admin_search.py checks that every registered
admin with a search box does). The words are kept as long as the session, which ends after 30 minutes without a
request; the beat deletes ended sessions every night (``accounts.tasks.sessions_clear``).
"""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils.translation import gettext

from accounts.session_store import ADMIN_SEARCHES_KEY as SESSION_KEY

# A user's searches kept at once: enough for a few lists open in tabs and the way back through them.
KEPT_SEARCHES = 20
# Posted with the search box, never carried on to the list: the token, and the page (a new search starts at page 1).
NOT_CARRIED = {"csrfmiddlewaretoken", SEARCH_VAR, "p"}
# The longest search kept, as the API's: a name, a town and an occupation fit many times over.
MAX_SEARCH_LENGTH = 100


def search_remember(request: HttpRequest, text: str) -> str:
    """Keeps ``text`` in the user's session and returns the key that stands for it in URLs."""
    searches = dict(request.session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(12)
    searches[key] = text
    # A dict keeps its insertion order, in the session's JSON too: the oldest searches go first.
    request.session[SESSION_KEY] = dict(list(searches.items())[-KEPT_SEARCHES:])
    return key


def _admin_url(model_admin: ModelAdmin, view: str) -> str:
    """The address of one of the model admin's views (``changelist``, ``search``)."""
    opts = model_admin.opts
    return reverse(f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}")


def search_recall(request: HttpRequest, key: str) -> str | None:
    """The words ``key`` stands for in this user's session; ``None`` when the session does not know it."""
    return request.session.get(SESSION_KEY, {}).get(key)


class PrivateSearchChangeList(ChangeList):
    """A change list whose ``q`` parameter is a key of the session's searches, not the words themselves.

    Its ``params``, and so every link of the page, keep the key; ``query``, what the search runs on and the search
    box shows, becomes the words.
    """

    def get_queryset(self, request: HttpRequest, exclude_parameters: object = None) -> QuerySet:
        # Called once by the constructor, then again for facets and exports: the key is read the first time only.
        if not hasattr(self, "search_key"):
            self._search_key_read(request)
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.none() if self.search_forgotten else queryset

    def _search_key_read(self, request: HttpRequest) -> None:
        self.search_key = self.query
        words = search_recall(request, self.search_key) if self.search_key else ""
        self.search_forgotten = words is None
        if self.search_forgotten:
            messages.warning(request, gettext("This search is no longer kept: type it again to see its results."))
        self.query = words or ""
        self.search_url = _admin_url(self.model_admin, "search")
        self.search_csrf_token = get_token(request)
        # The box stops at the limit as it is typed: what the user typed is never refused after the fact.
        self.search_max_length = MAX_SEARCH_LENGTH


class PrivateSearchAdminMixin:
    """For a ``ModelAdmin``: the change list above, and the ``search/`` address its search box posts to."""

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return PrivateSearchChangeList

    def get_urls(self) -> list:
        # Whatever its search fields: an admin may choose them per request (``get_search_fields``).
        name = f"{self.opts.app_label}_{self.opts.model_name}_search"
        # Before the admin's own patterns, whose "<path:object_id>/" would take "search/" for a row.
        return [path("search/", self.admin_site.admin_view(self.search_view), name=name), *super().get_urls()]

    def search_view(self, request: HttpRequest) -> HttpResponse:
        """Keeps the posted words in the session and sends the user to the list searched by their key."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        # The list's other parameters (filters, sorting, popup) come back as the search box's hidden fields.
        params = {name: value for name, value in request.POST.items() if name not in NOT_CARRIED}
        words = request.POST.get(SEARCH_VAR, "")
        if len(words) > MAX_SEARCH_LENGTH:
            messages.error(
                request,
                gettext("A search is at most %(max)d characters long; this one had %(length)d. Shorten it.")
                % {"max": MAX_SEARCH_LENGTH, "length": len(words)},
            )
        elif words.strip():
            params[SEARCH_VAR] = search_remember(request, words)
        url = _admin_url(self, "changelist")  # type: ignore[arg-type]  # a mixin of ModelAdmin
        return HttpResponseRedirect(f"{url}?{urlencode(params)}" if params else url)

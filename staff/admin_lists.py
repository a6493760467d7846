"""The admin's change lists, with the same markup for less work per row.

The candidate list, searched, is one of the staff's most frequent pages. Two of the admin's per-row steps cost more
than the rest of a row:

- the row's checkbox is rendered as a form widget, through the form renderer's templates;
- when the list is filtered or searched, the link of each row is resolved back to a view, to find out whether it
  points to the change list itself (it never does: it points to the row's change page), before the filters are
  added to it.

``FastRowsAdminMixin`` writes the checkbox out and adds the filters to each row's link directly. The page's markup
is the same, to the byte (tests/candidates/test_admin_lists.py compares them).
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ChangeList
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from staff.admin_search import PrivateSearchChangeList


class DirectRowLinksChangeList(PrivateSearchChangeList):
    """A change list whose row links carry the preserved filters without resolving each link (and whose search is
    kept out of URLs, as staff/admin_search.py explains)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]  # ChangeList's own signature
        super().__init__(*args, **kwargs)
        # Only the rows' links read ``preserved_filters`` (``items_for_result``): they get them here instead.
        self.row_link_filters = self.preserved_filters
        self.preserved_filters = ""

    def url_for_result(self, result: Model) -> str:
        url = super().url_for_result(result)
        return f"{url}?{self.row_link_filters}" if self.row_link_filters else url


class FastRowsAdminMixin:
    """For a ``ModelAdmin``: the change list above, and the row checkbox written out."""

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return DirectRowLinksChangeList

    def action_checkbox(self, obj: Model) -> SafeString:
        """``ModelAdmin.action_checkbox``'s markup, without rendering a widget."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

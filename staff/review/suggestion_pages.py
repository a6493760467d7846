"""The review page's list of suggestions, a page at a time: its filter form, the page's rows and the links between
pages (``staff/templates/staff/review/_suggestion_pages.html``).

A need's suggestions can number in the hundreds (k proposals per opening left): the page shows
``SUGGESTIONS_PER_PAGE`` of them, proposed first then by rank, read in the same number of queries whatever their
number (``matching.review_selectors.suggestion_page_for_review``).
"""

from dataclasses import dataclass

from django.core.paginator import Page
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User
from employers.models import StaffingNeed
from matching.models import Presentation
from matching.review_selectors import SuggestionRow, need_wave_dates, suggestion_page_for_review
from staff.review.forms import SuggestionFilterForm


@dataclass(frozen=True)
class SuggestionListing:
    filter_form: SuggestionFilterForm
    rows: list[SuggestionRow]
    page: Page
    caption: str
    page_query: str  # the filters, without the page number: the page links add theirs


def suggestion_listing(
    *, request: HttpRequest, user: User, need: StaffingNeed, presentations: list[Presentation]
) -> SuggestionListing:
    """The page of suggestions that ``request`` asks for (``?page=``, with the filters of its query string)."""
    waves = need_wave_dates(need)
    filter_form = SuggestionFilterForm(request.GET, waves=waves)
    listing = suggestion_page_for_review(
        need=need,
        user=user,
        filters=filter_form.filters(),
        presentations=presentations,
        page_number=request.GET.get("page") or 1,
        waves=waves,
    )
    page = listing.page
    count = page.paginator.count
    if count:
        caption = _("Suggestions %(first)s to %(last)s of %(count)s, proposed first, then by rank") % {
            "first": page.start_index(),
            "last": page.end_index(),
            "count": count,
        }
    else:
        caption = _("No suggestion shown")
    query = request.GET.copy()
    query.pop("page", None)
    return SuggestionListing(
        filter_form=filter_form, rows=listing.rows, page=page, caption=caption, page_query=query.urlencode()
    )

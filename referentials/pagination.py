"""Lists count their rows up to a bound: beyond it, a list says "more than 10,000" (the admin's, the API's).

Counting a million candidates costs more than showing a page of them, and nobody pages through ten thousand rows:
a search narrows the list instead. The count is ``SELECT count(*)`` over at most ``COUNT_AT_MOST + 1`` rows, so a
list's cost no longer grows with the table; pages stop at the bound. (It lives here, in the lowest layer, because the
admin and the API, two front doors that do not import each other, share it.)

A long list's count is still the dearest part of its page (a platform's candidates who want a common occupation:
70 to 140 ms of PostgreSQL at 1,000,000 candidates), and it is asked again at every page turned and by every
colleague running the same search. A count of at least ``KEEP_COUNTS_FROM`` rows is kept
``LIST_COUNT_CACHE_SECONDS`` (a minute by default) under a keyed hash of its query (the query holds the words
searched, which may be a name; the key must not tell them), which names the list's scope and filters. Such a list's
count may be a minute old: for that minute after a change, it may count a few rows more or fewer than it shows (its
last page short, or empty), where a row more or less does not change what the reader does. A shorter list is
counted afresh, cheaply, so that an advisor who has just added a row to it sees it counted.
"""

from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet

from referentials.caching import typed_text_digest

COUNT_AT_MOST = 10_000
KEEP_COUNTS_FROM = 1_000


class BoundedCountPaginator(Paginator):
    bound = COUNT_AT_MOST

    @cached_property
    def counted(self) -> int:
        """The rows counted, one past the bound at most."""
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        # Without the list's order: sliced, the rows counted would be sorted first (42,000 at one platform's search
        # for its city at 1,000,000 candidates: 200 ms), when any 10,001 of them will do.
        rows = self.object_list.order_by()[: self.bound + 1]
        seconds = settings.LIST_COUNT_CACHE_SECONDS
        if seconds <= 0:
            return rows.count()
        try:
            sql, params = rows.query.sql_with_params()
        except EmptyResultSet:  # a list that can hold nothing (``none()``, ``pk__in=[]``): nothing to ask
            return 0
        key = f"list-count:{typed_text_digest('list-count', f'{rows.db}|{sql}|{params!r}')}"
        kept = cache.get(key)
        if kept is not None:
            return kept
        counted = rows.count()
        if counted >= KEEP_COUNTS_FROM:
            cache.set(key, counted, seconds)
        return counted

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.bound)

    @property
    def is_bounded(self) -> bool:
        """Whether there are more rows than counted."""
        return self.counted > self.bound

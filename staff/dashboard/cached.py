"""The dashboard pages' figures, kept in the cache for ``DASHBOARD_CACHE_SECONDS`` (60 by default).

The figures are aggregates over a platform's history, which a minute's delay does not change the meaning of, and
computing them is most of a dashboard page's time, mostly the ORM compiling a dozen aggregate queries; kept, they
halve the platform page's CPU time and more than halve the region page's (docs/benchmarks.md, "Measured costs behind
the code"). Staff open the dashboard often, a manager several times in a
row; within the delay they share one computation. The page says how old its figures may be. The CSV exports are
documents: they are computed afresh.

The key names the platforms and the range, nothing else: the figures depend on nothing else (who asks is checked by
the view before, and labels are translated after). ``0`` computes them at every request, as the tests do.
"""

from collections.abc import Callable, Collection

from django.conf import settings

from referentials.caching import cache_kept
from staff.dashboard.figures import dashboard_figures, dashboard_platforms
from staff.dashboard.selectors import DateRange


def _recent[T](selector: Callable[..., T], platform_ids: Collection[int], date_range: DateRange) -> T:
    """What ``selector`` gives for these platforms and this range, computed at most ``DASHBOARD_CACHE_SECONDS`` ago."""

    def compute() -> T:
        return selector(platform_ids=platform_ids, date_range=date_range)

    platforms = ",".join(str(pk) for pk in sorted(platform_ids))
    key = f"dashboard:{selector.__name__}:{platforms}:{date_range.start}:{date_range.end}"
    return cache_kept(key, compute, settings.DASHBOARD_CACHE_SECONDS)


def dashboard_figures_recent(*, platform_ids: Collection[int], date_range: DateRange) -> dict:
    return _recent(dashboard_figures, platform_ids, date_range)


def dashboard_platforms_recent(*, platform_ids: Collection[int], date_range: DateRange) -> dict:
    return _recent(dashboard_platforms, platform_ids, date_range)

"""Every figure of the dashboard for some platforms, as the pages, their charts and the exports read them.

The figures themselves are computed by ``staff.dashboard.selectors`` (needs, delays, funnel, solutions, groups) and
``staff.dashboard.retention`` (retention at six months); this module only puts them together.
"""

from collections.abc import Collection

from staff.dashboard.retention import dashboard_retention, dashboard_retention_by_platform
from staff.dashboard.selectors import (
    NO_RANGE,
    DateRange,
    dashboard_durations,
    dashboard_funnel,
    dashboard_needs,
    dashboard_platform_breakdown,
    dashboard_sensitive_groups,
    dashboard_solutions,
)


def dashboard_figures(*, platform_ids: Collection[int], date_range: DateRange = NO_RANGE) -> dict:
    """Every figure of the dashboard for these platforms, as one dictionary (what the page and the export show)."""
    arguments = {"platform_ids": platform_ids, "date_range": date_range}
    return {
        "needs": dashboard_needs(**arguments),
        "durations": dashboard_durations(**arguments),
        "funnel": dashboard_funnel(**arguments),
        "solutions": dashboard_solutions(**arguments),
        "sensitive_groups": dashboard_sensitive_groups(**arguments),
        "retention": dashboard_retention(**arguments),
    }


def dashboard_platforms(*, platform_ids: Collection[int], date_range: DateRange = NO_RANGE) -> dict[int, dict]:
    """Per platform, the line of the region page: ``dashboard_platform_breakdown`` and retention at six months
    (``retention`` holds the totals of ``dashboard_retention``)."""
    breakdown = dashboard_platform_breakdown(platform_ids=platform_ids, date_range=date_range)
    retention = dashboard_retention_by_platform(platform_ids=platform_ids, date_range=date_range)
    return {platform_id: row | {"retention": retention[platform_id]} for platform_id, row in breakdown.items()}

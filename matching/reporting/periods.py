"""The periods the reports offer: the last twelve complete months, and calendar years.

A report shows whole months that have ended: the month in progress would change under the reader. All periods lie
in a window of 24 months at most (January of the previous year to the last complete month), so that every table of
a scope and dimension is suppressed in one system, periods included (``tables``).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    months: tuple[datetime.date, ...]


def month_add(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_complete_month(today: datetime.date) -> datetime.date:
    return month_add(today.replace(day=1), -1)


def report_periods(today: datetime.date) -> list[Period]:
    """The rolling twelve months first (the default), then the year of the last complete month so far, then the
    year before it."""
    last = last_complete_month(today)
    rolling = tuple(month_add(last, offset) for offset in range(-11, 1))
    this_year = tuple(datetime.date(last.year, month, 1) for month in range(1, last.month + 1))
    previous_year = tuple(datetime.date(last.year - 1, month, 1) for month in range(1, 13))
    return [
        Period("rolling", _("Last 12 months (%(start)s – %(end)s)") % _bounds(rolling), rolling),
        Period(
            str(last.year), _("%(year)s (January – %(end)s)") % {"year": last.year, **_bounds(this_year)}, this_year
        ),
        Period(str(last.year - 1), str(last.year - 1), previous_year),
    ]


def report_window(today: datetime.date) -> tuple[datetime.date, ...]:
    """Every month of every period, in order."""
    return tuple(sorted({month for period in report_periods(today) for month in period.months}))


def _bounds(months: tuple[datetime.date, ...]) -> dict[str, str]:
    return {"start": f"{months[0]:%m/%Y}", "end": f"{months[-1]:%m/%Y}"}

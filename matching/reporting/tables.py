"""The territorial reports' tables for a scope, a dimension and a period, suppressed, from ``ReportFact``.

One grouped query reads a scope's figures over the window of every period (``periods.report_window``); each family
of measures counting people is then suppressed in one system (``suppression.suppress``) holding every table the
pages, the exports and the printed report show of that scope and dimension, for every period:

- per line (a platform, an EPCI…): its total over each period; its monthly cells too where the dimension shows them
  (platforms and départements; for EPCIs and sectors, too many small cells would hide everything);
- per month, the scope's total (the monthly series); and each period's grand total.

The monthly series is its own system (its months are the cells) and a line table's system takes its sums as known
(over each group of months the periods share), so that combining the two tables gives nothing back; a grand total
is shown only where both systems show it. What is computed is kept in the cache under the figures' refresh time:
the same scope and dimension are suppressed once per refresh, and every reader sees the same cells hidden.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from accounts.access import ReportScope
from matching.models import ReportFact, ReportRefresh
from matching.reporting import measures
from matching.reporting.periods import Period, report_periods, report_window
from matching.reporting.suppression import SUPPRESSION_THRESHOLD, suppress

CACHE_SECONDS = 2 * 3600


@dataclass(frozen=True)
class Dimension:
    key: str
    field: str
    label: str
    shows_months_per_line: bool

    def splits(self, measure: measures.Measure) -> bool:
        """Whether the measure has a value per line of this dimension (a visit has no occupation family)."""
        return measure.has_occupation or self.field != "rome_family"


DIMENSIONS = {
    dimension.key: dimension
    for dimension in (
        Dimension("platform", "platform_id", _("Platform"), True),
        Dimension("departement", "departement_code", _("Département"), True),
        Dimension("epci", "epci_code", _("EPCI"), False),
        Dimension("naf_section", "naf_section", _("Sector (NAF section)"), False),
        Dimension("rome_family", "rome_family", _("Occupation family (ROME)"), False),
    )
}

# The parts that add up to each measure of a family ("not in work" is never shown: checks answered minus in work).
_PARTS = {
    measures.SOLUTIONS.key: ("solutions_cdi", "solutions_cdd", "training_entries"),
    measures.RETENTION_CHECKED.key: ("retention_in_work", "retention_not_in_work"),
}
_UNSHOWN_PARTS = frozenset({"retention_not_in_work"})


@dataclass
class ReportFigures:
    """Every figure of a scope and dimension, for every period: ``None`` where hidden.

    ``lines`` are the dimension's values with figures; ``line_totals[measure][(period, line)]``,
    ``line_months[measure][(line, month)]`` (only where the dimension shows months per line),
    ``month_totals[measure][month]`` and ``grand_totals[measure][period]``. A duration measure's figures are mean
    days (over ``SUPPRESSION_THRESHOLD`` needs at least).
    """

    lines: list[str]
    periods: list[Period]
    refreshed_at: datetime.datetime | None
    line_totals: dict[str, dict[tuple[str, str], float | None]] = field(default_factory=dict)
    line_months: dict[str, dict[tuple[str, datetime.date], float | None]] = field(default_factory=dict)
    month_totals: dict[str, dict[datetime.date, float | None]] = field(default_factory=dict)
    grand_totals: dict[str, dict[str, float | None]] = field(default_factory=dict)


def report_figures(*, scope: ReportScope, dimension: Dimension, today: datetime.date) -> ReportFigures:
    """The scope's figures along the dimension, computed once per refresh of the figures and kept in the cache."""
    refresh = ReportRefresh.objects.order_by("-refreshed_at").first()
    stamp = refresh.refreshed_at.isoformat() if refresh else "never"
    key = f"reports:{stamp}:{today:%Y-%m}:{scope.key}:{dimension.key}"
    return cache.get_or_set(key, lambda: _compute(scope, dimension, today, refresh), CACHE_SECONDS)


def _compute(
    scope: ReportScope, dimension: Dimension, today: datetime.date, refresh: ReportRefresh | None
) -> ReportFigures:
    periods = report_periods(today)
    window = report_window(today)
    data = _read(scope, dimension, window)
    split = {
        key for key in data if key not in measures.MEASURES_BY_KEY or dimension.splits(measures.MEASURES_BY_KEY[key])
    }
    lines = sorted({line for key in split for line, _month in data[key]}, key=lambda line: (line == "", line))
    figures = ReportFigures(lines=lines, periods=periods, refreshed_at=refresh.refreshed_at if refresh else None)
    geometry = _geometry(figures, window)
    for measure in measures.MEASURES:
        if not dimension.splits(measure):
            _unsplit(figures, measure, data, window, dimension)
        elif measure.is_duration or not measure.counts_people:
            _summed(figures, measure, data, window, dimension, geometry)
    for family in _families():
        _people_counts(figures, family, data, window, dimension)
    return figures


def _families() -> list[tuple[measures.Measure, ...]]:
    people = [measure for measure in measures.MEASURES if measure.counts_people]
    families, seen = [], set()
    for measure in people:
        family = measures.suppression_family(measure)
        if family[0].key not in seen:
            seen.add(family[0].key)
            families.append(family)
    return families


def _read(scope: ReportScope, dimension: Dimension, window) -> dict[str, dict[tuple[str, datetime.date], list[int]]]:
    facts = ReportFact.objects.filter(month__gte=window[0], month__lte=window[-1])
    if scope.platform_ids is not None:
        facts = facts.filter(platform_id__in=scope.platform_ids)
    if scope.departement_code:
        facts = facts.filter(departement_code=scope.departement_code)
    rows = (
        facts.values("measure", "month", line=F(dimension.field))
        .annotate(count=Sum("count"), days=Sum("days"))
        .order_by()
    )
    data: dict[str, dict[tuple[str, datetime.date], list[int]]] = defaultdict(dict)
    for row in rows:
        data[row["measure"]][(str(row["line"]), row["month"])] = [row["count"], row["days"]]
    checked, in_work = data.get("retention_checked", {}), data.get("retention_in_work", {})
    data["retention_not_in_work"] = {
        cell: [value[0] - in_work.get(cell, [0, 0])[0], 0] for cell, value in checked.items()
    }
    return data


def _sum(data, cells) -> tuple[int, int]:
    count = days = 0
    for cell in cells:
        value = data.get(cell)
        if value:
            count += value[0]
            days += value[1]
    return count, days


def _geometry(figures: ReportFigures, window):
    """The cells of each published figure: per period and line, per month, per period."""
    line_period = {
        (period.key, line): [(line, month) for month in period.months]
        for period in figures.periods
        for line in figures.lines
    }
    month = {m: [(line, m) for line in figures.lines] for m in window}
    grand = {period.key: [(line, m) for line in figures.lines for m in period.months] for period in figures.periods}
    return line_period, month, grand


def _count(count: int, _days: int) -> int:
    return count


def _mean(count: int, days: int) -> float | None:
    return round(days / count, 1) if count >= SUPPRESSION_THRESHOLD else None


def _reduce(measure: measures.Measure):
    """What a cell's (count, days) shows: the count, or for a duration the mean days (over enough needs)."""
    return _mean if measure.is_duration else _count


def _summed(figures, measure, data, window, dimension, geometry) -> None:
    """A measure shown as its sums, not suppressed: counts of needs, openings and visits, or mean durations."""
    values, reduce = data.get(measure.key, {}), _reduce(measure)
    line_period, month, grand = geometry
    figures.line_totals[measure.key] = {key: reduce(*_sum(values, cells)) for key, cells in line_period.items()}
    figures.month_totals[measure.key] = {key: reduce(*_sum(values, cells)) for key, cells in month.items()}
    figures.grand_totals[measure.key] = {key: reduce(*_sum(values, cells)) for key, cells in grand.items()}
    if dimension.shows_months_per_line:
        figures.line_months[measure.key] = {
            (line, m): reduce(*values.get((line, m), [0, 0])) for line in figures.lines for m in window
        }


def _unsplit(figures, measure, data, window, dimension) -> None:
    """A measure the dimension does not split: its totals over every value, no figure per line."""
    values = data.get(measure.key, {})
    by_month = {m: [cell for cell in values if cell[1] == m] for m in window}
    by_period = {period.key: [cell for m in period.months for cell in by_month[m]] for period in figures.periods}
    figure = _reduce(measure)
    figures.line_totals[measure.key] = {
        (period.key, line): None for period in figures.periods for line in figures.lines
    }
    figures.month_totals[measure.key] = {m: figure(*_sum(values, cells)) for m, cells in by_month.items()}
    figures.grand_totals[measure.key] = {key: figure(*_sum(values, cells)) for key, cells in by_period.items()}
    if dimension.shows_months_per_line:
        figures.line_months[measure.key] = {(line, m): None for line in figures.lines for m in window}


def _parts(measure_key: str) -> tuple[str, ...]:
    return _PARTS.get(measure_key, (measure_key,))


def _people_counts(figures: ReportFigures, family, data, window, dimension) -> None:
    """Suppress a family of people counts in two systems (the monthly series, then the lines), and keep a grand
    total only where both show it."""
    keys = [measure.key for measure in family]
    parts = sorted({part for key in keys for part in _parts(key)})
    monthly = _monthly_system(figures, keys, parts, data, window)
    by_line = _line_system(figures, keys, parts, data, window, dimension)
    for key in keys:
        figures.month_totals[key] = monthly["months"][key]
        figures.grand_totals[key] = {
            period: None if by_line["grand"][key][period] is None else value
            for period, value in monthly["grand"][key].items()
        }
        figures.line_totals[key] = by_line["lines"][key]
        if dimension.shows_months_per_line:
            figures.line_months[key] = by_line["months"][key]


def _monthly_system(figures, keys, parts, data, window) -> dict:
    """The scope's monthly series: the months are the cells (one per part), summed over the lines."""
    cells = {
        (part, m): sum(v[0] for (line, month), v in data.get(part, {}).items() if month == m)
        for part in parts
        for m in window
    }
    totals = {}
    for key in keys:
        if len(_parts(key)) > 1:
            for m in window:
                totals[("month", key, m)] = [(part, m) for part in _parts(key)]
        for period in figures.periods:
            totals[("grand", key, period.key)] = [(part, m) for part in _parts(key) for m in period.months]
    unshown = frozenset(cell for cell in cells if cell[0] in _UNSHOWN_PARTS)
    result = suppress(cells, totals, unpublished=unshown)
    months = {key: {} for key in keys}
    grand = {key: {} for key in keys}
    for key in keys:
        for m in window:
            if len(_parts(key)) > 1:
                months[key][m] = result.total_value(("month", key, m), sum(cells[(part, m)] for part in _parts(key)))
            else:
                months[key][m] = result.cell_value((key, m), cells[(key, m)])
        for period in figures.periods:
            members = totals[("grand", key, period.key)]
            grand[key][period.key] = result.total_value(("grand", key, period.key), sum(cells[c] for c in members))
    return {"months": months, "grand": grand}


def _month_groups(figures, window, dimension) -> list[tuple[datetime.date, ...]]:
    """The groups of months a line system counts by: each month where the months of a line are shown, else the
    months that belong to the same periods (within a group, no table tells one month from another)."""
    if dimension.shows_months_per_line:
        return [(m,) for m in window]
    groups: dict[frozenset[str], list[datetime.date]] = defaultdict(list)
    for m in window:
        groups[frozenset(period.key for period in figures.periods if m in period.months)].append(m)
    return [tuple(months) for months in groups.values()]


def _line_system(figures, keys, parts, data, window, dimension) -> dict:
    groups = _month_groups(figures, window, dimension)
    group_of = {m: group[0] for group in groups for m in group}
    cells: dict[tuple, int] = defaultdict(int)
    for part in parts:
        for line in figures.lines:
            for group in groups:
                cells[(part, line, group[0])] += 0
        for (line, month), value in data.get(part, {}).items():
            if month in group_of:
                cells[(part, line, group_of[month])] += value[0]
    totals: dict[tuple, list] = {}
    for key in keys:
        members = _parts(key)
        for period in figures.periods:
            starts = sorted({group_of[m] for m in period.months})
            for line in figures.lines:
                totals[("line", key, period.key, line)] = [(part, line, start) for part in members for start in starts]
            totals[("grand", key, period.key)] = [
                (part, line, start) for part in members for line in figures.lines for start in starts
            ]
        for group in groups:
            # Known from the monthly series: what all lines add up to over each group of months.
            totals[("group", key, group[0])] = [(part, line, group[0]) for part in members for line in figures.lines]
            if dimension.shows_months_per_line and len(members) > 1:
                for line in figures.lines:
                    totals[("cell", key, line, group[0])] = [(part, line, group[0]) for part in members]
    unshown = frozenset(cell for cell in cells if cell[0] in _UNSHOWN_PARTS or not dimension.shows_months_per_line)
    result = suppress(dict(cells), totals, unpublished=unshown)

    def total(name) -> int | None:
        return result.total_value(name, sum(cells[c] for c in totals[name]))

    lines = {key: {} for key in keys}
    months = {key: {} for key in keys}
    grand = {key: {} for key in keys}
    for key in keys:
        for period in figures.periods:
            grand[key][period.key] = total(("grand", key, period.key))
            for line in figures.lines:
                lines[key][(period.key, line)] = total(("line", key, period.key, line))
        if dimension.shows_months_per_line:
            for line in figures.lines:
                for m in window:
                    if len(_parts(key)) > 1:
                        months[key][(line, m)] = total(("cell", key, line, m))
                    else:
                        months[key][(line, m)] = result.cell_value((key, line, m), cells[(key, line, m)])
    return {"lines": lines, "months": months, "grand": grand}


def report_figures_warm_up(*, today: datetime.date) -> None:
    """Compute the Region's and each département's figures along every dimension, so that they wait in the cache."""
    departements = ReportFact.objects.exclude(departement_code="").values_list("departement_code", flat=True)
    scopes = [ReportScope(platform_ids=None)] + [
        ReportScope(platform_ids=None, departement_code=code) for code in sorted(set(departements))
    ]
    for scope in scopes:
        for dimension in DIMENSIONS.values():
            report_figures(scope=scope, dimension=dimension, today=today)

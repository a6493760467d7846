"""The territorial reports' tables, as the page, the CSV and XLSX files, the printed report and the PDF show them.

Every door renders these same ``FigureTable`` objects, built from one ``ReportFigures``: a figure hidden on the
page is hidden in every file, and the numbers shown are the same everywhere.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Platform
from matching.reporting import measures
from matching.reporting.periods import Period
from matching.reporting.tables import Dimension, ReportFigures
from referentials.enums import RomeDomain
from referentials.models import Commune, Epci
from referentials.naf import NafSection
from staff.dashboard.tables import FigureTable

SUMMARY_MEASURES = (
    measures.NEEDS_RECEIVED,
    measures.OPENINGS,
    measures.VISITS,
    measures.VISITS_WITHIN_PROMISE,
    measures.TO_FIRST_PRESENTATION,
    measures.TO_FILLING,
    measures.PRESENTATIONS,
    measures.HIRES,
    measures.SOLUTIONS,
    measures.SOLUTIONS_CDI,
    measures.SOLUTIONS_CDD,
    measures.TRAINING_ENTRIES,
    measures.RETENTION_CHECKED,
    measures.RETENTION_IN_WORK,
)
DETAIL_MEASURES = tuple(measure for measure in measures.MEASURES if not measure.key.startswith("solutions_group:"))


def line_labels(dimension: Dimension, lines: list[str]) -> dict[str, str]:
    """What each line of a dimension is called: a platform's or EPCI's name, a département, a sector."""
    unknown = _("Not known")
    if dimension.key == "platform":
        names = dict(Platform.objects.filter(pk__in=[int(line) for line in lines if line]).values_list("pk", "name"))
        return {line: names.get(int(line), line) if line else unknown for line in lines}
    if dimension.key == "epci":
        names = dict(Epci.objects.filter(code__in=lines).values_list("code", "name"))
        return {line: names.get(line, line) if line else unknown for line in lines}
    if dimension.key == "departement":
        names = dict(
            Commune.objects.filter(departement_code__in=lines)
            .values_list("departement_code", "departement_name")
            .distinct()
        )
        return {line: f"{line} {names.get(line, '')}".strip() if line else unknown for line in lines}
    if dimension.key == "naf_section":
        labels = dict(NafSection.choices)
        return {line: f"{line} — {labels.get(line, '')}" if line else unknown for line in lines}
    domains = dict(RomeDomain.choices)
    return {line: f"{line} — {domains.get(line[:1], '')}" if line else unknown for line in lines}


def _share(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or not whole:
        return None
    return round(100 * part / whole, 1)


def report_tables(
    *, figures: ReportFigures, dimension: Dimension, period: Period, detail: measures.Measure
) -> list[FigureTable]:
    labels = line_labels(dimension, figures.lines)
    tables = [
        _summary(figures, dimension, period, labels),
        _groups(figures, dimension, period, labels),
        _months(figures, period),
    ]
    if dimension.shows_months_per_line:
        tables.append(_detail(figures, dimension, period, labels, detail))
    return tables


def _retention_share(figures: ReportFigures, source: dict, key) -> float | None:
    return _share(source["retention_in_work"][key], source["retention_checked"][key])


def _summary(figures, dimension, period, labels) -> FigureTable:
    columns = [measure.label for measure in SUMMARY_MEASURES] + [_("Still in work at six months (%)")]
    rows = []
    for line in figures.lines:
        values = [figures.line_totals[measure.key][(period.key, line)] for measure in SUMMARY_MEASURES]
        values.append(_retention_share(figures, figures.line_totals, (period.key, line)))
        rows.append((labels[line], values))
    totals = [figures.grand_totals[measure.key][period.key] for measure in SUMMARY_MEASURES]
    totals.append(_retention_share(figures, figures.grand_totals, period.key))
    rows.append((_("Total"), totals))
    hires = SUMMARY_MEASURES.index(measures.HIRES)
    solutions = SUMMARY_MEASURES.index(measures.SOLUTIONS)
    return FigureTable(
        key="lines",
        caption=_("By %(dimension)s") % {"dimension": str(dimension.label).lower()},
        columns=columns,
        rows=rows,
        chart_rows=list(range(len(rows) - 1)),
        chart_columns=[hires, solutions],
        is_horizontal=True,
        note=_("Durations are mean days, shown over five needs or more."),
    )


def _groups(figures, dimension, period, labels) -> FigureTable:
    columns = []
    for measure in measures.GROUP_MEASURES:
        columns += [measure.label, _("%(group)s (%% of solutions)") % {"group": measure.label}]

    def values(source, key) -> list:
        cells = []
        for measure in measures.GROUP_MEASURES:
            count = source[measure.key][key]
            cells += [count, _share(count, source[measures.SOLUTIONS.key][key])]
        return cells

    rows = [(labels[line], values(figures.line_totals, (period.key, line))) for line in figures.lines]
    rows.append((_("Total"), values(figures.grand_totals, period.key)))
    return FigureTable(
        key="groups",
        caption=_("Priority groups among solutions"),
        columns=columns,
        rows=rows,
        chart_rows=[len(rows) - 1],
        chart_columns=list(range(0, len(columns), 2)),
        note=_("A person may belong to several groups. A person anonymised since counts in no group."),
    )


def _month_label(month: datetime.date) -> str:
    return date_format(month, "F Y")


def _months(figures, period) -> FigureTable:
    columns = [measure.label for measure in SUMMARY_MEASURES]
    rows = [
        (_month_label(month), [figures.month_totals[measure.key][month] for measure in SUMMARY_MEASURES])
        for month in period.months
    ]
    rows.append((_("Total"), [figures.grand_totals[measure.key][period.key] for measure in SUMMARY_MEASURES]))
    return FigureTable(
        key="months",
        caption=_("Month by month"),
        columns=columns,
        rows=rows,
        chart_type="line",
        chart_rows=list(range(len(rows) - 1)),
        chart_columns=[
            SUMMARY_MEASURES.index(measure) for measure in (measures.PRESENTATIONS, measures.HIRES, measures.SOLUTIONS)
        ],
    )


def _detail(figures, dimension, period, labels, detail) -> FigureTable:
    columns = [_month_label(month) for month in period.months] + [_("Total")]
    rows = [
        (
            labels[line],
            [figures.line_months[detail.key][(line, month)] for month in period.months]
            + [figures.line_totals[detail.key][(period.key, line)]],
        )
        for line in figures.lines
    ]
    rows.append(
        (
            _("Total"),
            [figures.month_totals[detail.key][month] for month in period.months]
            + [figures.grand_totals[detail.key][period.key]],
        )
    )
    return FigureTable(
        key="detail",
        caption=_("%(measure)s by %(dimension)s and month")
        % {
            "measure": detail.label,
            "dimension": str(dimension.label).lower(),
        },
        columns=columns,
        rows=rows,
        chart_rows=[],
    )

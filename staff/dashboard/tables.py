"""The dashboard's figures laid out as tables: one structure that the page, its charts and the CSV export all read.

Each ``FigureTable`` is rendered as an HTML table (caption, column and row headers), drawn as a chart from the
same rows (``chart_data``), and written as CSV lines, so the three can never disagree.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from matching.enums import PositiveActionGroup
from staff.dashboard.selectors import SUPPRESSION_THRESHOLD

SUPPRESSED = f"< {SUPPRESSION_THRESHOLD}"
"""What a suppressed count shows instead of its value. The percentage of a suppressed count is left blank (shown
"—"): "< 5" is a number of people, never a share."""

type Value = int | float | str | None


@dataclass(frozen=True)
class FigureTable:
    key: str
    caption: str | Promise
    columns: list[str | Promise]
    rows: list[tuple[str | Promise, list[Value]]]
    chart_type: str = "bar"
    chart_rows: list[int] | None = None
    """Indices of the rows drawn on the chart (all when None): totals and shares stay in the table only."""
    chart_columns: list[int] = field(default_factory=lambda: [0])
    is_horizontal: bool = False
    note: str | Promise = ""

    def charted_rows(self) -> list[tuple[str | Promise, list[Value]]]:
        row_indices = self.chart_rows if self.chart_rows is not None else range(len(self.rows))
        return [self.rows[index] for index in row_indices]

    @property
    def has_chart(self) -> bool:
        """Whether the chart would show anything: a chart of zeros and gaps is an empty frame, so the page says in
        a sentence that there is nothing to draw instead."""
        return any(
            _chartable(values[column]) for _label, values in self.charted_rows() for column in self.chart_columns
        )


FUNNEL_LABELS = {
    "suggestions": _("Suggestions"),
    "shortlisted": _("Shortlisted"),
    "presented": _("Presented to the employer"),
    "interview": _("Interview requested or scheduled"),
    "hired": _("Hired"),
}


def figure_tables(figures: dict) -> list[FigureTable]:
    """The tables of the dashboard, in page order, from ``selectors.dashboard_figures``."""
    needs, durations, funnel = figures["needs"], figures["durations"], figures["funnel"]
    solutions, sensitive = figures["solutions"], figures["sensitive_groups"]
    number = _("Number")
    return [
        FigureTable(
            key="needs",
            caption=_("Open needs today: openings and hires"),
            columns=[number],
            rows=[
                (_("Open needs"), [needs["open_needs"]]),
                (_("Openings (headcount of open needs)"), [needs["openings"]]),
                (_("Hires on open needs"), [needs["hires"]]),
                (_("Openings left"), [needs["openings_left"]]),
            ],
            chart_rows=[1, 2, 3],
        ),
        FigureTable(
            key="durations",
            caption=_("Days from a need's opening"),
            columns=[_("Median (days)"), _("Mean (days)"), _("Needs that reached this step")],
            rows=[
                (_("To the first presentation"), _duration_row(durations["to_first_presentation"])),
                (_("To the filling"), _duration_row(durations["to_filling"])),
            ],
            chart_columns=[0, 1],
            note=_(
                "Counted over the needs opened in the period that reached the step: a need not yet presented or not "
                "yet filled is not counted."
            ),
        ),
        FigureTable(
            key="funnel",
            caption=_("From suggestion to hire"),
            columns=[number],
            rows=[(label, [funnel[stage]]) for stage, label in FUNNEL_LABELS.items()],
            is_horizontal=True,
        ),
        FigureTable(
            key="solutions",
            caption=_("Solutions: CDI, CDD of six months or more, entry into training"),
            columns=[number],
            rows=[
                (_("Hires on a CDI or a CDD of six months or more"), [solutions["solution_hires"]]),
                (_("Entries into training"), [solutions["trainings"]]),
                (_("Other hires"), [solutions["other_hires"]]),
                (_("Solutions"), [solutions["solutions"]]),
                (_("Share of solutions among hires and entries into training (%)"), [solutions["share"]]),
            ],
            chart_type="doughnut",
            chart_rows=[0, 1, 2],
        ),
        FigureTable(
            key="sensitive_groups",
            caption=_("Hires by group"),
            columns=[_("Hires"), _("Share of hires (%)")],
            rows=[
                *[(PositiveActionGroup(group["group"]).label, _group_row(group)) for group in sensitive["groups"]],
                (_("All hires"), [SUPPRESSED if sensitive["hires"] is None else sensitive["hires"], None]),
            ],
            chart_rows=list(range(len(sensitive["groups"]))),
            chart_columns=[1],
            note=_(
                "Figures about fewer than %(threshold)s people are not shown, to protect the people concerned; "
                "a person may belong to several groups. These figures cover the whole months of the period."
            )
            % {"threshold": SUPPRESSION_THRESHOLD},
        ),
        *retention_tables(figures["retention"]),
    ]


def retention_tables(retention: dict) -> list[FigureTable]:
    """Retention at six months (``staff.dashboard.retention``): the platforms' totals, then by group."""
    return [
        FigureTable(
            key="retention",
            caption=_("Retention at six months: solutions still in work"),
            columns=[_("Number")],
            rows=[
                (_("Six-month checks due"), [retention["due"]]),
                (_("Checked (the person answered)"), [retention["checked"]]),
                (_("Still in work (with this employer or another)"), [retention["in_work"]]),
                (_("Not reached"), [retention["not_reached"]]),
                (_("Due and not checked yet"), [retention["awaiting"]]),
                (_("Share still in work among the checked solutions (%)"), [retention["share"]]),
            ],
            chart_rows=[1, 2, 3, 4],
            is_horizontal=True,
            note=_(
                "Solutions are hires on a CDI or a CDD of six months or more, ended since or not, and entries into a "
                "training cohort; the period selects the day their six-month check falls due."
            ),
        ),
        FigureTable(
            key="retention_groups",
            caption=_("Retention at six months by group"),
            columns=[_("Checked solutions"), _("Still in work"), _("Share still in work (%)")],
            rows=[
                *[
                    (PositiveActionGroup(group["group"]).label, _retention_group_row(group))
                    for group in retention["groups"]
                ],
            ],
            chart_columns=[2],
            note=_(
                "Figures about fewer than %(threshold)s checked solutions are not shown, to protect the people "
                "concerned; a person may belong to several groups. These figures cover the whole months of the period."
            )
            % {"threshold": SUPPRESSION_THRESHOLD},
        ),
    ]


def platform_table(lines: list[tuple[str, dict]]) -> FigureTable:
    """The region's line per platform (``figures.dashboard_platforms``), as the region page shows it; not charted."""
    return FigureTable(
        key="platforms",
        caption=_("Figures by platform"),
        columns=[
            _("Open needs"),
            _("Openings (headcount of open needs)"),
            _("Hires on open needs"),
            _("Shortlisted"),
            _("Hired"),
            _("Six-month checks due"),
            _("Checked (the person answered)"),
            _("Still in work (with this employer or another)"),
            _("Share still in work among the checked solutions (%)"),
        ],
        rows=[
            (
                name,
                [
                    row["open_needs"],
                    row["openings"],
                    row["hires_on_open_needs"],
                    row["shortlisted"],
                    row["hired"],
                    row["retention"]["due"],
                    row["retention"]["checked"],
                    row["retention"]["in_work"],
                    row["retention"]["share"],
                ],
            )
            for name, row in lines
        ],
        chart_rows=[],
    )


def _duration_row(statistics: dict) -> list[Value]:
    return [statistics["median"], statistics["mean"], statistics["count"]]


def _group_row(group: dict) -> list[Value]:
    if group["is_suppressed"]:
        return [SUPPRESSED, None]
    return [group["count"], group["share"]]


def _retention_group_row(group: dict) -> list[Value]:
    if group["is_suppressed"]:
        return [SUPPRESSED, SUPPRESSED, None]
    return [group["checked"], group["in_work"], group["share"]]


def chart_data(tables: list[FigureTable]) -> dict:
    """What ``dashboard.js`` draws: per table, its chart type, row labels and one dataset per charted column.

    A suppressed or missing value becomes null: the chart leaves a gap, the table says why. A table with nothing to
    draw has no chart.
    """
    charts = {}
    for table in tables:
        if not table.has_chart:
            continue
        rows = table.charted_rows()
        charts[table.key] = {
            "type": table.chart_type,
            "horizontal": table.is_horizontal,
            "labels": [label for label, _values in rows],
            "datasets": [
                {
                    "label": table.columns[column],
                    "data": [_chartable(values[column]) for _label, values in rows],
                }
                for column in table.chart_columns
            ],
        }
    return {"charts": charts}


def _chartable(value: Value) -> int | float | None:
    return None if isinstance(value, str) else value

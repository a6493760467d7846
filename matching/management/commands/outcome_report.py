"""``manage.py outcome_report``: how the current proposals cover the openings, wave by wave, in plain text.

The figures come from ``matching.outcome_report``; this command only lays them out. Counts only: no name and no
candidate id is printed.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from matching.outcome_report import (
    FEW_SUGGESTIONS,
    MASS_HIRING_HEADCOUNT,
    CoverageTotal,
    WaveCoverage,
    coverage_by_wave,
    coverage_total,
    days_to_first_proposal,
    needs_short_of_suggestions,
    proposals_per_candidate,
)

# Column names, in a context of their own: pages elsewhere may translate these short words otherwise.
NEED = pgettext_lazy("outcome report", "need")
TITLE = pgettext_lazy("outcome report", "title")
WAVE = pgettext_lazy("outcome report", "wave")
OPENINGS = pgettext_lazy("outcome report", "openings left")
PROPOSALS = pgettext_lazy("outcome report", "proposals")
TARGET = pgettext_lazy("outcome report", "target")
COVERED = pgettext_lazy("outcome report", "covered")
TOTAL = pgettext_lazy("outcome report", "total")
PEOPLE = pgettext_lazy("outcome report", "people")
FIGURE = pgettext_lazy("outcome report", "figure")
DAYS = pgettext_lazy("outcome report", "days")
COMMUNE = pgettext_lazy("outcome report", "commune")
SUGGESTIONS = pgettext_lazy("outcome report", "suggestions")
LIMIT = pgettext_lazy("outcome report", "what limits it most")


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.1f} %"


def _days(days: float | None) -> str:
    return "—" if days is None else _("%(days).1f days") % {"days": days}


def _wave(row: WaveCoverage) -> str:
    if row.wave_starts_on is None:
        return _("no open wave")
    if row.is_implicit:
        return _("%(date)s (no waves)") % {"date": row.wave_starts_on.isoformat()}
    return row.wave_starts_on.isoformat()


def _total_row(label: str, total: CoverageTotal) -> tuple:
    return (label, total.openings_left, total.proposals, total.target, _percent(total.share))


def text_table(header: tuple, rows: list[tuple], *, align: str) -> list[str]:
    """Lines of a plain text table, each column aligned as ``align`` says: "l" to the left, "r" to the right."""
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    cells.insert(1, ["-" * width for width in widths])
    return [
        "  ".join(
            cell.ljust(width) if side == "l" else cell.rjust(width)
            for cell, width, side in zip(row, widths, align, strict=True)
        ).rstrip()
        for row in cells
    ]


class Command(BaseCommand):
    help = "Print how the current proposals cover the openings by wave, per candidate, how fast, and what is short."

    def handle(self, *args, **options) -> None:
        for section in (self._coverage, self._spread, self._delay, self._short):
            for line in section():
                self.stdout.write(line)
            self.stdout.write("")

    def _coverage(self) -> list[str]:
        k = settings.MATCHING_PROPOSALS_PER_OPENING
        rows = coverage_by_wave(per_opening=k)
        body = [
            (
                f"#{row.need_id}",
                row.title,
                _wave(row),
                row.openings_left,
                row.proposals,
                row.target,
                _percent(row.share),
            )
            for row in rows
        ]
        totals = [
            _total_row(
                _("needs of %(headcount)s or more") % {"headcount": MASS_HIRING_HEADCOUNT},
                coverage_total(rows, min_headcount=MASS_HIRING_HEADCOUNT),
            ),
            _total_row(_("all needs"), coverage_total(rows)),
        ]
        return [
            _("Coverage of openings by wave (target: %(k)s proposals per opening)") % {"k": k},
            *text_table((NEED, TITLE, WAVE, OPENINGS, PROPOSALS, TARGET, COVERED), body, align="lllrrrr"),
            "",
            *text_table((TOTAL, OPENINGS, PROPOSALS, TARGET, COVERED), totals, align="lrrrr"),
        ]

    def _spread(self) -> list[str]:
        spread = proposals_per_candidate()
        return [
            _("Proposals per candidate"),
            *text_table((PROPOSALS, PEOPLE), list(spread.people_by_proposals.items()), align="rr"),
            _("Most proposals held by one person: %(p)s (limit %(limit)s)")
            % {"p": spread.max_observed, "limit": settings.MATCHING_MAX_PROPOSALS_PER_CANDIDATE},
        ]

    def _delay(self) -> list[str]:
        delay = days_to_first_proposal()
        body = [(_("median"), _days(delay.median_days)), (_("90th percentile"), _days(delay.p90_days))]
        return [
            _("Days from publication to the first proposal (%(needs)s needs)") % {"needs": delay.needs},
            *text_table((FIGURE, DAYS), body, align="lr"),
        ]

    def _short(self) -> list[str]:
        needs = needs_short_of_suggestions()
        title = _("Open needs with fewer than %(count)s suggestions: %(needs)s") % {
            "count": FEW_SUGGESTIONS,
            "needs": len(needs),
        }
        if not needs:
            return [title]
        body = [(f"#{need.need_id}", need.title, need.commune, need.suggestions, need.limit or "—") for need in needs]
        return [title, *text_table((NEED, TITLE, COMMUNE, SUGGESTIONS, LIMIT), body, align="lllrl")]

"""The funnel of a need as the employer sees it: from suggested candidates to hires, against the headcount.

The bars are drawn as SVG rectangles whose widths are computed here, so the page needs neither a script nor an
inline style; the same figures are given in a table for screen readers and for copying.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from matching.employer_selectors import NeedCounts

BAR_AREA_WIDTH = 260
ROW_HEIGHT = 36


@dataclass(frozen=True)
class FunnelStage:
    name: str
    label: str
    count: int
    width: int
    y: int

    @property
    def text_y(self) -> int:
        return self.y + 19


def need_funnel(counts: NeedCounts) -> list[FunnelStage]:
    """One stage per step, each bar as wide as its share of the largest figure (suggestions or headcount)."""
    figures = [
        ("suggested", _("Suggested"), counts.suggested),
        ("presented", _("Presented"), counts.presented),
        ("interview", _("In interview"), counts.in_interview),
        ("hired", _("Hired"), counts.hired),
        # Presented, left unanswered by the employer past the platform's deadline (counted in "Presented" too).
        ("expired", _("Expired without an answer"), counts.expired),
        ("headcount", _("Headcount"), counts.headcount),
    ]
    largest = max(count for _name, _label, count in figures) or 1
    return [
        FunnelStage(
            name=name,
            label=str(label),
            count=count,
            width=max(round(BAR_AREA_WIDTH * count / largest), 2 if count else 0),
            y=index * ROW_HEIGHT,
        )
        for index, (name, label, count) in enumerate(figures)
    ]

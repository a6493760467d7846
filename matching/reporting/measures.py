"""The measures of the territorial reports: what each counts, whether it counts people, how it is shown.

A measure that counts people is suppressed below five (``suppression``); the others count needs, openings and
visits of employers, which tell nothing about a person. A duration measure keeps a count and a sum of days, shown
as a mean over at least ``SUPPRESSION_THRESHOLD`` needs. Several measures that add up to another (the solutions by
kind) form a family, suppressed together so that none gives another back.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from matching.enums import PositiveActionGroup


@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    counts_people: bool = False
    is_duration: bool = False
    has_occupation: bool = True
    """False for what happens before any need is known (an employer's visit): not split by occupation family."""


NEEDS_RECEIVED = Measure("needs_received", _("Needs received"))
OPENINGS = Measure("openings", _("Openings"))
VISITS = Measure("visits", _("Days from first contact to visit"), is_duration=True, has_occupation=False)
VISITS_WITHIN_PROMISE = Measure("visits_within_promise", _("Visits within 10 days"), has_occupation=False)
TO_FIRST_PRESENTATION = Measure(
    "to_first_presentation", _("Days from publication to first presentation"), is_duration=True
)
TO_FILLING = Measure("to_filling", _("Days from publication to filling"), is_duration=True)
PRESENTATIONS = Measure("presentations", _("Presentations"), counts_people=True)
HIRES = Measure("hires", _("Hires"), counts_people=True)
SOLUTIONS = Measure("solutions", _("Solutions"), counts_people=True)
SOLUTIONS_CDI = Measure("solutions_cdi", _("Solutions: CDI"), counts_people=True)
SOLUTIONS_CDD = Measure("solutions_cdd", _("Solutions: CDD of 6 months or more"), counts_people=True)
TRAINING_ENTRIES = Measure("training_entries", _("Entries into training"), counts_people=True)
RETENTION_CHECKED = Measure("retention_checked", _("Six-month checks answered"), counts_people=True)
RETENTION_IN_WORK = Measure("retention_in_work", _("Still in work at six months"), counts_people=True)

GROUP_MEASURES = tuple(
    Measure(f"solutions_group:{group.value}", group.label, counts_people=True) for group in PositiveActionGroup
)
"""The solutions of the people of each priority group (read from their sensitive situation, by staff only)."""

MEASURES: tuple[Measure, ...] = (
    NEEDS_RECEIVED,
    OPENINGS,
    VISITS,
    VISITS_WITHIN_PROMISE,
    TO_FIRST_PRESENTATION,
    TO_FILLING,
    PRESENTATIONS,
    HIRES,
    SOLUTIONS,
    SOLUTIONS_CDI,
    SOLUTIONS_CDD,
    TRAINING_ENTRIES,
    RETENTION_CHECKED,
    RETENTION_IN_WORK,
    *GROUP_MEASURES,
)
MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}

SOLUTION_FAMILY = (SOLUTIONS, SOLUTIONS_CDI, SOLUTIONS_CDD, TRAINING_ENTRIES)
"""The solutions and their kinds: suppressed in one system, since the kinds add up to the solutions."""

RETENTION_FAMILY = (RETENTION_CHECKED, RETENTION_IN_WORK)


def suppression_family(measure: Measure) -> tuple[Measure, ...]:
    """The measures suppressed together with this one (itself alone unless it belongs to a family)."""
    for family in (SOLUTION_FAMILY, RETENTION_FAMILY):
        if measure in family:
            return family
    return (measure,)

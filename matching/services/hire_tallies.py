"""A person's hires counted by sensitive group before anonymisation erases their situation.

The dashboard's share of hires from each group (``staff.dashboard.selectors.dashboard_sensitive_groups``) reads
the situation of each person hired. Anonymisation deletes it, so that nothing about the person is left; without
this, every hire of an anonymised person would drop out of those shares two years later. Their hires are added to
``AnonymisedHireTally``, per platform (the need's) and whole month: counts of people, which the dashboard adds back.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from matching.enums import PositiveActionGroup, PresentationStatus
from matching.models import AnonymisedHireTally, Presentation


def month_of(moment: datetime.datetime) -> datetime.date:
    """The first day of the month ``moment`` falls in, in the platforms' time zone (the dashboard's days)."""
    return timezone.localdate(moment).replace(day=1)


def anonymised_hires_tally(*, candidate_id: int, groups: list[str]) -> int:
    """Add each hire of the candidate to the tallies of ``groups`` (the groups they belong to); returns how many
    hires were counted. Called in the anonymisation's transaction, before the situation is deleted."""
    unknown = set(groups) - set(PositiveActionGroup.values)
    if unknown:
        raise ValueError(f"Not sensitive groups: {sorted(unknown)}")
    # A hire without its date is in no range of the dashboard: counted nowhere here either.
    hires = list(
        Presentation.objects.filter(
            candidate_id=candidate_id, status=PresentationStatus.HIRED, closed_at__isnull=False
        ).values_list("need__employer__platform_id", "closed_at")
    )
    for platform_id, closed_at in hires:
        for group in groups:
            _tally_add(platform_id=platform_id, month=month_of(closed_at), group=group)
    return len(hires) if groups else 0


def _tally_add(*, platform_id: int, month: datetime.date, group: str) -> None:
    key = {"platform_id": platform_id, "month": month, "group": group}
    if not AnonymisedHireTally.objects.filter(**key).update(hires=F("hires") + 1):
        try:
            with transaction.atomic():
                AnonymisedHireTally.objects.create(**key, hires=1)
        except IntegrityError:  # another anonymisation created it between our update and our insert
            AnonymisedHireTally.objects.filter(**key).update(hires=F("hires") + 1)

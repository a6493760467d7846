"""A person's hires counted by sensitive group before anonymisation erases their situation.

The dashboard's share of hires from each group (``staff.dashboard.selectors.dashboard_sensitive_groups``) reads
the situation of each person hired. Anonymisation deletes it, so that nothing about the person is left; without
this, every hire of an anonymised person would drop out of those shares two years later. Their hires are added to
``AnonymisedHireTally``, per platform (the need's) and whole month: counts of people, which the dashboard adds back.
Retention at six months by group reads the same situation: the person's answered six-month checks are added to
``AnonymisedFollowUpTally`` the same way, by the month the check fell due.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from matching.enums import FollowUpResult, PositiveActionGroup, PresentationStatus
from matching.models import AnonymisedFollowUpTally, AnonymisedHireTally, Presentation
from matching.solutions import CHECKED, FOLLOWED_SOLUTION


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
            candidate_id=candidate_id, status__in=PresentationStatus.hired_ever(), closed_at__isnull=False
        ).values_list("need__employer__platform_id", "closed_at")
    )
    for platform_id, closed_at in hires:
        for group in groups:
            _tally_add(platform_id=platform_id, month=month_of(closed_at), group=group)
    return len(hires) if groups else 0


def anonymised_follow_ups_tally(*, candidate_id: int, groups: list[str]) -> int:
    """Add each answered six-month check of the candidate's solutions to the tallies of ``groups``; returns how many
    checks were counted. Called in the anonymisation's transaction, before the situation is deleted."""
    unknown = set(groups) - set(PositiveActionGroup.values)
    if unknown:
        raise ValueError(f"Not sensitive groups: {sorted(unknown)}")
    checks = list(
        Presentation.objects.filter(FOLLOWED_SOLUTION & CHECKED, candidate_id=candidate_id)
        .filter(follow_up_due_on__isnull=False)
        .values_list("need__employer__platform_id", "follow_up_due_on", "follow_up_result")
    )
    for platform_id, due_on, result in checks:
        in_work = result in FollowUpResult.in_work()  # ``solutions.IN_WORK``
        for group in groups:
            _follow_up_tally_add(platform_id=platform_id, month=due_on.replace(day=1), group=group, in_work=in_work)
    return len(checks) if groups else 0


def _follow_up_tally_add(*, platform_id: int, month: datetime.date, group: str, in_work: bool) -> None:
    key = {"platform_id": platform_id, "month": month, "group": group}
    added = {"checked": F("checked") + 1, "in_work": F("in_work") + int(in_work)}
    if not AnonymisedFollowUpTally.objects.filter(**key).update(**added):
        try:
            with transaction.atomic():
                AnonymisedFollowUpTally.objects.create(**key, checked=1, in_work=int(in_work))
        except IntegrityError:  # another anonymisation created it between our update and our insert
            AnonymisedFollowUpTally.objects.filter(**key).update(**added)


def _tally_add(*, platform_id: int, month: datetime.date, group: str) -> None:
    key = {"platform_id": platform_id, "month": month, "group": group}
    if not AnonymisedHireTally.objects.filter(**key).update(hires=F("hires") + 1):
        try:
            with transaction.atomic():
                AnonymisedHireTally.objects.create(**key, hires=1)
        except IntegrityError:  # another anonymisation created it between our update and our insert
            AnonymisedHireTally.objects.filter(**key).update(hires=F("hires") + 1)

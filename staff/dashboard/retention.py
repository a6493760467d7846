"""Retention at six months, the programme's key indicator: the share of solutions still in work at their check.

A solution is a hire on a CDI or a CDD of six months or more (ended since or not: the person may be in work
elsewhere), or an entry into a training cohort; six months after it started, the advisor records the check
(``matching.services.follow_ups``). Among the solutions whose check is recorded with an answer (the person was
reached), the share still in work, with this employer or another. Entries into training recorded as an ``Outcome``
have no check and are not counted here.

The range applies to the day the check falls due (``follow_up_due_on``). Figures per group follow the rule of the
other group figures (``staff.dashboard.selectors``): counts only, suppressed below ``SUPPRESSION_THRESHOLD`` checked
solutions, over whole months. A person whose profile was anonymised no longer has a group: their answered checks
were counted by group first (``matching.services.hire_tallies``), and those counts are added back.
"""

from collections.abc import Collection

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from matching.enums import FollowUpResult
from matching.models import AnonymisedFollowUpTally, Presentation
from matching.solutions import CHECKED, FOLLOWED_SOLUTION, IN_WORK
from staff.dashboard.selectors import NO_RANGE, SENSITIVE_GROUPS, SUPPRESSION_THRESHOLD, DateRange, whole_months


def _solutions(platform_ids: Collection[int], date_range: DateRange) -> QuerySet[Presentation]:
    return Presentation.objects.filter(
        FOLLOWED_SOLUTION,
        date_range.filter("follow_up_due_on", is_date=True),
        need__employer__platform_id__in=platform_ids,
        follow_up_due_on__isnull=False,
    )


def _counts(within: Q | None = None) -> dict:
    """The aggregates of the solutions ``within`` a condition (all without one): due, checked, in work, not reached,
    due and not checked yet."""
    within = within or Q()
    is_due = Q(follow_up_due_on__lte=timezone.localdate())
    return {
        "due": Count("pk", filter=within & is_due),
        "checked": Count("pk", filter=within & CHECKED),
        "in_work": Count("pk", filter=within & CHECKED & IN_WORK),
        "not_reached": Count("pk", filter=within & Q(follow_up_result=FollowUpResult.NOT_REACHED)),
        "awaiting": Count("pk", filter=within & is_due & Q(follow_up_result="")),
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def dashboard_retention(*, platform_ids: Collection[int], date_range: DateRange = NO_RANGE) -> dict:
    """Solutions whose check falls due in the range: how many are due, checked (the person answered), still in
    work, not reached, due and not checked yet; ``share`` is in work among checked (None without a check).

    ``groups`` gives, for each sensitive group, its checked solutions, those in work and the share, each None when
    the group (or all checked solutions) counts fewer than ``SUPPRESSION_THRESHOLD``; that part reads whole months.
    Two queries: the rows of the whole months (the totals kept to the range itself), and the checks of people since
    anonymised, added back to their groups (``AnonymisedFollowUpTally``; their rows stay in the totals).
    """
    group_checked = {
        f"group:{group}{suffix}": Count(
            "pk", filter=CHECKED & Q(**{f"candidate__sensitive_situation__{group}": True}) & extra
        )
        for group in SENSITIVE_GROUPS
        for suffix, extra in (("", Q()), (":in_work", IN_WORK))
    }
    months = whole_months(date_range)
    counts = _solutions(platform_ids, months).aggregate(
        **_counts(date_range.filter("follow_up_due_on", is_date=True)),
        all_checked=Count("pk", filter=CHECKED),
        **group_checked,
    )
    figures = {key: counts[key] for key in ("due", "checked", "in_work", "not_reached", "awaiting")}
    figures["share"] = _share(figures["in_work"], figures["checked"])
    for group, tally in _anonymised_follow_ups(platform_ids, months).items():
        counts[f"group:{group}"] += tally["checked"]
        counts[f"group:{group}:in_work"] += tally["in_work"]
    figures["groups"] = _retention_groups(counts)
    return figures


def _anonymised_follow_ups(platform_ids: Collection[int], months: DateRange) -> dict[str, dict[str, int]]:
    """The answered checks of people since anonymised, by group (``AnonymisedFollowUpTally``), in whole months."""
    tallies = AnonymisedFollowUpTally.objects.filter(platform_id__in=platform_ids)
    if months.start is not None:
        tallies = tallies.filter(month__gte=months.start)
    if months.end is not None:
        tallies = tallies.filter(month__lte=months.end)
    rows = tallies.values("group").annotate(checked=Sum("checked"), in_work=Sum("in_work")).order_by()
    return {row.pop("group"): row for row in rows}


def _retention_groups(counts: dict) -> list[dict]:
    is_total_suppressed = counts["all_checked"] < SUPPRESSION_THRESHOLD
    groups = []
    for group in SENSITIVE_GROUPS:
        checked, in_work = counts[f"group:{group}"], counts[f"group:{group}:in_work"]
        is_suppressed = is_total_suppressed or checked < SUPPRESSION_THRESHOLD
        groups.append(
            {
                "group": group,
                "is_suppressed": is_suppressed,
                "checked": None if is_suppressed else checked,
                "in_work": None if is_suppressed else in_work,
                "share": None if is_suppressed else _share(in_work, checked),
            }
        )
    return groups


def dashboard_retention_by_platform(
    *, platform_ids: Collection[int], date_range: DateRange = NO_RANGE
) -> dict[int, dict]:
    """Per platform, the totals of ``dashboard_retention`` (no group figures): one grouped query."""
    empty = {"due": 0, "checked": 0, "in_work": 0, "not_reached": 0, "awaiting": 0}
    figures = {platform_id: dict(empty) for platform_id in platform_ids}
    rows = (
        _solutions(platform_ids, date_range)
        .values(platform_id=F("need__employer__platform_id"))
        .annotate(**_counts())
        .order_by()
    )
    for row in rows:
        figures[row.pop("platform_id")].update(row)
    for row in figures.values():
        row["share"] = _share(row["in_work"], row["checked"])
    return figures

"""The dashboard's figures: aggregate queries over the needs, presentations and outcomes of some platforms.

Every selector takes the ids of the platforms to count (the caller has already checked that the user may see
them) and an optional ``DateRange``, and returns plain numbers computed by the database: no row is ever loaded
into Python. What the range applies to is said in each docstring; a snapshot figure (open needs) ignores it.

Figures about sensitive groups are suppressed under ``SUPPRESSION_THRESHOLD`` people: the selector never returns
the count of a small group, so no template, chart or export can show it by mistake.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from employers.enums import NeedStatus
from employers.models import NeedStatusChange, StaffingNeed
from matching.enums import OutcomeKind, PositiveActionGroup, PresentationStatus
from matching.models import AnonymisedHireTally, MatchSuggestion, Outcome, Presentation, PresentationTransition
from matching.solutions import SOLUTION_HIRE

SUPPRESSION_THRESHOLD = 5
"""Below this many people, a figure about a sensitive group is not shown (CNIL guidance on small cells)."""

FUNNEL_STAGES = ("suggestions", "shortlisted", "presented", "interview", "hired")

SENSITIVE_GROUPS: tuple[str, ...] = (
    PositiveActionGroup.UNDER_26,
    PositiveActionGroup.LONG_TERM_JOB_SEEKERS,
    PositiveActionGroup.DISABILITY_RECOGNITION,
    PositiveActionGroup.PRIORITY_NEIGHBOURHOOD,
    PositiveActionGroup.AGED_50_AND_OVER,
    PositiveActionGroup.MINIMUM_INCOME,
)
"""The flags of ``candidates.SensitiveSituation``, in display order (their names are the enum's values)."""

REACHED_INTERVIEW = (
    PresentationStatus.INTERVIEW_REQUESTED,
    PresentationStatus.INTERVIEW_SCHEDULED,
    PresentationStatus.HIRED,
    PresentationStatus.HIRE_ENDED,
    PresentationStatus.NOT_HIRED,
)
"""Statuses that can only be reached through an interview request (see ``ALLOWED_TRANSITIONS``)."""


@dataclass(frozen=True)
class DateRange:
    """Days from ``start`` to ``end``, both included, in the platform's time zone; either end may be open."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    def filter(self, field: str, *, is_date: bool = False) -> Q:
        """A condition keeping the rows whose ``field`` (a datetime, or a date if ``is_date``) falls in the range."""
        condition = Q()
        if self.start is not None:
            condition &= Q(**{f"{field}__gte": self.start if is_date else _midnight(self.start)})
        if self.end is not None:
            next_day = self.end + datetime.timedelta(days=1)
            condition &= Q(**{f"{field}__lt": next_day if is_date else _midnight(next_day)})
        return condition


NO_RANGE = DateRange()


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DaysBetween(Func):
    """The number of days (fractional) from the datetime ``start`` to the datetime ``end``."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end: str, start: str) -> None:
        super().__init__(F(end), F(start))

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"DaysBetween is not available on {connection.vendor}.")

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)", arg_joiner=" - "
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite stores datetimes as ISO text in UTC, which julianday() reads.
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
        )


def _needs(platform_ids: Collection[int]) -> QuerySet[StaffingNeed]:
    return StaffingNeed.objects.filter(employer__platform_id__in=platform_ids)


def _presentations(platform_ids: Collection[int]) -> QuerySet[Presentation]:
    return Presentation.objects.filter(need__employer__platform_id__in=platform_ids)


def _hires(platform_ids: Collection[int], date_range: DateRange) -> QuerySet[Presentation]:
    """Hires, those that ended since included (they were hires), dated by when the hire was recorded
    (``closed_at``)."""
    return _presentations(platform_ids).filter(
        date_range.filter("closed_at"), status__in=PresentationStatus.hired_ever()
    )


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def dashboard_needs(*, platform_ids: Collection[int], date_range: DateRange = NO_RANGE) -> dict[str, int]:
    """Open needs today, their openings (sum of headcounts), the hires already made on them and what is left.

    A snapshot: the date range does not apply.
    """
    figures = (
        _needs(platform_ids)
        .filter(status=NeedStatus.OPEN)
        .aggregate(
            open_needs=Count("pk"),
            openings=Coalesce(Sum("headcount"), 0),
            hires=Coalesce(Sum("hires_count"), 0),
        )
    )
    figures["openings_left"] = figures["openings"] - figures["hires"]
    return figures


def _days_statistics(needs: QuerySet[StaffingNeed], end: str) -> dict[str, float | int | None]:
    """Count, mean and median of the days from ``opened_at`` to ``end``, in one query.

    The median is the mean of the middle row (odd count) or rows (even count) once the needs are ordered by
    duration: window functions number the rows and the outer query keeps the middle ones, which PostgreSQL and
    SQLite both run (neither has a portable median aggregate).
    """
    durations = (
        needs.filter(opened_at__isnull=False, **{f"{end}__isnull": False})
        .annotate(days=DaysBetween(end, "opened_at"))
        .annotate(
            position=Window(RowNumber(), order_by=[F("days").asc(), F("pk").asc()]),
            rows=Window(Count("pk")),
            mean_days=Window(Avg("days")),
        )
        .filter(position__gte=(F("rows") + 1) / 2, position__lte=(F("rows") + 2) / 2)
        .aggregate(count=Max("rows"), mean=Max("mean_days"), median=Avg("days"))
    )
    return {
        "count": durations["count"] or 0,
        "mean": None if durations["mean"] is None else round(durations["mean"], 1),
        "median": None if durations["median"] is None else round(durations["median"], 1),
    }


def dashboard_durations(
    *, platform_ids: Collection[int], date_range: DateRange = NO_RANGE
) -> dict[str, dict[str, float | int | None]]:
    """Days from a need's opening to its first presentation, and to its filling: count, mean and median.

    A need opens with its first change to "open"; it is filled with its first change to "filled"; its first
    presentation is its earliest ``presented_at``. The range applies to the opening date.
    """
    first_change_to = {
        status: Subquery(
            NeedStatusChange.objects.filter(need=OuterRef("pk"), to_status=status)
            .order_by("changed_at")
            .values("changed_at")[:1]
        )
        for status in (NeedStatus.OPEN, NeedStatus.FILLED)
    }
    first_presentation = Subquery(
        Presentation.objects.filter(need=OuterRef("pk"), presented_at__isnull=False)
        .order_by("presented_at")
        .values("presented_at")[:1]
    )
    needs = (
        _needs(platform_ids)
        .annotate(opened_at=first_change_to[NeedStatus.OPEN])
        .filter(date_range.filter("opened_at"))
        .annotate(first_presented_at=first_presentation, filled_at=first_change_to[NeedStatus.FILLED])
    )
    return {
        "to_first_presentation": _days_statistics(needs, "first_presented_at"),
        "to_filling": _days_statistics(needs, "filled_at"),
    }


def dashboard_funnel(*, platform_ids: Collection[int], date_range: DateRange = NO_RANGE) -> dict[str, int]:
    """Suggestions, then the presentations that reached each step: shortlisted, presented, interview, hired.

    The range applies to when a suggestion was computed and when a presentation was shortlisted (its cohort).
    A presentation counts at every step it went through, even if it ended later (an interview then "not hired").
    """
    had_interview_step = Exists(
        PresentationTransition.objects.filter(
            presentation=OuterRef("pk"),
            to_status__in=[PresentationStatus.INTERVIEW_REQUESTED, PresentationStatus.INTERVIEW_SCHEDULED],
        )
    )
    figures = (
        _presentations(platform_ids)
        .filter(date_range.filter("created_at"))
        .aggregate(
            shortlisted=Count("pk"),
            presented=Count("pk", filter=Q(presented_at__isnull=False)),
            interview=Count("pk", filter=Q(status__in=REACHED_INTERVIEW) | Q(had_interview_step)),
            hired=Count("pk", filter=Q(status__in=PresentationStatus.hired_ever())),
        )
    )
    suggestions = MatchSuggestion.objects.filter(
        date_range.filter("computed_at"), need__employer__platform_id__in=platform_ids
    ).count()
    return {"suggestions": suggestions} | figures


def dashboard_solutions(*, platform_ids: Collection[int], date_range: DateRange = NO_RANGE) -> dict:
    """Hires that are solutions (a CDI, or a CDD of six months or more) plus entries into training.

    An entry into training is an outcome recorded as one, or an enrolment in a need's training cohort. An enrolment
    counts once: as a training while it lasts or if the trainee left it, and as a hire only once they are hired at
    its end. ``share`` is the percentage of solutions among hires and entries into training together. The range
    applies to the date a hire was recorded and the start date of a training (a cohort's first day).
    """
    is_hire = Q(status__in=PresentationStatus.hired_ever()) & date_range.filter("closed_at")
    is_trainee = (
        Q(enrolment__isnull=False)
        & ~Q(status__in=PresentationStatus.hired_ever())
        & date_range.filter("enrolment__cohort__starts_on", is_date=True)
    )
    # One query for the hires and the trainees: both are presentations of the platforms' needs.
    hires = (
        _presentations(platform_ids)
        .filter(Q(status__in=PresentationStatus.hired_ever()) | Q(enrolment__isnull=False))
        .aggregate(
            hires=Count("pk", filter=is_hire),
            solution_hires=Count("pk", filter=is_hire & SOLUTION_HIRE),
            trainees=Count("pk", filter=is_trainee),
        )
    )
    trainings = (
        hires.pop("trainees")
        + Outcome.objects.filter(
            date_range.filter("starts_on", is_date=True),
            candidate__platform_id__in=platform_ids,
            kind=OutcomeKind.TRAINING,
        ).count()
    )
    solutions = hires["solution_hires"] + trainings
    outcomes = hires["hires"] + trainings
    return hires | {
        "other_hires": hires["hires"] - hires["solution_hires"],
        "trainings": trainings,
        "solutions": solutions,
        "outcomes": outcomes,
        "share": _share(solutions, outcomes),
    }


def dashboard_sensitive_groups(*, platform_ids: Collection[int], date_range: DateRange = NO_RANGE) -> dict:
    """The share of hires from each sensitive group, in aggregate, suppressed below ``SUPPRESSION_THRESHOLD``.

    A group is suppressed (``count`` and ``share`` are None) when it counts fewer than the threshold, or when the
    hires themselves do. The range applies as for the hires of ``dashboard_solutions``, widened to whole months
    (``whole_months``): the hires of people since anonymised are kept by month only (``AnonymisedHireTally``), and
    two ranges differing by a day must never tell a person's group by their difference.
    """
    date_range = whole_months(date_range)
    counts = _hires(platform_ids, date_range).aggregate(
        hires=Count("pk"),
        **{
            group: Count("pk", filter=Q(**{f"candidate__sensitive_situation__{group}": True}))
            for group in SENSITIVE_GROUPS
        },
    )
    total = counts.pop("hires")
    for group, hires in _anonymised_hires(platform_ids, date_range).items():
        counts[group] += hires
    is_total_suppressed = total < SUPPRESSION_THRESHOLD
    groups = []
    for group in SENSITIVE_GROUPS:
        is_suppressed = is_total_suppressed or counts[group] < SUPPRESSION_THRESHOLD
        groups.append(
            {
                "group": group,
                "is_suppressed": is_suppressed,
                "count": None if is_suppressed else counts[group],
                "share": None if is_suppressed else _share(counts[group], total),
            }
        )
    return {"hires": None if is_total_suppressed else total, "groups": groups}


def whole_months(date_range: DateRange) -> DateRange:
    """The range widened to the whole months it touches: from the first day of its start's month to the last day of
    its end's month."""
    start = date_range.start.replace(day=1) if date_range.start else None
    end = None
    if date_range.end is not None:
        next_month = (date_range.end.replace(day=1) + datetime.timedelta(days=31)).replace(day=1)
        end = next_month - datetime.timedelta(days=1)
    return DateRange(start=start, end=end)


def _anonymised_hires(platform_ids: Collection[int], date_range: DateRange) -> dict[str, int]:
    """The hires of people since anonymised, by group (``AnonymisedHireTally``), in a range of whole months."""
    tallies = AnonymisedHireTally.objects.filter(platform_id__in=platform_ids)
    if date_range.start is not None:
        tallies = tallies.filter(month__gte=date_range.start)
    if date_range.end is not None:
        tallies = tallies.filter(month__lte=date_range.end)
    return dict(tallies.values("group").annotate(hires=Sum("hires")).values_list("group", "hires"))


def dashboard_platform_breakdown(
    *, platform_ids: Collection[int], date_range: DateRange = NO_RANGE
) -> dict[int, dict[str, int]]:
    """Per platform: open needs, openings and hires on them (snapshot), then presentations and hires in the range.

    Two grouped queries, whatever the number of platforms. Platforms without any row get zeros.
    """
    figures = {
        platform_id: {"open_needs": 0, "openings": 0, "hires_on_open_needs": 0, "shortlisted": 0, "hired": 0}
        for platform_id in platform_ids
    }
    needs = (
        _needs(platform_ids)
        .filter(status=NeedStatus.OPEN)
        .values(platform_id=F("employer__platform_id"))
        .annotate(open_needs=Count("pk"), openings=Sum("headcount"), hires_on_open_needs=Sum("hires_count"))
        .order_by()
    )
    presentations = (
        _presentations(platform_ids)
        .filter(date_range.filter("created_at"))
        .values(platform_id=F("need__employer__platform_id"))
        .annotate(shortlisted=Count("pk"), hired=Count("pk", filter=Q(status__in=PresentationStatus.hired_ever())))
        .order_by()
    )
    for row in [*needs, *presentations]:
        figures[row.pop("platform_id")].update(row)
    return figures

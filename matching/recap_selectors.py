"""What waits for each employer in a week: the figures of the weekly recap e-mailed to their members.

- to answer: candidates presented and not answered yet (``PRESENTED``);
- interviews this week: scheduled interviews from Monday to Sunday of the ISO week of ``today``;
- answers expected: what the employer owes beyond that: slots to propose to a candidate who accepted the interview,
  and the outcome (hire or not) of an interview held before this week.

Counts only, read in one query for every employer: the e-mail names no candidate.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from matching.enums import PresentationStatus
from matching.models import InterviewSlot, Presentation

Status = PresentationStatus


@dataclass(frozen=True)
class EmployerWeek:
    to_answer: int
    interviews: int
    answers_expected: int

    @property
    def is_empty(self) -> bool:
        return not (self.to_answer or self.interviews or self.answers_expected)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def employer_weeks(*, employer_ids: Iterable[int], today: datetime.date) -> dict[int, EmployerWeek]:
    """Each employer's figures for the ISO week of ``today``; employers with nothing waiting are left out."""
    monday = today - datetime.timedelta(days=today.weekday())
    week_start, week_end = _start_of(monday), _start_of(monday + datetime.timedelta(days=7))
    slots = InterviewSlot.objects.filter(presentation=OuterRef("pk"))
    rows = (
        Presentation.objects.filter(need__employer_id__in=list(employer_ids))
        .annotate(has_slots=Exists(slots))
        .values("need__employer_id")
        .annotate(
            to_answer=Count("pk", filter=Q(status=Status.PRESENTED)),
            interviews=Count(
                "pk",
                filter=Q(status=Status.INTERVIEW_SCHEDULED, interview_at__gte=week_start, interview_at__lt=week_end),
            ),
            answers_expected=Count(
                "pk",
                filter=Q(status=Status.INTERVIEW_REQUESTED, interview_accepted_at__isnull=False, has_slots=False)
                | Q(status=Status.INTERVIEW_SCHEDULED, interview_at__lt=week_start),
            ),
        )
        .order_by("need__employer_id")
    )
    weeks = {
        row["need__employer_id"]: EmployerWeek(row["to_answer"], row["interviews"], row["answers_expected"])
        for row in rows
    }
    return {employer_id: week for employer_id, week in weeks.items() if not week.is_empty}

"""What waits for an employer's members, across all the employer's needs: the portal's home.

Three counts of presentations, read together in one aggregate query whatever the number of needs and presentations
(plus the membership's), the lists they count, and the collective sessions coming that serve the employer's needs
(one more query).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from candidates.pseudonyms import candidate_pseudonym_for_employer
from matching.employer_selectors import employer_id_for_member
from matching.enums import PresentationStatus
from matching.models import CollectiveSession, Presentation

Status = PresentationStatus

# How far back "presented recently" reaches.
RECENT_DAYS = 7
# The lists the counts link to, by the code in their address.
OVERVIEW_LISTS = ("to_answer", "interviews_this_week", "recently_presented")


@dataclass(frozen=True)
class EmployerOverview:
    to_answer: int
    interviews_this_week: int
    needs_recently_presented: int
    # Information sessions, MRS test sessions and job datings not started yet, not cancelled, serving a need.
    sessions_coming: int


def iso_week_bounds(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 of ``today``'s ISO week and the next Monday's, in the site's time zone."""
    monday = today - datetime.timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    return start, start + datetime.timedelta(days=7)


def _filters(*, now: datetime.datetime) -> dict[str, Q]:
    """The condition of each list, on presentations: written once for the counts and the lists."""
    week_start, week_end = iso_week_bounds(timezone.localdate(now))
    return {
        "to_answer": Q(status=Status.PRESENTED),
        "interviews_this_week": Q(
            status=Status.INTERVIEW_SCHEDULED, interview_at__gte=week_start, interview_at__lt=week_end
        ),
        "recently_presented": Q(
            status__in=Status.presented_or_later(), presented_at__gte=now - datetime.timedelta(days=RECENT_DAYS)
        ),
    }


def _employer_presentations(user: User) -> QuerySet[Presentation]:
    return Presentation.objects.filter(need__employer_id=employer_id_for_member(user=user))


def employer_overview(*, user: User, now: datetime.datetime | None = None) -> EmployerOverview:
    """The counts of the user's employer; not found for someone who is not an employer member."""
    now = now or timezone.now()
    employer_id = employer_id_for_member(user=user)
    filters = _filters(now=now)
    figures = Presentation.objects.filter(need__employer_id=employer_id).aggregate(
        to_answer=Count("pk", filter=filters["to_answer"]),
        interviews_this_week=Count("pk", filter=filters["interviews_this_week"]),
        needs_recently_presented=Count("need_id", filter=filters["recently_presented"], distinct=True),
    )
    figures["sessions_coming"] = (
        CollectiveSession.objects.filter(needs__employer_id=employer_id, cancelled_at__isnull=True, starts_at__gte=now)
        .values("pk")
        .distinct()
        .count()
    )
    return EmployerOverview(**figures)


@dataclass(frozen=True)
class OverviewRow:
    """A presentation of one of the lists: never a name (the presentation's page shows it once revealed)."""

    presentation_id: int
    need_id: int
    need_title: str
    pseudonym: str
    status_label: str
    presented_at: datetime.datetime | None
    interview_at: datetime.datetime | None


def employer_overview_list(*, user: User, code: str, now: datetime.datetime | None = None) -> list[OverviewRow]:
    """The presentations a count counts, soonest interview or first presented first; an unknown list is not found."""
    if code not in OVERVIEW_LISTS:
        raise Http404
    presentations = (
        _employer_presentations(user)
        .filter(_filters(now=now or timezone.now())[code])
        .select_related("need")
        .only("pk", "status", "candidate_id", "presented_at", "interview_at", "need__title", "need__employer_id")
        .order_by("interview_at" if code == "interviews_this_week" else "presented_at", "pk")
    )
    return [
        OverviewRow(
            presentation_id=presentation.pk,
            need_id=presentation.need_id,
            need_title=presentation.need.title,
            pseudonym=candidate_pseudonym_for_employer(
                employer_id=presentation.need.employer_id, candidate_id=presentation.candidate_id
            ),
            status_label=presentation.get_status_display(),
            presented_at=presentation.presented_at,
            interview_at=presentation.interview_at,
        )
        for presentation in presentations
    ]

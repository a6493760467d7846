"""Reads of collective sessions: a platform's sessions for its staff, an employer's for their needs, and who passed an
MRS test for a need (which stands in for the experience the need asks for).

Scoped like every selector: a session of another platform, or serving none of an employer's needs, is not found.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import employer_id_for, is_platform_staff
from accounts.models import User
from employers.models import StaffingNeed
from matching.enums import SeatStatus, SessionKind
from matching.models import CollectiveSession, SessionSeat


def sessions_for_staff(user: User) -> QuerySet[CollectiveSession]:
    """The sessions of the user's platforms, with their answer counts (``invited``, ``accepted``, ``declined``)."""
    return CollectiveSession.objects.for_platform_staff(user).annotate(
        invited=Count("seats", filter=Q(seats__status=SeatStatus.INVITED)),
        accepted=Count("seats", filter=Q(seats__status=SeatStatus.ACCEPTED)),
        declined=Count("seats", filter=Q(seats__status=SeatStatus.DECLINED)),
    )


def session_seats(session: CollectiveSession) -> QuerySet[SessionSeat]:
    """The seats of a session the caller may see (found through ``sessions_for_staff``), by name."""
    return session.seats.select_related("candidate").order_by("candidate__last_name", "candidate__first_name", "pk")


def sessions_for_employer_need(*, need: StaffingNeed, user: User) -> QuerySet[CollectiveSession]:
    """The sessions serving ``need`` when it is the user's employer's, each with its seats taken (``accepted``):
    dates, place and figures only, never who."""
    if employer_id_for(user) != need.employer_id:
        return CollectiveSession.objects.none()
    return (
        need.collective_sessions.filter(cancelled_at__isnull=True)
        .annotate(accepted=Count("seats", filter=Q(seats__status=SeatStatus.ACCEPTED)))
        .order_by("starts_at", "pk")
    )


def sessions_for_employer(user: User) -> QuerySet[CollectiveSession]:
    """The sessions serving at least one need of the user's employer (none for anyone else)."""
    employer_id = employer_id_for(user)
    if employer_id is None:
        return CollectiveSession.objects.none()
    return (
        CollectiveSession.objects.filter(needs__employer_id=employer_id)
        .distinct()
        .annotate(accepted=Count("seats", filter=Q(seats__status=SeatStatus.ACCEPTED), distinct=True))
    )


def mrs_sessions_with_passes() -> QuerySet[CollectiveSession]:
    """MRS test sessions not cancelled, each with ``passed_seats``: the seats of those who passed (to prefetch from
    needs, for the engine: see ``mrs_passed_candidate_ids``)."""
    return CollectiveSession.objects.filter(kind=SessionKind.MRS, cancelled_at__isnull=True).prefetch_related(
        Prefetch(
            "seats",
            queryset=SessionSeat.objects.filter(mrs_passed=True).only("session_id", "candidate_id"),
            to_attr="passed_seats",
        )
    )


def mrs_passed_candidate_ids(need: StaffingNeed) -> set[int]:
    """The candidates who passed an MRS test session serving ``need``: the test stands in for the experience and
    the skills the need lets it replace (``mrs_replaces_experience``, ``mrs_skills``)."""
    return set(
        SessionSeat.objects.filter(
            session__needs=need,
            session__kind=SessionKind.MRS,
            session__cancelled_at__isnull=True,
            mrs_passed=True,
        ).values_list("candidate_id", flat=True)
    )


@dataclass(frozen=True)
class SeatGauge:
    accepted: int
    capacity: int

    @property
    def left(self) -> int:
        return max(self.capacity - self.accepted, 0)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.accepted / self.capacity)) if self.capacity else 100


def session_for_staff(*, user: User, session_id: int) -> CollectiveSession:
    """A session of the user's platforms, with its answer counts; not found for anyone but its platform's staff."""
    if not is_platform_staff(user):
        raise Http404
    return get_object_or_404(sessions_for_staff(user).select_related("platform"), pk=session_id)


def session_seat_for_staff(*, session: CollectiveSession, seat_id: int) -> SessionSeat:
    """A seat of a session found through ``session_for_staff``."""
    return get_object_or_404(session.seats.select_related("candidate", "session"), pk=seat_id)

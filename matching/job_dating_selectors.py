"""Reads of the job-dating pages and API: the sessions a user reaches, their attendees, rankings and proposals.

Staff reach the job datings of their platforms; an employer member those serving one of its needs, and there only
its own needs, with the attendees by pseudonym (``candidates.pseudonyms``). Anything else is not found.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import employer_id_for, is_platform_staff
from accounts.models import User
from candidates.pseudonyms import candidate_pseudonym_for_employer
from employers.models import StaffingNeed
from matching.employer_selectors import employer_id_for_member
from matching.enums import SessionKind
from matching.models import (
    CollectiveSession,
    JobDatingAudit,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
    SessionSeat,
)


def _job_datings() -> QuerySet[CollectiveSession]:
    return CollectiveSession.objects.filter(kind=SessionKind.JOB_DATING)


def job_dating_for_staff(*, user: User, session_id: int) -> CollectiveSession:
    """A job dating of the user's platforms; not found for anyone else, nor for another kind of session."""
    if not is_platform_staff(user):
        raise Http404
    session: CollectiveSession = get_object_or_404(
        _job_datings().for_platform_staff(user).select_related("platform"), pk=session_id
    )
    return session


def job_dating_list_for_employer(*, user: User) -> QuerySet[CollectiveSession]:
    """The job datings, not cancelled, serving at least one need of the user's employer; soonest first. Not found
    for someone who is not an employer member."""
    employer_id = employer_id_for_member(user=user)
    return (
        _job_datings()
        .filter(cancelled_at__isnull=True, needs__employer_id=employer_id)
        .distinct()
        .order_by("starts_at", "pk")
    )


def job_dating_for_employer(*, user: User, session_id: int) -> CollectiveSession:
    session: CollectiveSession = get_object_or_404(job_dating_list_for_employer(user=user), pk=session_id)
    return session


def job_dating_needs_for_employer(*, user: User, session: CollectiveSession) -> QuerySet[StaffingNeed]:
    """The needs of the user's employer that the session serves."""
    return session.needs.filter(employer_id=employer_id_for(user)).order_by("title", "pk")


def job_dating_need_for_employer(*, user: User, session: CollectiveSession, need_id: int) -> StaffingNeed:
    need: StaffingNeed = get_object_or_404(job_dating_needs_for_employer(user=user, session=session), pk=need_id)
    return need


def job_dating_attendee_seats(session: CollectiveSession) -> QuerySet[SessionSeat]:
    """The seats of the people recorded as present, in the order they were invited."""
    return session.seats.filter(attended=True).select_related("candidate").order_by("invited_at", "pk")


@dataclass(frozen=True)
class AttendeeForEmployer:
    """An attendee as an employer sees them before any presentation: the seat as handle, and a pseudonym."""

    seat_id: int
    candidate_id: int
    pseudonym: str
    rank: int | None


def job_dating_attendees_for_need(*, session: CollectiveSession, need: StaffingNeed) -> list[AttendeeForEmployer]:
    """The attendees with the rank the need's employer gave each (none if unranked), by pseudonym only."""
    ranks = dict(
        JobDatingEmployerRanking.objects.filter(session=session, need=need).values_list("candidate_id", "rank")
    )
    return [
        AttendeeForEmployer(
            seat_id=seat.pk,
            candidate_id=seat.candidate_id,
            pseudonym=candidate_pseudonym_for_employer(employer_id=need.employer_id, candidate_id=seat.candidate_id),
            rank=ranks.get(seat.candidate_id),
        )
        for seat in session.seats.filter(attended=True).order_by("invited_at", "pk")
    ]


def job_dating_employer_rankings(session: CollectiveSession) -> QuerySet[JobDatingEmployerRanking]:
    return JobDatingEmployerRanking.objects.filter(session=session).select_related("need", "candidate", "ranked_by")


def job_dating_candidate_ranks(session: CollectiveSession) -> dict[int, dict[int, int]]:
    """candidate id → {need id: rank}, as entered for each attendee."""
    ranks: dict[int, dict[int, int]] = {}
    for candidate_id, need_id, rank in JobDatingCandidateRanking.objects.filter(session=session).values_list(
        "candidate_id", "need_id", "rank"
    ):
        ranks.setdefault(candidate_id, {})[need_id] = rank
    return ranks


def job_dating_proposals(session: CollectiveSession) -> QuerySet[JobDatingProposal]:
    return JobDatingProposal.objects.filter(session=session).select_related(
        "need__employer", "candidate", "presentation", "decided_by"
    )


def job_dating_proposal_for_staff(*, user: User, session_id: int, proposal_id: int) -> JobDatingProposal:
    session = job_dating_for_staff(user=user, session_id=session_id)
    proposal: JobDatingProposal = get_object_or_404(job_dating_proposals(session), pk=proposal_id)
    return proposal


def job_dating_audit(session: CollectiveSession) -> JobDatingAudit | None:
    return JobDatingAudit.objects.filter(session=session).first()

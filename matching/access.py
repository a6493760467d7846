"""Which candidates a member of platform staff may work for a need: the one rule every staff door checks.

A candidate belongs to their own platform. Staff work a candidate for a need of their platform when the candidate is
theirs too, or when the candidate's platform accepted their request for that need (a ``HandOff``); a superuser works
every one. Anything else (another platform's candidate suggested for one of their needs) is shown only as a
pseudonymised card, and every route that acts on a candidate (shortlist, answer, present, interview, hire, documents)
finds no such presentation or refuses the step.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.access import platform_ids_for
from accounts.models import User
from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.enums import HandOffStatus
from matching.models import HandOff


def _accepted_hand_offs(platform_ids: set[int]) -> QuerySet[HandOff]:
    return HandOff.objects.filter(status=HandOffStatus.ACCEPTED, requesting_platform__in=platform_ids)


def workable_by_staff(queryset: QuerySet, user: User, *, need_path: str = "need", candidate_path: str = "candidate"):
    """The rows of ``queryset`` (each naming a need and a candidate) whose candidate ``user`` may work for that need.

    The need must be of the user's platforms, and the candidate too or handed off to them for that very need.
    """
    if user.is_superuser:
        return queryset
    platform_ids = platform_ids_for(user)
    handed_off = _accepted_hand_offs(platform_ids).filter(need=OuterRef(need_path), candidate=OuterRef(candidate_path))
    return queryset.filter(**{f"{need_path}__employer__platform__in": platform_ids}).filter(
        Q(**{f"{candidate_path}__platform__in": platform_ids}) | Exists(handed_off)
    )


def candidate_is_workable(*, user: User, need: StaffingNeed, candidate: Candidate) -> bool:
    """``workable_by_staff`` for one need and one candidate."""
    if user.is_superuser:
        return True
    platform_ids = platform_ids_for(user)
    if need.employer.platform_id not in platform_ids:
        return False
    if candidate.platform_id in platform_ids:
        return True
    return _accepted_hand_offs(platform_ids).filter(need=need, candidate=candidate).exists()


def candidates_handed_off_to(user: User) -> QuerySet[Candidate]:
    """Candidates of other platforms handed off to the user's platforms, for at least one need."""
    return Candidate.objects.filter(
        Exists(_accepted_hand_offs(platform_ids_for(user)).filter(candidate=OuterRef("pk")))
    )

"""Reads of a need's thread: who may take part and on which side, its messages, unread counts, and the identities
a message may not name.

A thread is read and written by the need's employer's active members (the employer side) and by staff of the need's
platform (the platform side; a superuser too). Anyone else does not find the need (404), as everywhere. Unread
counts are the messages of the other side after the user's read mark, for any number of needs in one query.
"""

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from accounts.access import employer_id_for, is_staff_of_platform, platform_ids_for
from accounts.models import User
from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.employer_selectors import presentation_identity_is_revealed, with_hired_elsewhere
from matching.enums import MessageSide
from matching.message_privacy import ProtectedIdentity
from matching.models import NeedMessage, NeedThreadRead, Presentation


def need_thread_side(*, user: User, need: StaffingNeed) -> str | None:
    """The side ``user`` writes for on ``need``'s thread: an active member of its employer, staff of its platform
    (or a superuser); ``None`` for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return None
    if employer_id_for(user) == need.employer_id:
        return MessageSide.EMPLOYER
    if user.is_superuser or is_staff_of_platform(user, need.employer.platform_id):
        return MessageSide.PLATFORM
    return None


def user_thread_side(user: User) -> str | None:
    """The side a user writes for on any thread they may open: their employer's, or their platform's."""
    if employer_id_for(user) is not None:
        return MessageSide.EMPLOYER
    if user.is_superuser or platform_ids_for(user):
        return MessageSide.PLATFORM
    return None


def need_messages(*, need: StaffingNeed) -> list[NeedMessage]:
    """The need's messages, oldest first, with their authors (one query)."""
    return list(NeedMessage.objects.filter(need=need).select_related("author").order_by("created_at", "pk"))


def unread_counts(*, user: User, need_ids: list[int]) -> dict[int, int]:
    """For each of ``need_ids`` with unread messages, how many ``user`` has not read (one query)."""
    if not need_ids:
        return {}
    rows = (
        _unread(user)
        .filter(need_id__in=need_ids)
        .values("need_id")
        .annotate(count=Count("pk"))
        .values_list("need_id", "count")
        .order_by()
    )
    return dict(rows)


def _unread(user: User) -> QuerySet[NeedMessage]:
    side = user_thread_side(user)
    if side is None:
        return NeedMessage.objects.none()
    marks = NeedThreadRead.objects.filter(user=user, need=OuterRef("need_id"), last_read_id__gte=OuterRef("pk"))
    return NeedMessage.objects.exclude(side=side).filter(~Exists(marks))


def needs_with_messages_waiting(*, user: User) -> list[tuple[int, str, int]]:
    """(need id, title, unread count) of the needs of the staff member's platforms with messages from employers they
    have not read, most recent first (one query)."""
    needs = StaffingNeed.objects.for_platform_staff(user).values("pk")
    rows = (
        _unread(user)
        .filter(side=MessageSide.EMPLOYER, need__in=needs)
        .values("need_id", "need__title")
        .annotate(count=Count("pk"), latest=Max("pk"))
        .order_by("-latest", "need_id")
    )
    return [(row["need_id"], row["need__title"], row["count"]) for row in rows]


def protected_identities_for_need(*, need: StaffingNeed) -> list[ProtectedIdentity]:
    """The identities a message on ``need`` may not name (two queries).

    Every candidate of the need's workflow (its presentations, shortlisted or later) and every candidate of the
    need's platform, except those whose identity this employer was given (``identity_is_revealed``, on any of its
    needs): their names may be written. Anonymised profiles name no one and are left out.
    """
    employer_presentations = with_hired_elsewhere(
        Presentation.objects.filter(need__employer_id=need.employer_id).only(
            "pk", "candidate_id", "status", "interview_accepted_at"
        )
    )
    revealed = {
        presentation.candidate_id
        for presentation in employer_presentations
        if presentation_identity_is_revealed(presentation)
    }
    in_workflow = Presentation.objects.filter(need_id=need.pk, candidate_id=OuterRef("pk"))
    candidates = (
        Candidate.objects.filter(Q(platform_id=need.employer.platform_id) | Q(Exists(in_workflow)))
        .exclude(status=CandidateStatus.ANONYMISED)
        .exclude(pk__in=revealed)
        .values_list("first_name", "last_name", "email", "phone")
        .order_by()
    )
    return [ProtectedIdentity(first, last, email or "", phone or "") for first, last, email, phone in candidates]

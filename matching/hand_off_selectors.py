"""Reads of hand-offs, for the staff pages and the staff API: the requests a platform received for its candidates,
and those it sent.

Received requests name the candidate (they are the platform's own) and, once accepted, the presentation's every step
and outcome for the other platform's need. Sent requests name the candidate by the requesting platform's pseudonym
until the request is accepted. Nobody but platform staff reaches them; a superuser sees every one.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_platform_staff, platform_ids_for
from accounts.models import User
from candidates.pseudonyms import candidate_pseudonym_for_platform
from matching.enums import HandOffStatus
from matching.models import HandOff, MatchSuggestion, Presentation, PresentationTransition


@dataclass(frozen=True)
class HandOffItem:
    hand_off: HandOff
    candidate_label: str  # the name for the owning platform or once accepted, the pseudonym otherwise
    presentation: Presentation | None  # the requesting platform's presentation, once accepted and shortlisted

    @property
    def is_pending(self) -> bool:
        return self.hand_off.status == HandOffStatus.REQUESTED

    @property
    def steps(self) -> list[PresentationTransition]:
        return list(self.presentation.transitions.all()) if self.presentation is not None else []


def _staff_only(user: User) -> None:
    if not is_platform_staff(user):
        raise Http404


def _hand_offs() -> QuerySet[HandOff]:
    return HandOff.objects.select_related(
        "need__employer",
        "candidate",
        "requesting_platform",
        "owning_platform",
        "requested_by",
        "decided_by",
    ).order_by("-requested_at", "-pk")


def _presentations_of(hand_offs: list[HandOff]) -> dict[tuple[int, int], Presentation]:
    """The presentations of the accepted hand-offs' need and candidate, with their steps: two queries."""
    pairs = Q(pk__in=[])
    for hand_off in hand_offs:
        if hand_off.is_accepted:
            pairs |= Q(need_id=hand_off.need_id, candidate_id=hand_off.candidate_id)
    steps = Prefetch("transitions", PresentationTransition.objects.select_related("by").order_by("at", "pk"))
    return {
        (presentation.need_id, presentation.candidate_id): presentation
        for presentation in Presentation.objects.filter(pairs).prefetch_related(steps)
    }


def hand_offs_received(*, user: User) -> list[HandOffItem]:
    """Requests for the candidates of the user's platforms, newest first, waiting ones first."""
    found = hand_off_list_for_staff(user=user, direction="received")
    hand_offs = sorted(found[:500], key=lambda hand_off: hand_off.status != HandOffStatus.REQUESTED)
    presentations = _presentations_of(hand_offs)
    return [
        HandOffItem(
            hand_off=hand_off,
            candidate_label=str(hand_off.candidate),
            presentation=presentations.get((hand_off.need_id, hand_off.candidate_id)),
        )
        for hand_off in hand_offs
    ]


def hand_offs_sent(*, user: User) -> list[HandOffItem]:
    """Requests of the user's platforms for other platforms' candidates, newest first."""
    hand_offs = list(hand_off_list_for_staff(user=user, direction="sent")[:500])
    presentations = _presentations_of(hand_offs)
    return [
        HandOffItem(
            hand_off=hand_off,
            candidate_label=str(hand_off.candidate)
            if hand_off.is_accepted
            else candidate_pseudonym_for_platform(
                platform_id=hand_off.requesting_platform_id, candidate_id=hand_off.candidate_id
            ),
            presentation=presentations.get((hand_off.need_id, hand_off.candidate_id)),
        )
        for hand_off in hand_offs
    ]


def hand_off_to_answer(*, user: User, hand_off_id: int) -> HandOff:
    """A request for one of the user's platforms' candidates; any other is not found."""
    found = hand_off_list_for_staff(user=user, direction="received")
    hand_off: HandOff = get_object_or_404(found, pk=hand_off_id)
    return hand_off


def hand_off_list_for_staff(*, user: User, direction: str = "") -> QuerySet[HandOff]:
    """Requests the user's platforms sent or received (``direction``: "sent", "received" or both), newest first."""
    _staff_only(user)
    found = _hand_offs()
    if user.is_superuser:
        return found
    platform_ids = platform_ids_for(user)
    received, sent = Q(owning_platform__in=platform_ids), Q(requesting_platform__in=platform_ids)
    if direction == "received":
        return found.filter(received)
    if direction == "sent":
        return found.filter(sent)
    return found.filter(received | sent)


def hand_off_for_staff(*, user: User, hand_off_id: int) -> HandOff:
    """One request of ``hand_off_list_for_staff``; any other is not found."""
    hand_off: HandOff = get_object_or_404(hand_off_list_for_staff(user=user), pk=hand_off_id)
    return hand_off


def hand_off_names_candidate(*, user: User, hand_off: HandOff) -> bool:
    """The candidate's platform names them; the requesting platform only once its request is accepted."""
    return user.is_superuser or hand_off.is_accepted or hand_off.owning_platform_id in platform_ids_for(user)


def hand_off_suggestion_for_staff(*, user: User, suggestion_id: int) -> MatchSuggestion | None:
    """A suggestion of a need of the user's platforms, with its need and candidate: what a request names."""
    suggestions = MatchSuggestion.objects.select_related("need__employer", "candidate")
    if not user.is_superuser:
        suggestions = suggestions.filter(need__employer__platform__in=platform_ids_for(user))
    return suggestions.filter(pk=suggestion_id).first()

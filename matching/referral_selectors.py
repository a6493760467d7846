"""What partners and the platform's staff read of partners' proposals.

A partner sees, for each person it proposed, a coarse status only: proposed, declined (with the platform's reason),
or, once accepted, how far the person went: in search, presented to an employer, in interview, in training, hired.
The employer is named once the person is hired by it; never the employer's assessments, answers' reasons or notes,
never any other candidate. The platform's staff read the proposals waiting for their decision.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_to_platforms
from accounts.models import User
from candidates.enums import CandidateStatus, ReferralStatus
from candidates.models import CandidateReferral
from candidates.referrals import referral_for_partner, referrals_for_partner
from matching.enums import PresentationStatus
from matching.models import Presentation


class ReferralProgress(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the platform")
    DECLINED = "declined", _("Declined by the platform")
    IN_SEARCH = "in_search", _("Accepted, in search")
    PRESENTED = "presented", _("Presented to an employer")
    IN_INTERVIEW = "in_interview", _("In interview")
    IN_TRAINING = "in_training", _("In pre-hiring training")
    HIRED = "hired", _("Hired")


# The presentation steps, from the furthest: the person's progress is that of their furthest presentation.
PROGRESS_BY_STEP = (
    (frozenset(PresentationStatus.hired_ever()), ReferralProgress.HIRED),
    (frozenset({PresentationStatus.IN_TRAINING}), ReferralProgress.IN_TRAINING),
    (
        frozenset({PresentationStatus.INTERVIEW_REQUESTED, PresentationStatus.INTERVIEW_SCHEDULED}),
        ReferralProgress.IN_INTERVIEW,
    ),
    (frozenset({PresentationStatus.PRESENTED}), ReferralProgress.PRESENTED),
)


@dataclass(frozen=True)
class ReferralRow:
    """One proposal as its partner reads it."""

    referral: CandidateReferral
    progress: ReferralProgress
    person: str  # the person's name while the platform keeps their profile; "" once it is anonymised or declined
    employer: str  # the employer's name once the person is hired by it, else ""

    @property
    def is_hired(self) -> bool:
        return self.progress == ReferralProgress.HIRED


def referral_progress(*, referral_status: str, presentation_statuses: list[str]) -> ReferralProgress:
    """The coarse status of a proposal from its own status and the statuses of the person's presentations."""
    if referral_status == ReferralStatus.PROPOSED:
        return ReferralProgress.PROPOSED
    if referral_status == ReferralStatus.DECLINED:
        return ReferralProgress.DECLINED
    statuses = set(presentation_statuses)
    for steps, progress in PROGRESS_BY_STEP:
        if statuses & steps:
            return progress
    return ReferralProgress.IN_SEARCH


def _rows(referrals: list[CandidateReferral]) -> list[ReferralRow]:
    candidate_ids = [referral.candidate_id for referral in referrals if referral.candidate_id is not None]
    statuses: dict[int, list[str]] = {}
    employers: dict[int, str] = {}
    presentations = Presentation.objects.filter(candidate_id__in=candidate_ids).order_by("pk")
    for candidate_id, status, employer in presentations.values_list(
        "candidate_id", "status", "need__employer__legal_name"
    ):
        statuses.setdefault(candidate_id, []).append(status)
        if status in PresentationStatus.hired_ever():
            employers[candidate_id] = employer
    rows = []
    for referral in referrals:
        candidate = referral.candidate
        progress = referral_progress(
            referral_status=referral.status, presentation_statuses=statuses.get(referral.candidate_id, [])
        )
        shown = candidate is not None and candidate.status != CandidateStatus.ANONYMISED
        rows.append(
            ReferralRow(
                referral=referral,
                progress=progress,
                person=f"{candidate.first_name} {candidate.last_name}" if shown else "",
                employer=employers.get(referral.candidate_id, "") if progress == ReferralProgress.HIRED else "",
            )
        )
    return rows


def referral_rows_for_partner(*, user: User) -> list[ReferralRow]:
    """The proposals of the user's partner organisation, newest first, with their coarse status."""
    return _rows(list(referrals_for_partner(user=user)))


def referral_row_for_partner(*, user: User, referral_id: int) -> ReferralRow:
    """One proposal of the user's partner; any other raises ``CandidateReferral.DoesNotExist``."""
    return _rows([referral_for_partner(user=user, referral_id=referral_id)])[0]


def referrals_waiting_for_staff(*, user: User) -> QuerySet[CandidateReferral]:
    """The proposals waiting for a decision on the user's platforms, oldest first."""
    waiting = CandidateReferral.objects.filter(status=ReferralStatus.PROPOSED)
    return (
        scope_to_platforms(waiting, user)
        .select_related("partner", "platform", "proposed_by", "candidate__commune")
        .prefetch_related("candidate__desired_occupations")
        .order_by("created_at", "pk")
    )


def referrals_decided_for_staff(*, user: User, limit: int = 30) -> list[CandidateReferral]:
    """The latest decided proposals of the user's platforms."""
    decided = CandidateReferral.objects.exclude(status=ReferralStatus.PROPOSED)
    return list(
        scope_to_platforms(decided, user)
        .select_related("partner", "platform", "decided_by", "candidate")
        .order_by("-decided_at", "-pk")[:limit]
    )


def referral_to_decide(*, user: User, referral_id: int) -> CandidateReferral:
    """A proposal of the user's platforms (any status); another raises ``CandidateReferral.DoesNotExist``."""
    return scope_to_platforms(CandidateReferral.objects.all(), user).get(pk=referral_id)

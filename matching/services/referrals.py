"""The platform's decision on a partner's proposal: accept it (the person becomes an active candidate, matched), or
decline it with a reason (the profile is anonymised through ``candidate_anonymise``, the referral keeps its status).

Only the staff of the referral's platform decide (a superuser too, from the admin): the platform decides every
proposal, as it decides every hand-off. A referral is decided once, under its row's lock.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import is_staff_of_platform
from accounts.models import User
from candidates.enums import CandidateStatus, ReferralStatus
from candidates.models import Candidate, CandidateReferral
from candidates.referral_models import DECLINE_REASON_MAX_LENGTH
from matching.personal_data import ErasureReason, candidate_anonymise
from matching.services.candidate_changes import candidate_matching_changed

logger = logging.getLogger(__name__)


def referral_may_decide(*, user: User, referral: CandidateReferral) -> bool:
    return bool(user.is_superuser or is_staff_of_platform(user, referral.platform_id))


def _locked_for_decision(referral: CandidateReferral, by: User) -> CandidateReferral:
    locked = CandidateReferral.objects.select_for_update().get(pk=referral.pk)
    if not referral_may_decide(user=by, referral=locked):
        raise ValidationError(_("Only the staff of the platform it was proposed to decide."), code="not_staff")
    if locked.status != ReferralStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."), code="decided")
    if locked.candidate_id is None:
        raise ValidationError(_("This proposal no longer has a profile to decide on."), code="no_candidate")
    return locked


@transaction.atomic
def referral_accept(*, referral: CandidateReferral, by: User) -> CandidateReferral:
    """Take the person on: their profile becomes active on the platform, followed by the advisor who accepts (when
    they are its staff), and is matched."""
    locked = _locked_for_decision(referral, by)
    candidate = Candidate.objects.select_for_update().get(pk=locked.candidate_id)
    if candidate.status != CandidateStatus.PROPOSED:
        raise ValidationError(_("This profile is no longer waiting for a decision."), code="not_proposed")
    candidate.status = CandidateStatus.ACTIVE
    candidate.last_contact_at = timezone.localdate()
    fields = ["status", "last_contact_at", "updated_at"]
    if candidate.advisor_id is None and is_staff_of_platform(by, candidate.platform_id):
        candidate.advisor = by
        fields.append("advisor")
    candidate.save(update_fields=fields)
    locked.status, locked.decided_by, locked.decided_at = ReferralStatus.ACCEPTED, by, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    candidate_matching_changed(candidate=candidate, by=by)
    logger.info("Referral %s accepted by user %s", locked.pk, by.pk)
    return locked


@transaction.atomic
def referral_decline(*, referral: CandidateReferral, by: User, reason: str) -> CandidateReferral:
    """Decline the proposal with a reason the partner reads; the person's profile is not kept: it is anonymised
    (``candidate_anonymise``, logged as ``erasure:referral_declined``) and the referral no longer points to it."""
    locked = _locked_for_decision(referral, by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason of the decline.")}, code="reason")
    candidate = Candidate.objects.get(pk=locked.candidate_id)
    candidate_anonymise(candidate=candidate, by=by, reason=ErasureReason.REFERRAL_DECLINED)
    locked.status, locked.decided_by, locked.decided_at = ReferralStatus.DECLINED, by, timezone.now()
    locked.decline_reason = reason[:DECLINE_REASON_MAX_LENGTH]
    locked.candidate = None
    locked.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "candidate"])
    logger.info("Referral %s declined by user %s", locked.pk, by.pk)
    return locked

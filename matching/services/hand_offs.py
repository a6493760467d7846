"""Hand-offs: asking another platform for one of its candidates, and that platform's answer.

The requesting platform sees only a pseudonymised card until the owning platform accepts; the owning platform's
staff contact the person first, and accept only with their agreement. Each request and answer is a ``HandOff`` row
(who, when, why), announced in its transaction (``matching.events``), on which notifications tells the other side
by e-mail.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import platform_ids_for
from accounts.models import User
from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching import events
from matching.access import candidate_is_workable
from matching.enums import HandOffStatus
from matching.models import HandOff
from matching.models.hand_offs import MESSAGE_MAX_LENGTH

logger = logging.getLogger(__name__)


def _is_staff_of(user: User, platform_id: int) -> bool:
    return user.is_superuser or platform_id in platform_ids_for(user)


@transaction.atomic
def hand_off_request(*, need: StaffingNeed, candidate: Candidate, message: str, by: User) -> HandOff:
    """Ask the candidate's platform for the candidate, for ``need``; the candidate's advisor (else the platform's
    managers) is told by e-mail."""
    requesting_platform_id = need.employer.platform_id
    if not _is_staff_of(by, requesting_platform_id):
        raise ValidationError(_("Only the staff of the need's platform ask for a candidate."), code="not_staff")
    if candidate.platform_id == requesting_platform_id or candidate_is_workable(
        user=by, need=need, candidate=candidate
    ):
        raise ValidationError(_("This candidate can already be worked for this need."), code="already_workable")
    if need.status != NeedStatus.OPEN:
        raise ValidationError(_("Only an open need can receive candidates."), code="need_not_open")
    if candidate.status != CandidateStatus.ACTIVE:
        raise ValidationError(_("Only an active candidate can be asked for."), code="candidate_not_active")
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Say why you ask for this candidate.")}, code="message")
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"message": _("Keep the message under %(count)d characters.") % {"count": MESSAGE_MAX_LENGTH}},
            code="message",
        )
    try:
        with transaction.atomic():
            hand_off = HandOff.objects.create(
                need=need,
                candidate=candidate,
                requesting_platform_id=requesting_platform_id,
                owning_platform_id=candidate.platform_id,
                message=message,
                requested_by=by,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("This candidate is already asked for, or handed off, for this need."), code="duplicate"
        ) from error
    events.hand_off_requested.send(sender=HandOff, hand_off_id=hand_off.pk)
    logger.info("Hand-off %s requested by user %s", hand_off.pk, by.pk)
    return hand_off


def _locked_for_answer(hand_off: HandOff, by: User) -> HandOff:
    locked = HandOff.objects.select_for_update().get(pk=hand_off.pk)
    if not _is_staff_of(by, locked.owning_platform_id):
        raise ValidationError(_("Only the candidate's platform answers this request."), code="not_owner")
    if locked.status != HandOffStatus.REQUESTED:
        raise ValidationError(_("This request has already been answered."), code="answered")
    return locked


@transaction.atomic
def hand_off_accept(*, hand_off: HandOff, candidate_agreed: bool, by: User) -> HandOff:
    """Hand the candidate to the requesting platform for that need, once the person has agreed."""
    locked = _locked_for_answer(hand_off, by)
    if not candidate_agreed:
        raise ValidationError(
            {"candidate_agreed": _("Contact the person first: accept only once they have agreed.")},
            code="not_agreed",
        )
    now = timezone.now()
    locked.status, locked.decided_by, locked.decided_at, locked.candidate_agreed_at = (
        HandOffStatus.ACCEPTED,
        by,
        now,
        now,
    )
    locked.save(update_fields=["status", "decided_by", "decided_at", "candidate_agreed_at"])
    events.hand_off_answered.send(sender=HandOff, hand_off_id=locked.pk, status=locked.status)
    logger.info("Hand-off %s accepted by user %s", locked.pk, by.pk)
    return locked


@transaction.atomic
def hand_off_decline(*, hand_off: HandOff, reason: str, by: User) -> HandOff:
    """Refuse the request, with a reason the requesting platform reads."""
    locked = _locked_for_answer(hand_off, by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason of the decline.")}, code="reason")
    locked.status, locked.decided_by, locked.decided_at, locked.decline_reason = (
        HandOffStatus.DECLINED,
        by,
        timezone.now(),
        reason[:255],
    )
    locked.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    events.hand_off_answered.send(sender=HandOff, hand_off_id=locked.pk, status=locked.status)
    logger.info("Hand-off %s declined by user %s", locked.pk, by.pk)
    return locked

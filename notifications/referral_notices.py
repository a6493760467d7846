"""The e-mail that tells a partner of a hire of a person it proposed (``REFERRAL_HIRED``), sent once per proposal.

It names the platform and the proposal's number, never the person: an e-mail leaves our control. The link leads to
the proposal's page, which checks who may see it.
"""

import logging

from candidates.enums import ReferralStatus
from candidates.models import CandidateReferral
from matching.enums import PresentationStatus
from matching.models import Presentation
from notifications.notices import link
from notifications.referral_kinds import REFERRAL_HIRED
from notifications.sending import notice_send

logger = logging.getLogger(__name__)


def referral_hire_notice_send(*, presentation_id: int) -> int:
    """Tell the partner who proposed the person hired by this presentation; returns the e-mails sent now."""
    presentation = (
        Presentation.objects.filter(pk=presentation_id, status__in=PresentationStatus.hired_ever())
        .values("candidate_id")
        .first()
    )
    if presentation is None:
        return 0
    referral = (
        CandidateReferral.objects.select_related("platform", "proposed_by")
        .filter(candidate_id=presentation["candidate_id"], status=ReferralStatus.ACCEPTED)
        .first()
    )
    if referral is None:
        return 0
    sent = 0
    for email in REFERRAL_HIRED.recipients(partner_id=referral.partner_id, proposed_by=referral.proposed_by):
        sent += notice_send(
            REFERRAL_HIRED,
            recipient=email,
            referral_id=referral.pk,
            platform=referral.platform.name,
            url=link("partners:referral_detail", referral.pk),
        )
    logger.info("Referral hire notices for referral %s: %d", referral.pk, sent)
    return sent

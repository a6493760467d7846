"""E-mails of hand-offs: the candidate's platform is told of a request, the requesting platform of the answer.

As every notice, each is recorded under a key before it is sent (a task delivered twice sends nothing) and names the
need and the platforms, never the candidate: the link leads to a page that checks who may see what.
"""

import logging

from django.utils.translation import gettext_lazy as _

from matching.enums import HandOffStatus
from matching.models import HandOff
from notifications.kinds import HAND_OFF_ANSWER, HAND_OFF_REQUEST
from notifications.notices import link
from notifications.sending import notice_send

logger = logging.getLogger(__name__)
# Formatted with the notice's context once translated (``notice_render``).
ANSWER_SUBJECTS = {
    HandOffStatus.ACCEPTED: _("Tremplin: %(platform)s handed you a candidate for “%(title)s”"),
    HandOffStatus.DECLINED: _("Tremplin: %(platform)s declined your request for “%(title)s”"),
}


def hand_off_request_notice_send(*, hand_off_id: int) -> int:
    """Tell the candidate's advisor (else the managers of the candidate's platform) that another platform asks for
    one of their candidates; returns the e-mails sent."""
    hand_off = (
        HandOff.objects.select_related("need", "requesting_platform", "candidate__advisor")
        .filter(pk=hand_off_id, status=HandOffStatus.REQUESTED)
        .first()
    )
    if hand_off is None:
        return 0
    sent = 0
    for email in HAND_OFF_REQUEST.recipients(user=hand_off.candidate.advisor, platform_id=hand_off.owning_platform_id):
        sent += notice_send(
            HAND_OFF_REQUEST,
            recipient=email,
            hand_off_id=hand_off.pk,
            platform=hand_off.requesting_platform.name,
            title=hand_off.need.title,
            url=link("staff:hand_off_list") + f"#hand-off-{hand_off.pk}",
        )
    logger.info("Hand-off request notices for %s: %d", hand_off_id, sent)
    return sent


def hand_off_answer_notice_send(*, hand_off_id: int) -> int:
    """Tell whoever asked (else the managers of the requesting platform) how the candidate's platform answered."""
    hand_off = (
        HandOff.objects.select_related("need", "owning_platform", "requested_by")
        .filter(pk=hand_off_id, status__in=[HandOffStatus.ACCEPTED, HandOffStatus.DECLINED])
        .first()
    )
    if hand_off is None:
        return 0
    accepted = hand_off.status == HandOffStatus.ACCEPTED
    sent = 0
    for email in HAND_OFF_ANSWER.recipients(user=hand_off.requested_by, platform_id=hand_off.requesting_platform_id):
        sent += notice_send(
            HAND_OFF_ANSWER,
            recipient=email,
            hand_off_id=hand_off.pk,
            status=hand_off.status,
            accepted=accepted,
            subject=ANSWER_SUBJECTS[hand_off.status],
            platform=hand_off.owning_platform.name,
            title=hand_off.need.title,
            url=link("staff:need_review", hand_off.need_id)
            if accepted
            else link("staff:hand_off_list") + f"#hand-off-{hand_off.pk}",
        )
    logger.info("Hand-off answer notices for %s: %d", hand_off_id, sent)
    return sent

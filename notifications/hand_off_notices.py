"""E-mails of hand-offs: the candidate's platform is told of a request, the requesting platform of the answer.

As every notice, each is recorded under a key before it is sent (a task delivered twice sends nothing) and names the
need and the platforms, never the candidate: the link leads to a page that checks who may see what.
"""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.enums import MembershipRole
from accounts.models import Membership
from matching.enums import HandOffStatus
from matching.models import HandOff
from notifications.notices import _link, _send_once

logger = logging.getLogger(__name__)


def _managers_of(platform_id: int) -> list[str]:
    return sorted(
        Membership.objects.filter(platform_id=platform_id, role=MembershipRole.MANAGER, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )


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
    advisor = hand_off.candidate.advisor
    recipients = (
        [advisor.email] if advisor is not None and advisor.is_active else _managers_of(hand_off.owning_platform_id)
    )
    params = {
        "platform": hand_off.requesting_platform.name,
        "title": hand_off.need.title,
        "url": _link("staff:hand_off_list") + f"#hand-off-{hand_off.pk}",
    }
    sent = 0
    for email in recipients:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Tremplin: %(platform)s asks for one of your candidates") % params
            body = (
                _(
                    "The platform %(platform)s asks for one of your candidates for “%(title)s”. Contact the person, "
                    "then accept or decline the request:\n%(url)s"
                )
                % params
            )
        sent += _send_once(key=f"hand-off-request:{hand_off.pk}:{email}", recipient=email, subject=subject, body=body)
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
    requester = hand_off.requested_by
    recipients = (
        [requester.email]
        if requester is not None and requester.is_active
        else _managers_of(hand_off.requesting_platform_id)
    )
    params = {
        "platform": hand_off.owning_platform.name,
        "title": hand_off.need.title,
        "url": _link("staff:need_review", hand_off.need_id),
    }
    sent = 0
    for email in recipients:
        with translation.override(settings.LANGUAGE_CODE):
            if hand_off.status == HandOffStatus.ACCEPTED:
                subject = _("Tremplin: %(platform)s handed you a candidate for “%(title)s”") % params
                body = (
                    _(
                        "The platform %(platform)s accepted your request: the candidate agreed and is now on the "
                        "review page of “%(title)s”, for that need only:\n%(url)s"
                    )
                    % params
                )
            else:
                subject = _("Tremplin: %(platform)s declined your request for “%(title)s”") % params
                body = _("The platform %(platform)s declined your request. The reason is on the hand-offs page.")
                body = body % params + "\n" + _link("staff:hand_off_list") + f"#hand-off-{hand_off.pk}"
        sent += _send_once(
            key=f"hand-off-answer:{hand_off.pk}:{hand_off.status}:{email}", recipient=email, subject=subject, body=body
        )
    logger.info("Hand-off answer notices for %s: %d", hand_off_id, sent)
    return sent

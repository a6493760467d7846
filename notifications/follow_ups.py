"""The six-month check after a hire: remind each advisor once when their candidates' checks fall due."""

import datetime
import hashlib
import logging

from django.db import transaction
from django.utils import timezone

from matching.models import Presentation
from notifications.kinds import FOLLOW_UP_REMINDER
from notifications.notices import link
from notifications.sending import notice_send

logger = logging.getLogger(__name__)


def follow_up_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each advisor the number of six-month checks now due for their candidates; return e-mails sent.

    Each hire is reminded once: it is claimed and its reminder recorded in one transaction, and a reminder the mail
    server refuses stays recorded for ``notices_retry``. The e-mail carries a count and a link to the to-do list, no
    personal data. Advisors who chose no such e-mail are not reminded (their hires wait, unclaimed).
    """
    today = today or timezone.localdate()
    to_do = link("admin:matching_presentation_changelist") + "?follow_up=due"
    sent = 0
    for email, presentation_ids in FOLLOW_UP_REMINDER.recipients(today=today):
        with transaction.atomic():
            claimed = sorted(
                Presentation.objects.select_for_update()
                .filter(pk__in=presentation_ids, follow_up_reminded_at__isnull=True)
                .values_list("pk", flat=True)
            )
            if not claimed:
                continue
            Presentation.objects.filter(pk__in=claimed).update(follow_up_reminded_at=timezone.now())
            batch = hashlib.sha256(",".join(map(str, claimed)).encode()).hexdigest()[:16]
            sent += notice_send(FOLLOW_UP_REMINDER, recipient=email, batch=batch, count=len(claimed), url=to_do)
    logger.info("Six-month check reminders sent: %d", sent)
    return sent

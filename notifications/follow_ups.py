"""The six-month check after a hire: remind each advisor once when their candidates' checks fall due."""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.enums import CandidateStatus
from matching.enums import PresentationStatus
from matching.models import Presentation

logger = logging.getLogger(__name__)


def follow_up_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each advisor the number of six-month checks now due for their candidates; return e-mails sent.

    Each hire is reminded once. The e-mail carries a count and a link to the to-do list, no personal data.
    An anonymised candidate's hire is never reminded: nobody may contact the person about it any more.
    """
    today = today or timezone.localdate()
    due = (
        Presentation.objects.filter(
            status=PresentationStatus.HIRED,
            follow_up_due_on__lte=today,
            followed_up_at__isnull=True,
            follow_up_reminded_at__isnull=True,
            candidate__advisor__isnull=False,
            candidate__anonymised_at__isnull=True,
        )
        .exclude(candidate__status=CandidateStatus.ANONYMISED)
        .values_list("pk", "candidate__advisor__email")
    )
    by_advisor: dict[str, list[int]] = defaultdict(list)
    for pk, email in due:
        by_advisor[email].append(pk)
    to_do = settings.TREMPLIN_BASE_URL + reverse("admin:matching_presentation_changelist") + "?follow_up=due"
    sent = 0
    for email, presentation_ids in sorted(by_advisor.items()):
        with transaction.atomic():
            claimed = Presentation.objects.filter(pk__in=presentation_ids, follow_up_reminded_at__isnull=True).update(
                follow_up_reminded_at=timezone.now()
            )
            if not claimed:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                send_mail(
                    subject=_("Tremplin: six-month checks to record"),
                    message=ngettext(
                        "%(count)d hire reached six months: record whether the person is still in work.\n%(url)s",
                        "%(count)d hires reached six months: record whether each person is still in work.\n%(url)s",
                        claimed,
                    )
                    % {"count": claimed, "url": to_do},
                    from_email=None,
                    recipient_list=[email],
                )
            sent += 1
    logger.info("Six-month check reminders sent: %d", sent)
    return sent

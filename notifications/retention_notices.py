"""The e-mails that tell advisors, or their platform's managers, which profiles will soon be anonymised for lack of
contact (the rule and its dates: ``matching.retention``)."""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import MembershipRole
from accounts.models import Membership
from candidates.models import Candidate
from matching.retention import (
    NOTICE_BEFORE,
    RETENTION_LIST_QUERY,
    RETENTION_PERIOD,
    anonymisation_due_on,
    candidates_not_anonymised,
    retention_moment,
    retention_notices_reset_when_contacted,
)
from notifications.notices import _send_once

logger = logging.getLogger(__name__)


def retention_notices_send(*, today: datetime.date | None = None) -> int:
    """Tell advisors (or, for profiles without one, the platform's managers) which of their profiles will be
    anonymised for lack of contact, and on which day; mark those profiles as told. Return the e-mails sent.

    One e-mail per recipient and day (a ``Notice`` key): a second run on the same day sends nothing again. A profile
    is marked only when at least one of its recipients got an e-mail in this run, so none is anonymised untold; the
    e-mails and the marks are written in one transaction (a failed run marks nothing and is run again).
    """
    today = today or timezone.localdate()
    retention_notices_reset_when_contacted()
    due = candidates_not_anonymised().filter(
        retention_notice_sent_at__isnull=True, last_contact_at__lte=today - (RETENTION_PERIOD - NOTICE_BEFORE)
    )
    rows = list(
        due.values_list("pk", "platform_id", "last_contact_at", "advisor__email", "advisor__is_active").order_by("pk")
    )
    if not rows:
        return 0
    managers: dict[int, list[str]] = defaultdict(list)
    for platform_id, email in Membership.objects.filter(
        role=MembershipRole.MANAGER, user__is_active=True, platform_id__in={row[1] for row in rows}
    ).values_list("platform_id", "user__email"):
        managers[platform_id].append(email)

    # recipient -> {candidate id: anonymisation day}
    by_recipient: dict[str, dict[int, datetime.date]] = defaultdict(dict)
    untold: dict[int, int] = defaultdict(int)
    earliest = today + NOTICE_BEFORE
    for pk, platform_id, last_contact_at, advisor_email, advisor_is_active in rows:
        recipients = [advisor_email] if advisor_email and advisor_is_active else managers[platform_id]
        if not recipients:
            untold[platform_id] += 1
        for email in recipients:
            by_recipient[email][pk] = max(anonymisation_due_on(last_contact_at), earliest)
    for platform_id, count in sorted(untold.items()):
        logger.warning("Retention: %d profiles of platform %s have no advisor or manager to tell", count, platform_id)

    link = settings.TREMPLIN_BASE_URL + reverse("admin:candidates_candidate_changelist") + RETENTION_LIST_QUERY
    sent = 0
    told: set[int] = set()
    with transaction.atomic():
        for email, days in sorted(by_recipient.items()):
            subject, body = _notice_text(days, link)
            if _send_once(key=f"retention:{today.isoformat()}:{email}", recipient=email, subject=subject, body=body):
                sent += 1
                told.update(days)
        Candidate.objects.filter(pk__in=told, retention_notice_sent_at__isnull=True).update(
            retention_notice_sent_at=retention_moment(today)
        )
    logger.info("Retention notices: %d e-mails, %d profiles", sent, len(told))
    return sent


def _notice_text(days: dict[int, datetime.date], link: str) -> tuple[str, str]:
    by_day: dict[datetime.date, int] = defaultdict(int)
    for day in days.values():
        by_day[day] += 1
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Tremplin: candidate profiles to be anonymised")
        lines = [
            ngettext(
                "%(count)d candidate profile in your care has had no contact for nearly two years. Unless the "
                "person is contacted before (record the contact on the profile), it will be anonymised:",
                "%(count)d candidate profiles in your care have had no contact for nearly two years. Unless each "
                "person is contacted before (record the contact on the profile), they will be anonymised:",
                len(days),
            )
            % {"count": len(days)},
            *(
                ngettext("- %(count)d on %(day)s", "- %(count)d on %(day)s", count)
                % {"count": count, "day": day.strftime("%d/%m/%Y")}
                for day, count in sorted(by_day.items())
            ),
            "",
            link,
        ]
    return str(subject), "\n".join(lines)

"""The e-mails that tell advisors, or their platform's managers, which profiles will soon be anonymised for lack of
contact (the rule and its dates: ``matching.retention``)."""

import datetime
import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

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
from notifications.kinds import RETENTION
from notifications.notices import link
from notifications.sending import notice_send

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
    profiles = list(
        due.values_list("pk", "platform_id", "advisor__email", "advisor__is_active", "last_contact_at").order_by("pk")
    )
    if not profiles:
        return 0
    by_recipient = RETENTION.recipients(profiles=[profile[:4] for profile in profiles])
    told_of = {pk for pks in by_recipient.values() for pk in pks}
    untold: dict[int, int] = defaultdict(int)
    for pk, platform_id, *_rest in profiles:
        if pk not in told_of:
            untold[platform_id] += 1
    for platform_id, count in sorted(untold.items()):
        logger.warning("Retention: %d profiles of platform %s have no advisor or manager to tell", count, platform_id)

    earliest = today + NOTICE_BEFORE
    days = {pk: max(anonymisation_due_on(last_contact_at), earliest) for pk, *_rest, last_contact_at in profiles}
    url = link("admin:candidates_candidate_changelist") + RETENTION_LIST_QUERY
    sent = 0
    told: set[int] = set()
    with transaction.atomic():
        for email, pks in by_recipient.items():
            by_day: dict[datetime.date, int] = defaultdict(int)
            for pk in pks:
                by_day[days[pk]] += 1
            if notice_send(
                RETENTION,
                recipient=email,
                today_iso=today.isoformat(),
                count=len(pks),
                days=[(day.strftime("%d/%m/%Y"), count) for day, count in sorted(by_day.items())],
                url=url,
            ):
                sent += 1
                told.update(pks)
        Candidate.objects.filter(pk__in=told, retention_notice_sent_at__isnull=True).update(
            retention_notice_sent_at=retention_moment(today)
        )
    logger.info("Retention notices: %d e-mails, %d profiles", sent, len(told))
    return sent

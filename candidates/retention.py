"""The retention period of candidate profiles (RGPD, CNIL guidance): two years after the last contact, anonymise.

The rule, in days so that it has no calendar ambiguity (29 February, months of different lengths):

- a profile last contacted on day D is **due for anonymisation on D + 730 days** (``RETENTION_PERIOD``), the first
  day on which two full years (730 days) without contact have passed;
- its advisor is **told on D + 700 days** (``NOTICE_BEFORE`` = 30 days earlier), with the date;
- it is anonymised on its due day, **but never less than 30 days after the notice**: a notice sent late (the task
  did not run, or the profile was already older than that) postpones the anonymisation to the notice's day + 30;
- a contact recorded after the notice (``last_contact_at`` moved so that the notice's day falls before the new
  notice day) spares the profile: the notice is reset, and a new one will be sent when the new period ends.

Who is told: the profile's advisor; for a profile without an active advisor, the platform's managers. One e-mail
per person and day, with counts, dates and a link to the list of profiles to contact: never a name.
Anonymised profiles keep the rows that statistics count (see ``candidates.personal_data``).
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import MembershipRole
from accounts.models import Membership
from candidates.enums import CandidateStatus
from candidates.models import Candidate
from candidates.personal_data import ErasureReason, candidate_anonymise

logger = logging.getLogger(__name__)

RETENTION_PERIOD = datetime.timedelta(days=730)
"""How long a profile is kept after the last contact: two years, counted as 730 days."""

NOTICE_BEFORE = datetime.timedelta(days=30)
"""How long before the anonymisation the advisor is told, and the least time between the notice and it."""

RETENTION_LIST_QUERY = "?retention=notified"
"""The admin list filter (``candidates.admin_personal_data.RetentionFilter``) of profiles whose notice was sent."""


def anonymisation_due_on(last_contact_at: datetime.date) -> datetime.date:
    """The first day on which a profile last contacted on ``last_contact_at`` is anonymised (if told in time)."""
    return last_contact_at + RETENTION_PERIOD


def retention_notice_due_on(last_contact_at: datetime.date) -> datetime.date:
    """The day the advisor of a profile last contacted on ``last_contact_at`` is told."""
    return anonymisation_due_on(last_contact_at) - NOTICE_BEFORE


def _moment(today: datetime.date) -> datetime.datetime:
    """Now's time of day on ``today``: now itself in production, a moved clock in tests."""
    return timezone.make_aware(datetime.datetime.combine(today, timezone.localtime().time()))


def _not_anonymised() -> QuerySet[Candidate]:
    return Candidate.objects.exclude(status=CandidateStatus.ANONYMISED)


def retention_notices_reset_when_contacted() -> int:
    """Forget the notices made stale by a later contact; return how many. A handful of rows: read in Python."""
    noticed = _not_anonymised().filter(retention_notice_sent_at__isnull=False)
    stale = [
        pk
        for pk, last_contact_at, sent_at in noticed.values_list("pk", "last_contact_at", "retention_notice_sent_at")
        if timezone.localdate(sent_at) < retention_notice_due_on(last_contact_at)
    ]
    if stale:
        Candidate.objects.filter(pk__in=stale).update(retention_notice_sent_at=None)
    logger.info("Retention notices reset after a contact: %d", len(stale))
    return len(stale)


def retention_notices_send(*, today: datetime.date | None = None) -> int:
    """Tell advisors (or, for profiles without one, the platform's managers) which of their profiles will be
    anonymised for lack of contact, and on which day; mark those profiles as told. Return the e-mails sent.

    One e-mail per recipient and day (a ``Notice`` key): a second run on the same day sends nothing again. A profile
    is marked only when at least one of its recipients got an e-mail in this run, so none is anonymised untold; the
    e-mails and the marks are written in one transaction (a failed run marks nothing and is run again).
    """
    from matching.services.notices import _send_once

    today = today or timezone.localdate()
    retention_notices_reset_when_contacted()
    due = _not_anonymised().filter(
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
            retention_notice_sent_at=_moment(today)
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


def candidates_anonymise_expired(*, today: datetime.date | None = None) -> int:
    """Anonymise the profiles without contact for ``RETENTION_PERIOD`` whose notice is ``NOTICE_BEFORE`` old or
    more; return how many. A profile contacted since its notice is spared and its notice reset.

    Each profile is locked and checked again in its own transaction, so a contact recorded meanwhile wins, and a
    failure leaves the others done (a second run does the rest; done profiles are not found again).
    """
    today = today or timezone.localdate()
    retention_notices_reset_when_contacted()
    # Noticed on or before the day ``today - NOTICE_BEFORE``: before the next day's midnight.
    noticed_before = timezone.make_aware(
        datetime.datetime.combine(today - NOTICE_BEFORE + datetime.timedelta(days=1), datetime.time.min)
    )
    expired = _not_anonymised().filter(
        last_contact_at__lte=today - RETENTION_PERIOD, retention_notice_sent_at__lt=noticed_before
    )
    done = 0
    for pk in expired.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            candidate = expired.select_for_update().filter(pk=pk).first()
            if candidate is None:
                continue
            candidate_anonymise(candidate=candidate, by=None, reason=ErasureReason.RETENTION)
            done += 1
    logger.info("Profiles anonymised after the retention period: %d", done)
    return done

"""The retention period of candidate profiles (RGPD, CNIL guidance): two years after the last contact, anonymise.

The rule, in days so that it has no calendar ambiguity (29 February, months of different lengths):

- a profile last contacted on day D is **due for anonymisation on D + 730 days** (``RETENTION_PERIOD``), the first
  day on which two full years (730 days) without contact have passed;
- its advisor is **told on D + 700 days** (``NOTICE_BEFORE`` = 30 days earlier), with the date;
- it is anonymised on its due day, **but never less than 30 days after the notice**: a notice sent late (the task
  did not run, or the profile was already older than that) postpones the anonymisation to the notice's day + 30;
- a contact recorded after the notice (``last_contact_at`` moved so that the notice's day falls before the new
  notice day) spares the profile: the notice is reset, and a new one will be sent when the new period ends.

Who is told (``notifications.retention_notices``): the profile's advisor; for a profile without an active advisor,
the platform's managers. One e-mail per person and day, with counts, dates and a link to the list of profiles to
contact: never a name.
Anonymised profiles keep the rows that statistics count (see ``matching.personal_data``).
"""

import datetime
import logging

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from candidates.enums import CandidateStatus
from candidates.models import Candidate
from matching.personal_data import ErasureReason, candidate_anonymise

logger = logging.getLogger(__name__)

RETENTION_PERIOD = datetime.timedelta(days=730)
"""How long a profile is kept after the last contact: two years, counted as 730 days."""

NOTICE_BEFORE = datetime.timedelta(days=30)
"""How long before the anonymisation the advisor is told, and the least time between the notice and it."""

RETENTION_LIST_QUERY = "?retention=notified"
"""The admin list filter of profiles whose notice was sent (``staff.admin.candidate_personal_data``)."""


def anonymisation_due_on(last_contact_at: datetime.date) -> datetime.date:
    """The first day on which a profile last contacted on ``last_contact_at`` is anonymised (if told in time)."""
    return last_contact_at + RETENTION_PERIOD


def retention_notice_due_on(last_contact_at: datetime.date) -> datetime.date:
    """The day the advisor of a profile last contacted on ``last_contact_at`` is told."""
    return anonymisation_due_on(last_contact_at) - NOTICE_BEFORE


def retention_moment(today: datetime.date) -> datetime.datetime:
    """Now's time of day on ``today``: now itself in production, a moved clock in tests."""
    return timezone.make_aware(datetime.datetime.combine(today, timezone.localtime().time()))


def candidates_not_anonymised() -> QuerySet[Candidate]:
    return Candidate.objects.exclude(status=CandidateStatus.ANONYMISED)


def retention_notices_reset_when_contacted() -> int:
    """Forget the notices made stale by a later contact; return how many. A handful of rows: read in Python."""
    noticed = candidates_not_anonymised().filter(retention_notice_sent_at__isnull=False)
    stale = [
        pk
        for pk, last_contact_at, sent_at in noticed.values_list("pk", "last_contact_at", "retention_notice_sent_at")
        if timezone.localdate(sent_at) < retention_notice_due_on(last_contact_at)
    ]
    if stale:
        Candidate.objects.filter(pk__in=stale).update(retention_notice_sent_at=None)
    logger.info("Retention notices reset after a contact: %d", len(stale))
    return len(stale)


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
    expired = candidates_not_anonymised().filter(
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

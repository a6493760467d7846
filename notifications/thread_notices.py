"""E-mails about needs' threads: a message is waiting for the other side.

Each recipient chose how often they hear of it (``NEED_MESSAGE`` for employers' members, ``NEED_MESSAGE_STAFF`` for
the platform's staff): an e-mail each time, one summary a day, or none. The e-mail names the need and links to its
thread; it never copies the message, which may name a candidate (``notifications.kinds``). Each e-mail is recorded
under a key: a task delivered twice sends nothing more.
"""

import datetime
import logging
from collections import defaultdict

from django.utils import timezone

from matching.enums import MessageSide
from matching.models import NeedMessage
from notifications.enums import NoticeFrequency
from notifications.kinds import NEED_MESSAGE, NEED_MESSAGE_DAILY_DIGEST, NEED_MESSAGE_STAFF
from notifications.notices import link
from notifications.sending import notice_send

logger = logging.getLogger(__name__)


def thread_link(message: NeedMessage) -> str:
    """The thread's page on the recipient's side: the portal for the employer, the staff workspace for staff."""
    if message.side == MessageSide.PLATFORM:
        return link("portal:need_thread", message.need_id)
    return link("staff:need_thread", message.need_id)


def _messages() -> object:
    return NeedMessage.objects.select_related("need__employer__platform")


def need_message_notice_send(*, message_id: int) -> int:
    """Tell the other side of the thread, those who want an e-mail each time, that ``message_id`` waits; return
    e-mails sent."""
    message = _messages().filter(pk=message_id).first()
    if message is None:
        return 0
    kind = NEED_MESSAGE if message.side == MessageSide.PLATFORM else NEED_MESSAGE_STAFF
    url = thread_link(message)
    sent = 0
    for email in kind.recipients(message=message, frequency=NoticeFrequency.EACH):
        sent += notice_send(kind, recipient=email, message_id=message.pk, title=message.need.title, url=url)
    logger.info("Message notices sent for message %s: %d", message_id, sent)
    return sent


def need_message_daily_digest_send(*, day: datetime.date | None = None) -> int:
    """E-mail each person who chose the daily summary how many messages waited for them on ``day`` (yesterday by
    default), need by need; one e-mail per person and day, none when there were none."""
    day = day or timezone.localdate() - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    by_recipient: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for message in _messages().filter(created_at__gte=start, created_at__lt=end).order_by("pk"):
        for email in NEED_MESSAGE_DAILY_DIGEST.recipients(message=message, frequency=NoticeFrequency.DAILY):
            by_recipient[email][(message.need.title, thread_link(message))] += 1
    sent = 0
    for email, needs in sorted(by_recipient.items()):
        rows = sorted((title, url, count) for (title, url), count in needs.items())
        sent += notice_send(
            NEED_MESSAGE_DAILY_DIGEST,
            recipient=email,
            day=day.strftime("%d/%m/%Y"),
            day_iso=day.isoformat(),
            count=sum(count for _title, _url, count in rows),
            needs=rows,
        )
    logger.info("Daily message summaries sent for %s: %d", day.isoformat(), sent)
    return sent

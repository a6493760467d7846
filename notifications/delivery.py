"""Sending e-mail notices, and sending again those that could not be sent: none is ever dropped.

This is the one module that hands e-mail to Django's mail code (a codebase test holds it): every notice is declared
in ``notifications.kinds`` and rendered by ``notifications.sending``.

A notice (``notifications.models.Notice``) is recorded under its key, with its subject and bodies (text, and HTML sent
as its alternative part), and then sent. When
sending fails (the mail server out of reach, a recipient refused, anything the server or Django's mail code
refuses), the notice stays with its error and its count of attempts, and ``notices_retry``, run by the beat every
minute, sends it again once due: 1, 2, 4… minutes after each failure, at most ``RETRY_MAX`` apart. The task that
recorded it ends normally, so the broker does not deliver it again. Once sent, the subject and bodies are blanked:
the key and the recipient are the record of what was sent.

Logs carry the notice's id and the error's kind, never the address (an SMTP refusal names it); the row keeps the
error's text for superusers (``NoticeAdmin``).
"""

import datetime
import logging
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.interview_attachments import interview_attachments
from notifications.link_delivery import notice_secrets_fill
from notifications.models import Notice

logger = logging.getLogger(__name__)

RETRY_FIRST = datetime.timedelta(minutes=1)
RETRY_MAX = datetime.timedelta(hours=6)
# A notice is sent right after it is recorded; the retry leaves it alone that long, so that it is not sent twice.
FIRST_SEND_LEASE = datetime.timedelta(minutes=5)
RETRY_BATCH = 100
SUBJECT_MAX_LENGTH = 400
# The server out of reach: the rest of the batch waits for the next run instead of failing one by one.
SERVER_OUT_OF_REACH = (ConnectionError, TimeoutError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)


def header_text(text: object) -> str:
    """Text on one line, as an e-mail header must be: a need title stored with a line break still fits."""
    return " ".join(str(text).split())


def notice_record(
    *, key: str, recipient: str, subject: str, body: str, html_body: str = "", kind: str = ""
) -> Notice | None:
    """Record the notice to send under ``key``; ``None`` when one was already recorded under it."""
    try:
        with transaction.atomic():
            return Notice.objects.create(
                key=key,
                kind=kind,
                recipient=recipient,
                subject=header_text(subject)[:SUBJECT_MAX_LENGTH],
                body=str(body),
                html_body=str(html_body),
                sent_at=None,
                next_attempt_at=timezone.now() + FIRST_SEND_LEASE,
            )
    except IntegrityError:
        return None


def _deliver(notice: Notice, moment: datetime.datetime) -> Exception | None:
    attempts = notice.attempts + 1
    try:
        # A secret (a candidate's link) is written into the bodies only now, never into the recorded row.
        body, html_body = notice_secrets_fill(
            kind=notice.kind, key=notice.key, body=notice.body, html_body=notice.html_body
        )
        message = EmailMultiAlternatives(subject=notice.subject, body=body, to=[notice.recipient])
        if html_body:
            message.attach_alternative(html_body, "text/html")
        # Files (an interview's calendar) are built again now from the key: the recorded row holds none.
        for name, content, mimetype in interview_attachments(
            kind=notice.kind, key=notice.key, recipient=notice.recipient
        ):
            message.attach(name, content, mimetype)
        message.send()
    except Exception as error:  # whatever the failure, the notice is kept and tried again
        delay = min(RETRY_FIRST * 2 ** (attempts - 1), RETRY_MAX)
        Notice.objects.filter(pk=notice.pk).update(
            attempts=attempts, last_error=f"{type(error).__name__}: {error}"[:2000], next_attempt_at=moment + delay
        )
        kind = type(error).__name__
        logger.warning("Notice %s not sent (attempt %d, %s): tried again later", notice.pk, attempts, kind)
        return error
    Notice.objects.filter(pk=notice.pk).update(
        sent_at=timezone.now(),
        attempts=attempts,
        last_error="",
        next_attempt_at=None,
        subject="",
        body="",
        html_body="",
    )
    return None


def notice_deliver(*, notice: Notice) -> bool:
    """Send a recorded notice now; on failure keep it, with its error, for ``notices_retry``. True if sent."""
    return _deliver(notice, timezone.now()) is None


def notices_retry(*, now: datetime.datetime | None = None) -> int:
    """Send the notices not sent yet whose next attempt is due; return how many were sent.

    The rows are locked while they are sent (a second run at the same time skips them).
    """
    moment = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = list(
            Notice.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, next_attempt_at__lte=moment)
            .order_by("next_attempt_at", "pk")[:RETRY_BATCH]
        )
        for notice in due:
            error = _deliver(notice, moment)
            if error is None:
                sent += 1
            elif isinstance(error, SERVER_OUT_OF_REACH):
                break
    if due:
        logger.info("Notices retried: %d of %d sent", sent, len(due))
    return sent

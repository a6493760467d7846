"""Tasks sent after a commit that are not lost when the broker is out of reach.

A change that the workers must act on (candidates presented: the employer is told; an employer's answer: the
advisor is told) records the task in its own transaction (``TaskToSend``) and sends it once the transaction has
committed, then deletes the row. When Redis is down or restarting at that moment, the change still stands, the
caller gets no error, and the row stays: ``tasks_to_send_flush``, run by the beat every minute, sends again the rows
older than ``RESEND_AFTER``, so within two minutes of Redis coming back. A task may so be sent twice (sent, then the
process dies before the row is deleted): every task sent this way is idempotent (``notifications.notices``
records each e-mail under a key).

Runs do not need this: their state is in their own rows, and ``match_run_reconcile`` sends again those left queued or
silent.
"""

import datetime
import logging

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications.models import TaskToSend

logger = logging.getLogger(__name__)

# Long enough for the send right after the commit to have happened (or failed) first.
RESEND_AFTER = datetime.timedelta(minutes=1)
# Rows sent by one flush: a backlog after a long outage goes out over a few minutes, not in one burst.
FLUSH_BATCH = 500


def task_send_after_commit(task_name: str, *arguments: int | str) -> TaskToSend:
    """Promise ``task_name(*arguments)`` in the current transaction, and send it once the transaction commits."""
    promised = TaskToSend.objects.create(task_name=task_name, arguments=list(arguments))
    # Robust: with the broker out of reach the change still stands, the caller gets no error, the row stays.
    transaction.on_commit(lambda: _send(promised), robust=True)
    return promised


def _send(promised: TaskToSend) -> None:
    # By name: a web process has not imported the tasks' modules, and needs not.
    current_app.send_task(promised.task_name, args=promised.arguments)
    TaskToSend.objects.filter(pk=promised.pk).delete()


def tasks_to_send_flush(*, now: datetime.datetime | None = None) -> int:
    """Send again the tasks promised more than ``RESEND_AFTER`` ago and never taken; returns how many were sent.

    The rows are locked while they are sent (a second flush at the same time skips them). The broker out of reach
    stops the flush: the rows left wait for the next one. Any other error is the row's own: it is counted in its
    ``attempts``, logged, and the flush goes on with the next row.
    """
    moment = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = list(
            TaskToSend.objects.select_for_update(skip_locked=True)
            .filter(created_at__lte=moment - RESEND_AFTER)
            .order_by("pk")[:FLUSH_BATCH]
        )
        for promised in due:
            try:
                # A savepoint each: a row's own database error leaves the flush's transaction usable.
                with transaction.atomic():
                    _send(promised)
            except Exception as error:
                TaskToSend.objects.filter(pk=promised.pk).update(attempts=F("attempts") + 1)
                if isinstance(error, OperationalError):
                    logger.warning("Broker out of reach: %d task(s) kept to send later", len(due) - sent)
                    break
                logger.exception("Task to send %s (%s) could not be sent", promised.pk, promised.task_name)
                continue
            sent += 1
    if sent:
        logger.info("Sent %d task(s) promised after a commit and not taken then", sent)
    return sent

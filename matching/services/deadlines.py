"""The deadlines of a presentation the employer leaves unanswered: a reminder, an alert, then the expiry.

``presentation_deadlines_apply`` is the periodic job (``matching.tasks``), with ``now`` passed in by tests. For each
step it claims the presentations due under their row locks, records the step on them and announces it, need by need
(``matching.events``), in one transaction per need: ``notifications`` promises the e-mails in that transaction
(its outbox), keyed so that each is sent once. A presentation answered, ended or already past the step by the time
its lock is taken is left alone, so a job run twice, or two at once, takes each step once. The rules and their
reasons: ``docs/adr/0010-employer-deadlines.md``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import deadline_selectors, events
from matching.enums import PresentationStatus
from matching.models import Presentation
from matching.services.needs import need_matching_changed
from matching.services.presentations import step_record, transition_check

Status = PresentationStatus


@dataclass(frozen=True)
class DeadlinesApplied:
    """The presentations each step took, by id."""

    expired: list[int]
    alerted: list[int]
    reminded: list[int]


@transaction.atomic
def presentation_expire(*, presentation: Presentation, now: datetime.datetime | None = None) -> Presentation:
    """End a presentation the employer has not answered: the system's step, with no user, recorded with its reason.

    The presentation holds no seat any more, the person may be proposed again, and staff may reopen it
    (``presentation_reopen``), which presents it anew. Refused unless it is still waiting for the employer.
    """
    now = now or timezone.now()
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    transition_check(locked, Status.EXPIRED, by_system=True)
    from_status = locked.status
    reason = _("Not answered by the employer in time")
    locked.status, locked.reason, locked.closed_at, locked.decline_scope = Status.EXPIRED, reason, now, ""
    locked.save(update_fields=["status", "reason", "closed_at", "decline_scope"])
    step_record(locked, from_status, None, reason)
    need = locked.need
    # The person left the need's workflow: its suggestions and proposals are computed again.
    transaction.on_commit(lambda: need_matching_changed(need=need, by=None))
    return locked


def _by_need(due: QuerySet[Presentation]) -> list[tuple[int, list[int]]]:
    rows = due.values_list("need_id", "pk")
    return [(need_id, [pk for _need, pk in group]) for need_id, group in groupby(rows, key=lambda row: row[0])]


def _claim(
    due: QuerySet[Presentation], signal: Signal, stamp: Callable[[QuerySet[Presentation]], object]
) -> list[int]:
    """Claim, need by need, the presentations still due under their locks, stamp them and announce the step."""
    taken = []
    for need_id, ids in _by_need(due):
        with transaction.atomic():
            # Locked, then read again: a row stamped or answered meanwhile no longer matches and is skipped.
            claimed = list(due.filter(pk__in=ids).select_for_update(of=("self",)).values_list("pk", flat=True))
            if not claimed:
                continue
            stamp(Presentation.objects.filter(pk__in=claimed))
            signal.send(sender=Presentation, need_id=need_id, presentation_ids=claimed)
        taken.extend(claimed)
    return taken


def presentations_expire(*, now: datetime.datetime) -> list[int]:
    """Expire every presentation unanswered for its platform's ``presentation_expiry_days``."""
    expired = []
    due = deadline_selectors.presentations_to_expire(now=now)
    for need_id, ids in _by_need(due):
        with transaction.atomic():
            done = []
            for pk in ids:
                if not list(due.filter(pk=pk).select_for_update(of=("self",)).values_list("pk", flat=True)):
                    continue
                try:
                    presentation_expire(presentation=Presentation(pk=pk), now=now)
                except ValidationError:
                    continue
                done.append(pk)
            if done:
                events.presentations_expired.send(sender=Presentation, need_id=need_id, presentation_ids=done)
        expired.extend(done)
    return expired


def employer_reminders_record(*, now: datetime.datetime) -> list[int]:
    """Stamp and announce the reminders due: the employer's members are reminded once per presentation."""
    return _claim(
        deadline_selectors.presentations_to_remind(now=now),
        events.employer_reminder_due,
        lambda rows: rows.update(employer_reminded_at=now),
    )


def advisor_alerts_record(*, now: datetime.datetime) -> list[int]:
    """Stamp and announce the alerts due: the candidates' advisors are told once per presentation."""
    return _claim(
        deadline_selectors.presentations_to_alert(now=now),
        events.advisor_alert_due,
        lambda rows: rows.update(advisor_alerted_at=now),
    )


def presentation_deadlines_apply(*, now: datetime.datetime | None = None) -> DeadlinesApplied:
    """Take every step due: expiries first (an expired presentation needs no reminder), then the alerts (only for
    presentations reminded by an earlier run), then the reminders."""
    now = now or timezone.now()
    return DeadlinesApplied(
        expired=presentations_expire(now=now),
        alerted=advisor_alerts_record(now=now),
        reminded=employer_reminders_record(now=now),
    )

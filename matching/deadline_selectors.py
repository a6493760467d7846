"""Which presented candidates have waited too long for the employer's answer, by the deadlines of the need's
platform (``accounts.Platform``; ``docs/adr/0010-employer-deadlines.md``).

A presentation waits while it is ``PRESENTED``: any answer of the employer (an interview asked, a decline) or any end
moves it on. Its clock starts at ``presented_at`` (set again when a presentation is presented anew after being
reopened). Working days are Monday to Friday but public holidays (``referentials.calendar``); the expiry counts
calendar days. The reads are for the system's deadlines, not for a user: they are not scoped.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Platform
from matching.enums import PresentationStatus
from matching.models import Presentation
from referentials.calendar import working_days_before


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _per_platform(cutoff: dict[int, datetime.datetime]) -> Q:
    """Presented before the cutoff of the need's platform; nothing when there is no platform."""
    condition = Q(pk__in=[])
    for platform_id, moment in cutoff.items():
        condition |= Q(need__employer__platform_id=platform_id, presented_at__lt=moment)
    return condition


def _waiting() -> QuerySet[Presentation]:
    return Presentation.objects.filter(status=PresentationStatus.PRESENTED, presented_at__isnull=False)


def presentations_to_expire(*, now: datetime.datetime) -> QuerySet[Presentation]:
    """Waiting for ``presentation_expiry_days`` calendar days or more."""
    cutoff = {
        platform_id: now - datetime.timedelta(days=days) + datetime.timedelta(microseconds=1)
        for platform_id, days in Platform.objects.values_list("pk", "presentation_expiry_days")
    }
    return _waiting().filter(_per_platform(cutoff)).order_by("need_id", "pk")


def presentations_to_remind(*, now: datetime.datetime) -> QuerySet[Presentation]:
    """Waiting since before the ``employer_reminder_working_days``-th working day before today, not reminded yet."""
    today = timezone.localdate(now)
    cutoff = {
        platform_id: _start_of(working_days_before(today, days))
        for platform_id, days in Platform.objects.values_list("pk", "employer_reminder_working_days")
    }
    return _waiting().filter(_per_platform(cutoff), employer_reminded_at__isnull=True).order_by("need_id", "pk")


def presentations_to_alert(*, now: datetime.datetime) -> QuerySet[Presentation]:
    """Reminded, and waiting for twice the reminder's working days: the advisor is alerted, once."""
    today = timezone.localdate(now)
    cutoff = {
        platform_id: _start_of(working_days_before(today, 2 * days))
        for platform_id, days in Platform.objects.values_list("pk", "employer_reminder_working_days")
    }
    return (
        _waiting()
        .filter(_per_platform(cutoff), employer_reminded_at__isnull=False, advisor_alerted_at__isnull=True)
        .order_by("need_id", "pk")
    )

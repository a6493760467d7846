"""Open needs without activity (``docs/adr/0010-employer-deadlines.md``).

A need's last activity is the latest of: its last save (``updated_at``: any edit of its details, requirements or
training), its last status change (``status_changed_at``), the last step of any of its presentations (shortlisted,
presented, answered, ended: ``PresentationTransition.at``) and the last time staff confirmed it still open
(``NeedStaleness.confirmed_at``). An open need whose last activity is ``STALE_AFTER`` old or more is stale; it is
flagged to its platform once per staleness period: again only after some activity ended the previous one.
"""

import datetime

from django.db.models import DateTimeField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.models import PresentationTransition

STALE_AFTER = datetime.timedelta(days=60)


def needs_with_last_activity() -> QuerySet[StaffingNeed]:
    """Open needs, each annotated with ``last_activity`` (never null: ``updated_at`` stands in for what is missing)."""
    last_step = Subquery(
        PresentationTransition.objects.filter(presentation__need=OuterRef("pk")).order_by("-at").values("at")[:1],
        output_field=DateTimeField(),
    )
    return StaffingNeed.objects.filter(status=NeedStatus.OPEN).annotate(
        last_activity=Greatest(
            F("updated_at"),
            F("status_changed_at"),
            Coalesce(last_step, F("updated_at")),
            Coalesce(F("staleness__confirmed_at"), F("updated_at")),
        )
    )


def needs_stale(*, now: datetime.datetime) -> QuerySet[StaffingNeed]:
    return needs_with_last_activity().filter(last_activity__lte=now - STALE_AFTER)


def needs_to_flag(*, now: datetime.datetime) -> QuerySet[StaffingNeed]:
    """Stale, and not flagged since their last activity."""
    return (
        needs_stale(now=now)
        .filter(Q(staleness__flagged_at__isnull=True) | Q(staleness__flagged_at__lt=F("last_activity")))
        .order_by("pk")
    )

"""Open needs without activity: flagged to their platform once per staleness period, then confirmed still open or
closed by staff (``matching.stale_need_selectors`` states what activity is)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching import events
from matching.models import NeedStaleness
from matching.services.needs import need_close
from matching.stale_need_selectors import needs_to_flag


def stale_needs_flag(*, now: datetime.datetime | None = None) -> list[int]:
    """Flag every open need stale and not flagged since its last activity; announce each (its platform is told).

    One transaction per need, its staleness row locked and the need read again under it: a second run at the same
    time, or a redelivered task, flags nothing twice.
    """
    now = now or timezone.now()
    flagged = []
    for need_id in list(needs_to_flag(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            NeedStaleness.objects.get_or_create(need_id=need_id)
            NeedStaleness.objects.select_for_update().get(need_id=need_id)
            if not needs_to_flag(now=now).filter(pk=need_id).exists():
                continue
            NeedStaleness.objects.filter(need_id=need_id).update(flagged_at=now)
            events.need_flagged_stale.send(
                sender=NeedStaleness, need_id=need_id, flagged_iso=timezone.localdate(now).isoformat()
            )
        flagged.append(need_id)
    return flagged


@transaction.atomic
def need_still_open_confirm(
    *, need: StaffingNeed, by: User | None, now: datetime.datetime | None = None
) -> NeedStaleness:
    """Record that staff checked the need is still open: it counts as activity, so it is not flagged again before
    ``STALE_AFTER``. Refused for a need that is not open."""
    if StaffingNeed.objects.filter(pk=need.pk).values_list("status", flat=True).get() != NeedStatus.OPEN:
        raise ValidationError(_("Only an open need can be confirmed still open."), code="need_not_open")
    staleness, _created = NeedStaleness.objects.select_for_update().get_or_create(need=need)
    staleness.confirmed_at, staleness.confirmed_by = now or timezone.now(), by
    staleness.save(update_fields=["confirmed_at", "confirmed_by"])
    return staleness


@transaction.atomic
def stale_need_close(*, need: StaffingNeed, by: User | None, reason: str) -> StaffingNeed:
    """Close a need without activity, with the reason staff give (``need_close``)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the need is closed.")}, code="reason")
    return need_close(need=need, by=by, reason=reason.strip())

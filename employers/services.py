"""Writes on employers and staffing needs.

A need's status moves only through ``need_status_change`` (and the named
shortcuts below), which checks the transition, locks the row and records who
made the change and when.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from employers.enums import NeedStatus
from employers.models import NeedStatusChange, StaffingNeed

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    NeedStatus.DRAFT: {NeedStatus.OPEN, NeedStatus.CANCELLED},
    NeedStatus.OPEN: {NeedStatus.FILLED, NeedStatus.CLOSED, NeedStatus.CANCELLED},
    NeedStatus.FILLED: {NeedStatus.OPEN, NeedStatus.CLOSED},
    NeedStatus.CLOSED: {NeedStatus.OPEN},
    NeedStatus.CANCELLED: set(),
}


@transaction.atomic
def need_status_change(*, need: StaffingNeed, to_status: str, by: User | None, reason: str = "") -> StaffingNeed:
    """Move a need to ``to_status`` if the transition is allowed, and record it."""
    locked = StaffingNeed.objects.select_for_update().get(pk=need.pk)
    if to_status not in ALLOWED_TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A need cannot go from “%(from)s” to “%(to)s”.")
            % {"from": NeedStatus(locked.status).label, "to": NeedStatus(to_status).label},
            code="invalid_transition",
        )
    if to_status == NeedStatus.OPEN:
        _check_can_open(locked)
    now = timezone.now()
    NeedStatusChange.objects.create(
        need=locked, from_status=locked.status, to_status=to_status, changed_by=by, changed_at=now, reason=reason
    )
    locked.status = to_status
    locked.status_changed_at = now
    locked.status_changed_by = by
    locked.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])
    need.refresh_from_db()
    return need


def _check_can_open(need: StaffingNeed) -> None:
    if need.openings_left <= 0:
        raise ValidationError(_("This need has no opening left."), code="no_opening_left")
    if need.start_date < timezone.localdate() and need.status == NeedStatus.DRAFT:
        raise ValidationError(
            _("The start date %(date)s is in the past: change it before publishing.")
            % {"date": need.start_date.isoformat()},
            code="start_date_past",
        )


def need_publish(*, need: StaffingNeed, by: User | None) -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.OPEN, by=by)


def need_close(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.CLOSED, by=by, reason=reason)


def need_cancel(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.CANCELLED, by=by, reason=reason)

"""Asking for a need's sourcing check from a page: the "check again" button, and a page that shows a check older
than the need's last change. The check runs in a worker (``matching.services.sourcing``), never in the request; the
request is remembered for ``SOURCING_WAIT`` so that the page shows it as being computed, and asked once only.
"""

import dataclasses

from accounts.models import User
from employers.models import StaffingNeed
from matching.services.sourcing import need_sourcing_request
from matching.sourcing_selectors import (
    SourcingCheck,
    need_sourcing_check,
    need_sourcing_requested_at,
    need_sourcing_requested_mark,
)


def need_sourcing_check_request(*, need: StaffingNeed, by: User | None) -> None:
    """Queue a new check of the need (after the commit) and remember that it was asked for."""
    need_sourcing_requested_mark(need_id=need.pk)
    need_sourcing_request(need=need, by=by)


def need_sourcing_check_shown(*, need: StaffingNeed, by: User | None) -> SourcingCheck:
    """The need's check as a page shows it; when the need changed since it was computed (or it has none) and no
    check was asked for since, one is asked for now, once."""
    check = need_sourcing_check(need=need)
    if check.is_pending and need_sourcing_requested_at(need_id=need.pk) is None:
        need_sourcing_check_request(need=need, by=by)
        check = dataclasses.replace(check, is_waiting=True)
    return check

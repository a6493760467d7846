"""Writes on employers and staffing needs.

A need's status moves only through ``need_status_change`` (and the named
shortcuts below), which checks the transition, locks the row and records who
made the change and when.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Platform, User
from employers.enums import NeedStatus
from employers.imports import NeedImportRow
from employers.models import Employer, NeedStatusChange, Site, StaffingNeed

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    NeedStatus.DRAFT: {NeedStatus.OPEN, NeedStatus.CANCELLED},
    NeedStatus.OPEN: {NeedStatus.PAUSED, NeedStatus.FILLED, NeedStatus.CLOSED, NeedStatus.CANCELLED},
    NeedStatus.PAUSED: {NeedStatus.OPEN, NeedStatus.CLOSED, NeedStatus.CANCELLED},
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
    if to_status == NeedStatus.OPEN:
        need_matching_changed(need=need, by=by)
    else:
        from matching.services.proposals import proposals_withdraw

        proposals_withdraw(need=need)
    return need


def need_matching_changed(*, need: StaffingNeed, by: User | None) -> None:
    """An open need was published or changed: its suggestions are computed again, after commit."""
    from matching.enums import RunScope
    from matching.services import match_run_request

    if need.status == NeedStatus.OPEN:
        match_run_request(scope=RunScope.NEED, need=need, by=by)


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


def need_pause(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    """Stop matching for a while: candidates not yet presented are withdrawn; publishing again resumes."""
    return need_status_change(need=need, to_status=NeedStatus.PAUSED, by=by, reason=reason)


def need_close(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.CLOSED, by=by, reason=reason)


def need_cancel(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.CANCELLED, by=by, reason=reason)


@transaction.atomic
def staffing_needs_import(*, rows: list[NeedImportRow], platform: Platform, by: User | None) -> list[StaffingNeed]:
    """Store checked rows (see ``employers.imports``) as draft needs, creating employers and sites once each."""
    employers: dict[str, Employer] = {}
    sites: dict[tuple[str, str], Site] = {}
    needs = []
    for row in rows:
        employer = row.employer or employers.get(row.siret)
        if employer is None:
            employer = row.employer_form.save(commit=False)
            employer.platform = platform
            employer.save()
            employers[row.siret] = employer
        site_key = (row.siret, row.site_form.cleaned_data["name"] if row.site_form else row.site.name)
        site = row.site or sites.get(site_key)
        if site is None:
            site = row.site_form.save(commit=False)
            site.employer = employer
            site.save()
            sites[site_key] = site
        need = row.need
        need.employer, need.site = employer, site
        need.status_changed_by = by
        need.save()
        if row.language_form is not None:
            requirement = row.language_form.save(commit=False)
            requirement.need = need
            requirement.save()
        needs.append(need)
    return needs

"""Writes on employer leads: the first contact, the visit booked, the visit recorded with its report, the lead
closed, the employer linked, and the staffing needs created from the visit.

Every step locks the lead's row, checks that the step is allowed from where the lead stands and refuses otherwise
with a ``ValidationError`` in the user's words; the staff pages, the admin and the API call these and nothing else.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Platform, User
from employers.enums import LeadContactKind, LeadStatus
from employers.leads import WAITING_FOR_VISIT, EmployerLead
from employers.models import Employer, Site, StaffingNeed
from employers.services import need_details_save
from referentials.models import Commune


def _check_employer(*, employer: Employer | None, platform_id: int) -> None:
    if employer is not None and employer.platform_id != platform_id:
        raise ValidationError(
            {"employer": _("This employer is followed by another platform.")}, code="employer_other_platform"
        )


def _locked(lead: EmployerLead) -> EmployerLead:
    return EmployerLead.objects.select_for_update().get(pk=lead.pk)


def _refresh(lead: EmployerLead, locked: EmployerLead) -> EmployerLead:
    lead.refresh_from_db()
    return locked


@transaction.atomic
def lead_create(
    *,
    platform: Platform,
    by: User | None,
    company_name: str,
    commune: Commune,
    contact_kind: str,
    first_contact_on: datetime.date,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    employer: Employer | None = None,
) -> EmployerLead:
    """Record an employer's first contact as a new lead of ``platform``.

    Refused: a first contact in the future, an employer of another platform, anything the model's checks refuse
    (a name on several lines, an unknown kind of contact).
    """
    if first_contact_on > timezone.localdate():
        raise ValidationError(
            {"first_contact_on": _("The first contact cannot be in the future.")}, code="first_contact_future"
        )
    _check_employer(employer=employer, platform_id=platform.pk)
    lead = EmployerLead(
        platform=platform,
        employer=employer,
        company_name=company_name,
        commune=commune,
        contact_kind=LeadContactKind(contact_kind),
        first_contact_on=first_contact_on,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        created_by=by,
    )
    lead.full_clean()
    lead.save()
    return lead


@transaction.atomic
def lead_details_save(*, lead: EmployerLead, by: User | None) -> EmployerLead:
    """Store the details of an existing lead changed by staff (the company's name, its contact person, commune, kind
    and date of first contact, employer); its visit and status change only through the steps below.

    Refused: a first contact moved into the future or after the visit, an employer of another platform.
    """
    locked = _locked(lead)
    if lead.first_contact_on > timezone.localdate():
        raise ValidationError(
            {"first_contact_on": _("The first contact cannot be in the future.")}, code="first_contact_future"
        )
    if locked.visited_on is not None and lead.first_contact_on > locked.visited_on:
        raise ValidationError(
            {"first_contact_on": _("The first contact cannot come after the visit.")}, code="first_contact_after"
        )
    _check_employer(employer=lead.employer, platform_id=locked.platform_id)
    for name in ("status", "visit_booked_for", "visited_on", "visit_report", "visited_by_id", "closed_reason"):
        setattr(lead, name, getattr(locked, name))
    lead.platform_id = locked.platform_id
    lead.full_clean()
    lead.save()
    return lead


@transaction.atomic
def lead_visit_book(*, lead: EmployerLead, when: datetime.datetime, by: User | None) -> EmployerLead:
    """Book (or move) the visit of a lead not yet visited.

    Refused: a lead already visited or closed, a time already past, a day before the first contact.
    """
    locked = _locked(lead)
    if locked.status not in WAITING_FOR_VISIT:
        raise ValidationError(
            _("A lead that is “%(status)s” has no visit to book.") % {"status": locked.get_status_display()},
            code="not_waiting_for_visit",
        )
    if when < timezone.now():
        raise ValidationError(
            {"when": _("This time is already past: record the visit instead of booking it.")}, code="booked_past"
        )
    if timezone.localdate(when) < locked.first_contact_on:
        raise ValidationError(
            {"when": _("A visit cannot come before the first contact.")}, code="booked_before_first_contact"
        )
    locked.status, locked.visit_booked_for = LeadStatus.VISIT_BOOKED, when
    locked.save(update_fields=["status", "visit_booked_for", "updated_at"])
    return _refresh(lead, locked)


@transaction.atomic
def lead_visit_record(
    *,
    lead: EmployerLead,
    visited_on: datetime.date,
    report: str,
    by: User | None,
    employer: Employer | None = None,
) -> EmployerLead:
    """Record the visit made, with its report (the needs diagnosis), and the employer when it is known by then.

    A visit already recorded may be recorded again (a date or a report corrected); a closed lead may not.
    Refused: a visit before the first contact or in the future, an empty report, an employer of another platform.
    """
    locked = _locked(lead)
    if locked.status == LeadStatus.CLOSED:
        raise ValidationError(_("This lead is closed: its visit can no longer be recorded."), code="closed")
    errors: dict[str, str] = {}
    if visited_on < locked.first_contact_on:
        errors["visited_on"] = _("A visit cannot come before the first contact (%(date)s).") % {
            "date": locked.first_contact_on.strftime("%d/%m/%Y")
        }
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("A visit cannot be recorded before it is made: this date is in the future.")
    if not report.strip():
        errors["report"] = _("Write the visit's report: the needs the employer expressed.")
    if errors:
        raise ValidationError(errors, code="invalid_visit")
    _check_employer(employer=employer, platform_id=locked.platform_id)
    locked.status, locked.visited_on, locked.visit_report, locked.visited_by = (
        LeadStatus.VISITED,
        visited_on,
        report,
        by,
    )
    if employer is not None:
        locked.employer = employer
    locked.full_clean(exclude=["platform", "commune", "employer"])
    locked.save()
    return _refresh(lead, locked)


@transaction.atomic
def lead_close(*, lead: EmployerLead, reason: str, by: User | None) -> EmployerLead:
    """Close a lead, visited or not (the employer no longer needs anyone, cannot be reached...), with its reason."""
    locked = _locked(lead)
    if locked.status == LeadStatus.CLOSED:
        raise ValidationError(_("This lead is already closed."), code="already_closed")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for closing the lead.")}, code="reason_missing")
    if len(reason) > 255:
        raise ValidationError({"reason": _("Write the reason in 255 characters at most.")}, code="reason_too_long")
    locked.status, locked.closed_reason = LeadStatus.CLOSED, reason
    locked.save(update_fields=["status", "closed_reason", "updated_at"])
    return _refresh(lead, locked)


@transaction.atomic
def lead_employer_link(*, lead: EmployerLead, employer: Employer, by: User | None) -> EmployerLead:
    """Name the known employer behind a lead (one of the lead's platform), so that needs can be created for it."""
    locked = _locked(lead)
    _check_employer(employer=employer, platform_id=locked.platform_id)
    locked.employer = employer
    locked.save(update_fields=["employer", "updated_at"])
    return _refresh(lead, locked)


@transaction.atomic
def lead_need_create(
    *, lead: EmployerLead, need: StaffingNeed, by: User | None, new_site: Site | None = None
) -> StaffingNeed:
    """Create a draft staffing need from a visited lead, for the lead's employer, linked to the lead.

    ``need`` is checked by its form (``employers.need_forms.NeedJobForm``, as in the portal and the API) and stored
    by ``employers.services.need_details_save``, the path every new need takes: a draft, whose matching starts
    only when it is published (``matching.services.needs.need_publish``). Refused: a lead not visited, a lead
    without its employer, a need for another employer.
    """
    locked = _locked(lead)
    if locked.status != LeadStatus.VISITED:
        raise ValidationError(
            _("Needs are created from a visited lead; this one is “%(status)s”.")
            % {"status": locked.get_status_display()},
            code="not_visited",
        )
    if locked.employer_id is None:
        raise ValidationError(_("Name the employer of this lead before creating its needs."), code="employer_missing")
    if need.pk is not None:
        raise ValidationError(_("This need already exists."), code="need_exists")
    if need.employer_id != locked.employer_id:
        raise ValidationError(_("This need is for another employer than the lead's."), code="employer_mismatch")
    need.lead = locked
    need.full_clean(exclude=["site"] if new_site is not None else None)
    return need_details_save(need=need, new_site=new_site, by=by).need

"""The demo's employer leads: on each platform, a few first contacts at every step of the intake.

Some are new, one has its visit booked, one waits past the ten days promised (overdue), one is closed; two are
visited, on time and late, each linked to one of the platform's employers and to one of its needs, so that the
intake pages, the admin and the territorial reports have something to show. Dates are relative to the run's day.
A lead is known by its platform and company name: a second run creates none.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Platform, User
from employers.enums import LeadContactKind, LeadStatus
from employers.leads import EmployerLead
from employers.models import Employer, StaffingNeed


@dataclass(frozen=True)
class LeadPlan:
    company_name: str
    contact_kind: str
    days_ago: int  # the first contact, before the run's day
    status: str
    visit_after_days: int | None = None  # a visit made this many days after the first contact
    booked_in_days: int | None = None  # a visit booked this many days after the run's day
    closed_reason: str = ""
    is_an_employer: bool = False  # linked to one of the platform's employers, and to one of its needs


LEAD_PLANS = (
    LeadPlan("Boulangerie du Marché", LeadContactKind.CALL, 2, LeadStatus.NEW),
    LeadPlan("Garage des Flandres", LeadContactKind.EVENT, 5, LeadStatus.VISIT_BOOKED, booked_in_days=3),
    LeadPlan("Transports Vandamme", LeadContactKind.PROSPECTING, 16, LeadStatus.NEW),
    LeadPlan("Hôtel de la Gare", LeadContactKind.EMAIL, 30, LeadStatus.CLOSED, closed_reason="Recrute seul"),
    LeadPlan("", LeadContactKind.CALL, 40, LeadStatus.VISITED, visit_after_days=7, is_an_employer=True),
    LeadPlan("", LeadContactKind.EMAIL, 60, LeadStatus.VISITED, visit_after_days=15, is_an_employer=True),
)
VISIT_REPORT = (
    "Recrutement prévu pour le trimestre prochain.\n"
    "Postes : conseillers et chefs d'équipe ; débutants acceptés avec une formation avant l'embauche.\n"
    "Contraintes : horaires décalés, accès en transports en commun."
)


def _employers_with_needs(platform: Platform) -> list[tuple[Employer, StaffingNeed]]:
    pairs = []
    for employer in Employer.objects.filter(platform=platform).order_by("siret"):
        need = StaffingNeed.objects.filter(employer=employer).select_related("site").order_by("pk").first()
        if need is not None:
            pairs.append((employer, need))
    return pairs


def demo_leads_ensure(platforms: list[Platform], advisors: list[User], *, today: datetime.date) -> int:
    """The leads of ``LEAD_PLANS`` on each platform; returns how many were created now."""
    created = 0
    for platform, advisor in zip(platforms, advisors, strict=True):
        commune_ids = list(platform.communes.order_by("insee_code").values_list("pk", flat=True)[:4])
        known = _employers_with_needs(platform)
        for index, plan in enumerate(LEAD_PLANS):
            employer, need = (None, None)
            if plan.is_an_employer:
                if not known:
                    continue
                employer, need = known.pop(0)
            company_name = employer.legal_name if employer else plan.company_name
            if EmployerLead.objects.filter(platform=platform, company_name=company_name).exists():
                continue
            if need is None and not commune_ids:
                continue
            first_contact_on = today - datetime.timedelta(days=plan.days_ago)
            visited_on = (
                first_contact_on + datetime.timedelta(days=plan.visit_after_days) if plan.visit_after_days else None
            )
            booked_for = None
            if plan.booked_in_days is not None:
                booked_day = today + datetime.timedelta(days=plan.booked_in_days)
                booked_for = timezone.make_aware(datetime.datetime.combine(booked_day, datetime.time(10, 0)))
            lead = EmployerLead.objects.create(
                platform=platform,
                employer=employer,
                company_name=company_name,
                contact_name="Responsable du recrutement",
                commune_id=need.site.commune_id if need else commune_ids[index % len(commune_ids)],
                contact_kind=plan.contact_kind,
                first_contact_on=first_contact_on,
                status=plan.status,
                visit_booked_for=booked_for,
                visited_on=visited_on,
                visit_report=VISIT_REPORT if visited_on else "",
                visited_by=advisor if visited_on else None,
                closed_reason=plan.closed_reason,
                created_by=advisor,
            )
            if need is not None:
                StaffingNeed.objects.filter(pk=need.pk).update(lead=lead)
            created += 1
    return created

"""Employer leads: the first contact, the visit booked and recorded, closing, the needs created from the visit, each
refusal in the user's words, and the constraints that keep a lead's status and dates coherent."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from employers.enums import ContractType, LeadContactKind, LeadStatus, NeedStatus
from employers.lead_services import (
    lead_close,
    lead_create,
    lead_employer_link,
    lead_need_create,
    lead_visit_book,
    lead_visit_record,
)
from employers.leads import EmployerLead
from employers.models import Site, StaffingNeed
from tests.employers.factories import EmployerFactory, EmployerLeadFactory, SiteFactory
from tests.referentials.factories import CommuneFactory, OccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _today() -> datetime.date:
    return timezone.localdate()


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_lead_is_created_new(platform, advisor):
    commune = CommuneFactory()
    lead = lead_create(
        platform=platform,
        by=advisor,
        company_name="  Boulangerie   Martin ",
        commune=commune,
        contact_kind=LeadContactKind.CALL,
        first_contact_on=_today(),
        contact_name="M. Martin",
        contact_phone="0320000000",
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW
    assert lead.company_name == "Boulangerie Martin"
    assert lead.created_by == advisor
    assert lead.days_to_visit is None


def test_a_first_contact_in_the_future_is_refused(platform, advisor):
    with pytest.raises(ValidationError) as refusal:
        lead_create(
            platform=platform,
            by=advisor,
            company_name="Boulangerie Martin",
            commune=CommuneFactory(),
            contact_kind=LeadContactKind.EMAIL,
            first_contact_on=_today() + datetime.timedelta(days=1),
        )
    assert "The first contact cannot be in the future." in _messages(refusal.value)
    assert not EmployerLead.objects.exists()


def test_a_lead_cannot_name_another_platforms_employer(platform, advisor):
    with pytest.raises(ValidationError) as refusal:
        lead_create(
            platform=platform,
            by=advisor,
            company_name="Boulangerie Martin",
            commune=CommuneFactory(),
            contact_kind=LeadContactKind.EVENT,
            first_contact_on=_today(),
            employer=EmployerFactory(),
        )
    assert "This employer is followed by another platform." in _messages(refusal.value)


def test_a_name_on_two_lines_is_refused(platform, advisor):
    with pytest.raises(ValidationError) as refusal:
        lead_create(
            platform=platform,
            by=advisor,
            company_name="Boulangerie\nMartin",
            commune=CommuneFactory(),
            contact_kind=LeadContactKind.CALL,
            first_contact_on=_today(),
        )
    assert "company_name" in refusal.value.error_dict


def test_booking_a_visit(advisor):
    lead = EmployerLeadFactory()
    when = timezone.now() + datetime.timedelta(days=2)
    lead_visit_book(lead=lead, when=when, by=advisor)
    lead.refresh_from_db()
    assert (lead.status, lead.visit_booked_for) == (LeadStatus.VISIT_BOOKED, when)


def test_a_visit_booked_in_the_past_is_refused(advisor):
    lead = EmployerLeadFactory()
    with pytest.raises(ValidationError) as refusal:
        lead_visit_book(lead=lead, when=timezone.now() - datetime.timedelta(hours=1), by=advisor)
    assert "record the visit instead" in _messages(refusal.value)


def test_a_visited_lead_has_no_visit_to_book(advisor):
    lead = EmployerLeadFactory(visited=True)
    with pytest.raises(ValidationError) as refusal:
        lead_visit_book(lead=lead, when=timezone.now() + datetime.timedelta(days=1), by=advisor)
    assert "has no visit to book" in _messages(refusal.value)


def test_recording_the_visit_gives_the_days_to_visit(advisor):
    lead = EmployerLeadFactory(booked=True, first_contact_on=_today() - datetime.timedelta(days=6))
    employer = EmployerFactory(platform=lead.platform)
    lead_visit_record(
        lead=lead,
        visited_on=_today() - datetime.timedelta(days=1),
        report="Trois vendeurs\r\nen CDI.",
        by=advisor,
        employer=employer,
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.VISITED
    assert lead.days_to_visit == 5
    assert lead.visited_by == advisor
    assert lead.employer == employer
    assert lead.visit_report == "Trois vendeurs\nen CDI."


@pytest.mark.parametrize(
    ("days_after_first_contact", "message"),
    [(-1, "A visit cannot come before the first contact"), (4, "this date is in the future")],
)
def test_a_visit_date_before_the_first_contact_or_in_the_future_is_refused(advisor, days_after_first_contact, message):
    lead = EmployerLeadFactory(first_contact_on=_today() - datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as refusal:
        lead_visit_record(
            lead=lead,
            visited_on=lead.first_contact_on + datetime.timedelta(days=days_after_first_contact),
            report="Rien.",
            by=advisor,
        )
    assert message in _messages(refusal.value)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_a_visit_without_report_is_refused(advisor):
    lead = EmployerLeadFactory()
    with pytest.raises(ValidationError) as refusal:
        lead_visit_record(lead=lead, visited_on=_today(), report="  \n ", by=advisor)
    assert "Write the visit's report" in _messages(refusal.value)


def test_a_closed_lead_cannot_be_visited(advisor):
    lead = EmployerLeadFactory()
    lead_close(lead=lead, reason="Plus de besoin", by=advisor)
    with pytest.raises(ValidationError) as refusal:
        lead_visit_record(lead=lead, visited_on=_today(), report="Trop tard.", by=advisor)
    assert "This lead is closed" in _messages(refusal.value)


def test_closing_needs_a_reason_and_happens_once(advisor):
    lead = EmployerLeadFactory(visited=True)
    with pytest.raises(ValidationError) as refusal:
        lead_close(lead=lead, reason="   ", by=advisor)
    assert "Give the reason" in _messages(refusal.value)
    lead_close(lead=lead, reason="L'employeur recrute seul.", by=advisor)
    lead.refresh_from_db()
    assert (lead.status, lead.closed_reason, lead.days_to_visit) == (LeadStatus.CLOSED, "L'employeur recrute seul.", 3)
    with pytest.raises(ValidationError) as refusal:
        lead_close(lead=lead, reason="Encore", by=advisor)
    assert "already closed" in _messages(refusal.value)


def test_linking_an_employer_of_another_platform_is_refused(advisor):
    lead = EmployerLeadFactory(visited=True)
    with pytest.raises(ValidationError) as refusal:
        lead_employer_link(lead=lead, employer=EmployerFactory(), by=advisor)
    assert "another platform" in _messages(refusal.value)
    own = EmployerFactory(platform=lead.platform)
    lead_employer_link(lead=lead, employer=own, by=advisor)
    lead.refresh_from_db()
    assert lead.employer == own


def _need_for(employer, **fields) -> StaffingNeed:
    values = {
        "employer": employer,
        "site": SiteFactory(employer=employer),
        "occupation": OccupationFactory(),
        "title": "Vendeur en boulangerie",
        "headcount": 2,
        "contract_type": ContractType.CDI,
        "start_date": _today() + datetime.timedelta(days=30),
    }
    return StaffingNeed(**{**values, **fields})


def test_a_need_created_from_a_visit_is_a_draft_linked_to_the_lead(advisor):
    employer = EmployerFactory()
    lead = EmployerLeadFactory(visited=True, platform=employer.platform, employer=employer)
    need = lead_need_create(lead=lead, need=_need_for(employer), by=advisor)
    need.refresh_from_db()
    assert (need.status, need.lead, need.status_changed_by) == (NeedStatus.DRAFT, lead, advisor)
    assert list(lead.needs.all()) == [need]


def test_a_need_created_from_a_visit_may_open_a_new_site(advisor):
    employer = EmployerFactory()
    lead = EmployerLeadFactory(visited=True, platform=employer.platform, employer=employer)
    new_site = Site(name="Fournil", commune=lead.commune, address="3 rue du Four")
    need = lead_need_create(lead=lead, need=_need_for(employer, site=None), new_site=new_site, by=advisor)
    assert need.site.name == "Fournil"
    assert need.site.employer == employer


@pytest.mark.parametrize(
    ("lead_fields", "message"),
    [
        ({}, "Needs are created from a visited lead"),
        ({"visited": True, "employer": None}, "Name the employer of this lead"),
    ],
)
def test_a_need_needs_a_visited_lead_with_its_employer(advisor, lead_fields, message):
    employer = EmployerFactory()
    lead = EmployerLeadFactory(platform=employer.platform, **{"employer": employer, **lead_fields})
    with pytest.raises(ValidationError) as refusal:
        lead_need_create(lead=lead, need=_need_for(employer), by=advisor)
    assert message in _messages(refusal.value)
    assert not StaffingNeed.objects.exists()


def test_a_need_for_another_employer_is_refused(advisor):
    employer = EmployerFactory()
    lead = EmployerLeadFactory(visited=True, platform=employer.platform, employer=employer)
    with pytest.raises(ValidationError) as refusal:
        lead_need_create(lead=lead, need=_need_for(EmployerFactory(platform=employer.platform)), by=advisor)
    assert "another employer than the lead's" in _messages(refusal.value)


def test_a_need_from_a_visit_goes_through_the_needs_checks(advisor):
    employer = EmployerFactory()
    lead = EmployerLeadFactory(visited=True, platform=employer.platform, employer=employer)
    with pytest.raises(ValidationError) as refusal:
        lead_need_create(lead=lead, need=_need_for(employer, contract_type=ContractType.CDD), by=advisor)
    assert "contract_duration_months" in refusal.value.error_dict


@pytest.mark.parametrize(
    "fields",
    [
        {"status": LeadStatus.VISITED},  # visited without its date
        {"status": LeadStatus.NEW, "visited_on": datetime.date(2026, 1, 10)},  # a date but not visited
        {"status": LeadStatus.VISIT_BOOKED},  # booked without its time
        {"status": LeadStatus.CLOSED},  # closed without a reason
        {"closed_reason": "Fermé"},  # a reason but not closed
        {"status": LeadStatus.VISITED, "visited_on": datetime.date(2025, 12, 31)},  # before the first contact
    ],
)
def test_the_database_keeps_a_lead_coherent(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        EmployerLeadFactory(first_contact_on=datetime.date(2026, 1, 2), **fields)

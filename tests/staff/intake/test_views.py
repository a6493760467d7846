"""The staff pages of employer intake: the list (filtered, overdue leads flagged, a bounded number of queries), a
new lead's form keeping what was typed, each step of a lead's page with its refusals, and a need created from the
visit."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from employers.enums import LeadStatus, NeedStatus
from employers.leads import EmployerLead
from employers.models import StaffingNeed
from tests.employers.factories import EmployerFactory, EmployerLeadFactory, SiteFactory, StaffingNeedFactory
from tests.referentials.factories import CommuneFactory, OccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff_client(client, advisor):
    client.force_login(advisor)
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_the_list_flags_overdue_leads_with_their_days(staff_client, platform):
    EmployerLeadFactory(platform=platform, company_name="Boulangerie Martin", first_contact_on=_days_ago(14))
    EmployerLeadFactory(platform=platform, company_name="Garage Dupont", first_contact_on=_days_ago(2))
    EmployerLeadFactory(company_name="Ailleurs SARL")
    response = staff_client.get(reverse("staff:lead_list"))
    assert response.status_code == 200
    text = _text(response)
    assert "Boulangerie Martin" in text
    assert "Overdue: 14 days since first contact" in text
    assert "Garage Dupont" in text
    assert "1 lead waits for its visit more than 10 days after the first contact." in text
    assert "Ailleurs SARL" not in text


def test_the_list_filters_by_status(staff_client, platform):
    EmployerLeadFactory(platform=platform, company_name="Boulangerie Martin")
    EmployerLeadFactory(platform=platform, company_name="Garage Dupont", visited=True)
    text = _text(staff_client.get(reverse("staff:lead_list"), {"status": "visited"}))
    assert "Garage Dupont" in text
    assert "Boulangerie Martin" not in text
    # An unknown status lists everything rather than failing.
    assert "Boulangerie Martin" in _text(staff_client.get(reverse("staff:lead_list"), {"status": "nonsense"}))


def test_the_list_costs_the_same_queries_whatever_its_length(staff_client, platform, django_assert_max_num_queries):
    def leads(count: int) -> None:
        for __ in range(count):
            employer = EmployerFactory(platform=platform)
            lead = EmployerLeadFactory(platform=platform, employer=employer, visited=True)
            StaffingNeedFactory(employer=employer, lead=lead)

    leads(2)
    staff_client.get(reverse("staff:lead_list"))  # the session and the user, read once
    with django_assert_max_num_queries(12) as few:
        staff_client.get(reverse("staff:lead_list"))
    leads(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("staff:lead_list"))
    assert _text(response).count("days)") + _text(response).count("day)") == 22


def test_a_new_lead_keeps_what_was_typed_on_errors(staff_client, platform):
    response = staff_client.post(
        reverse("staff:lead_create"),
        {
            "company_name": "Boulangerie Martin",
            "commune": "99999",
            "contact_kind": "call",
            "first_contact_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert 'value="Boulangerie Martin"' in response.content.decode()
    assert "Unknown commune or postcode" in _text(response)
    assert not EmployerLead.objects.exists()


def test_a_first_contact_in_the_future_is_refused_on_the_form(staff_client, platform):
    commune = CommuneFactory()
    response = staff_client.post(
        reverse("staff:lead_create"),
        {
            "company_name": "Boulangerie Martin",
            "commune": commune.insee_code,
            "contact_kind": "email",
            "first_contact_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "The first contact cannot be in the future." in _text(response)


def test_creating_a_lead(staff_client, platform, advisor):
    commune = CommuneFactory()
    response = staff_client.post(
        reverse("staff:lead_create"),
        {
            "company_name": "Boulangerie Martin",
            "commune": commune.insee_code,
            "contact_kind": "event",
            "first_contact_on": timezone.localdate().isoformat(),
            "contact_name": "M. Martin",
        },
    )
    lead = EmployerLead.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:lead_detail", args=[lead.pk])
    assert (lead.platform, lead.created_by, lead.status) == (platform, advisor, LeadStatus.NEW)


def test_booking_then_recording_the_visit(staff_client, platform, advisor):
    lead = EmployerLeadFactory(platform=platform, first_contact_on=_days_ago(4))
    when = timezone.localtime() + datetime.timedelta(days=1)
    response = staff_client.post(
        reverse("staff:lead_visit_book", args=[lead.pk]), {"when": when.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.VISIT_BOOKED
    employer = EmployerFactory(platform=platform)
    response = staff_client.post(
        reverse("staff:lead_visit_record", args=[lead.pk]),
        {"visited_on": _days_ago(1).isoformat(), "report": "Deux vendeurs.\nDébut en mars.", "employer": employer.pk},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.days_to_visit, lead.employer, lead.visited_by) == (
        LeadStatus.VISITED,
        3,
        employer,
        advisor,
    )
    text = _text(staff_client.get(reverse("staff:lead_detail", args=[lead.pk])))
    assert "Deux vendeurs." in text
    assert "3 days after the first contact" in text
    assert "Create a need from this visit" in text


def test_a_visit_before_the_first_contact_is_shown_on_its_form_with_what_was_typed(staff_client, platform):
    lead = EmployerLeadFactory(platform=platform, first_contact_on=_days_ago(2))
    response = staff_client.post(
        reverse("staff:lead_visit_record", args=[lead.pk]),
        {"visited_on": _days_ago(5).isoformat(), "report": "Un rapport saisi."},
    )
    assert response.status_code == 200
    text = _text(response)
    assert "A visit cannot come before the first contact" in text
    assert "Un rapport saisi." in text
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_closing_a_lead_needs_a_reason(staff_client, platform):
    lead = EmployerLeadFactory(platform=platform)
    response = staff_client.post(reverse("staff:lead_close", args=[lead.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "This field is required." in _text(response)
    response = staff_client.post(reverse("staff:lead_close", args=[lead.pk]), {"reason": "Injoignable"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.closed_reason) == (LeadStatus.CLOSED, "Injoignable")


def test_another_platforms_lead_is_not_found(staff_client):
    lead = EmployerLeadFactory(visited=True)
    assert staff_client.get(reverse("staff:lead_detail", args=[lead.pk])).status_code == 404
    assert staff_client.post(reverse("staff:lead_close", args=[lead.pk]), {"reason": "x"}).status_code == 404


def test_a_need_from_the_visit_needs_the_employer_first(staff_client, platform):
    lead = EmployerLeadFactory(platform=platform, visited=True)
    response = staff_client.get(reverse("staff:lead_need_create", args=[lead.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:lead_detail", args=[lead.pk])
    employer = EmployerFactory(platform=platform)
    response = staff_client.post(reverse("staff:lead_employer", args=[lead.pk]), {"employer": employer.pk})
    assert response.status_code == 302
    assert staff_client.get(reverse("staff:lead_need_create", args=[lead.pk])).status_code == 200


def test_creating_a_need_from_the_visit(staff_client, platform, advisor):
    employer = EmployerFactory(platform=platform)
    site = SiteFactory(employer=employer, name="Fournil")
    lead = EmployerLeadFactory(platform=platform, employer=employer, visited=True, commune=site.commune)
    occupation = OccupationFactory()
    data = {
        "title": "Vendeur en boulangerie",
        "occupation": occupation.rome_code,
        "place": "Fournil",
        "headcount": "2",
        "contract_type": "cdi",
        "working_time": "full_time",
        "start_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
    }
    refused = staff_client.post(reverse("staff:lead_need_create", args=[lead.pk]), {**data, "contract_type": "cdd"})
    assert refused.status_code == 200
    assert 'value="Vendeur en boulangerie"' in refused.content.decode()
    assert not StaffingNeed.objects.exists()
    response = staff_client.post(reverse("staff:lead_need_create", args=[lead.pk]), data)
    need = StaffingNeed.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:employers_staffingneed_change", args=[need.pk])
    assert (need.lead, need.status, need.site, need.employer) == (lead, NeedStatus.DRAFT, site, employer)
    text = _text(staff_client.get(reverse("staff:lead_detail", args=[lead.pk])))
    assert "Vendeur en boulangerie" in text


def test_the_to_do_page_lists_overdue_visits(staff_client, platform):
    lead = EmployerLeadFactory(platform=platform, company_name="Boulangerie Martin", first_contact_on=_days_ago(12))
    response = staff_client.get(reverse("staff:todo"))
    assert response.status_code == 200
    assert "Employer visits overdue (1)" in re.sub(r"<[^>]+>", "", _text(response))
    assert reverse("staff:lead_detail", args=[lead.pk]) in response.content.decode()
    assert reverse("staff:lead_list") in response.content.decode()

"""The employer leads API: staff record a lead, book and record its visit and close it through the services; a
refusal is a 400 in the service's words, another platform's lead or employer is not found."""

import datetime

import pytest
from django.utils import timezone

from employers.enums import LeadStatus
from employers.leads import EmployerLead
from tests.api_tokens import token_headers
from tests.employers.factories import EmployerFactory, EmployerLeadFactory
from tests.referentials.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client, advisor):
    headers = token_headers(advisor)

    def call(method: str, path: str, body=None):
        return getattr(client, method)(f"/api/staff/{path}", data=body, content_type="application/json", **headers)

    return call


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_recording_a_lead_then_its_visit(send, advisor, platform):
    commune = CommuneFactory()
    employer = EmployerFactory(platform=platform)
    created = send(
        "post",
        "leads/",
        {
            "company_name": "Garage Dupont",
            "commune": commune.insee_code,
            "contact_kind": "call",
            "first_contact_on": _days_ago(4).isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    lead_id = created.json()["id"]
    assert created.json()["status"] == "new"
    when = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    booked = send("post", f"leads/{lead_id}/book/", {"when": when})
    assert booked.status_code == 200, booked.content
    assert booked.json()["status"] == "visit_booked"
    visited = send(
        "post",
        f"leads/{lead_id}/visit/",
        {"visited_on": _days_ago(1).isoformat(), "report": "Trois mécaniciens.", "employer": employer.pk},
    )
    assert visited.status_code == 200, visited.content
    assert (visited.json()["days_to_visit"], visited.json()["employer"]) == (3, employer.pk)
    lead = EmployerLead.objects.get()
    assert (lead.created_by, lead.visited_by, lead.status) == (advisor, advisor, LeadStatus.VISITED)


def test_the_list_flags_overdue_leads_and_keeps_to_the_platform(send, platform):
    EmployerLeadFactory(platform=platform, overdue=True, company_name="En retard")
    EmployerLeadFactory(company_name="Ailleurs")
    response = send("get", "leads/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(row["company_name"], row["is_overdue"]) for row in results] == [("En retard", True)]
    assert send("get", "leads/", {"status": "visited"}).json()["results"] == []


def test_a_visit_before_the_first_contact_is_a_400(send, platform):
    lead = EmployerLeadFactory(platform=platform, first_contact_on=_days_ago(2))
    response = send("post", f"leads/{lead.pk}/visit/", {"visited_on": _days_ago(5).isoformat(), "report": "Rien."})
    assert response.status_code == 400
    assert "visited_on" in response.json()["error"]["fields"]


def test_another_platforms_lead_and_employer_are_not_found(send, platform):
    other = EmployerLeadFactory()
    assert send("get", f"leads/{other.pk}/").status_code == 404
    assert send("post", f"leads/{other.pk}/close/", {"reason": "x"}).status_code == 404
    lead = EmployerLeadFactory(platform=platform)
    response = send(
        "post",
        f"leads/{lead.pk}/visit/",
        {"visited_on": timezone.localdate().isoformat(), "report": "Rien.", "employer": EmployerFactory().pk},
    )
    assert response.status_code == 400
    assert "employer" in response.json()["error"]["fields"]


def test_closing_a_lead_twice_is_refused(send, platform):
    lead = EmployerLeadFactory(platform=platform)
    assert send("post", f"leads/{lead.pk}/close/", {"reason": "Injoignable"}).json()["status"] == "closed"
    response = send("post", f"leads/{lead.pk}/close/", {"reason": "Encore"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "already_closed"

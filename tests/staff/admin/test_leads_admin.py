"""The admin of employer leads saves through ``employers.lead_services``: a lead added there is recorded with who
added it, a change is checked as the staff pages check it, and a refusal is a message, never a 500. A need shows the
lead it came from."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from employers.enums import LeadStatus
from employers.leads import EmployerLead
from tests.admin_forms import admin_change_data
from tests.employers.factories import EmployerFactory, EmployerLeadFactory, StaffingNeedFactory
from tests.referentials.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_lead_added_in_the_admin_goes_through_the_service(client, advisor, platform):
    client.force_login(advisor)
    commune = CommuneFactory()
    response = client.post(
        reverse("admin:employers_employerlead_add"),
        {
            "platform": platform.pk,
            "company_name": "  Garage   Dupont ",
            "commune": commune.pk,
            "contact_kind": "prospecting",
            "first_contact_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    lead = EmployerLead.objects.get()
    assert (lead.company_name, lead.created_by, lead.status) == ("Garage Dupont", advisor, LeadStatus.NEW)


def test_a_first_contact_moved_after_the_visit_is_refused(client, advisor, platform):
    client.force_login(advisor)
    today = timezone.localdate()
    lead = EmployerLeadFactory(
        platform=platform,
        visited=True,
        first_contact_on=today - datetime.timedelta(days=5),
        visited_on=today - datetime.timedelta(days=2),
    )
    url = reverse("admin:employers_employerlead_change", args=[lead.pk])
    moved = today - datetime.timedelta(days=1)
    response = client.post(url, admin_change_data(client, url, first_contact_on=moved))
    assert response.status_code == 302
    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "The first contact cannot come after the visit." in shown
    lead.refresh_from_db()
    assert lead.first_contact_on == today - datetime.timedelta(days=5)


def test_a_change_to_the_contact_person_is_saved(client, advisor, platform):
    client.force_login(advisor)
    lead = EmployerLeadFactory(platform=platform, booked=True)
    url = reverse("admin:employers_employerlead_change", args=[lead.pk])
    response = client.post(url, admin_change_data(client, url, contact_name="Mme Petit"))
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.contact_name, lead.status) == ("Mme Petit", LeadStatus.VISIT_BOOKED)


def test_another_platforms_employer_is_refused(client, advisor, platform):
    client.force_login(advisor)
    lead = EmployerLeadFactory(platform=platform)
    url = reverse("admin:employers_employerlead_change", args=[lead.pk])
    response = client.post(url, admin_change_data(client, url, employer=EmployerFactory().pk))
    assert response.status_code == 200  # the foreign employer is not among the choices
    lead.refresh_from_db()
    assert lead.employer is None


def test_the_overdue_filter(client, advisor, platform):
    client.force_login(advisor)
    EmployerLeadFactory(platform=platform, company_name="En retard", overdue=True)
    EmployerLeadFactory(platform=platform, company_name="Dans les temps")
    response = client.get(reverse("admin:employers_employerlead_changelist"), {"visit": "overdue"})
    text = response.content.decode()
    assert "En retard" in text
    assert "Dans les temps" not in text


def test_the_need_shows_its_lead(client, advisor, platform):
    client.force_login(advisor)
    employer = EmployerFactory(platform=platform)
    lead = EmployerLeadFactory(platform=platform, employer=employer, visited=True, company_name="Garage Dupont")
    need = StaffingNeedFactory(employer=employer, lead=lead)
    response = client.get(reverse("admin:employers_staffingneed_change", args=[need.pk]))
    assert reverse("staff:lead_detail", args=[lead.pk]) in response.content.decode()

"""Bad input typed in the admin is refused on its field, and what was typed is kept."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from candidates.forms import CandidateForm
from employers.forms import SiteForm
from tests.employers.factories import EmployerFactory, SiteFactory
from tests.referentials.factories import OccupationFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def need_form_data(site, **overrides) -> dict[str, str]:
    data = {
        "employer": str(site.employer_id),
        "site": str(site.pk),
        "occupation": str(OccupationFactory().pk),
        "title": "Conseiller clientèle bilingue",
        "headcount": "12",
        "start_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "contract_type": "cdi",
        "working_time": "full_time",
        "minimum_experience_years": "0",
    }
    for prefix in ("skill_requirements", "language_requirements", "certification_requirements", "waves"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data |= {"status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0"}
    return data | overrides


def test_admin_refuses_headcount_zero_and_a_past_start_date_and_keeps_the_typed_values(client, superuser):
    client.force_login(superuser)
    site = SiteFactory()
    data = need_form_data(site, headcount="0", start_date="2020-01-06")

    response = client.post(reverse("admin:employers_staffingneed_add"), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Ensure this value is greater than or equal to 1." in form.errors["headcount"]
    assert form.errors["start_date"] == ["The start date 2020-01-06 is in the past."]
    assert 'value="Conseiller clientèle bilingue"' in response.text


def test_admin_refuses_a_mandatory_language_without_justification(client, superuser):
    from tests.referentials.factories import LanguageFactory

    client.force_login(superuser)
    site = SiteFactory()
    english = LanguageFactory()
    data = need_form_data(site) | {
        "language_requirements-TOTAL_FORMS": "1",
        "language_requirements-0-language": str(english.pk),
        "language_requirements-0-level": "4",
        "language_requirements-0-is_mandatory": "on",
        "language_requirements-0-justification": "  ",
    }
    response = client.post(reverse("admin:employers_staffingneed_add"), data)
    assert response.status_code == 200
    assert "A mandatory language needs a written justification tied to the job." in response.text


def test_admin_refuses_a_wrong_siret_on_its_field(client, superuser):
    client.force_login(superuser)
    platform = EmployerFactory().platform
    response = client.post(
        reverse("admin:employers_employer_add"),
        {
            "legal_name": "Boulangerie du Beffroi",
            "siret": "12345678901234",
            "naf_code": "10.71C",
            "platform": str(platform.pk),
            "sites-TOTAL_FORMS": "0",
            "sites-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["siret"] == [
        "12345678901234 is not a valid SIRET: its check digit is wrong."
    ]
    assert 'value="Boulangerie du Beffroi"' in response.text


def test_site_form_explains_an_ambiguous_or_unknown_postcode():
    communes = hauts_de_france_communes()
    communes["Roubaix"].postcodes.create(code="59000")
    form = SiteForm(data={"name": "Entrepôt", "address": "2 rue", "commune": "59000"})
    assert not form.is_valid()
    assert form.errors["commune"] == [
        "The postcode 59000 covers several communes (Lille, Roubaix): add the commune's name or give its INSEE code."
    ]
    assert SiteForm(data={"name": "Entrepôt", "address": "2 rue", "commune": "59000 roubaix"}).is_valid()
    unknown = SiteForm(data={"name": "Entrepôt", "address": "2 rue", "commune": "59999"})
    assert unknown.errors["commune"] == ["Unknown commune or postcode “59999”."]


def test_candidate_form_refuses_a_negative_distance_and_keeps_the_rest():
    hauts_de_france_communes()
    form = CandidateForm(
        data={
            "first_name": "Inès",
            "last_name": "Caron",
            "commune": "62041",
            "max_distance_km": "-5",
            "experience_years": "0",
            "available_from": "2026-12-01",
            "accepts_full_time": "on",
        }
    )
    assert not form.is_valid()
    assert form.errors["max_distance_km"] == ["Ensure this value is greater than or equal to 0."]
    assert form["first_name"].value() == "Inès"
    assert form.cleaned_data["commune"].name == "Arras"

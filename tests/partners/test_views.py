"""The partners' pages: the list of proposals, proposing by the form, a proposal's page and a file's job page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from candidates.enums import CandidateStatus
from candidates.models import CandidateImport, CandidateReferral
from matching.services.referrals import referral_decline
from tests.accounts.factories import PartnerAdvisorFactory, PartnerOrganisationFactory, PlatformFactory
from tests.candidates.factories import CandidateReferralFactory
from tests.candidates.imports.test_checks import csv_file, partner_row
from tests.referentials.factories import CommuneFactory, OccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(platform):
    return PartnerOrganisationFactory(name="Mission Locale de la Lys", platforms=[platform])


@pytest.fixture
def partner_client(client, partner):
    user = PartnerAdvisorFactory(memberships__partner=partner)
    client.force_login(user)
    client.user = user
    return client


def form_data(platform, **changes):
    commune = CommuneFactory(insee_code="59350", name="Lille")
    OccupationFactory(rome_code="D1408")
    return {
        "platform": platform.pk,
        "first_name": "Inès",
        "last_name": "Carpentier",
        "email": "ines@example.org",
        "commune": commune.insee_code,
        "max_distance_km": "20",
        "experience_years": "0",
        "available_from": timezone.localdate().isoformat(),
        "occupation": "D1408",
        "accepts_cdi": "on",
        "accepts_full_time": "on",
        "consent_recorded_on": timezone.localdate().isoformat(),
        "consent_method": "oral",
        "consent_confirmed": "on",
    } | changes


def test_the_form_proposes_a_person_and_leads_to_the_proposals_page(partner_client, platform):
    response = partner_client.post(reverse("partners:referral_propose"), form_data(platform))

    assert response.status_code == 302, response.context and (
        response.context["form"].errors,
        response.context["profile"].errors,
    )
    referral = CandidateReferral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:referral_detail", args=[referral.pk])
    assert referral.candidate.status == CandidateStatus.PROPOSED
    page = partner_client.get(response["Location"]).content.decode()
    assert "Carpentier" in page


def test_the_form_shows_a_missing_consent_and_writes_nothing(partner_client, platform):
    data = form_data(platform, consent_recorded_on="")
    del data["consent_confirmed"]
    response = partner_client.post(reverse("partners:referral_propose"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"consent_recorded_on", "consent_confirmed"}
    assert not CandidateReferral.objects.exists()


def test_another_platform_is_not_offered(partner_client, platform):
    other = PlatformFactory(name="Plateforme Amiens")
    response = partner_client.post(reverse("partners:referral_propose"), form_data(other))
    assert response.status_code == 200
    assert "platform" in response.context["form"].errors
    assert not CandidateReferral.objects.exists()


def test_the_list_shows_the_partners_proposals_and_their_status(partner_client, partner, platform, advisor):
    ours = CandidateReferralFactory(partner=partner, platform=platform, candidate__last_name="Carpentier")
    declined = CandidateReferralFactory(partner=partner, platform=platform, candidate__last_name="Masquee")
    referral_decline(referral=declined, by=advisor, reason="Hors territoire.")
    CandidateReferralFactory(platform=platform, candidate__last_name="Dautrui")

    page = partner_client.get(reverse("partners:home")).content.decode()

    assert "Carpentier" in page
    assert "Masquee" not in page
    assert "Dautrui" not in page
    assert f"referral-{ours.pk}" in page
    assert f"referral-{declined.pk}" in page
    detail = partner_client.get(reverse("partners:referral_detail", args=[declined.pk])).content.decode()
    assert "Hors territoire." in detail


def test_a_file_is_stored_as_a_partner_job_and_checked_by_its_task(partner_client, partner, platform):
    upload = SimpleUploadedFile("orientations.csv", csv_file([partner_row()]), content_type="text/csv")
    response = partner_client.post(reverse("partners:import"), {"platform": platform.pk, "file": upload})

    job = CandidateImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:import_job", args=[job.pk])
    assert (job.partner, job.platform, job.status) == (partner, platform, CandidateImport.Status.QUEUED)
    assert partner_client.get(response["Location"]).status_code == 200


def test_staff_and_employers_find_no_partner_page(client, advisor):
    client.force_login(advisor)
    assert client.get(reverse("partners:home")).status_code == 404

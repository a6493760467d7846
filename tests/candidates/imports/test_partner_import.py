"""A partner's file of proposals, through the candidate import: each row needs its consent date, all or nothing,
and each row written is a proposed candidate with its referral."""

import pytest
from django.core.exceptions import PermissionDenied

from candidates.enums import CandidateStatus, ConsentMethod, ReferralStatus
from candidates.imports import candidate_import, candidate_import_check
from candidates.imports.jobs import candidate_import_job_check, candidate_import_job_create
from candidates.models import Candidate, CandidateReferral
from matching.models import MatchRun
from matching.services.candidate_changes import candidate_import_job_write
from tests.accounts.factories import PartnerAdvisorFactory, PartnerOrganisationFactory, PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.candidates.imports import test_checks
from tests.candidates.imports.test_checks import YESTERDAY, csv_file, partner_row

pytestmark = pytest.mark.django_db

communes, occupations = test_checks.communes, test_checks.occupations


@pytest.fixture
def partner(platform, communes, occupations):
    return PartnerOrganisationFactory(platforms=[platform])


@pytest.fixture
def partner_advisor(partner):
    return PartnerAdvisorFactory(memberships__partner=partner)


def run(content: bytes, platform, by, partner):
    return candidate_import(content=content, filename="f.csv", platform=platform, by=by, partner=partner)


def without_consent(**values: str) -> list[str]:
    return partner_row(Consentement_traitement="non", Date_consentement_traitement="", **values)


def test_each_row_becomes_a_proposed_candidate_with_its_referral(platform, partner, partner_advisor):
    content = csv_file([partner_row(), partner_row(Nom="Carpentier", Courriel="ines@example.org", Téléphone="")])

    report = candidate_import(
        content=content, filename="f.csv", platform=platform, by=partner_advisor, partner=partner
    )

    assert len(report.created) == 2
    for candidate in report.created:
        assert candidate.status == CandidateStatus.PROPOSED
        assert candidate.advisor is None
        referral = CandidateReferral.objects.get(candidate=candidate)
        assert (referral.partner, referral.platform, referral.proposed_by) == (partner, platform, partner_advisor)
        assert (referral.status, referral.consent_method) == (ReferralStatus.PROPOSED, ConsentMethod.FILE)
        assert referral.consent_recorded_on.strftime("%d/%m/%Y") == YESTERDAY
        # The file's birth date is not read: the proposal form asks none either.
        assert candidate.birth_date is None


def test_a_row_without_a_consent_date_is_refused_with_its_line_and_nothing_is_written(
    platform, partner, partner_advisor
):
    content = csv_file([partner_row(), without_consent(Nom="Carpentier", Courriel="ines@example.org")])

    report = candidate_import(
        content=content, filename="f.csv", platform=platform, by=partner_advisor, partner=partner
    )

    assert report.created == []
    [error] = report.errors
    assert error.line == 3
    assert "date du consentement manquante" in error.message
    assert not Candidate.objects.exists()
    assert not CandidateReferral.objects.exists()


def test_a_consent_date_column_of_its_own_is_read(platform, partner, partner_advisor):
    header = ["Nom", "Prénom", "Code postal", "Commune", "Date du consentement"]
    content = csv_file([["Carpentier", "Inès", "59000", "Lille", YESTERDAY]], header=header)
    report = candidate_import(
        content=content, filename="f.csv", platform=platform, by=partner_advisor, partner=partner
    )
    assert len(report.created) == 1


def test_a_duplicate_is_skipped_without_naming_the_platforms_profile(platform, partner, partner_advisor):
    known = CandidateFactory(platform=platform, email="sami.lefebvre@example.org")
    report = candidate_import_check(
        content=csv_file([partner_row()]), filename="f.csv", platform=platform, by=partner_advisor, partner=partner
    )
    [skipped] = report.skipped
    assert "déjà connue" in skipped.message
    assert f"#{known.pk}" not in skipped.message


def test_a_platform_the_partner_does_not_work_with_is_refused(partner, partner_advisor):
    with pytest.raises(PermissionDenied):
        candidate_import_job_create(
            content=csv_file([partner_row()]),
            filename="f.csv",
            platform=PlatformFactory(),
            by=partner_advisor,
            partner=partner,
        )


def test_the_job_checks_then_writes_proposals_without_matching_them(platform, partner, partner_advisor):
    job = candidate_import_job_create(
        content=csv_file([partner_row()]), filename="f.csv", platform=platform, by=partner_advisor, partner=partner
    )
    candidate_import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.report["to_create"], job.report["errors"]) == ("checked", 1, [])
    job.status = "writing"
    job.save()

    candidate_import_job_write(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 1)
    assert CandidateReferral.objects.get().candidate.status == CandidateStatus.PROPOSED
    assert not MatchRun.objects.exists()

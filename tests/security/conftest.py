"""The world of the security tests: a platform with its advisor, an employer with a member, an open need, a candidate
presented to the employer, and one stored document of that candidate. Documents go to a temporary folder."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.documents import document_store
from candidates.enums import DocumentKind
from matching.enums import PresentationStatus
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.security.pages import employer_member

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test keeps its documents in a folder of its own, outside the project's public folders."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def world(platform, advisor, superuser):
    employer = EmployerFactory(platform=platform, legal_name="Centre d'appels du Nord")
    other_employer = EmployerFactory(platform=platform, legal_name="Téléservices de Picardie")
    need = StaffingNeedFactory(employer=employer, open=True)
    candidate = CandidateFactory(presentable=True, platform=platform)
    presentation = presentation_in(PresentationStatus.PRESENTED, need=need, candidate=candidate)
    document = document_store(
        candidate=candidate,
        uploaded_file=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        kind=DocumentKind.CV,
        by=advisor,
    )
    other_platform = PlatformFactory()
    return SimpleNamespace(
        platform=platform,
        advisor=advisor,
        superuser=superuser,
        employer=employer,
        member=employer_member(employer),
        other_member=employer_member(other_employer),
        other_advisor=AdvisorFactory(memberships__platform=other_platform),
        need=need,
        candidate=candidate,
        presentation=presentation,
        document=document,
    )

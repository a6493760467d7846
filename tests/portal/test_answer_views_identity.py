"""Once a presentation ends without a hire by this employer, the employer knows the candidate by their pseudonym
again: the portal's page, the API and the documents stop showing who they are (data minimisation). The views logged
while the identity was revealed stay in the personal-data access log, and the steps in the history.

Ended: not hired after the interview, or the candidate hired elsewhere (an active placement through another
presentation) while this one was still in interview. A candidate hired by this employer stays known to it.
"""

import datetime
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from candidates.documents import document_store
from candidates.enums import DocumentKind
from candidates.models import PersonalDataAccess
from employers.enums import ContractType
from matching.enums import NoHireReason, PresentationStatus
from matching.services.employer_answers import presentation_no_hire
from matching.services.presentations import presentation_hire
from portal.pseudonyms import candidate_pseudonym
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.security.conftest import PDF

pytestmark = pytest.mark.django_db

Status = PresentationStatus
NAME, EMAIL, PHONE = "Zqrevealname", "zq.reveal@exemple.fr", "0699887766"


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def scheduled():
    """A candidate in interview with employer A, who sees their name, contact and CV."""
    need = StaffingNeedFactory(open=True, headcount=2)
    candidate = CandidateFactory(
        presentable=True, platform=need.employer.platform, last_name=NAME, email=EMAIL, phone=PHONE
    )
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need, candidate=candidate)
    cv = SimpleUploadedFile("cv-zq.pdf", PDF, content_type="application/pdf")
    document = document_store(candidate=candidate, uploaded_file=cv, kind=DocumentKind.CV, by=None)
    return presentation, document, member_of(need.employer)


def seen_by_employer(client, member, presentation, document) -> dict:
    """What the employer's member reads of the candidate: the portal's page, the API's item, the CV link."""
    client.force_login(member)
    page = client.get(reverse("portal:presentation_detail", args=[presentation.pk])).text
    api = json.dumps(client.get(f"/api/employer/presentations/{presentation.pk}/").json())
    pseudonym = candidate_pseudonym(employer_id=presentation.need.employer_id, candidate_id=presentation.candidate_id)
    download = reverse("portal:presentation_document_download", args=[presentation.pk, document.pk])
    return {
        "page_names": NAME in page or EMAIL in page or PHONE in page,
        "api_names": NAME in api or EMAIL in api or PHONE in api,
        "pseudonym": pseudonym in page,
        "document_listed": download in page,
        "document": client.get(download).status_code,
    }


REVEALED = {"page_names": True, "api_names": True, "pseudonym": True, "document_listed": True, "document": 200}
HIDDEN = {"page_names": False, "api_names": False, "pseudonym": True, "document_listed": False, "document": 404}


def test_a_no_hire_hides_the_candidate_again_and_keeps_the_logged_reveal(client, scheduled):
    presentation, document, member = scheduled
    assert seen_by_employer(client, member, presentation, document) == REVEALED
    viewed = PersonalDataAccess.objects.filter(actor=member, candidate=presentation.candidate).count()
    assert viewed

    presentation_no_hire(
        presentation=presentation, reason_code=NoHireReason.INTERVIEW_INCONCLUSIVE, comment="", by=member
    )

    assert seen_by_employer(client, member, presentation, document) == HIDDEN
    assert PersonalDataAccess.objects.filter(actor=member, candidate=presentation.candidate).count() == viewed
    # The history still tells the step, by the status's label.
    history = client.get(reverse("portal:presentation_detail", args=[presentation.pk])).text
    with translation.override(settings.LANGUAGE_CODE):
        assert str(Status.NOT_HIRED.label) in history


def test_a_hire_elsewhere_hides_the_candidate_from_the_other_employer(client, scheduled):
    presentation, document, member = scheduled
    elsewhere = presentation_in(
        Status.INTERVIEW_SCHEDULED,
        need=StaffingNeedFactory(open=True, employer__platform=presentation.need.employer.platform),
        candidate=presentation.candidate,
    )

    presentation_hire(
        presentation=elsewhere,
        contract_type=ContractType.CDI,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        by=None,
    )

    assert seen_by_employer(client, member, presentation, document) == HIDDEN
    # The employer who hired them still knows who they are.
    assert seen_by_employer(client, member_of(elsewhere.need.employer), elsewhere, document)["page_names"] is True


def test_a_candidate_hired_by_this_employer_stays_known_to_it(client, scheduled):
    presentation, document, member = scheduled
    presentation_hire(
        presentation=presentation,
        contract_type=ContractType.CDI,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        by=None,
    )
    assert seen_by_employer(client, member, presentation, document) == REVEALED

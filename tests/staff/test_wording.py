"""What staff read in French: dates, plurals, and the workflow's steps by their labels and people by their names."""

import pytest
from django.urls import reverse
from django.utils import translation

from employers.enums import ContractType
from matching.enums import PresentationStatus, RunScope, RunStatus
from matching.models import MatchRun, PresentationTransition
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus


@pytest.fixture
def hire(platform):
    need = StaffingNeedFactory(open=True, employer__platform=platform, title="Conseiller clientèle à distance")
    candidate = CandidateFactory(presentable=True, platform=platform, first_name="Amandine", last_name="Leroy")
    return presentation_in(Status.HIRED, need=need, candidate=candidate, contract_type=ContractType.CDI)


def test_a_hire_starts_from_a_date_and_a_run_counts_its_step_in_the_singular(client, advisor, hire):
    MatchRun.objects.create(
        scope=RunScope.NEED,
        need=hire.need,
        scoring_version="test",
        status=RunStatus.SUCCEEDED,
        progress_done=1,
        progress_total=1,
    )
    client.force_login(advisor)
    page = client.get(reverse("staff:need_review", args=[hire.need.pk])).text
    assert "(CDI), à partir du 04/01/2027" in page
    assert "ancien statut" not in page
    assert "1 sur 1 étape\n" in page


def test_a_presentation_step_reads_as_its_statuses(hire):
    transition = PresentationTransition.objects.create(
        presentation=hire, from_status=Status.INTERVIEW_SCHEDULED, to_status=Status.HIRED
    )
    with translation.override("fr"):
        assert str(transition) == "Entretien programmé → Recruté"
        assert str(PresentationTransition._meta.get_field("from_status").verbose_name) == "ancien statut"


def test_the_steps_list_names_the_need_and_the_candidate(client, advisor, hire):
    PresentationTransition.objects.create(
        presentation=hire, from_status=Status.INTERVIEW_SCHEDULED, to_status=Status.HIRED, by=UserFactory()
    )
    client.force_login(advisor)
    page = client.get(reverse("admin:matching_presentationtransition_changelist")).text
    assert "Amandine Leroy" in page
    assert "Conseiller clientèle à distance" in page
    assert "Entretien programmé" in page
    assert f"#{hire.candidate_id}" not in page
    assert ">interview_scheduled<" not in page


def test_a_presentation_page_names_its_candidate(client, advisor, hire):
    client.force_login(advisor)
    page = client.get(reverse("admin:matching_presentation_change", args=[hire.pk])).text
    assert "← Amandine Leroy (Recruté) | Affichage de présentation | Tremplin</title>" in page
    assert "<h2>Conseiller clientèle à distance — " in page
    assert f"← #{hire.candidate_id} (Recruté)</h2>" not in page


def test_presenting_one_candidate_is_said_in_the_singular(client, advisor, platform):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    shortlisted = presentation_in(Status.SHORTLISTED, need=need)
    client.force_login(advisor)
    response = client.post(
        reverse("admin:matching_presentation_changelist"),
        {"action": "present_to_employer", "_selected_action": [shortlisted.pk]},
        follow=True,
    )
    assert "1 candidat présenté." in response.text

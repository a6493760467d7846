"""The employer's assessment page: a labelled checkbox per criterion, recorded once the interview has passed,
refused before it with the form shown again, and out of reach of another employer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import MembershipRole
from employers.models import NeedSkill
from matching.enums import PresentationStatus
from matching.models import InterviewAssessment
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import SkillFactory

pytestmark = pytest.mark.django_db

Status = PresentationStatus


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


@pytest.fixture
def need():
    need = StaffingNeedFactory(open=True, minimum_experience_years=0)
    NeedSkill.objects.create(need=need, skill=SkillFactory(label="Cariste"))
    return need


def url(presentation) -> str:
    return reverse("portal:presentation_assessment", args=[presentation.pk])


def test_the_assessment_is_recorded_after_the_interview(client, need):
    member = member_of(need.employer)
    presentation = presentation_in(
        Status.INTERVIEW_SCHEDULED, need=need, interview_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(member)
    page = client.get(url(presentation)).content.decode()
    assert '<label for="id_criterion_0">' in page
    assert "Cariste" in page
    response = client.post(url(presentation), {"criterion_0": "on", "comment": "Très à l'aise."})
    assert response.status_code == 302
    assessment = InterviewAssessment.objects.get(presentation=presentation)
    skill_id = need.skill_requirements.get().skill_id
    assert assessment.criteria == [{"key": f"skill:{skill_id}", "label": "Cariste", "met": True}]
    assert assessment.comment == "Très à l'aise."


def test_refused_before_the_interview_with_what_was_typed_kept(client, need):
    member = member_of(need.employer)
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)  # in two days
    client.force_login(member)
    response = client.post(url(presentation), {"criterion_0": "on", "comment": "Trop tôt"})
    assert response.status_code == 200
    assert "portal-error-summary" in response.content.decode()
    assert "Trop tôt" in response.content.decode()
    assert not InterviewAssessment.objects.exists()


def test_another_employer_gets_404(client, need):
    presentation = presentation_in(Status.NOT_HIRED, need=need)
    client.force_login(member_of(StaffingNeedFactory().employer))
    assert client.get(url(presentation)).status_code == 404
    assert client.post(url(presentation), {"comment": "x"}).status_code == 404

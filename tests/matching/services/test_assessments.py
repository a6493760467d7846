"""The employer's assessment after an interview: one answer per criterion of the need, refused before the interview
time, without an interview, with a criterion missing or unknown, or by another employer."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.enums import MembershipRole
from employers.models import NeedCertification, NeedLanguage, NeedSkill
from matching.enums import PresentationStatus
from matching.models import InterviewAssessment
from matching.services.assessments import assessment_criteria, interview_assessment_record
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import CertificationFactory, LanguageFactory, SkillFactory

pytestmark = pytest.mark.django_db

Status = PresentationStatus


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


@pytest.fixture
def need():
    need = StaffingNeedFactory(open=True, minimum_experience_years=2)
    NeedSkill.objects.create(need=need, skill=SkillFactory(label="Cariste"))
    NeedLanguage.objects.create(need=need, language=LanguageFactory(label="Anglais"), level=3)
    NeedCertification.objects.create(need=need, certification=CertificationFactory(label="CACES 3"))
    return need


def keys(need) -> list[str]:
    return [criterion.key for criterion in assessment_criteria(need=need)]


def test_each_criterion_of_the_need_is_recorded_once_the_interview_has_passed(need):
    member = member_of(need.employer)
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    after = presentation.interview_at + datetime.timedelta(hours=2)
    criteria = keys(need)
    assert len(criteria) == 4
    assert criteria[-1] == "experience"
    results = dict.fromkeys(criteria, True) | {"experience": False}
    assessment = interview_assessment_record(
        presentation=presentation, results=results, comment="  Motivé, peu d'expérience.  ", by=member, now=after
    )
    labels = [row["label"] for row in assessment.criteria]
    assert labels[0] == "Cariste"
    assert labels[1].startswith("Anglais (")
    assert labels[2] == "CACES 3"
    assert [row["met"] for row in assessment.criteria] == [True, True, True, False]
    assert assessment.criteria[-1]["met"] is False
    assert assessment.comment == "Motivé, peu d'expérience."
    assert assessment.recorded_by == member
    # Recorded again: replaced, still one.
    interview_assessment_record(presentation=presentation, results=dict.fromkeys(criteria, True), by=member, now=after)
    assert InterviewAssessment.objects.get().criteria[-1]["met"] is True


def test_refused_before_the_interview_time_or_without_an_interview(need):
    member = member_of(need.employer)
    scheduled = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    results = dict.fromkeys(keys(need), True)
    with pytest.raises(ValidationError) as early:
        interview_assessment_record(presentation=scheduled, results=results, by=member, now=timezone.now())
    assert early.value.code == "too_early"
    presented = presentation_in(Status.PRESENTED, need=need)
    with pytest.raises(ValidationError) as none:
        interview_assessment_record(
            presentation=presented, results=results, by=member, now=timezone.now() + datetime.timedelta(days=9)
        )
    assert none.value.code == "no_interview"
    assert not InterviewAssessment.objects.exists()


def test_a_missing_or_unknown_criterion_a_long_comment_or_another_employer_is_refused(need):
    member = member_of(need.employer)
    presentation = presentation_in(Status.NOT_HIRED, need=need, interview_at=timezone.now())
    after = timezone.now() + datetime.timedelta(hours=1)
    results = dict.fromkeys(keys(need), True)
    for wrong in ({k: v for k, v in results.items() if k != "experience"}, results | {"skill:999999": True}):
        with pytest.raises(ValidationError) as refused:
            interview_assessment_record(presentation=presentation, results=wrong, by=member, now=after)
        assert "criteria" in refused.value.message_dict
    with pytest.raises(ValidationError) as long_comment:
        interview_assessment_record(
            presentation=presentation, results=results, comment="x" * 501, by=member, now=after
        )
    assert "comment" in long_comment.value.message_dict
    with pytest.raises(PermissionDenied):
        interview_assessment_record(
            presentation=presentation, results=results, by=member_of(StaffingNeedFactory().employer), now=after
        )
    assert not InterviewAssessment.objects.exists()

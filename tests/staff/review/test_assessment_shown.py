"""The advisor reads the employer's interview assessment on the need's review page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from employers.models import NeedSkill
from matching.enums import PresentationStatus
from matching.services.assessments import assessment_criteria, interview_assessment_record
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import SkillFactory

pytestmark = pytest.mark.django_db


def test_the_review_page_lists_each_criterion_met_or_not_and_the_comment(client, platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    NeedSkill.objects.create(need=need, skill=SkillFactory(label="Soudure TIG"))
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    presentation = presentation_in(
        PresentationStatus.INTERVIEW_SCHEDULED, need=need, interview_at=timezone.now() - datetime.timedelta(hours=1)
    )
    results = {criterion.key: False for criterion in assessment_criteria(need=need)}
    interview_assessment_record(
        presentation=presentation, results=results, comment="À revoir dans six mois", by=member
    )
    client.force_login(advisor)
    html = client.get(reverse("staff:need_review", args=[need.pk])).content.decode()
    assert "Soudure TIG" in html
    assert "À revoir dans six mois" in html
    assert "review-assessment" in html


def test_the_board_row_says_how_many_criteria_the_interview_met(client, platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform, minimum_experience_years=2)
    NeedSkill.objects.create(need=need, skill=SkillFactory(label="Soudure TIG"))
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    presentation = presentation_in(
        PresentationStatus.INTERVIEW_SCHEDULED, need=need, interview_at=timezone.now() - datetime.timedelta(hours=1)
    )
    criteria = [criterion.key for criterion in assessment_criteria(need=need)]
    results = {key: index == 0 for index, key in enumerate(criteria)}
    interview_assessment_record(presentation=presentation, results=results, comment="", by=member)
    client.force_login(advisor)

    with translation.override("en"):
        html = client.get(reverse("staff:need_board", args=[need.pk]) + "?state=interview").content.decode()

    assert f"assessment: 1 of {len(criteria)} criteria met" in html

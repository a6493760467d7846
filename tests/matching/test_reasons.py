"""The words of ``matching.reasons``: near-miss counts and suggestions' reasons as sentences, in English and French,
and the positive-action group named only to users allowed to read the candidate's sensitive situation."""

import datetime

import pytest
from django.utils import translation

from accounts.enums import MembershipRole
from employers.enums import ContractType, WorkingTime
from employers.models import RecruitingWave
from matching.reasons import (
    may_read_sensitive_situation,
    near_miss_count_text,
    near_miss_counts_worded,
    reasons_worded,
    requirement_labels_load,
    requirement_text,
)
from tests.accounts.factories import AdvisorFactory, MembershipFactory, PlatformFactory, SuperuserFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.referentials.factories import CertificationFactory, LanguageFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need():
    return StaffingNeedFactory(
        contract_type=ContractType.CDI, working_time=WorkingTime.FULL_TIME, minimum_experience_years=3
    )


def test_near_miss_counts_are_sentences_in_english_and_french(need):
    skill = SkillFactory(label="encaissement")
    language = LanguageFactory()
    certification = CertificationFactory()
    stored = [
        {"requirement": "distance", "id": 0, "count": 86},
        {"requirement": "skill", "id": skill.pk, "count": 17},
        {"requirement": "experience", "id": 0, "count": 2},
        {"requirement": "language", "id": language.pk, "count": 1},
        {"requirement": "certification", "id": certification.pk, "count": 4},
    ]
    with translation.override("en"):
        worded = near_miss_counts_worded(need=need, near_misses=stored)
    assert [count.text for count in worded] == [
        "86 live beyond their own radius",
        "17 lack the skill ‘encaissement’",
        "4 lack the certification ‘Permis B’",
        "2 lack 3 years' experience",
        "1 lacks the language ‘Anglais’ at the level asked",
    ]
    with translation.override("fr"):
        worded = near_miss_counts_worded(need=need, near_misses=stored)
    assert worded[0].text == "86 habitent au-delà de leur propre rayon"
    assert worded[1].text == "17 n'ont pas la compétence « encaissement »"
    assert worded[3].text == "2 n'ont pas 3 ans d'expérience"


def test_every_requirement_has_its_words(need):
    labels = requirement_labels_load([])
    with translation.override("en"):
        texts = {
            code: near_miss_count_text(code=code, item_id=0, count=5, need=need, labels=labels)
            for code in ("occupation", "contract", "working_time", "availability", "education", "other")
        }
        assert texts["occupation"] == "5 do not seek this occupation"
        assert texts["contract"] == "5 do not accept the contract: permanent contract (CDI)"
        assert texts["working_time"] == "5 do not accept the working time: full time"
        assert texts["availability"] == "5 are not available in time"
        assert texts["other"] == "5 miss another requirement"
        assert requirement_text(code="distance", item_id=None, need=need, labels=labels) == (
            "the distance, beyond their own radius"
        )


def test_the_labels_of_the_items_are_read_in_one_query_per_kind(need, django_assert_num_queries):
    skills = [SkillFactory() for _ in range(3)]
    language = LanguageFactory()
    with django_assert_num_queries(2):
        labels = requirement_labels_load([("skill", skill.pk) for skill in skills] + [("language", language.pk)])
    assert labels.label("skill", skills[1].pk) == skills[1].label
    assert labels.label("language", language.pk) == "Anglais"


def test_reasons_are_worded_with_the_dates_of_the_waves(need):
    wave = RecruitingWave.objects.create(need=need, starts_on=datetime.date(2027, 5, 12), hires_planned=10)
    stored = [
        {"code": "other_wave", "value": wave.pk},
        {"code": "holds_elsewhere", "value": 2},
        {"code": "slots_filled", "value": wave.pk},
        {"code": "declined_for_wave", "value": wave.pk},
        {"code": "kept", "value": 0},
        {"code": "unknown", "value": 3},
    ]
    with translation.override("en"):
        texts = [
            reason.text for reason in reasons_worded(stored, waves={wave.pk: wave.starts_on}, may_read_group=True)
        ]
    assert texts[0].startswith("Proposed for the wave of ")
    assert "12" in texts[0]
    assert "2027" in texts[0]
    assert texts[1:3] == ["Holds 2 proposals on other needs", "The waves they can make are full"]
    assert texts[3].startswith("Declined for the wave of ")
    assert texts[3].endswith("; kept for a later one")
    assert texts[4] == "Proposal kept from the previous allocation"
    assert len(texts) == 5  # an unknown code is not shown
    with translation.override("fr"):
        french = reasons_worded(stored[:2], waves={wave.pk: wave.starts_on}, may_read_group=True)
    assert french[0].text == "Proposée pour la vague du 12/05/2027"
    assert french[1].text == "A déjà 2 propositions sur d'autres besoins"


def test_a_positive_action_group_is_named_only_to_those_allowed():
    stored = [{"code": "positive_action", "value": 0, "group": "is_under_26"}]
    with translation.override("en"):
        allowed = reasons_worded(stored, waves={}, may_read_group=True)
        refused = reasons_worded(stored, waves={}, may_read_group=False)
        on_score = reasons_worded([{"code": "score", "value": 0}], waves={}, may_read_group=False)
        on_score_allowed = reasons_worded([{"code": "score", "value": 0}], waves={}, may_read_group=True)
    assert allowed[0].text == "Proposed to meet the positive-action target: people under 26"
    assert allowed[0].group == "is_under_26"
    # Refused: the same word as a proposal on its score, so that the two cannot be told apart.
    assert (refused[0].code, refused[0].text, refused[0].group) == ("proposed", "Proposed", "")
    assert (on_score[0].code, on_score[0].text) == ("proposed", "Proposed")
    assert on_score_allowed[0].text == "Proposed on its score"


def test_who_may_read_a_candidates_sensitive_situation():
    platform, other = PlatformFactory(), PlatformFactory()
    advisor = AdvisorFactory(memberships__platform=platform)
    without_permission = UserFactory(is_staff=True)
    MembershipFactory(user=without_permission, platform=platform, role=MembershipRole.ADVISOR)
    member = UserFactory()
    assert may_read_sensitive_situation(user=advisor, candidate_platform_id=platform.pk)
    assert not may_read_sensitive_situation(user=advisor, candidate_platform_id=other.pk)
    assert not may_read_sensitive_situation(user=without_permission, candidate_platform_id=platform.pk)
    assert not may_read_sensitive_situation(user=member, candidate_platform_id=platform.pk)
    assert may_read_sensitive_situation(user=SuperuserFactory(), candidate_platform_id=other.pk)

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from candidates.enums import CandidateStatus
from candidates.models import Candidate, CandidateSkill, SensitiveSituation
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.referentials.factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in the source language, whatever the default one."""
    with translation.override("en"):
        yield


# Database constraints


def test_max_distance_of_200_km_is_accepted():
    assert CandidateFactory(max_distance_km=200).max_distance_km == 200


def test_max_distance_over_200_km_is_refused():
    with pytest.raises(IntegrityError, match="candidate_max_distance_range"), transaction.atomic():
        CandidateFactory(max_distance_km=201)
    assert not Candidate.objects.exists()


def test_negative_max_distance_is_refused():
    # The positive-integer column check or our range constraint: either refuses -1.
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateFactory(max_distance_km=-1)
    assert not Candidate.objects.exists()


def test_max_distance_constraint_message_follows_the_active_language():
    candidate = CandidateFactory()
    candidate.max_distance_km = 250
    shown, expected = {}, {}
    for language in ("en", "fr"):
        with translation.override(language):
            with pytest.raises(ValidationError) as raised:
                candidate.validate_constraints()
            shown[language] = raised.value.messages
            expected[language] = [
                translation.gettext("The maximum distance must be between 0 and %(max)s km.") % {"max": 200}
            ]
    assert shown == expected


def test_presentation_consent_without_its_date_is_refused():
    with pytest.raises(IntegrityError, match="candidate_presentation_consent_dated"), transaction.atomic():
        CandidateFactory(consents_to_presentation=True, consented_to_presentation_at=None)


def test_processing_consent_without_its_date_is_refused():
    with pytest.raises(IntegrityError, match="candidate_processing_consent_dated"), transaction.atomic():
        CandidateFactory(consents_to_processing=True, consented_to_processing_at=None)


def test_presentation_consent_without_processing_consent_is_refused():
    with pytest.raises(IntegrityError, match="candidate_presentation_needs_processing_consent"), transaction.atomic():
        CandidateFactory(presentable=True, consents_to_processing=False, consented_to_processing_at=None)


def test_candidate_accepting_neither_full_nor_part_time_is_refused():
    with pytest.raises(IntegrityError, match="candidate_accepts_some_working_time"), transaction.atomic():
        CandidateFactory(accepts_full_time=False, accepts_part_time=False)


def test_candidate_accepting_part_time_only_is_accepted():
    candidate = CandidateFactory(accepts_full_time=False, accepts_part_time=True)
    assert Candidate.objects.filter(pk=candidate.pk, accepts_part_time=True).exists()


def test_sensitive_situation_cannot_be_both_under_26_and_50_or_over():
    with pytest.raises(IntegrityError, match="sensitive_situation_age_groups_exclusive"), transaction.atomic():
        SensitiveSituationFactory(is_under_26=True, is_50_or_over=True)
    assert not SensitiveSituation.objects.exists()


def test_sensitive_situation_is_one_per_candidate():
    situation = SensitiveSituationFactory(is_under_26=True, receives_minimum_income=True)
    assert situation.candidate.sensitive_situation == situation
    with pytest.raises(IntegrityError), transaction.atomic():
        SensitiveSituation.objects.create(candidate=situation.candidate, is_long_term_job_seeker=True)
    assert SensitiveSituation.objects.get().is_under_26


def test_candidate_has_each_skill_once():
    candidate = CandidateFactory()
    skill = SkillFactory()
    CandidateSkill.objects.create(candidate=candidate, skill=skill)
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateSkill.objects.create(candidate=candidate, skill=skill, level=4)


# Properties


def test_active_candidate_who_consents_to_presentation_is_presentable():
    assert CandidateFactory(presentable=True).is_presentable


def test_candidate_without_presentation_consent_is_not_presentable():
    assert not CandidateFactory().is_presentable


@pytest.mark.parametrize("status", [CandidateStatus.PAUSED, CandidateStatus.PLACED, CandidateStatus.ARCHIVED])
def test_candidate_who_is_not_active_is_not_presentable(status):
    assert not CandidateFactory(presentable=True, status=status).is_presentable


# clean()


def test_birth_date_in_the_future_is_refused():
    candidate = CandidateFactory()
    candidate.birth_date = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        candidate.full_clean()
    assert raised.value.message_dict == {"birth_date": ["The birth date cannot be in the future."]}


def test_birth_date_in_the_past_is_accepted():
    candidate = CandidateFactory(birth_date=datetime.date(1990, 5, 17))
    candidate.full_clean()


def test_clean_refuses_presentation_without_processing_consent():
    candidate = CandidateFactory.build(presentable=True, consents_to_processing=False, consented_to_processing_at=None)
    with pytest.raises(ValidationError) as raised:
        candidate.clean()
    assert raised.value.message_dict == {
        "consents_to_presentation": ["Presenting someone requires their consent to data processing first."]
    }


def test_clean_refuses_neither_full_nor_part_time():
    candidate = CandidateFactory.build(accepts_full_time=False, accepts_part_time=False)
    with pytest.raises(ValidationError) as raised:
        candidate.clean()
    assert raised.value.message_dict == {"accepts_part_time": ["Accept at least full time or part time."]}


def test_full_clean_reports_max_distance_over_200_km_on_its_field():
    candidate = CandidateFactory()
    candidate.max_distance_km = 250
    with pytest.raises(ValidationError) as raised:
        candidate.full_clean()
    assert "max_distance_km" in raised.value.message_dict

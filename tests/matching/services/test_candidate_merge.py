"""Merging two profiles of one person: suggestions, presentations, outcomes and runs, then the profile itself."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from candidates.models import Candidate, CandidateLanguage, CandidateSkill, SensitiveSituation
from employers.models import RecruitingWave
from matching.enums import DeclineScope, OutcomeKind, PresentationStatus, RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion, Outcome, Presentation, PresentationTransition
from matching.services.candidate_merge import candidate_merge
from referentials.enums import CefrLevel
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import (
    CertificationFactory,
    LanguageFactory,
    OccupationFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1990, 7, 14)


@pytest.fixture
def pair(platform, superuser):
    """Two profiles of one person, each with its own history, partly overlapping."""
    keep = CandidateFactory(platform=platform, email="", phone="0612345678", last_name="Lefebvre")
    remove = CandidateFactory(
        platform=platform,
        email="sami@example.org",
        reference="FT-42",
        last_name="Lefebvre",
        birth_date=BIRTH,
        presentable=True,
    )
    Candidate.objects.filter(pk=remove.pk).update(consents_to_presentation=True)
    keep.refresh_from_db()
    shared_skill, own_skill, their_skill = SkillFactory(), SkillFactory(), SkillFactory()
    CandidateSkill.objects.create(candidate=keep, skill=shared_skill, level=2)
    CandidateSkill.objects.create(candidate=remove, skill=shared_skill, level=4)
    CandidateSkill.objects.create(candidate=keep, skill=own_skill, level=3)
    CandidateSkill.objects.create(candidate=remove, skill=their_skill, level=1)
    english, spanish = LanguageFactory(code="en"), LanguageFactory(code="es", label="Espagnol")
    CandidateLanguage.objects.create(candidate=keep, language=english, level=CefrLevel.C1)
    CandidateLanguage.objects.create(candidate=remove, language=english, level=CefrLevel.B1)
    CandidateLanguage.objects.create(candidate=remove, language=spanish, level=CefrLevel.A2)
    keep.desired_occupations.add(OccupationFactory(rome_code="D1408"))
    remove.desired_occupations.add(OccupationFactory(rome_code="N1103", label="Préparateur"))
    remove.certifications.add(CertificationFactory())

    employer = EmployerFactory(platform=platform)
    shared_need, better_need, their_need = StaffingNeedFactory.create_batch(3, employer=employer)
    suggestion = {"rank": 1, "parts": {}, "distance_km": 1.0, "scoring_version": "test"}
    MatchSuggestion.objects.create(need=shared_need, candidate=keep, score=7000, **suggestion)
    MatchSuggestion.objects.create(need=shared_need, candidate=remove, score=6000, **{**suggestion, "rank": 2})
    MatchSuggestion.objects.create(need=better_need, candidate=keep, score=5000, **suggestion)
    MatchSuggestion.objects.create(need=better_need, candidate=remove, score=9000, **{**suggestion, "rank": 2})
    MatchSuggestion.objects.create(need=their_need, candidate=remove, score=4000, **suggestion)

    proposed = Presentation.objects.create(need=shared_need, candidate=keep, created_by=superuser)
    PresentationTransition.objects.create(presentation=proposed, to_status="shortlisted", by=superuser)
    interview = Presentation.objects.create(
        need=shared_need, candidate=remove, status=PresentationStatus.INTERVIEW_REQUESTED, created_by=superuser
    )
    for from_status, to_status in [
        ("", "shortlisted"),
        ("shortlisted", "presented"),
        ("presented", "interview_requested"),
    ]:
        PresentationTransition.objects.create(
            presentation=interview, from_status=from_status, to_status=to_status, by=superuser
        )
    their_presentation = Presentation.objects.create(need=their_need, candidate=remove, created_by=superuser)
    PresentationTransition.objects.create(presentation=their_presentation, to_status="shortlisted", by=superuser)
    Outcome.objects.create(
        candidate=remove, kind=OutcomeKind.TRAINING, description="POEC", starts_on=timezone.localdate()
    )
    MatchRun.objects.create(
        scope=RunScope.CANDIDATE, candidate=remove, status=RunStatus.SUCCEEDED, scoring_version="t"
    )
    SensitiveSituationFactory(candidate=keep, is_under_26=True)
    SensitiveSituationFactory(candidate=remove, is_50_or_over=True, has_disability_recognition=True)
    return {
        "keep": keep,
        "remove": remove,
        "skills": (shared_skill, own_skill, their_skill),
        "needs": (shared_need, better_need, their_need),
        "presentations": (proposed, interview, their_presentation),
    }


def test_merge_moves_everything_onto_the_kept_profile(pair, advisor, django_capture_on_commit_callbacks):
    keep, remove = pair["keep"], pair["remove"]
    shared_skill, own_skill, their_skill = pair["skills"]
    shared_need, better_need, their_need = pair["needs"]
    proposed, interview, their_presentation = pair["presentations"]
    transitions_before = PresentationTransition.objects.count()

    with django_capture_on_commit_callbacks():
        candidate_merge(keep=keep, remove=remove, by=advisor)

    assert not Candidate.objects.filter(pk=remove.pk).exists()
    keep.refresh_from_db()
    assert dict(keep.skills.values_list("skill_id", "level")) == {
        shared_skill.pk: 4,
        own_skill.pk: 3,
        their_skill.pk: 1,
    }
    assert dict(keep.languages.values_list("language__code", "level")) == {"en": CefrLevel.C1, "es": CefrLevel.A2}
    assert sorted(keep.desired_occupations.values_list("rome_code", flat=True)) == ["D1408", "N1103"]
    assert keep.certifications.count() == 1
    assert dict(keep.suggestions.values_list("need_id", "score")) == {
        shared_need.pk: 7000,
        better_need.pk: 9000,
        their_need.pk: 4000,
    }
    # The most advanced presentation stays; the other one's history moves onto it, plus a step recording the merge.
    presentations = dict(keep.presentations.values_list("need_id", "pk"))
    assert presentations == {shared_need.pk: interview.pk, their_need.pk: their_presentation.pk}
    assert not Presentation.objects.filter(pk=proposed.pk).exists()
    assert PresentationTransition.objects.count() == transitions_before + 1
    assert interview.transitions.count() == 5
    assert "Fusion des dossiers" in interview.transitions.last().reason
    assert keep.outcomes.count() == 1
    assert MatchRun.objects.filter(candidate=keep, status=RunStatus.SUCCEEDED).count() == 1
    assert MatchRun.objects.filter(candidate=keep, status=RunStatus.QUEUED).count() == 1
    situation = SensitiveSituation.objects.get(candidate=keep)
    assert situation.has_disability_recognition is True
    # The two age groups exclude each other: the kept profile's values stand.
    assert (situation.is_under_26, situation.is_50_or_over) == (True, False)
    # Blanks filled from the removed profile; the kept profile's values are not overwritten.
    assert (keep.email, keep.phone, keep.reference, keep.birth_date) == (
        "sami@example.org",
        "0612345678",
        "FT-42",
        BIRTH,
    )
    assert keep.consents_to_presentation is True


def test_merging_profiles_of_two_platforms_is_refused(pair, superuser):
    other = CandidateFactory(platform=PlatformFactory())
    with pytest.raises(ValidationError):
        candidate_merge(keep=pair["keep"], remove=other, by=superuser)
    assert Candidate.objects.filter(pk=other.pk).exists()


def test_merging_two_profiles_each_with_an_active_placement_is_refused_and_changes_nothing(pair, superuser):
    keep, remove = pair["keep"], pair["remove"]
    _shared_need, better_need, their_need = pair["needs"]
    hire = {
        "status": PresentationStatus.HIRED,
        "contract_type": "cdi",
        "hire_starts_on": timezone.localdate(),
        "follow_up_due_on": timezone.localdate() + datetime.timedelta(days=183),
    }
    Presentation.objects.create(need=better_need, candidate=keep, **hire)
    Presentation.objects.filter(need=their_need, candidate=remove).update(**hire)
    skills_before = CandidateSkill.objects.filter(candidate=remove).count()

    with pytest.raises(ValidationError, match="placement en cours"):
        candidate_merge(keep=keep, remove=remove, by=superuser)

    assert Candidate.objects.filter(pk=remove.pk).exists()
    assert CandidateSkill.objects.filter(candidate=remove).count() == skills_before


def test_an_advisor_cannot_merge_another_platform_profiles(pair):
    stranger = AdvisorFactory()
    with pytest.raises(PermissionDenied):
        candidate_merge(keep=pair["keep"], remove=pair["remove"], by=stranger)


def test_presentations_ended_for_a_wave_move_as_history_beside_the_kept_presentation(pair, superuser):
    keep, remove = pair["keep"], pair["remove"]
    need = StaffingNeedFactory(open=True, employer=pair["needs"][0].employer)
    wave = RecruitingWave.objects.create(need=need, starts_on=timezone.localdate(), hires_planned=3)
    ended = {"status": PresentationStatus.WITHDRAWN, "reason": "Pas pour cette vague", "wave": wave}
    Presentation.objects.create(need=need, candidate=keep, decline_scope=DeclineScope.WAVE, **ended)
    Presentation.objects.create(need=need, candidate=remove, decline_scope=DeclineScope.WAVE, **ended)
    active = Presentation.objects.create(need=need, candidate=remove, status=PresentationStatus.SHORTLISTED)
    Presentation.objects.create(need=need, candidate=keep, status=PresentationStatus.PRESENTED)

    candidate_merge(keep=keep, remove=remove, by=superuser)

    rows = Presentation.objects.filter(need=need).order_by("decline_scope", "status")
    assert [(row.candidate_id, row.status, row.decline_scope) for row in rows] == [
        (keep.pk, PresentationStatus.PRESENTED, ""),
        (keep.pk, PresentationStatus.WITHDRAWN, DeclineScope.WAVE),
        (keep.pk, PresentationStatus.WITHDRAWN, DeclineScope.WAVE),
    ]
    assert not Presentation.objects.filter(pk=active.pk).exists()

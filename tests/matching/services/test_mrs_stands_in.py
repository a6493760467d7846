"""An MRS test passed in a session serving a need stands in for what the employer lets it replace: the candidate who
lacks the experience and a listed skill is suggested once they pass, and no longer once the result is taken back.

The runs are executed here in the test process, as a worker would (``test_runs.py`` says why).
"""

import datetime

import pytest
from django.utils import timezone

from employers.models import NeedSkill
from matching.enums import RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion
from matching.selectors import need_spec_build, needs_for_matching
from matching.services import match_run_execute
from matching.services.sessions import seat_attendance_record, seat_mrs_result_record
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory
from tests.referentials.factories import OccupationFactory, SkillFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(platform):
    communes = hauts_de_france_communes()
    occupation = OccupationFactory(rome_code="D1408")
    skill = SkillFactory(label="Gestion de la relation client")
    need = StaffingNeedFactory(
        open=True,
        employer=EmployerFactory(platform=platform),
        site__commune=communes["Lille"],
        occupation=occupation,
        minimum_experience_years=3,
        mrs_replaces_experience=True,
    )
    NeedSkill.objects.create(need=need, skill=skill)
    need.mrs_skills.set([skill])
    candidate = CandidateFactory(
        platform=platform,
        presentable=True,
        commune=communes["Lille"],
        available_from=timezone.localdate(),
        max_distance_km=30,
        experience_years=0,
    )
    candidate.desired_occupations.set([occupation])
    session = CollectiveSessionFactory(
        mrs=True,
        platform=platform,
        needs=[need],
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    seat = SessionSeatFactory(session=session, candidate=candidate, accepted=True, attended=True)
    return need, candidate, seat


def run_need(need) -> None:
    match_run_execute(run_id=MatchRun.objects.create(scope=RunScope.NEED, scoring_version="2026.1", need=need).pk)


def test_a_pass_makes_the_candidate_eligible_and_taking_it_back_removes_them(world, advisor):
    need, candidate, seat = world
    run_need(need)
    assert not MatchSuggestion.objects.filter(need=need, candidate=candidate).exists()

    seat_mrs_result_record(seat=seat, passed=True, by=advisor)

    requested = MatchRun.objects.get(scope=RunScope.CANDIDATE, candidate=candidate, status=RunStatus.QUEUED)
    match_run_execute(run_id=requested.pk)
    suggestion = MatchSuggestion.objects.get(need=need, candidate=candidate)
    assert suggestion.mrs_stands_in is True
    # Counted as holding the listed skill: nothing to train.
    assert suggestion.skills_to_train == []

    seat_attendance_record(seat=seat, attended=False, by=advisor)
    run_need(need)
    assert not MatchSuggestion.objects.filter(need=need, candidate=candidate).exists()


def test_the_same_result_recorded_again_requests_no_run(world, advisor):
    _, candidate, seat = world
    seat_mrs_result_record(seat=seat, passed=False, by=advisor)
    assert not MatchRun.objects.filter(candidate=candidate).exists()


def test_the_engine_reads_the_passes_the_same_prefetched_or_not(world, advisor):
    need, candidate, seat = world
    seat_mrs_result_record(seat=seat, passed=True, by=advisor)
    # A pass in a session serving another need counts for no one here.
    elsewhere = CollectiveSessionFactory(mrs=True, platform=seat.session.platform)
    SessionSeatFactory(session=elsewhere, accepted=True, attended=True, mrs_passed=True)

    prefetched = need_spec_build(needs_for_matching([need.pk]).get())
    plain = need_spec_build(type(need).objects.get(pk=need.pk))

    assert prefetched == plain
    assert prefetched.mrs_passed_candidates == (candidate.pk,)
    assert prefetched.mrs_replaces_experience is True
    assert prefetched.mrs_skills == tuple(need.mrs_skills.values_list("pk", flat=True))

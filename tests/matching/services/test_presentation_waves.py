"""Presentations and hires belong to a wave: the wave chosen at shortlisting, the hire counted on it (one at a time,
even with concurrent hires for its last seat), moves between waves, the scope of every end and the need's pool."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import ContractType, NeedStatus, WaveStatus
from employers.models import RecruitingWave, StaffingNeed
from matching.enums import DeclineScope, EmployerDeclineReason, NoHireReason, PresentationStatus
from matching.models import MatchSuggestion, Presentation
from matching.services.employer_answers import presentation_employer_decline, presentation_no_hire
from matching.services.presentation_waves import presentation_keep_for_later_wave, presentation_wave_move
from matching.services.presentations import (
    presentation_answer_record,
    presentation_hire,
    presentation_shortlist,
    presentation_transition,
)
from matching.wave_selectors import pool_for_need
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import MassHiringNeedFactory, StaffingNeedFactory
from tests.matching.presentation_world import REASON, STARTS_ON, hire_all_at_once, presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TODAY = timezone.localdate()


def _day(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


def _world(platform, *, headcount=280, planned=(70, 70, 70, 70)):
    need = MassHiringNeedFactory(open=True, headcount=headcount, start_date=_day(20), employer__platform=platform)
    waves = [
        RecruitingWave.objects.create(need=need, starts_on=_day(30 + 60 * number), hires_planned=hires)
        for number, hires in enumerate(planned)
    ]
    return SimpleNamespace(need=need, waves=waves)


@pytest.fixture
def world(platform):
    return _world(platform)


def _candidate(platform, **fields):
    return CandidateFactory(presentable=True, platform=platform, **fields)


def _suggest(need, candidate, *, proposed_wave=None, first_wave=None):
    return MatchSuggestion.objects.create(
        need=need,
        candidate=candidate,
        rank=MatchSuggestion.objects.filter(need=need).count() + 1,
        score=5000,
        parts={},
        distance_km=3.0,
        is_proposed=proposed_wave is not None,
        proposed_wave=proposed_wave,
        first_wave=first_wave,
        scoring_version="test",
    )


def _refusal(call, **kwargs) -> ValidationError:
    """The service's refusal; one on a field (``{"wave": ...}``) answers ``code`` as its field's first error does."""
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        call(**kwargs)
    error = refusal.value
    if hasattr(error, "error_dict"):
        error.code = next(iter(error.error_dict.values()))[0].code
    return error


# The wave of a new presentation ---------------------------------------------------------------------------------


def test_a_shortlisted_candidate_is_put_forward_for_the_wave_the_allocation_proposes(world, platform, advisor):
    candidate = _candidate(platform)
    _suggest(world.need, candidate, proposed_wave=world.waves[2], first_wave=world.waves[1])

    presentation = presentation_shortlist(need=world.need, candidate=candidate, by=advisor)

    assert presentation.wave == world.waves[2]


def test_without_a_proposal_the_first_wave_the_person_can_make_is_chosen(world, platform, advisor):
    candidate = _candidate(platform)
    _suggest(world.need, candidate, first_wave=world.waves[1])

    assert presentation_shortlist(need=world.need, candidate=candidate, by=advisor).wave == world.waves[1]


def test_without_a_suggestion_the_earliest_open_wave_after_the_persons_availability_is_chosen(
    world, platform, advisor
):
    RecruitingWave.objects.filter(pk=world.waves[1].pk).update(status=WaveStatus.FILLED, hires_count=70)
    candidate = _candidate(platform, available_from=_day(40))

    assert presentation_shortlist(need=world.need, candidate=candidate, by=advisor).wave == world.waves[2]


def test_a_need_without_waves_puts_people_forward_for_no_wave(platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform)

    assert presentation_shortlist(need=need, candidate=_candidate(platform), by=advisor).wave is None


def test_no_wave_that_fits_and_no_seat_outside_the_waves_refuses_the_shortlisting(world, platform, advisor):
    candidate = _candidate(platform, available_from=_day(400))

    refusal = _refusal(presentation_shortlist, need=world.need, candidate=candidate, by=advisor)

    assert refusal.code == "no_wave"
    assert not Presentation.objects.filter(candidate=candidate).exists()


def test_seats_outside_the_waves_take_whoever_no_wave_fits(platform, advisor):
    world = _world(platform, headcount=300)
    candidate = _candidate(platform, available_from=_day(400))

    assert presentation_shortlist(need=world.need, candidate=candidate, by=advisor).wave is None


# Hires per wave -------------------------------------------------------------------------------------------------


def _hire(presentation, by):
    return presentation_hire(presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=by)


def test_a_hire_counts_on_its_wave_and_the_last_seat_fills_the_wave_not_the_need(platform, advisor):
    world = _world(platform, headcount=10, planned=(2, 8))
    first, second = (
        presentation_in(Status.INTERVIEW_SCHEDULED, need=world.need, wave=world.waves[0]) for _ in range(2)
    )

    _hire(first, advisor)
    world.waves[0].refresh_from_db()
    assert (world.waves[0].hires_count, world.waves[0].status) == (1, WaveStatus.OPEN)

    _hire(second, advisor)
    world.waves[0].refresh_from_db()
    world.need.refresh_from_db()
    assert (world.waves[0].hires_count, world.waves[0].status) == (2, WaveStatus.FILLED)
    assert (world.need.hires_count, world.need.status) == (2, NeedStatus.OPEN)


def test_a_hire_beyond_the_waves_headcount_is_refused_and_nothing_changes(platform, advisor):
    world = _world(platform, headcount=10, planned=(1, 9))
    RecruitingWave.objects.filter(pk=world.waves[0].pk).update(hires_count=1, status=WaveStatus.FILLED)
    StaffingNeed.objects.filter(pk=world.need.pk).update(hires_count=1)
    waiting = presentation_in(Status.INTERVIEW_SCHEDULED, need=world.need, wave=world.waves[0])
    day = world.waves[0].starts_on.strftime("%d/%m/%Y")

    refusal = _refusal(_hire, presentation=waiting, by=advisor)

    assert (refusal.code, refusal.messages) == (
        "wave_full",
        [f"The wave of {day} has no seat left: its 1 people are hired."],
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.INTERVIEW_SCHEDULED
    assert StaffingNeed.objects.get(pk=world.need.pk).hires_count == 1


def test_a_hire_outside_the_waves_needs_a_seat_outside_them(world, platform, advisor):
    waiting = presentation_in(Status.INTERVIEW_SCHEDULED, need=world.need)

    assert _refusal(_hire, presentation=waiting, by=advisor).code == "wave_needed"


@pytest.mark.django_db(transaction=True)
def test_concurrent_hires_for_the_last_seat_of_a_wave_give_one_hire(platform, advisor, is_postgresql):
    if not is_postgresql:
        pytest.skip("needs many connections writing at once; SQLite serialises writers and has no row locks")
    world = _world(platform, headcount=20, planned=(3, 17))
    RecruitingWave.objects.filter(pk=world.waves[0].pk).update(hires_count=2)
    StaffingNeed.objects.filter(pk=world.need.pk).update(hires_count=2)
    waiting = [
        presentation_in(
            Status.INTERVIEW_SCHEDULED, need=world.need, wave=world.waves[0], candidate=_candidate(platform)
        )
        for _ in range(2)
    ]
    day = world.waves[0].starts_on.strftime("%d/%m/%Y")

    results = hire_all_at_once(waiting, by=advisor)

    assert sorted(results) == [
        ("hired", ""),
        ("wave_full", f"The wave of {day} has no seat left: its 3 people are hired."),
    ]
    wave = RecruitingWave.objects.get(pk=world.waves[0].pk)
    assert (wave.hires_count, wave.status) == (3, WaveStatus.FILLED)
    assert StaffingNeed.objects.get(pk=world.need.pk).hires_count == 3
    assert Presentation.objects.filter(wave=wave, status=Status.HIRED).count() == 1


# Moving between waves -------------------------------------------------------------------------------------------


def test_an_active_presentation_moves_to_another_open_wave_with_its_reason_in_the_history(world, advisor):
    presentation = presentation_in(Status.PRESENTED, need=world.need, wave=world.waves[0])

    with translation.override("en"):
        moved = presentation_wave_move(
            presentation=presentation, wave=world.waves[2], by=advisor, reason="Starts after her training"
        )

    assert moved.wave == world.waves[2]
    step = moved.transitions.get()
    first, third = (wave.starts_on.strftime("%d/%m/%Y") for wave in (world.waves[0], world.waves[2]))
    assert (step.from_status, step.to_status, step.by) == (Status.PRESENTED, Status.PRESENTED, advisor)
    assert step.reason == f"Moved from the wave of {first} to the wave of {third}: Starts after her training"


@pytest.mark.parametrize("wave_status", [WaveStatus.FILLED, WaveStatus.CLOSED])
def test_no_move_to_a_wave_that_is_not_open(world, advisor, wave_status):
    RecruitingWave.objects.filter(pk=world.waves[1].pk).update(status=wave_status)
    presentation = presentation_in(Status.SHORTLISTED, need=world.need, wave=world.waves[0])

    refusal = _refusal(
        presentation_wave_move, presentation=presentation, wave=world.waves[1], by=advisor, reason=REASON
    )

    assert refusal.code == "wave_not_open"
    presentation.refresh_from_db()
    assert presentation.wave == world.waves[0]


def test_no_move_to_another_needs_wave_nor_of_an_ended_presentation(world, platform, advisor):
    other = _world(platform)
    presentation = presentation_in(Status.SHORTLISTED, need=world.need, wave=world.waves[0])
    ended = presentation_in(Status.WITHDRAWN, need=world.need, wave=world.waves[0])

    assert (
        _refusal(
            presentation_wave_move, presentation=presentation, wave=other.waves[1], by=advisor, reason=REASON
        ).code
        == "wave"
    )
    assert (
        _refusal(presentation_wave_move, presentation=ended, wave=world.waves[1], by=advisor, reason=REASON).code
        == "not_active"
    )


# The scope of an end --------------------------------------------------------------------------------------------


@pytest.fixture
def member(world):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=world.need.employer, platform=None)
    return user


def test_an_employer_decline_for_availability_rules_the_person_out_of_that_wave_only(world, member):
    presentation = presentation_in(Status.PRESENTED, need=world.need, wave=world.waves[0])

    declined = presentation_employer_decline(
        presentation=presentation, reason_code=EmployerDeclineReason.AVAILABILITY, by=member
    )

    assert declined.decline_scope == DeclineScope.WAVE


@pytest.mark.parametrize("reason_code", [EmployerDeclineReason.SKILLS, EmployerDeclineReason.EXPERIENCE])
def test_any_other_employer_decline_rules_the_person_out_of_the_job(world, member, reason_code):
    presentation = presentation_in(Status.PRESENTED, need=world.need, wave=world.waves[0])

    declined = presentation_employer_decline(presentation=presentation, reason_code=reason_code, by=member)

    assert declined.decline_scope == DeclineScope.NEED


def test_an_availability_decline_on_a_need_without_waves_rules_the_person_out_of_the_job(platform):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    presentation = presentation_in(Status.PRESENTED, need=need)

    declined = presentation_employer_decline(
        presentation=presentation, reason_code=EmployerDeclineReason.AVAILABILITY, by=user
    )

    assert declined.decline_scope == DeclineScope.NEED


def test_a_no_hire_and_a_withdrawal_by_default_rule_the_person_out_of_the_job(world, member, advisor):
    interviewed = presentation_in(Status.INTERVIEW_SCHEDULED, need=world.need, wave=world.waves[0])
    shortlisted = presentation_in(Status.SHORTLISTED, need=world.need, wave=world.waves[0])

    not_hired = presentation_no_hire(presentation=interviewed, reason_code=NoHireReason.CANDIDATE_ABSENT, by=member)
    withdrawn = presentation_transition(
        presentation=shortlisted, to_status=Status.WITHDRAWN, reason=REASON, by=advisor
    )

    assert (not_hired.decline_scope, withdrawn.decline_scope) == (DeclineScope.NEED, DeclineScope.NEED)


def test_staff_record_a_candidates_decline_for_this_wave_only(world, advisor):
    presentation = presentation_in(
        Status.SHORTLISTED, need=world.need, wave=world.waves[0], candidate_answer="contacted"
    )

    declined = presentation_answer_record(
        presentation=presentation,
        answer="not_interested",
        reason="Pas avant l'été",
        decline_scope=DeclineScope.WAVE,
        by=advisor,
    )

    assert (declined.status, declined.decline_scope) == (Status.DECLINED_BY_CANDIDATE, DeclineScope.WAVE)


def test_a_presentation_without_a_wave_cannot_end_for_a_wave(platform, advisor):
    presentation = presentation_in(
        Status.SHORTLISTED, need=StaffingNeedFactory(open=True, employer__platform=platform)
    )

    refusal = _refusal(
        presentation_transition,
        presentation=presentation,
        to_status=Status.WITHDRAWN,
        reason=REASON,
        decline_scope=DeclineScope.WAVE,
        by=advisor,
    )

    assert refusal.code == "no_wave"
    presentation.refresh_from_db()
    assert presentation.status == Status.SHORTLISTED


def test_kept_for_a_later_wave_the_person_is_put_forward_again_for_a_later_wave_only(world, platform, advisor):
    candidate = _candidate(platform)
    _suggest(world.need, candidate, first_wave=world.waves[0])
    first = presentation_shortlist(need=world.need, candidate=candidate, by=advisor)

    kept = presentation_keep_for_later_wave(presentation=first, reason="Reprend ses cours jusqu'en avril", by=advisor)
    again = presentation_shortlist(need=world.need, candidate=candidate, by=advisor)

    assert (kept.status, kept.decline_scope, kept.wave) == (Status.WITHDRAWN, DeclineScope.WAVE, world.waves[0])
    assert again.wave == world.waves[1]
    assert (
        _refusal(presentation_wave_move, presentation=again, wave=world.waves[0], by=advisor, reason=REASON).code
        == "wave_not_open"
    )


def test_an_end_for_the_job_keeps_the_person_from_being_put_forward_again(world, platform, advisor):
    candidate = _candidate(platform)
    first = presentation_shortlist(need=world.need, candidate=candidate, by=advisor)
    presentation_transition(presentation=first, to_status=Status.DECLINED_BY_CANDIDATE, reason=REASON, by=advisor)

    assert _refusal(presentation_shortlist, need=world.need, candidate=candidate, by=advisor).code == "duplicate"


# The pool -------------------------------------------------------------------------------------------------------


def test_the_pool_lists_people_kept_for_a_later_wave_until_they_are_put_forward_again(world, platform, advisor):
    kept, again, ruled_out = (_candidate(platform) for _ in range(3))
    for candidate in (kept, again, ruled_out):
        presentation_shortlist(need=world.need, candidate=candidate, by=advisor)
    for candidate in (kept, again):
        presentation_keep_for_later_wave(
            presentation=Presentation.objects.get(candidate=candidate), reason="En formation", by=advisor
        )
    presentation_transition(
        presentation=Presentation.objects.get(candidate=ruled_out),
        to_status=Status.WITHDRAWN,
        reason=REASON,
        by=advisor,
    )
    presentation_shortlist(need=world.need, candidate=again, by=advisor)

    pool = pool_for_need(need=world.need, user=advisor)

    assert [(entry.candidate, entry.kept_from, entry.reason) for entry in pool] == [
        (kept, world.waves[0].starts_on, "En formation")
    ]


def test_the_pool_shows_another_platforms_staff_no_one(world, platform, advisor):
    candidate = _candidate(platform)
    presentation_keep_for_later_wave(
        presentation=presentation_shortlist(need=world.need, candidate=candidate, by=advisor),
        reason="En formation",
        by=advisor,
    )

    assert pool_for_need(need=world.need, user=AdvisorFactory()) == []
    assert len(pool_for_need(need=world.need, user=advisor)) == 1


def test_a_placed_person_keeps_their_status_whatever_the_wave(world, platform, advisor):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=world.need, wave=world.waves[1])

    _hire(presentation, advisor)

    assert Candidate.objects.get(pk=presentation.candidate_id).status == CandidateStatus.PLACED
    assert RecruitingWave.objects.get(pk=world.waves[1].pk).hires_count == 1


def test_a_person_kept_from_the_last_wave_is_not_put_forward_for_the_seats_outside_the_waves(platform, advisor):
    world = _world(platform, headcount=300, planned=(70,))
    candidate = _candidate(platform)
    kept = presentation_shortlist(need=world.need, candidate=candidate, by=advisor)
    presentation_keep_for_later_wave(presentation=kept, reason="Pas avant l'automne", by=advisor)

    refusal = _refusal(presentation_shortlist, need=world.need, candidate=candidate, by=advisor)

    assert refusal.code == "no_wave"


@pytest.mark.parametrize("size", [1, 5])
def test_the_pool_is_read_in_two_queries_whatever_its_size(world, platform, advisor, size, django_assert_num_queries):
    for _ in range(size):
        presentation_in(
            Status.WITHDRAWN, need=world.need, wave=world.waves[0], decline_scope=DeclineScope.WAVE, reason=REASON
        )

    with django_assert_num_queries(2):
        pool = pool_for_need(need=world.need, user=advisor)

    assert len(pool) == size

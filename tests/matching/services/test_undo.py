"""Undoing decisions: a hire ends and its seat opens again, an end is reopened, a shortlisted person is taken off the
shortlist; concurrent end and hire on a need's last seat keep its counts right (PostgreSQL only)."""

import datetime
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import ContractType, NeedStatus, WaveStatus
from employers.models import NeedStatusChange, RecruitingWave, StaffingNeed
from matching.enums import CandidateAnswer, DeclineScope, HireEndReason, PresentationStatus, RunScope
from matching.models import ContactEntry, MatchRun, Presentation, PresentationTransition
from matching.selectors import need_spec_build
from matching.services.presentations import (
    presentation_answer_record,
    presentation_hire,
    presentation_shortlist,
    presentation_transition,
)
from matching.services.undo import presentation_hire_end, presentation_reopen, presentation_unshortlist
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import REASON, STARTS_ON, presentation_in, row

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TODAY = timezone.localdate()


def refused(call) -> ValidationError:
    """The service's refusal, in English, with its code (that of its one field for a field's refusal)."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call()
    error = caught.value
    if hasattr(error, "error_dict"):
        (errors,) = error.error_dict.values()
        error = errors[0]
    return error


def hired_on(need: StaffingNeed, *, advisor, starts_on: datetime.date = STARTS_ON) -> Presentation:
    """A person hired on ``need`` through the service, as staff record it."""
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    return presentation_hire(
        presentation=presentation, contract_type=ContractType.CDI, starts_on=starts_on, by=advisor
    )


def end(presentation: Presentation, *, advisor, **fields) -> Presentation:
    values = {"ended_on": TODAY, "reason_code": HireEndReason.TRIAL_NOT_CONFIRMED} | fields
    return presentation_hire_end(presentation=presentation, by=advisor, **values)


# Ending a hire ----------------------------------------------------------------------------------------------------


def test_ending_the_last_hire_of_a_filled_need_opens_its_seat_and_keeps_the_hire_in_the_history(platform, advisor):
    need = StaffingNeedFactory(open=True, headcount=1, employer__platform=platform)
    hire = hired_on(need, advisor=advisor)
    need.refresh_from_db()
    assert (need.hires_count, need.status) == (1, NeedStatus.FILLED)

    end(hire, advisor=advisor, note="Fin de période d'essai")

    hire.refresh_from_db()
    assert hire.status == Status.HIRE_ENDED
    assert (hire.placement_ended_on, hire.placement_end_reason) == (TODAY, HireEndReason.TRIAL_NOT_CONFIRMED)
    assert hire.placement_end_note == "Fin de période d'essai"
    assert (hire.contract_type, hire.hire_starts_on) == (ContractType.CDI, STARTS_ON)
    need.refresh_from_db()
    assert (need.hires_count, need.status) == (0, NeedStatus.OPEN)
    assert NeedStatusChange.objects.filter(
        need=need, from_status=NeedStatus.FILLED, to_status=NeedStatus.OPEN
    ).exists()
    assert Candidate.objects.get(pk=hire.candidate_id).status == CandidateStatus.ACTIVE
    step = hire.transitions.latest("at", "pk")
    assert (step.from_status, step.to_status, step.by) == (Status.HIRED, Status.HIRE_ENDED, advisor)
    assert "Fin de période d'essai" in step.reason
    assert ContactEntry.objects.filter(presentation=hire, note__contains="Fin de période d'essai").exists()


def test_an_ended_hire_asks_for_the_need_and_the_person_to_be_matched_again(
    platform, advisor, django_capture_on_commit_callbacks
):
    need = StaffingNeedFactory(open=True, headcount=2, employer__platform=platform)
    hire = hired_on(need, advisor=advisor)
    MatchRun.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=False):
        end(hire, advisor=advisor)

    assert MatchRun.objects.filter(scope=RunScope.NEED, need=need).exists()
    assert MatchRun.objects.filter(scope=RunScope.CANDIDATE, candidate_id=hire.candidate_id).exists()


def test_ending_a_hire_opens_its_filled_wave_again(platform, advisor):
    need = StaffingNeedFactory(open=True, headcount=3, employer__platform=platform)
    wave = RecruitingWave.objects.create(need=need, starts_on=need.start_date, hires_planned=1)
    hire = hired_on(need, advisor=advisor)
    Presentation.objects.filter(pk=hire.pk).update(wave=wave)
    RecruitingWave.objects.filter(pk=wave.pk).update(hires_count=1, status=WaveStatus.FILLED)

    end(hire, advisor=advisor)

    wave.refresh_from_db()
    assert (wave.hires_count, wave.status) == (0, WaveStatus.OPEN)


@pytest.mark.parametrize("need_status", [NeedStatus.CLOSED, NeedStatus.PAUSED, NeedStatus.CANCELLED])
def test_a_hire_of_a_need_no_longer_recruiting_ends_without_opening_the_need(need_status, platform, advisor):
    need = StaffingNeedFactory(open=True, headcount=2, employer__platform=platform)
    hire = hired_on(need, advisor=advisor)
    StaffingNeed.objects.filter(pk=need.pk).update(status=need_status)

    end(hire, advisor=advisor)

    need.refresh_from_db()
    assert (need.hires_count, need.status) == (0, need_status)
    assert Presentation.objects.get(pk=hire.pk).status == Status.HIRE_ENDED


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"reason_code": "bored"}, "reason_code"),
        ({"reason_code": HireEndReason.OTHER, "note": "  "}, "note"),
        ({"note": "x" * 256}, "note"),
        ({"ended_on": TODAY + datetime.timedelta(days=1)}, "future"),
    ],
)
def test_an_end_needs_a_known_reason_and_a_date_not_in_the_future(fields, code, platform, advisor):
    hire = hired_on(StaffingNeedFactory(open=True, headcount=2, employer__platform=platform), advisor=advisor)
    before = row(hire)

    error = refused(lambda: end(hire, advisor=advisor, **fields))

    assert error.code == code
    assert row(hire) == before
    assert StaffingNeed.objects.get(pk=hire.need_id).hires_count == 1


def test_a_hire_does_not_end_before_it_started(platform, advisor):
    started = TODAY - datetime.timedelta(days=30)
    hire = hired_on(StaffingNeedFactory(open=True, employer__platform=platform), advisor=advisor, starts_on=started)

    error = refused(lambda: end(hire, advisor=advisor, ended_on=started - datetime.timedelta(days=1)))

    assert error.code == "before_start"
    assert error.messages == [f"A hire cannot end before {started:%d/%m/%Y}."]
    end(hire, advisor=advisor, ended_on=started)
    assert Presentation.objects.get(pk=hire.pk).placement_ended_on == started


def test_a_hire_recorded_before_its_first_day_may_end_before_it(platform, advisor):
    hire = hired_on(StaffingNeedFactory(open=True, employer__platform=platform), advisor=advisor)
    assert hire.hire_starts_on > TODAY

    end(hire, advisor=advisor, ended_on=TODAY, reason_code=HireEndReason.RESIGNATION)

    assert Presentation.objects.get(pk=hire.pk).status == Status.HIRE_ENDED


@pytest.mark.parametrize("status", sorted(set(Status) - {Status.HIRED}))
def test_only_a_hire_that_holds_ends(status, advisor):
    presentation = presentation_in(status)
    before = row(presentation)

    error = refused(lambda: end(presentation, advisor=advisor))

    assert error.code == "invalid_transition"
    assert row(presentation) == before


def test_a_seat_freed_by_an_end_is_hired_again(platform, advisor):
    need = StaffingNeedFactory(open=True, headcount=1, employer__platform=platform)
    end(hired_on(need, advisor=advisor), advisor=advisor)

    second = hired_on(need, advisor=advisor)

    need.refresh_from_db()
    assert (need.hires_count, need.status) == (1, NeedStatus.FILLED)
    assert Presentation.objects.filter(need=need, status__in=Status.hired_ever()).count() == 2
    assert Presentation.objects.get(pk=second.pk).status == Status.HIRED


# Reopening --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "end_status"),
    [
        (Status.SHORTLISTED, Status.WITHDRAWN),
        (Status.PRESENTED, Status.DECLINED_BY_EMPLOYER),
        (Status.INTERVIEW_REQUESTED, Status.DECLINED_BY_CANDIDATE),
        (Status.INTERVIEW_SCHEDULED, Status.NOT_HIRED),
    ],
)
def test_a_reopened_presentation_goes_back_to_the_step_it_left(left, end_status, platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    presentation = presentation_in(left, need=need)
    presentation_transition(presentation=presentation, to_status=end_status, by=advisor, reason=REASON)

    presentation_reopen(presentation=presentation, by=advisor, reason="Erreur de saisie")

    presentation.refresh_from_db()
    assert presentation.status == left
    assert (presentation.closed_at, presentation.reason, presentation.decline_scope) == (None, "", "")
    step = presentation.transitions.latest("at", "pk")
    assert (step.from_status, step.to_status, step.by, step.reason) == (end_status, left, advisor, "Erreur de saisie")


def test_a_declined_person_reopened_is_no_longer_ruled_out_of_the_need(platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    presentation = presentation_in(Status.PRESENTED, need=need)
    presentation_transition(
        presentation=presentation, to_status=Status.DECLINED_BY_EMPLOYER, by=advisor, reason=REASON
    )
    assert presentation.candidate_id in need_spec_build(need).excluded_candidates

    presentation_reopen(presentation=presentation, by=advisor)

    assert presentation.candidate_id not in need_spec_build(need).excluded_candidates


def test_a_person_who_said_no_is_asked_again_when_reopened(platform, advisor):
    presentation = presentation_in(
        Status.SHORTLISTED,
        need=StaffingNeedFactory(open=True, employer__platform=platform),
        candidate_answer=CandidateAnswer.CONTACTED,
    )
    presentation_answer_record(
        presentation=presentation, answer=CandidateAnswer.NOT_INTERESTED, by=advisor, reason="Loin"
    )

    presentation_reopen(presentation=presentation, by=advisor)

    presentation.refresh_from_db()
    assert (presentation.status, presentation.candidate_answer) == (Status.SHORTLISTED, CandidateAnswer.CONTACTED)
    assert presentation.candidate_answer_reason == ""


def ended(platform, advisor, *, need_status=NeedStatus.OPEN) -> Presentation:
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    presentation = presentation_in(Status.PRESENTED, need=need)
    presentation_transition(presentation=presentation, to_status=Status.WITHDRAWN, by=advisor, reason=REASON)
    StaffingNeed.objects.filter(pk=need.pk).update(status=need_status)
    return Presentation.objects.get(pk=presentation.pk)


@pytest.mark.parametrize("need_status", [NeedStatus.PAUSED, NeedStatus.FILLED, NeedStatus.CLOSED])
def test_a_presentation_of_a_need_not_open_is_not_reopened(need_status, platform, advisor):
    presentation = ended(platform, advisor, need_status=need_status)
    before = row(presentation)

    error = refused(lambda: presentation_reopen(presentation=presentation, by=advisor))

    assert (error.code, error.messages) == ("need_not_open", ["Only a presentation of an open need can be reopened."])
    assert row(presentation) == before


def test_a_presentation_of_a_paused_candidate_is_not_reopened(platform, advisor):
    presentation = ended(platform, advisor)
    Candidate.objects.filter(pk=presentation.candidate_id).update(status=CandidateStatus.PAUSED)

    error = refused(lambda: presentation_reopen(presentation=presentation, by=advisor))

    assert error.code == "candidate_not_active"
    assert error.messages == ["Only an active candidate's presentation can be reopened: this candidate is “Paused”."]


def test_a_presentation_of_a_person_placed_elsewhere_is_not_reopened(platform, advisor):
    presentation = ended(platform, advisor)
    other = presentation_in(Status.INTERVIEW_SCHEDULED, candidate=presentation.candidate)
    presentation_hire(presentation=other, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=None)

    error = refused(lambda: presentation_reopen(presentation=presentation, by=advisor))

    assert error.code == "placed"
    assert Presentation.objects.get(pk=presentation.pk).status == Status.WITHDRAWN


def test_a_presentation_ended_for_a_wave_is_not_reopened_while_another_is_open(platform, advisor):
    need = StaffingNeedFactory(open=True, headcount=4, employer__platform=platform)
    early = RecruitingWave.objects.create(need=need, starts_on=need.start_date, hires_planned=2)
    candidate = CandidateFactory(presentable=True, platform=platform)
    kept = presentation_in(
        Status.WITHDRAWN, need=need, candidate=candidate, wave=early, decline_scope=DeclineScope.WAVE
    )
    PresentationTransition.objects.create(presentation=kept, from_status=Status.PRESENTED, to_status=Status.WITHDRAWN)
    presentation_in(Status.SHORTLISTED, need=need, candidate=candidate)

    error = refused(lambda: presentation_reopen(presentation=kept, by=advisor))

    assert error.code == "duplicate"
    assert Presentation.objects.get(pk=kept.pk).status == Status.WITHDRAWN


def test_another_platforms_candidate_is_not_reopened(platform, advisor):
    presentation = ended(platform, advisor)
    stranger = AdvisorFactory()

    error = refused(lambda: presentation_reopen(presentation=presentation, by=stranger))

    assert error.code == "hand_off_needed"


@pytest.mark.parametrize("status", sorted(set(Status) - set(Status.needing_reason())))
def test_only_an_end_without_a_hire_is_reopened(status, advisor):
    presentation = presentation_in(status)

    error = refused(lambda: presentation_reopen(presentation=presentation, by=None))

    assert error.code == "not_reopenable"


# Taking someone off the shortlist ---------------------------------------------------------------------------------


def test_a_person_taken_off_the_shortlist_is_not_ruled_out_and_can_be_shortlisted_again(platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    candidate = CandidateFactory(presentable=True, platform=platform)
    presentation = presentation_shortlist(need=need, candidate=candidate, by=advisor)

    with translation.override("en"):
        presentation_unshortlist(presentation=presentation, by=advisor)

    presentation.refresh_from_db()
    assert (presentation.status, presentation.reason, presentation.decline_scope) == (
        Status.WITHDRAWN,
        "Taken off the shortlist",
        "",
    )
    assert candidate.pk not in need_spec_build(need).excluded_candidates

    again = presentation_shortlist(need=need, candidate=candidate, by=advisor)

    assert again.pk == presentation.pk
    assert Presentation.objects.get(pk=presentation.pk).status == Status.SHORTLISTED
    steps = list(presentation.transitions.values_list("from_status", "to_status"))
    assert steps == [
        ("", Status.SHORTLISTED),
        (Status.SHORTLISTED, Status.WITHDRAWN),
        (Status.WITHDRAWN, Status.SHORTLISTED),
    ]


@pytest.mark.parametrize("status", sorted(set(Status) - {Status.SHORTLISTED}))
def test_only_a_shortlisted_person_is_taken_off_the_shortlist(status, advisor):
    presentation = presentation_in(status)
    before = row(presentation)

    error = refused(lambda: presentation_unshortlist(presentation=presentation, by=advisor))

    assert error.code == "not_shortlisted"
    assert row(presentation) == before


def test_a_person_withdrawn_after_being_presented_is_not_shortlisted_again(platform, advisor):
    presentation = ended(platform, advisor)

    error = refused(
        lambda: presentation_shortlist(need=presentation.need, candidate=presentation.candidate, by=advisor)
    )

    assert error.code == "duplicate"


# An end and a hire at once on the last seat (PostgreSQL) ----------------------------------------------------------


def _all_at_once(calls: list) -> list[str]:
    """Run each call in its own thread, all released together; returns "done" or the refusal's code for each."""
    barrier = Barrier(len(calls))

    def run(call) -> str:
        try:
            barrier.wait(timeout=60)
            try:
                call()
            except ValidationError as error:
                return str(error.code)
            return "done"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result(timeout=60) for future in [pool.submit(run, call) for call in calls]]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rounds", [range(6)])
def test_an_end_and_a_hire_at_once_on_the_last_seat_keep_the_counts_right(rounds, platform, advisor, is_postgresql):
    if not is_postgresql:
        pytest.skip("needs many connections writing at once; SQLite serialises writers and has no row locks")
    outcomes = set()
    for _round in rounds:
        need = StaffingNeedFactory(open=True, headcount=2, employer__platform=platform)
        hires = [hired_on(need, advisor=advisor) for _ in range(2)]
        waiting = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
        assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.FILLED

        results = _all_at_once(
            [
                lambda hire=hires[0]: end(hire, advisor=advisor),
                lambda waiting=waiting: presentation_hire(
                    presentation=waiting, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=advisor
                ),
            ]
        )

        outcomes.add(tuple(results))
        need.refresh_from_db()
        holding = Presentation.objects.filter(need=need, status=Status.HIRED).count()
        assert results[0] == "done"
        assert results[1] in ("done", "headcount_reached")
        assert need.hires_count == holding <= need.headcount
        assert need.hires_count == (2 if results[1] == "done" else 1)
        assert need.status == (NeedStatus.FILLED if need.hires_count == need.headcount else NeedStatus.OPEN)
    # Both orders may happen; each must leave the counts right (the assertions above), whichever came first.
    assert outcomes <= {("done", "done"), ("done", "headcount_reached")}

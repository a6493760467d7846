"""Trainees of a training cohort: enrolment from a presentation, attendance, completion into a hire, dropping out.

Each service is checked for what it writes (the enrolment, the cohort's seats, the presentation and its history)
and for what it refuses without writing anything; concurrent enrolments into the last seat are run on real
connections (PostgreSQL only).
"""

import datetime
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import CohortStatus, ContractType, NeedStatus
from employers.models import RecruitingWave, StaffingNeed, TrainingCohort
from matching.enums import DropOutReason, EnrolmentStatus, FollowUpResult, PresentationStatus
from matching.models import CohortEnrolment, Presentation, PresentationTransition
from matching.models.cohorts import FOLLOWED_UP
from matching.models.presentations import FOLLOW_UP_AFTER
from matching.services.cohorts import cohort_attendance_record, cohort_complete, cohort_drop_out, cohort_enrol
from matching.services.follow_ups import presentation_follow_up_record
from matching.services.presentations import presentation_transition
from notifications.kinds import _advisors_with_checks_due
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory, TrainingCohortFactory
from tests.matching.presentation_world import presentation_in, row

pytestmark = pytest.mark.django_db

Status = PresentationStatus


def seats(cohort: TrainingCohort) -> int:
    return TrainingCohort.objects.get(pk=cohort.pk).seats_taken


def refused(call) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        call()
    return raised.value


@pytest.fixture
def cohort(platform):
    return TrainingCohortFactory(need__employer__platform=platform, capacity=2)


# Enrolment --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("from_status", [Status.PRESENTED, Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED])
def test_a_presented_candidate_enters_the_cohort_and_takes_a_seat(from_status, cohort, advisor):
    presentation = presentation_in(from_status, need=cohort.need)
    started = timezone.now()

    enrolment = cohort_enrol(presentation=presentation, cohort=cohort, by=advisor)

    stored = CohortEnrolment.objects.get(presentation=presentation)
    assert stored == enrolment
    assert (stored.cohort, stored.status, stored.enrolled_by) == (cohort, EnrolmentStatus.ENROLLED, advisor)
    assert started <= stored.enrolled_at <= timezone.now()
    assert seats(cohort) == 1
    presentation.refresh_from_db()
    assert presentation.status == Status.IN_TRAINING
    assert presentation.closed_at is None
    # The six-month check of an entry into training falls six months after the cohort starts.
    assert presentation.follow_up_due_on == cohort.starts_on + FOLLOW_UP_AFTER
    step = presentation.transitions.get()
    assert (step.from_status, step.to_status, step.by) == (from_status, Status.IN_TRAINING, advisor)


@pytest.mark.parametrize(
    "status",
    sorted(set(Status) - {Status.PRESENTED, Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED}),
)
def test_only_a_presented_candidate_is_enrolled(status, cohort, advisor):
    presentation = presentation_in(status, need=cohort.need)
    before = row(presentation)
    taken = seats(cohort)

    error = refused(lambda: cohort_enrol(presentation=presentation, cohort=cohort, by=advisor))

    assert error.code in {"invalid_transition", "enrolled"}
    assert row(presentation) == before
    assert seats(cohort) == taken
    assert not CohortEnrolment.objects.filter(cohort=cohort).exists()


def test_a_cohort_of_another_need_is_refused(cohort, advisor):
    presentation = presentation_in(Status.PRESENTED)

    error = refused(lambda: cohort_enrol(presentation=presentation, cohort=cohort, by=advisor))

    assert error.message_dict == {"cohort": ["This cohort trains for another need."]}
    assert seats(cohort) == 0


@pytest.mark.parametrize("status", [CohortStatus.COMPLETED, CohortStatus.CANCELLED])
def test_an_ended_cohort_takes_no_trainee(status, advisor):
    cohort = TrainingCohortFactory(status=status)
    presentation = presentation_in(Status.PRESENTED, need=cohort.need)

    error = refused(lambda: cohort_enrol(presentation=presentation, cohort=cohort, by=advisor))

    assert list(error.message_dict) == ["cohort"]
    assert error.message_dict["cohort"][0].startswith("This cohort no longer takes trainees")
    assert Presentation.objects.get(pk=presentation.pk).status == Status.PRESENTED


def test_a_full_cohort_refuses_the_next_trainee(cohort, advisor):
    first, second, third = (presentation_in(Status.PRESENTED, need=cohort.need) for _ in range(3))
    cohort_enrol(presentation=first, cohort=cohort, by=advisor)
    cohort_enrol(presentation=second, cohort=cohort, by=advisor)

    error = refused(lambda: cohort_enrol(presentation=third, cohort=cohort, by=advisor))

    assert (error.code, error.messages) == ("cohort_full", ["This cohort is full."])
    assert seats(cohort) == 2
    assert Presentation.objects.get(pk=third.pk).status == Status.PRESENTED


def test_the_generic_transition_refuses_to_put_someone_in_training(cohort, advisor):
    presentation = presentation_in(Status.PRESENTED, need=cohort.need)

    error = refused(
        lambda: presentation_transition(presentation=presentation, to_status=Status.IN_TRAINING, by=advisor)
    )

    assert error.code == "cohort_needed"
    assert Presentation.objects.get(pk=presentation.pk).status == Status.PRESENTED


@pytest.mark.parametrize("to_status", [Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE])
def test_the_generic_transition_refuses_to_end_a_training_in_progress(to_status, advisor):
    presentation = presentation_in(Status.IN_TRAINING)

    error = refused(
        lambda: presentation_transition(presentation=presentation, to_status=to_status, by=advisor, reason="x")
    )

    assert error.code == "enrolment_open"
    assert Presentation.objects.get(pk=presentation.pk).status == Status.IN_TRAINING


# Attendance -------------------------------------------------------------------------------------------------------


def test_attendance_is_recorded_with_who_and_when(cohort, advisor):
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=cohort.need), cohort=cohort, by=None)

    with translation.override("en"):
        cohort_attendance_record(enrolment=enrolment, days_attended=12, days_missed=2, by=advisor)

    stored = CohortEnrolment.objects.get(pk=enrolment.pk)
    assert (stored.days_attended, stored.days_missed) == (12, 2)
    assert stored.attendance_recorded_at is not None
    step = PresentationTransition.objects.filter(presentation=enrolment.presentation).latest("at", "pk")
    assert (step.from_status, step.to_status, step.by) == (Status.IN_TRAINING, Status.IN_TRAINING, advisor)
    assert step.reason == "Training attendance: 12 days attended, 2 missed"


@pytest.mark.parametrize(
    ("attended", "missed", "field"),
    [(-1, 0, "days_attended"), (0, 367, "days_missed"), (20, 9, "days_missed")],
)
def test_impossible_attendance_is_refused(attended, missed, field, cohort, advisor):
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=cohort.need), cohort=cohort, by=None)

    error = refused(
        lambda: cohort_attendance_record(enrolment=enrolment, days_attended=attended, days_missed=missed, by=advisor)
    )

    assert list(error.message_dict) == [field]
    assert CohortEnrolment.objects.values_list("days_attended", "days_missed").get(pk=enrolment.pk) == (0, 0)


# Completion -------------------------------------------------------------------------------------------------------


def test_completing_hires_at_the_start_of_the_wave_the_cohort_feeds(cohort, advisor):
    RecruitingWave.objects.create(
        need=cohort.need, starts_on=cohort.ends_on + datetime.timedelta(days=3), hires_planned=2, cohort=cohort
    )
    later = RecruitingWave.objects.create(
        need=cohort.need, starts_on=cohort.ends_on + datetime.timedelta(days=40), hires_planned=2, cohort=cohort
    )
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=cohort.need), cohort=cohort, by=None)
    TrainingCohort.objects.filter(pk=cohort.pk).update(status=CohortStatus.RUNNING)

    cohort_complete(enrolment=enrolment, by=advisor)

    stored = CohortEnrolment.objects.get(pk=enrolment.pk)
    assert (stored.status, stored.ended_on) == (EnrolmentStatus.COMPLETED, timezone.localdate())
    presentation = Presentation.objects.get(pk=enrolment.presentation_id)
    assert presentation.status == Status.HIRED
    assert presentation.hire_starts_on == cohort.ends_on + datetime.timedelta(days=3) != later.starts_on
    assert (presentation.contract_type, presentation.contract_duration_months) == (ContractType.CDI, None)
    assert presentation.follow_up_due_on == cohort.starts_on + FOLLOW_UP_AFTER
    assert StaffingNeed.objects.get(pk=cohort.need_id).hires_count == 1
    assert Candidate.objects.get(pk=presentation.candidate_id).status == CandidateStatus.PLACED
    step = presentation.transitions.latest("at", "pk")
    assert (step.from_status, step.to_status, step.by) == (Status.IN_TRAINING, Status.HIRED, advisor)
    # A completed trainee keeps their seat: the cohort counts who went through it.
    assert seats(cohort) == 1


def test_completing_without_a_wave_hires_on_the_needs_start_date_with_its_contract(advisor):
    need = StaffingNeedFactory(open=True, contract_type=ContractType.CDD, contract_duration_months=9)
    cohort = TrainingCohortFactory(need=need, status=CohortStatus.RUNNING)
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=need), cohort=cohort, by=None)

    cohort_complete(enrolment=enrolment, by=advisor)

    presentation = Presentation.objects.get(pk=enrolment.presentation_id)
    assert (presentation.hire_starts_on, presentation.contract_type, presentation.contract_duration_months) == (
        need.start_date,
        ContractType.CDD,
        9,
    )


def test_a_planned_cohort_is_not_completed(cohort, advisor):
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=cohort.need), cohort=cohort, by=None)

    error = refused(lambda: cohort_complete(enrolment=enrolment, by=advisor))

    assert error.code == "cohort_not_started"
    assert CohortEnrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ENROLLED


def test_a_refused_hire_leaves_the_trainee_in_training(advisor):
    need = StaffingNeedFactory(open=True, headcount=1, hires_count=1)
    cohort = TrainingCohortFactory(need=need, status=CohortStatus.RUNNING)
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=need), cohort=cohort, by=None)

    error = refused(lambda: cohort_complete(enrolment=enrolment, by=advisor))

    assert error.code == "headcount_reached"
    assert CohortEnrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ENROLLED
    assert Presentation.objects.get(pk=enrolment.presentation_id).status == Status.IN_TRAINING


# Dropping out -----------------------------------------------------------------------------------------------------


def test_dropping_out_frees_the_seat_and_withdraws_with_the_reason(cohort, advisor):
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=cohort.need), cohort=cohort, by=None)

    with translation.override("en"):
        cohort_drop_out(
            enrolment=enrolment, reason=DropOutReason.FOUND_OTHER_JOB, comment=" CDI ailleurs ", by=advisor
        )

    stored = CohortEnrolment.objects.get(pk=enrolment.pk)
    assert (stored.status, stored.ended_on) == (EnrolmentStatus.DROPPED_OUT, timezone.localdate())
    assert (stored.drop_out_reason, stored.drop_out_comment) == (DropOutReason.FOUND_OTHER_JOB, "CDI ailleurs")
    assert seats(cohort) == 0
    presentation = Presentation.objects.get(pk=enrolment.presentation_id)
    assert presentation.status == Status.WITHDRAWN
    assert presentation.reason == "Trouvé un autre emploi — CDI ailleurs"
    assert presentation.closed_at is not None
    step = presentation.transitions.latest("at", "pk")
    assert (step.from_status, step.to_status, step.by) == (Status.IN_TRAINING, Status.WITHDRAWN, advisor)
    # Entering training was an outcome: its six-month check stays due.
    assert Presentation.objects.filter(FOLLOWED_UP, pk=presentation.pk, followed_up_at__isnull=True).exists()


def test_a_seat_freed_by_a_drop_out_takes_the_next_trainee(cohort, advisor):
    first, second, third = (presentation_in(Status.PRESENTED, need=cohort.need) for _ in range(3))
    cohort_enrol(presentation=first, cohort=cohort, by=advisor)
    leaving = cohort_enrol(presentation=second, cohort=cohort, by=advisor)
    cohort_drop_out(enrolment=leaving, reason=DropOutReason.SCHEDULE, comment="", by=advisor)

    cohort_enrol(presentation=third, cohort=cohort, by=advisor)

    assert seats(cohort) == 2


@pytest.mark.parametrize(
    ("reason", "comment", "field"),
    [
        ("", "", "reason"),
        ("bored", "", "reason"),
        (DropOutReason.OTHER, "  ", "comment"),
        ("other", "x" * 256, "comment"),
    ],
)
def test_a_drop_out_needs_a_known_reason_and_a_comment_for_other(reason, comment, field, cohort, advisor):
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=cohort.need), cohort=cohort, by=None)

    error = refused(lambda: cohort_drop_out(enrolment=enrolment, reason=reason, comment=comment, by=advisor))

    assert list(error.message_dict) == [field]
    assert seats(cohort) == 1
    assert CohortEnrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ENROLLED


def test_an_ended_training_is_neither_completed_nor_left_again(cohort, advisor):
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=cohort.need), cohort=cohort, by=None)
    cohort_drop_out(enrolment=enrolment, reason=DropOutReason.ABSENCES, comment="", by=advisor)

    assert refused(lambda: cohort_complete(enrolment=enrolment, by=advisor)).code == "not_enrolled"
    assert (
        refused(
            lambda: cohort_drop_out(enrolment=enrolment, reason=DropOutReason.ABSENCES, comment="", by=advisor)
        ).code
        == "not_enrolled"
    )
    assert seats(cohort) == 0


# Concurrent enrolments (PostgreSQL) -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_into_the_last_seat_give_it_to_one(platform, advisor, is_postgresql):
    if not is_postgresql:
        pytest.skip("needs many connections writing at once; SQLite serialises writers and has no row locks")
    need = StaffingNeedFactory(open=True, employer__platform=platform, status=NeedStatus.OPEN)
    cohort = TrainingCohortFactory(need=need, capacity=3, seats_taken=2)
    presentations = [
        presentation_in(Status.PRESENTED, need=need, candidate=CandidateFactory(presentable=True, platform=platform))
        for _ in range(8)
    ]
    barrier = Barrier(len(presentations))

    def enrol(presentation: Presentation) -> tuple[str, str]:
        try:
            with translation.override("en"):
                barrier.wait(timeout=60)
                try:
                    cohort_enrol(presentation=presentation, cohort=cohort, by=advisor)
                except ValidationError as error:
                    return str(error.code), error.messages[0]
                return "enrolled", ""
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(presentations)) as pool:
        results = [future.result(timeout=60) for future in [pool.submit(enrol, p) for p in presentations]]

    assert results.count(("enrolled", "")) == 1
    assert (
        sorted(result for result in results if result[0] != "enrolled")
        == [("cohort_full", "This cohort is full.")] * 7
    )
    assert seats(cohort) == 3
    assert CohortEnrolment.objects.filter(cohort=cohort).count() == 1
    assert Presentation.objects.filter(need=need, status=Status.IN_TRAINING).count() == 1
    assert PresentationTransition.objects.filter(presentation__need=need, to_status=Status.IN_TRAINING).count() == 1


# The six-month check ----------------------------------------------------------------------------------------------


def test_a_trainees_six_month_check_is_on_the_advisors_to_do_list_when_due(platform, advisor):
    # A cohort that started more than six months ago: its check is due, and can be recorded today.
    cohort = TrainingCohortFactory(
        need__employer__platform=platform,
        capacity=2,
        status=CohortStatus.RUNNING,
        starts_on=timezone.localdate() - datetime.timedelta(days=200),
    )
    candidate = CandidateFactory(presentable=True, platform=cohort.need.employer.platform, advisor=advisor)
    presentation = presentation_in(Status.PRESENTED, need=cohort.need, candidate=candidate)
    cohort_enrol(presentation=presentation, cohort=cohort, by=advisor)
    due_on = cohort.starts_on + FOLLOW_UP_AFTER

    assert _advisors_with_checks_due(today=due_on - datetime.timedelta(days=1)) == []
    assert _advisors_with_checks_due(today=due_on) == [(advisor.email, [presentation.pk])]
    presentation_follow_up_record(
        presentation=presentation, result=FollowUpResult.SAME_EMPLOYER, checked_on=timezone.localdate(), by=advisor
    )
    assert _advisors_with_checks_due(today=due_on) == []


# Waves ------------------------------------------------------------------------------------------------------------


def test_a_trainee_is_put_forward_for_the_wave_the_cohort_trains_for(cohort, advisor):
    early = RecruitingWave.objects.create(need=cohort.need, starts_on=cohort.starts_on, hires_planned=2)
    fed = RecruitingWave.objects.create(
        need=cohort.need, starts_on=cohort.ends_on + datetime.timedelta(days=3), hires_planned=2, cohort=cohort
    )
    presentation = presentation_in(Status.PRESENTED, need=cohort.need, wave=early)

    enrolment = cohort_enrol(presentation=presentation, cohort=cohort, by=advisor)
    TrainingCohort.objects.filter(pk=cohort.pk).update(status=CohortStatus.RUNNING)
    cohort_complete(enrolment=enrolment, by=advisor)

    hired = Presentation.objects.get(pk=presentation.pk)
    assert (hired.wave, hired.hire_starts_on) == (fed, fed.starts_on)
    assert RecruitingWave.objects.get(pk=fed.pk).hires_count == 1
    assert RecruitingWave.objects.get(pk=early.pk).hires_count == 0
    steps = list(hired.transitions.order_by("at", "pk").values_list("from_status", "to_status"))
    assert steps == [
        (Status.PRESENTED, Status.PRESENTED),  # the move to the cohort's wave, with its reason
        (Status.PRESENTED, Status.IN_TRAINING),
        (Status.IN_TRAINING, Status.HIRED),
    ]

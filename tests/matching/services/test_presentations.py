"""The presentation workflow: shortlist, answer, present, interview, hire or not, and the six-month check.

Every status change goes through ``matching.services.presentations``. These tests check the transition table pair
by pair, the reasons and data each step requires, the hire's bookkeeping on the need and the candidate, the
exclusion of declined candidates from the need's suggestions, and that concurrent hires never exceed a need's
headcount nor give one person two placements (PostgreSQL only).
"""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import ContractType, NeedStatus
from employers.models import NeedStatusChange, StaffingNeed
from matching.columns_loader import candidate_columns_load
from matching.engine.config import SCORING
from matching.engine.scoring import score_need
from matching.enums import CandidateAnswer, DropOutReason, OutcomeKind, PresentationStatus
from matching.models import CohortEnrolment, Presentation, PresentationTransition
from matching.selectors import need_spec_build, needs_for_matching
from matching.services.cohorts import cohort_complete, cohort_drop_out, cohort_enrol
from matching.services.follow_ups import outcome_record
from matching.services.presentations import (
    ALLOWED_TRANSITIONS,
    presentation_answer_record,
    presentation_hire,
    presentation_present,
    presentation_shortlist,
    presentation_transition,
)
from matching.services.undo import presentation_hire_end, presentation_reopen
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory, TrainingCohortFactory
from tests.matching.presentation_world import (
    HIRE_END_REASON,
    REASON,
    STARTS_ON,
    hire_all_at_once,
    presentation_in,
    row,
)
from tests.referentials.factories import OccupationFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db

Status = PresentationStatus
ACTIVE = {
    Status.SHORTLISTED,
    Status.PRESENTED,
    Status.INTERVIEW_REQUESTED,
    Status.INTERVIEW_SCHEDULED,
    Status.IN_TRAINING,
}
FINAL = set(Status) - ACTIVE
# The workflow as the domain states it: proposed → presented → interview requested → interview scheduled → hired or
# not hired. Staff may withdraw, and the candidate may decline, from any active state. The employer declines once
# the candidate has been presented to them; after an interview their refusal is "not hired". Nothing leaves a final
# state but by undoing it: a hire ends (its seat opens again), an end without a hire is reopened to the active step
# it left (never to training). A presented candidate may enter one of the need's pre-hiring training cohorts
# instead of (or after) an interview; a trainee is hired when they complete it, or leaves it (withdrawn by staff, or
# declining).
EXPECTED_WORKFLOW: dict[str, set[str]] = {
    Status.SHORTLISTED: {Status.PRESENTED, Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE},
    Status.PRESENTED: {
        Status.INTERVIEW_REQUESTED,
        Status.IN_TRAINING,
        Status.WITHDRAWN,
        Status.DECLINED_BY_EMPLOYER,
        Status.DECLINED_BY_CANDIDATE,
        Status.EXPIRED,
    },
    Status.INTERVIEW_REQUESTED: {
        Status.INTERVIEW_SCHEDULED,
        Status.IN_TRAINING,
        Status.WITHDRAWN,
        Status.DECLINED_BY_EMPLOYER,
        Status.DECLINED_BY_CANDIDATE,
    },
    Status.INTERVIEW_SCHEDULED: {
        Status.IN_TRAINING,
        Status.HIRED,
        Status.NOT_HIRED,
        Status.WITHDRAWN,
        Status.DECLINED_BY_CANDIDATE,
    },
    Status.IN_TRAINING: {Status.HIRED, Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE},
    **{status: set() for status in FINAL},
    Status.HIRED: {Status.HIRE_ENDED},
    Status.NOT_HIRED: {Status.INTERVIEW_SCHEDULED},
    Status.DECLINED_BY_EMPLOYER: {Status.PRESENTED, Status.INTERVIEW_REQUESTED},
    Status.EXPIRED: {Status.PRESENTED},
    Status.WITHDRAWN: {Status.SHORTLISTED, Status.PRESENTED, Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED},
    Status.DECLINED_BY_CANDIDATE: {
        Status.SHORTLISTED,
        Status.PRESENTED,
        Status.INTERVIEW_REQUESTED,
        Status.INTERVIEW_SCHEDULED,
    },
}
UNDONE = set(Status.needing_reason())
# Taken by the system when the employer's deadline passes (``matching.services.deadlines``, tested there): staff
# asking for it are refused like any forbidden step.
SYSTEM_STEPS = {Status.EXPIRED}
PAIRS = list(itertools.product(Status, Status))


def move(presentation: Presentation, to_status: str, by) -> None:
    """Ask the service that makes ``to_status``, with everything it needs, as a member of staff would.

    A trainee's steps are the cohort's services: enrolment, completion (the hire), dropping out.
    """
    enrolment = CohortEnrolment.objects.filter(presentation=presentation).first()
    if presentation.status in UNDONE and to_status in ACTIVE:
        presentation_reopen(presentation=presentation, by=by, reason=REASON)
    elif to_status == Status.IN_TRAINING:
        cohort = TrainingCohortFactory(need=presentation.need)
        cohort_enrol(presentation=presentation, cohort=cohort, by=by)
    elif enrolment is not None and to_status == Status.HIRED:
        cohort_complete(enrolment=enrolment, by=by)
    elif enrolment is not None and to_status in (Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE):
        cohort_drop_out(enrolment=enrolment, reason=DropOutReason.OTHER, comment=REASON, by=by, to_status=to_status)
    elif to_status == Status.PRESENTED:
        presentation_present(presentations=[presentation], by=by)
    elif to_status == Status.HIRED:
        presentation_hire(presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=by)
    elif to_status == Status.HIRE_ENDED:
        presentation_hire_end(
            presentation=presentation, ended_on=timezone.localdate(), reason_code=HIRE_END_REASON, by=by
        )
    else:
        presentation_transition(
            presentation=presentation,
            to_status=to_status,
            by=by,
            reason=REASON if to_status in Status.needing_reason() else "",
            interview_at=timezone.now() + datetime.timedelta(days=3)
            if to_status == Status.INTERVIEW_SCHEDULED
            else None,
        )


# The transition table -------------------------------------------------------------------------------------------


def test_the_workflow_table_is_the_expected_one():
    assert set(ALLOWED_TRANSITIONS) == set(Status)
    assert {status: set(targets) for status, targets in ALLOWED_TRANSITIONS.items()} == EXPECTED_WORKFLOW
    assert all(EXPECTED_WORKFLOW[status] <= ACTIVE for status in UNDONE)
    assert not EXPECTED_WORKFLOW[Status.HIRE_ENDED]
    assert set(Status.active()) == ACTIVE


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS, ids=[f"{a.value}->{b.value}" for a, b in PAIRS])
def test_each_allowed_transition_is_recorded_and_each_forbidden_one_changes_nothing(
    from_status, to_status, platform, advisor
):
    presentation = presentation_in(from_status, need=StaffingNeedFactory(open=True, employer__platform=platform))
    if from_status in UNDONE:
        # The history of the end: a reopening goes back to the step it left.
        PresentationTransition.objects.create(
            presentation=presentation,
            from_status=to_status if to_status in ACTIVE else Status.SHORTLISTED,
            to_status=from_status,
            reason=REASON,
        )
    before, steps_before = row(presentation), presentation.transitions.count()
    need_before = StaffingNeed.objects.values("hires_count", "status").get(pk=presentation.need_id)
    started = timezone.now()

    if to_status in EXPECTED_WORKFLOW[from_status] - SYSTEM_STEPS:
        move(presentation, to_status, advisor)

        presentation.refresh_from_db()
        assert presentation.status == to_status
        assert presentation.transitions.count() == steps_before + 1
        step = presentation.transitions.latest("at", "pk")
        assert (step.from_status, step.to_status, step.by) == (from_status, to_status, advisor)
        assert started <= step.at <= timezone.now()
        expected_reason = REASON if to_status in Status.needing_reason() or from_status in UNDONE else ""
        if from_status == Status.IN_TRAINING and expected_reason:
            # A trainee leaves with a structured reason ("other" here), in the platform's language, and the comment.
            expected_reason = f"Autre (à préciser dans le commentaire) — {REASON}"
        if to_status == Status.HIRE_ENDED:
            expected_reason = str(HIRE_END_REASON.label)
        assert step.reason == expected_reason
        assert presentation.reason == (expected_reason if to_status in Status.needing_reason() else "")
        assert (presentation.closed_at is None) == (to_status in ACTIVE)
    else:
        with pytest.raises(ValidationError):
            move(presentation, to_status, advisor)

        assert row(presentation) == before
        assert presentation.transitions.count() == steps_before
        assert StaffingNeed.objects.values("hires_count", "status").get(pk=presentation.need_id) == need_before


def test_a_forbidden_transition_names_both_statuses(advisor):
    presentation = presentation_in(Status.SHORTLISTED)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        presentation_transition(presentation=presentation, to_status=Status.INTERVIEW_REQUESTED, by=advisor)
    assert caught.value.code == "invalid_transition"
    assert caught.value.messages == ["A presentation cannot go from “Shortlisted” to “Interview requested”."]


@pytest.mark.parametrize("status", sorted(FINAL))
def test_an_ended_presentation_moves_only_through_its_undo(status, advisor):
    presentation = presentation_in(status)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        presentation_transition(presentation=presentation, to_status=Status.WITHDRAWN, by=advisor, reason=REASON)
    assert caught.value.code == "invalid_transition"
    assert row(presentation)["status"] == status


def test_the_generic_transition_refuses_a_hire_without_its_contract(advisor):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED)
    with pytest.raises(ValidationError) as caught:
        presentation_transition(presentation=presentation, to_status=Status.HIRED, by=advisor)
    assert caught.value.code == "use_hire"
    assert Presentation.objects.get(pk=presentation.pk).status == Status.INTERVIEW_SCHEDULED


# Shortlist ------------------------------------------------------------------------------------------------------


def test_shortlisting_opens_the_history_with_an_empty_from_status(platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    candidate = CandidateFactory(platform=platform)

    presentation = presentation_shortlist(need=need, candidate=candidate, by=advisor)

    assert (presentation.status, presentation.candidate_answer) == (Status.SHORTLISTED, CandidateAnswer.NOT_CONTACTED)
    assert presentation.created_by == advisor
    step = PresentationTransition.objects.get(presentation=presentation)
    assert (step.from_status, step.to_status, step.by, step.reason) == ("", Status.SHORTLISTED, advisor, "")


def test_a_candidate_is_shortlisted_once_per_need(platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    candidate = CandidateFactory(platform=platform)
    presentation_shortlist(need=need, candidate=candidate, by=advisor)

    with pytest.raises(ValidationError) as caught:
        presentation_shortlist(need=need, candidate=candidate, by=advisor)

    assert caught.value.code == "duplicate"
    assert Presentation.objects.filter(need=need, candidate=candidate).count() == 1
    assert PresentationTransition.objects.filter(presentation__need=need).count() == 1


@pytest.mark.parametrize("need_status", [NeedStatus.DRAFT, NeedStatus.FILLED, NeedStatus.CLOSED, NeedStatus.CANCELLED])
def test_only_an_open_need_receives_candidates(need_status, platform, advisor):
    need = StaffingNeedFactory(status=need_status, employer__platform=platform)
    with pytest.raises(ValidationError) as caught:
        presentation_shortlist(need=need, candidate=CandidateFactory(platform=platform), by=advisor)
    assert caught.value.code == "need_not_open"
    assert not Presentation.objects.exists()


@pytest.mark.parametrize(
    "candidate_status", [CandidateStatus.PAUSED, CandidateStatus.PLACED, CandidateStatus.ARCHIVED]
)
def test_only_an_active_candidate_is_shortlisted(candidate_status, platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    with pytest.raises(ValidationError) as caught:
        presentation_shortlist(
            need=need, candidate=CandidateFactory(status=candidate_status, platform=platform), by=advisor
        )
    assert caught.value.code == "candidate_not_active"
    assert not Presentation.objects.exists()


# Candidate's answer and presentation ----------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_not_interested_needs_a_reason(reason, advisor):
    presentation = presentation_in(Status.SHORTLISTED, candidate_answer=CandidateAnswer.CONTACTED)
    before = row(presentation)

    with pytest.raises(ValidationError) as caught:
        presentation_answer_record(
            presentation=presentation, answer=CandidateAnswer.NOT_INTERESTED, by=advisor, reason=reason
        )

    assert set(caught.value.message_dict) == {"reason"}
    assert row(presentation) == before
    assert not presentation.transitions.exists()


def test_not_interested_with_a_reason_ends_as_declined_by_the_candidate(advisor):
    presentation = presentation_in(Status.SHORTLISTED, candidate_answer=CandidateAnswer.CONTACTED)

    presentation_answer_record(
        presentation=presentation, answer=CandidateAnswer.NOT_INTERESTED, by=advisor, reason=f"  {REASON} "
    )

    presentation.refresh_from_db()
    assert presentation.status == Status.DECLINED_BY_CANDIDATE
    assert presentation.candidate_answer == CandidateAnswer.NOT_INTERESTED
    assert presentation.candidate_answer_reason == presentation.reason == REASON
    assert presentation.closed_at is not None
    step = presentation.transitions.get()
    assert (step.from_status, step.to_status, step.by, step.reason) == (
        Status.SHORTLISTED,
        Status.DECLINED_BY_CANDIDATE,
        advisor,
        REASON,
    )


def test_interested_is_recorded_without_moving_the_presentation(advisor):
    presentation = presentation_in(Status.SHORTLISTED, candidate_answer=CandidateAnswer.CONTACTED)
    presentation_answer_record(presentation=presentation, answer=CandidateAnswer.INTERESTED, by=advisor)
    presentation.refresh_from_db()
    assert (presentation.status, presentation.candidate_answer) == (Status.SHORTLISTED, CandidateAnswer.INTERESTED)
    assert not presentation.transitions.exists()


@pytest.mark.parametrize("status", sorted(set(Status) - {Status.SHORTLISTED}))
def test_an_answer_after_the_presentation_is_refused(status, advisor):
    presentation = presentation_in(status)
    before = row(presentation)
    with pytest.raises(ValidationError) as caught:
        presentation_answer_record(
            presentation=presentation, answer=CandidateAnswer.NOT_INTERESTED, by=advisor, reason=REASON
        )
    assert caught.value.code == "too_late"
    assert row(presentation) == before


def test_a_candidate_without_consent_to_presentation_is_not_presented_and_only_their_number_is_named(advisor):
    candidate = CandidateFactory(first_name="Yasmina", last_name="Belkacem", consents_to_presentation=False)
    presentation = presentation_in(Status.SHORTLISTED, candidate=candidate)

    for language in ("en", "fr"):
        with translation.override(language), pytest.raises(ValidationError) as caught:
            presentation_present(presentations=[presentation], by=advisor)
        assert caught.value.code == "no_consent"
        message = caught.value.messages[0]
        assert str(candidate.pk) in message
        assert "Yasmina" not in message
        assert "Belkacem" not in message
        if language == "en":
            assert message == f"Candidate #{candidate.pk} has not consented to be presented to employers."

    assert Presentation.objects.get(pk=presentation.pk).status == Status.SHORTLISTED
    assert not presentation.transitions.exists()


@pytest.mark.parametrize("answer", [CandidateAnswer.NOT_CONTACTED, CandidateAnswer.CONTACTED])
def test_a_candidate_is_presented_only_once_they_said_they_are_interested(answer, advisor):
    presentation = presentation_in(Status.SHORTLISTED, candidate_answer=answer)
    with pytest.raises(ValidationError) as caught:
        presentation_present(presentations=[presentation], by=advisor)
    assert caught.value.code == "not_interested"
    assert Presentation.objects.get(pk=presentation.pk).status == Status.SHORTLISTED


def test_presenting_many_at_once_records_each_with_its_date(advisor):
    need = StaffingNeedFactory(open=True)
    presentations = [presentation_in(Status.SHORTLISTED, need=need) for _ in range(3)]

    presented = presentation_present(presentations=presentations, by=advisor)

    assert [p.pk for p in presented] == [p.pk for p in presentations]
    for presentation in Presentation.objects.filter(need=need):
        assert presentation.status == Status.PRESENTED
        assert presentation.presented_at is not None
        assert presentation.transitions.get().by == advisor


@pytest.mark.parametrize("bad", ["no_consent", "not_interested", "already_presented"])
def test_presenting_many_at_once_is_all_or_nothing(bad, advisor):
    need = StaffingNeedFactory(open=True)
    good = [presentation_in(Status.SHORTLISTED, need=need) for _ in range(3)]
    if bad == "no_consent":
        faulty = presentation_in(
            Status.SHORTLISTED, need=need, candidate=CandidateFactory(consents_to_presentation=False)
        )
    elif bad == "not_interested":
        faulty = presentation_in(Status.SHORTLISTED, need=need, candidate_answer=CandidateAnswer.CONTACTED)
    else:
        faulty = presentation_in(Status.PRESENTED, need=need)
    before = {p.pk: row(p) for p in [*good, faulty]}

    with pytest.raises(ValidationError):
        presentation_present(presentations=[good[0], good[1], faulty, good[2]], by=advisor)

    assert {p.pk: row(p) for p in [*good, faulty]} == before
    assert not PresentationTransition.objects.filter(presentation__need=need).exists()


# Reasons and interview date -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (Status.INTERVIEW_SCHEDULED, Status.NOT_HIRED),
        (Status.SHORTLISTED, Status.WITHDRAWN),
        (Status.INTERVIEW_SCHEDULED, Status.WITHDRAWN),
        (Status.PRESENTED, Status.DECLINED_BY_EMPLOYER),
        (Status.INTERVIEW_REQUESTED, Status.DECLINED_BY_EMPLOYER),
        (Status.SHORTLISTED, Status.DECLINED_BY_CANDIDATE),
        (Status.INTERVIEW_SCHEDULED, Status.DECLINED_BY_CANDIDATE),
    ],
)
@pytest.mark.parametrize("reason", ["", "  "])
def test_an_end_that_needs_a_reason_is_refused_without_one(from_status, to_status, reason, advisor):
    presentation = presentation_in(from_status)
    before = row(presentation)

    with pytest.raises(ValidationError) as caught:
        presentation_transition(presentation=presentation, to_status=to_status, by=advisor, reason=reason)

    assert set(caught.value.message_dict) == {"reason"}
    assert row(presentation) == before
    assert not presentation.transitions.exists()


def test_an_interview_is_scheduled_with_its_date_and_time(advisor):
    presentation = presentation_in(Status.INTERVIEW_REQUESTED)
    with pytest.raises(ValidationError) as caught:
        presentation_transition(presentation=presentation, to_status=Status.INTERVIEW_SCHEDULED, by=advisor)
    assert set(caught.value.message_dict) == {"interview_at"}
    assert Presentation.objects.get(pk=presentation.pk).status == Status.INTERVIEW_REQUESTED

    interview_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5)
    presentation_transition(
        presentation=presentation, to_status=Status.INTERVIEW_SCHEDULED, by=advisor, interview_at=interview_at
    )
    presentation.refresh_from_db()
    assert (presentation.status, presentation.interview_at) == (Status.INTERVIEW_SCHEDULED, interview_at)


# Hire -----------------------------------------------------------------------------------------------------------


def test_a_hire_records_its_contract_and_the_six_month_check(advisor):
    need = StaffingNeedFactory(open=True, headcount=3)
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)

    presentation_hire(
        presentation=presentation,
        contract_type=ContractType.CDD,
        contract_duration_months=9,
        starts_on=datetime.date(2027, 3, 1),
        by=advisor,
    )

    presentation.refresh_from_db()
    assert presentation.status == Status.HIRED
    assert (presentation.contract_type, presentation.contract_duration_months) == (ContractType.CDD, 9)
    assert presentation.hire_starts_on == datetime.date(2027, 3, 1)
    assert presentation.follow_up_due_on == datetime.date(2027, 3, 1) + datetime.timedelta(days=183)
    assert presentation.closed_at is not None
    need.refresh_from_db()
    assert (need.hires_count, need.status) == (1, NeedStatus.OPEN)
    assert Candidate.objects.get(pk=presentation.candidate_id).status == CandidateStatus.PLACED
    step = presentation.transitions.get()
    assert (step.from_status, step.to_status, step.by) == (Status.INTERVIEW_SCHEDULED, Status.HIRED, advisor)


@pytest.mark.parametrize("length", [None, 0])
def test_a_cdd_hire_needs_its_length(length, advisor):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED)
    before = row(presentation)
    with pytest.raises(ValidationError) as caught:
        presentation_hire(
            presentation=presentation,
            contract_type=ContractType.CDD,
            contract_duration_months=length,
            starts_on=STARTS_ON,
            by=advisor,
        )
    assert set(caught.value.message_dict) == {"contract_duration_months"}
    assert row(presentation) == before
    assert StaffingNeed.objects.get(pk=presentation.need_id).hires_count == 0


def test_the_last_hire_fills_the_need(advisor):
    need = StaffingNeedFactory(open=True, headcount=2)
    first, second = (presentation_in(Status.INTERVIEW_SCHEDULED, need=need) for _ in range(2))

    presentation_hire(presentation=first, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=advisor)
    need.refresh_from_db()
    assert (need.hires_count, need.status) == (1, NeedStatus.OPEN)
    assert not NeedStatusChange.objects.filter(need=need).exists()

    presentation_hire(presentation=second, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=advisor)
    need.refresh_from_db()
    assert (need.hires_count, need.status) == (2, NeedStatus.FILLED)
    change = NeedStatusChange.objects.get(need=need)
    assert (change.from_status, change.to_status, change.changed_by) == (NeedStatus.OPEN, NeedStatus.FILLED, advisor)


@pytest.mark.parametrize("need_status", [NeedStatus.OPEN, NeedStatus.FILLED])
def test_a_hire_on_a_need_with_no_opening_left_is_refused(need_status, advisor):
    need = StaffingNeedFactory(status=need_status, headcount=2, hires_count=2)
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    before = row(presentation)

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        presentation_hire(presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=advisor)

    assert caught.value.code == "headcount_reached"
    assert caught.value.messages == ["This need has no opening left: its headcount is reached."]
    assert row(presentation) == before
    need.refresh_from_db()
    assert (need.hires_count, need.status) == (2, need_status)
    assert Candidate.objects.get(pk=presentation.candidate_id).status == CandidateStatus.ACTIVE


@pytest.mark.parametrize(
    ("contract_type", "months", "is_solution"),
    [
        (ContractType.CDI, None, True),
        (ContractType.CDD, 6, True),
        (ContractType.CDD, 12, True),
        (ContractType.CDD, 5, False),
        (ContractType.TEMPORARY, 12, False),
    ],
)
def test_a_hire_is_a_solution_when_it_is_a_cdi_or_a_cdd_of_six_months_or_more(
    contract_type, months, is_solution, advisor
):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED)
    hired = presentation_hire(
        presentation=presentation,
        contract_type=contract_type,
        contract_duration_months=months,
        starts_on=STARTS_ON,
        by=advisor,
    )
    assert hired.is_solution is is_solution
    assert Presentation.objects.get(pk=presentation.pk).is_solution is is_solution


@pytest.mark.parametrize("status", sorted(set(Status) - set(Status.hired_ever())))
def test_only_a_hire_can_be_a_solution(status):
    assert presentation_in(status, contract_type=ContractType.CDI).is_solution is False


@pytest.mark.parametrize(
    ("kind", "is_solution"),
    [
        (OutcomeKind.TRAINING, True),
        (OutcomeKind.JOB_ELSEWHERE, False),
        (OutcomeKind.BUSINESS_CREATION, False),
        (OutcomeKind.OTHER, False),
    ],
)
def test_entry_into_training_is_a_solution(kind, is_solution, advisor):
    candidate = CandidateFactory()
    outcome = outcome_record(
        candidate=candidate, kind=kind, description=" POEC conseiller clientèle ", starts_on=STARTS_ON, by=advisor
    )
    outcome.refresh_from_db()
    assert (outcome.candidate, outcome.description, outcome.recorded_by) == (
        candidate,
        "POEC conseiller clientèle",
        advisor,
    )
    assert outcome.is_solution is is_solution


def test_an_outcome_needs_a_known_kind_and_a_description(advisor):
    candidate = CandidateFactory()
    with pytest.raises(ValidationError) as caught:
        outcome_record(candidate=candidate, kind="lottery", description="Gain", starts_on=STARTS_ON, by=advisor)
    assert set(caught.value.message_dict) == {"kind"}
    with pytest.raises(ValidationError) as caught:
        outcome_record(
            candidate=candidate, kind=OutcomeKind.TRAINING, description=" ", starts_on=STARTS_ON, by=advisor
        )
    assert set(caught.value.message_dict) == {"description"}
    assert not candidate.outcomes.exists()


# One active placement -------------------------------------------------------------------------------------------


def test_a_candidate_hired_on_one_need_cannot_be_hired_on_another(advisor):
    candidate = CandidateFactory(presentable=True)
    first = presentation_in(Status.INTERVIEW_SCHEDULED, candidate=candidate)
    second = presentation_in(Status.INTERVIEW_SCHEDULED, candidate=candidate)
    presentation_hire(presentation=first, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=advisor)
    before = row(second)

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        presentation_hire(presentation=second, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=advisor)

    assert caught.value.code == "placed"
    assert caught.value.messages == ["This candidate already holds an active placement."]
    assert row(second) == before
    assert not second.transitions.exists()
    other_need = StaffingNeed.objects.get(pk=second.need_id)
    assert (other_need.hires_count, other_need.status) == (0, NeedStatus.OPEN)
    assert StaffingNeed.objects.get(pk=first.need_id).hires_count == 1


# Declined candidates and suggestions ----------------------------------------------------------------------------


@pytest.fixture
def two_needs(platform, advisor):
    """Two open needs in Lille for the same occupation, and four people in Lille who want it.

    On the first need, three are declined through the services — by the employer, not hired after an interview,
    by themselves — and one is never presented.
    """
    lille = hauts_de_france_communes()["Lille"]
    occupation = OccupationFactory(rome_code="D1408")
    employer = EmployerFactory(platform=platform)
    first, second = (
        StaffingNeedFactory(open=True, employer=employer, site__commune=lille, occupation=occupation) for _ in range(2)
    )

    def person(name: str):
        candidate = CandidateFactory(presentable=True, platform=platform, commune=lille, first_name=name)
        candidate.desired_occupations.set([occupation])
        return candidate

    return SimpleNamespace(
        first=first,
        second=second,
        by_employer=person("Inès"),
        not_hired=person("Karim"),
        by_candidate=person("Lou"),
        untouched=person("Malo"),
    )


def suggested(need: StaffingNeed) -> set[int]:
    return set(score_need(candidate_columns_load(), need_spec_build(need), SCORING).candidate_ids.tolist())


def test_a_declined_candidate_is_no_longer_suggested_for_that_need_only(two_needs, advisor):
    w = two_needs
    everyone = {w.by_employer.pk, w.not_hired.pk, w.by_candidate.pk, w.untouched.pk}
    assert suggested(w.first) == suggested(w.second) == everyone

    def shortlisted_and_presented(candidate):
        presentation = presentation_shortlist(need=w.first, candidate=candidate, by=advisor)
        presentation_answer_record(presentation=presentation, answer=CandidateAnswer.INTERESTED, by=advisor)
        presentation_present(presentations=[presentation], by=advisor)
        return presentation

    by_employer = shortlisted_and_presented(w.by_employer)
    presentation_transition(presentation=by_employer, to_status=Status.DECLINED_BY_EMPLOYER, by=advisor, reason=REASON)
    not_hired = shortlisted_and_presented(w.not_hired)
    presentation_transition(presentation=not_hired, to_status=Status.INTERVIEW_REQUESTED, by=advisor)
    presentation_transition(
        presentation=not_hired,
        to_status=Status.INTERVIEW_SCHEDULED,
        by=advisor,
        interview_at=timezone.now() + datetime.timedelta(days=1),
    )
    presentation_transition(presentation=not_hired, to_status=Status.NOT_HIRED, by=advisor, reason=REASON)
    by_candidate = presentation_shortlist(need=w.first, candidate=w.by_candidate, by=advisor)
    presentation_answer_record(
        presentation=by_candidate, answer=CandidateAnswer.NOT_INTERESTED, by=advisor, reason=REASON
    )

    declined = sorted([w.by_employer.pk, w.not_hired.pk, w.by_candidate.pk])
    assert list(need_spec_build(w.first).excluded_candidates) == declined
    assert list(need_spec_build(needs_for_matching([w.first.pk]).get()).excluded_candidates) == declined
    assert need_spec_build(w.second).excluded_candidates == ()
    assert suggested(w.first) == {w.untouched.pk}
    assert suggested(w.second) == everyone


# Concurrent hires (PostgreSQL) ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_hires_never_exceed_the_headcount(platform, advisor, is_postgresql):
    if not is_postgresql:
        pytest.skip("needs many connections writing at once; SQLite serialises writers and has no row locks")
    need = StaffingNeedFactory(open=True, headcount=3, employer__platform=platform)
    commune = need.site.commune
    presentations = [
        presentation_in(
            Status.INTERVIEW_SCHEDULED,
            need=need,
            candidate=CandidateFactory(presentable=True, platform=platform, commune=commune),
        )
        for _ in range(50)
    ]

    results = hire_all_at_once(presentations, by=advisor)

    assert results.count(("hired", "")) == 3
    refused = [result for result in results if result != ("hired", "")]
    assert refused == [("headcount_reached", "This need has no opening left: its headcount is reached.")] * 47
    need.refresh_from_db()
    hired = Presentation.objects.filter(need=need, status=Status.HIRED)
    assert need.hires_count == 3 == hired.count()
    assert need.status == NeedStatus.FILLED
    assert NeedStatusChange.objects.filter(need=need, to_status=NeedStatus.FILLED).count() == 1
    assert set(Candidate.objects.filter(status=CandidateStatus.PLACED).values_list("pk", flat=True)) == set(
        hired.values_list("candidate_id", flat=True)
    )
    assert Presentation.objects.filter(need=need, status=Status.INTERVIEW_SCHEDULED).count() == 47
    assert PresentationTransition.objects.filter(presentation__need=need, to_status=Status.HIRED).count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_hires_of_one_candidate_give_a_single_placement(platform, advisor, is_postgresql):
    if not is_postgresql:
        pytest.skip("needs many connections writing at once; SQLite serialises writers and has no row locks")
    candidate = CandidateFactory(presentable=True, platform=platform)
    presentations = [
        presentation_in(
            Status.INTERVIEW_SCHEDULED,
            need=StaffingNeedFactory(open=True, headcount=2, employer__platform=platform),
            candidate=candidate,
        )
        for _ in range(20)
    ]

    results = hire_all_at_once(presentations, by=advisor)

    assert results.count(("hired", "")) == 1
    refused = [result for result in results if result != ("hired", "")]
    assert refused == [("placed", "This candidate already holds an active placement.")] * 19
    hired = Presentation.objects.get(candidate=candidate, status=Status.HIRED)
    hires = dict(
        StaffingNeed.objects.filter(presentations__candidate=candidate).values_list("pk", "hires_count").distinct()
    )
    assert hires == {p.need_id: int(p.need_id == hired.need_id) for p in presentations}
    assert PresentationTransition.objects.filter(to_status=Status.HIRED).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("need_status", [NeedStatus.DRAFT, NeedStatus.CLOSED, NeedStatus.CANCELLED])
def test_no_one_is_presented_to_or_hired_on_a_need_that_is_not_open(need_status):
    need = StaffingNeedFactory(status=need_status)
    shortlisted = presentation_in(PresentationStatus.SHORTLISTED, need=need)
    scheduled = presentation_in(PresentationStatus.INTERVIEW_SCHEDULED, need=need)

    with pytest.raises(ValidationError) as presenting:
        presentation_present(presentations=[shortlisted], by=None)
    with pytest.raises(ValidationError) as hiring:
        presentation_hire(presentation=scheduled, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=None)

    assert (presenting.value.code, hiring.value.code) == ("need_not_open", "need_not_open")
    need.refresh_from_db()
    assert need.hires_count == 0


@pytest.mark.django_db
def test_a_candidate_placed_elsewhere_is_not_presented():
    shortlisted = presentation_in(PresentationStatus.SHORTLISTED)
    Candidate.objects.filter(pk=shortlisted.candidate_id).update(status=CandidateStatus.PLACED)
    with pytest.raises(ValidationError) as raised:
        presentation_present(presentations=[shortlisted], by=None)
    assert raised.value.code == "candidate_not_active"


@pytest.mark.django_db
def test_an_unknown_answer_is_refused():
    shortlisted = presentation_in(PresentationStatus.SHORTLISTED, candidate_answer=CandidateAnswer.NOT_CONTACTED)
    with pytest.raises(ValidationError):
        presentation_answer_record(presentation=shortlisted, answer="maybe", by=None)
    shortlisted.refresh_from_db()
    assert shortlisted.candidate_answer == CandidateAnswer.NOT_CONTACTED

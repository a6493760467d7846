"""The employer's answer to many presented candidates: each row through the single answer's service, refused rows
reported by the name the employer sees, slots copied to each, the decline reason recorded."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from matching.enums import EmployerDeclineReason, PresentationStatus
from matching.models import InterviewSlot, Presentation
from matching.services.employer_answers import SlotProposal
from matching.services.employer_bulk import EmployerBulkAction, presentations_employer_bulk_answer
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


def soon(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def need():
    return StaffingNeedFactory(open=True, headcount=3)


def names_of(*presentations):
    return {p.pk: f"Candidat {p.pk}" for p in presentations}


def test_interviews_are_requested_with_their_own_copy_of_the_slots_and_refused_rows_reported(need):
    member = member_of(need.employer)
    first, second = presentation_in(Status.PRESENTED, need=need), presentation_in(Status.PRESENTED, need=need)
    answered = presentation_in(Status.DECLINED_BY_EMPLOYER, need=need)
    foreign = presentation_in(Status.PRESENTED, need=StaffingNeedFactory(open=True))
    slots = [SlotProposal(starts_at=soon(3), place="12 rue des Lilas, Lille"), SlotProposal(soon(4), "Par téléphone")]
    with translation.override("en"):
        result = presentations_employer_bulk_answer(
            action=EmployerBulkAction.INTERVIEW,
            presentations=[first, answered, second, foreign],
            names=names_of(first, answered, second, foreign),
            slots=slots,
            by=member,
        )
    assert result.done == [f"Candidat {first.pk}", f"Candidat {second.pk}"]
    assert result.done_ids == [first.pk, second.pk]
    assert [(r.name, r.row_id) for r in result.refusals] == [
        (f"Candidat {answered.pk}", answered.pk),
        (f"Candidat {foreign.pk}", foreign.pk),
    ]
    assert "employer of this need" in result.refusals[1].message
    for presentation in (first, second):
        presentation.refresh_from_db()
        assert presentation.status == Status.INTERVIEW_REQUESTED
        rows = InterviewSlot.objects.filter(presentation=presentation).order_by("starts_at")
        assert [(slot.starts_at, slot.place) for slot in rows] == [(s.starts_at, s.place) for s in slots]
    assert InterviewSlot.objects.count() == 4  # two rows each, none for the refused
    foreign.refresh_from_db()
    assert foreign.status == Status.PRESENTED


def test_an_interview_already_requested_and_accepted_gets_the_slots_proposed(need):
    member = member_of(need.employer)
    accepted = presentation_in(Status.INTERVIEW_REQUESTED, need=need, interview_accepted_at=timezone.now())
    waiting = presentation_in(Status.INTERVIEW_REQUESTED, need=need)
    result = presentations_employer_bulk_answer(
        action=EmployerBulkAction.INTERVIEW,
        presentations=[accepted, waiting],
        names=names_of(accepted, waiting),
        slots=[SlotProposal(starts_at=soon(5), place="Visio")],
        by=member,
    )
    assert result.done_ids == [accepted.pk]
    assert [r.row_id for r in result.refusals] == [waiting.pk]
    assert list(InterviewSlot.objects.values_list("presentation_id", flat=True)) == [accepted.pk]


def test_slots_in_the_past_refuse_the_action_as_a_whole(need):
    member = member_of(need.employer)
    presentation = presentation_in(Status.PRESENTED, need=need)
    with pytest.raises(ValidationError):
        presentations_employer_bulk_answer(
            action=EmployerBulkAction.INTERVIEW,
            presentations=[presentation],
            names={},
            slots=[SlotProposal(starts_at=timezone.now() - datetime.timedelta(hours=1), place="Lille")],
            by=member,
        )
    presentation.refresh_from_db()
    assert presentation.status == Status.PRESENTED


def test_a_decline_records_the_structured_reason_on_each_row(need):
    member = member_of(need.employer)
    first, second = presentation_in(Status.PRESENTED, need=need), presentation_in(Status.PRESENTED, need=need)
    hired_ended = presentation_in(Status.NOT_HIRED, need=need)
    result = presentations_employer_bulk_answer(
        action=EmployerBulkAction.DECLINE,
        presentations=[first, second, hired_ended],
        names=names_of(first, second, hired_ended),
        reason_code=EmployerDeclineReason.EXPERIENCE,
        comment="Trois ans minimum",
        by=member,
    )
    assert result.done_ids == [first.pk, second.pk]
    assert [r.row_id for r in result.refusals] == [hired_ended.pk]
    for presentation in Presentation.objects.filter(pk__in=[first.pk, second.pk]):
        assert presentation.status == Status.DECLINED_BY_EMPLOYER
        assert presentation.reason_code == EmployerDeclineReason.EXPERIENCE
        assert presentation.reason.endswith("Trois ans minimum")


def test_a_decline_without_a_reason_or_an_unknown_action_is_refused(need):
    member = member_of(need.employer)
    presentation = presentation_in(Status.PRESENTED, need=need)
    with pytest.raises(ValidationError) as no_reason:
        presentations_employer_bulk_answer(
            action=EmployerBulkAction.DECLINE, presentations=[presentation], names={}, by=member
        )
    assert "reason_code" in no_reason.value.message_dict
    with pytest.raises(ValidationError):
        presentations_employer_bulk_answer(action="hire", presentations=[presentation], names={}, by=member)
    with pytest.raises(ValidationError):
        presentations_employer_bulk_answer(
            action=EmployerBulkAction.INTERVIEW, presentations=[presentation], names={}, by=member
        )
    presentation.refresh_from_db()
    assert presentation.status == Status.PRESENTED

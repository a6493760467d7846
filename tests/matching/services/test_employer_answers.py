"""The employer's answers to presented candidates: every step allowed and refused, its reasons, the interview slots,
the headcount, who may act, and when the employer learns who the candidate is. Also the staff review page's new steps.
"""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from employers.enums import ContractType, NeedStatus
from matching.employer_selectors import identity_is_revealed, presented_profiles_for_need
from matching.enums import EmployerDeclineReason, NoHireReason, PresentationStatus
from matching.models import InterviewSlot, Presentation, PresentationTransition
from matching.services.employer_answers import (
    MAX_SLOTS,
    SlotProposal,
    interview_slot_confirm,
    interview_slots_propose,
    presentation_employer_decline,
    presentation_employer_hire,
    presentation_interview_accept,
    presentation_interview_request,
    presentation_interview_schedule,
    presentation_no_hire,
)
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import STARTS_ON, presentation_in, row

pytestmark = pytest.mark.django_db

Status = PresentationStatus
ENDED = [Status.HIRED, Status.NOT_HIRED, Status.WITHDRAWN, Status.DECLINED_BY_EMPLOYER, Status.DECLINED_BY_CANDIDATE]


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


@pytest.fixture
def need():
    return StaffingNeedFactory(open=True, title="Conseiller clientèle", headcount=2)


@pytest.fixture
def member(need):
    return member_of(need.employer)


@pytest.fixture
def staff(need):
    return AdvisorFactory(memberships__platform=need.employer.platform)


def accepted(need, **fields):
    return presentation_in(Status.INTERVIEW_REQUESTED, need=need, interview_accepted_at=timezone.now(), **fields)


def soon(days: int = 3, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def stored_label(label) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(label)


def refused(call, **kwargs) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value


# The employer's first answer.


def test_the_employer_asks_for_an_interview_and_the_advisor_will_be_told(
    need, member, django_capture_on_commit_callbacks
):
    presentation = presentation_in(Status.PRESENTED, need=need)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        requested = presentation_interview_request(presentation=presentation, by=member)
    assert requested.status == Status.INTERVIEW_REQUESTED
    assert requested.interview_accepted_at is None
    step = PresentationTransition.objects.get(presentation=presentation)
    assert (step.from_status, step.to_status, step.by) == (Status.PRESENTED, Status.INTERVIEW_REQUESTED, member)
    assert len(callbacks) == 1  # the advisor's notice, queued after commit


@pytest.mark.parametrize(
    "status", [Status.SHORTLISTED, Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED, *ENDED]
)
def test_an_interview_is_asked_for_a_presented_candidate_only(need, member, status):
    presentation = presentation_in(status, need=need)
    before = row(presentation)
    error = refused(presentation_interview_request, presentation=presentation, by=member)
    assert error.code == "invalid_transition"
    assert row(presentation) == before
    assert not PresentationTransition.objects.exists()


@pytest.mark.parametrize("status", [Status.PRESENTED, Status.INTERVIEW_REQUESTED])
def test_the_employer_declines_with_a_structured_reason(need, member, status, django_capture_on_commit_callbacks):
    presentation = presentation_in(status, need=need)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        declined = presentation_employer_decline(
            presentation=presentation, reason_code=EmployerDeclineReason.SKILLS, comment="", by=member
        )
    presentation.refresh_from_db()
    assert presentation.status == declined.status == Status.DECLINED_BY_EMPLOYER
    assert presentation.reason_code == EmployerDeclineReason.SKILLS
    assert presentation.reason == stored_label(EmployerDeclineReason.SKILLS.label)
    assert presentation.closed_at is not None
    step = PresentationTransition.objects.get(presentation=presentation)
    assert (step.to_status, step.by, step.reason) == (Status.DECLINED_BY_EMPLOYER, member, presentation.reason)
    assert len(callbacks) == 2  # the candidate's suggestions computed anew, and the advisor's notice


def test_a_comment_is_kept_after_the_reason(need, member):
    presentation = presentation_in(Status.PRESENTED, need=need)
    presentation_employer_decline(
        presentation=presentation,
        reason_code=EmployerDeclineReason.OTHER,
        comment="  Le poste exige le permis poids lourd.  ",
        by=member,
    )
    presentation.refresh_from_db()
    assert presentation.reason_code == EmployerDeclineReason.OTHER
    assert presentation.reason == (
        f"{stored_label(EmployerDeclineReason.OTHER.label)} — Le poste exige le permis poids lourd."
    )


@pytest.mark.parametrize(
    ("reason_code", "comment", "field", "message"),
    [
        (EmployerDeclineReason.OTHER, "", "comment", "Explain the reason in the comment."),
        (EmployerDeclineReason.OTHER, "   ", "comment", "Explain the reason in the comment."),
        ("", "Trop loin", "reason_code", "Choose a reason."),
        ("age", "", "reason_code", "Choose a reason."),
        (EmployerDeclineReason.SKILLS, "x" * 201, "comment", "Keep the comment under 200 characters."),
    ],
)
def test_a_decline_needs_a_known_reason_and_a_comment_when_other(need, member, reason_code, comment, field, message):
    presentation = presentation_in(Status.PRESENTED, need=need)
    before = row(presentation)
    error = refused(
        presentation_employer_decline, presentation=presentation, reason_code=reason_code, comment=comment, by=member
    )
    assert error.message_dict == {field: [message]}
    assert row(presentation) == before


@pytest.mark.parametrize("status", [Status.SHORTLISTED, Status.INTERVIEW_SCHEDULED, *ENDED])
def test_a_decline_is_refused_once_the_interview_is_scheduled_or_the_presentation_ended(need, member, status):
    presentation = presentation_in(status, need=need)
    before = row(presentation)
    error = refused(
        presentation_employer_decline,
        presentation=presentation,
        reason_code=EmployerDeclineReason.EXPERIENCE,
        comment="",
        by=member,
    )
    assert error.code == "invalid_transition"
    assert row(presentation) == before


def test_only_the_employer_of_the_need_or_its_platform_answers(need, member):
    presentation = presentation_in(Status.PRESENTED, need=need)
    other_member = member_of(StaffingNeedFactory().employer)
    other_advisor = AdvisorFactory()
    for outsider in (other_member, other_advisor, UserFactory()):
        with pytest.raises(PermissionDenied):
            presentation_interview_request(presentation=presentation, by=outsider)
        with pytest.raises(PermissionDenied):
            presentation_employer_decline(
                presentation=presentation, reason_code=EmployerDeclineReason.SKILLS, by=outsider
            )
    assert row(presentation)["status"] == Status.PRESENTED
    # Staff of the need's platform may act for the employer (an answer given on the phone).
    staff = AdvisorFactory(memberships__platform=need.employer.platform)
    assert presentation_interview_request(presentation=presentation, by=staff).status == Status.INTERVIEW_REQUESTED


# The candidate's acceptance and the reveal of their identity.


def test_the_advisor_records_that_the_candidate_accepted_and_the_employer_then_sees_who_they_are(need, staff):
    candidate = CandidateFactory(presentable=True, platform=need.employer.platform, first_name="Inès", phone="0601")
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need, candidate=candidate)
    assert not identity_is_revealed(status=presentation.status, interview_accepted_at=None, is_hired_elsewhere=False)
    assert presented_profiles_for_need(need=need)[0].contact is None

    accepted_presentation = presentation_interview_accept(presentation=presentation, by=staff)

    assert accepted_presentation.status == Status.INTERVIEW_REQUESTED
    assert accepted_presentation.interview_accepted_at is not None
    note = PresentationTransition.objects.get(presentation=presentation)
    assert (note.from_status, note.to_status, note.by) == (
        Status.INTERVIEW_REQUESTED,
        Status.INTERVIEW_REQUESTED,
        staff,
    )
    assert note.reason
    contact = presented_profiles_for_need(need=need)[0].contact
    assert (contact.first_name, contact.last_name, contact.phone) == ("Inès", candidate.last_name, "0601")


@pytest.mark.parametrize(
    ("status", "is_accepted", "is_hired_elsewhere", "revealed"),
    [
        (Status.PRESENTED, False, False, False),
        (Status.INTERVIEW_REQUESTED, False, False, False),
        (Status.INTERVIEW_REQUESTED, True, False, True),
        (Status.INTERVIEW_REQUESTED, True, True, False),
        (Status.INTERVIEW_SCHEDULED, False, False, True),
        (Status.INTERVIEW_SCHEDULED, False, True, False),
        (Status.HIRED, True, False, True),
        (Status.NOT_HIRED, True, False, False),
        (Status.DECLINED_BY_EMPLOYER, True, False, False),
    ],
)
def test_the_identity_is_revealed_from_the_acceptance_until_the_presentation_ends(
    status, is_accepted, is_hired_elsewhere, revealed
):
    at = timezone.now() if is_accepted else None
    assert (
        identity_is_revealed(status=status, interview_accepted_at=at, is_hired_elsewhere=is_hired_elsewhere)
        is revealed
    )


@pytest.mark.parametrize("status", [Status.PRESENTED, Status.INTERVIEW_SCHEDULED, *ENDED])
def test_an_acceptance_is_recorded_only_while_an_interview_is_requested(need, staff, status):
    presentation = presentation_in(status, need=need)
    error = refused(presentation_interview_accept, presentation=presentation, by=staff)
    assert error.code == "not_requested"
    assert row(presentation)["interview_accepted_at"] is None


def test_an_acceptance_is_recorded_once(need, staff):
    presentation = accepted(need)
    error = refused(presentation_interview_accept, presentation=presentation, by=staff)
    assert error.messages == ["The candidate's acceptance is already recorded."]


def test_only_the_platform_records_the_candidates_acceptance(need, member):
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need)
    with pytest.raises(PermissionDenied):
        presentation_interview_accept(presentation=presentation, by=member)
    with pytest.raises(PermissionDenied):
        presentation_interview_accept(presentation=presentation, by=AdvisorFactory())
    assert row(presentation)["interview_accepted_at"] is None


def test_an_interview_scheduled_by_the_platform_records_the_acceptance_too(need, staff):
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need)
    scheduled = presentation_interview_schedule(presentation=presentation, interview_at=soon(), by=staff)
    assert scheduled.status == Status.INTERVIEW_SCHEDULED
    assert scheduled.interview_at == soon()
    assert row(presentation)["interview_accepted_at"] is not None


# Interview slots.


def test_the_employer_proposes_slots_once_the_candidate_accepted(need, member):
    presentation = accepted(need)
    slots = interview_slots_propose(
        presentation=presentation,
        slots=[
            SlotProposal(starts_at=soon(4), place=" Agence de Lille "),
            SlotProposal(starts_at=soon(2), place="Par téléphone"),
        ],
        by=member,
    )
    assert [(slot.starts_at, slot.place) for slot in slots] == [
        (soon(2), "Par téléphone"),
        (soon(4), "Agence de Lille"),
    ]
    stored = InterviewSlot.objects.filter(presentation=presentation)
    assert stored.count() == 2
    assert not stored.filter(is_chosen=True).exists()
    assert set(stored.values_list("proposed_by", flat=True)) == {member.pk}
    assert row(presentation)["status"] == Status.INTERVIEW_REQUESTED
    note = PresentationTransition.objects.get(presentation=presentation)
    assert note.by == member
    assert note.from_status == note.to_status == Status.INTERVIEW_REQUESTED


def test_a_new_proposal_replaces_the_previous_slots(need, member):
    presentation = accepted(need)
    interview_slots_propose(presentation=presentation, slots=[SlotProposal(starts_at=soon(2), place="A")], by=member)
    interview_slots_propose(presentation=presentation, slots=[SlotProposal(starts_at=soon(5), place="B")], by=member)
    assert list(InterviewSlot.objects.filter(presentation=presentation).values_list("place", flat=True)) == ["B"]


@pytest.mark.parametrize(
    ("slots", "code"),
    [
        ([], "no_slot"),
        ([SlotProposal(starts_at=soon(days), place="Lille") for days in range(1, MAX_SLOTS + 2)], "too_many_slots"),
        ([SlotProposal(starts_at=soon(-1), place="Lille")], "slot_in_past"),
        (
            [SlotProposal(starts_at=soon(2), place="Lille"), SlotProposal(starts_at=soon(2), place="Arras")],
            "slot_twice",
        ),
        ([SlotProposal(starts_at=soon(2), place="  ")], "slot_place"),
        ([SlotProposal(starts_at=soon(2), place="Lille\nBcc: tous@example.org")], "line_break"),
        ([SlotProposal(starts_at=soon(2), place="Salle\u202e2")], "invisible_character"),
    ],
    ids=[
        "none",
        "more-than-three",
        "in-the-past",
        "twice-the-same-time",
        "without-place",
        "place-on-two-lines",
        "place-bidirectional",
    ],
)
def test_slots_are_one_to_three_distinct_future_times_with_a_place(need, member, slots, code):
    presentation = accepted(need)
    error = refused(interview_slots_propose, presentation=presentation, slots=slots, by=member)
    assert error.code == code
    assert not InterviewSlot.objects.exists()


def test_a_slot_in_the_past_is_named_in_the_refusal(need, member):
    presentation = accepted(need)
    past = timezone.now() - datetime.timedelta(hours=1)
    error = refused(
        interview_slots_propose,
        presentation=presentation,
        slots=[SlotProposal(starts_at=past, place="Lille")],
        by=member,
    )
    assert error.messages == [f"An interview slot must be in the future: {timezone.localtime(past):%d/%m/%Y %H:%M}."]


@pytest.mark.parametrize(
    ("status", "is_accepted", "code"),
    [
        (Status.PRESENTED, False, "not_requested"),
        (Status.INTERVIEW_REQUESTED, False, "not_accepted"),
        (Status.INTERVIEW_SCHEDULED, True, "not_requested"),
        (Status.HIRED, True, "not_requested"),
    ],
)
def test_slots_are_proposed_only_after_the_acceptance_and_before_the_interview(
    need, member, status, is_accepted, code
):
    presentation = presentation_in(status, need=need, interview_accepted_at=timezone.now() if is_accepted else None)
    error = refused(
        interview_slots_propose,
        presentation=presentation,
        slots=[SlotProposal(starts_at=soon(), place="Lille")],
        by=member,
    )
    assert error.code == code
    assert not InterviewSlot.objects.exists()


def test_confirming_a_slot_schedules_the_interview_at_that_time(need, member):
    presentation = accepted(need)
    _first, second, third = interview_slots_propose(
        presentation=presentation,
        slots=[SlotProposal(starts_at=soon(days), place=f"Salle {days}") for days in (2, 3, 4)],
        by=member,
    )
    scheduled = interview_slot_confirm(presentation=presentation, slot=second, by=member)
    assert scheduled.status == Status.INTERVIEW_SCHEDULED
    assert scheduled.interview_at == second.starts_at
    assert list(InterviewSlot.objects.filter(is_chosen=True)) == [second]
    step = PresentationTransition.objects.filter(presentation=presentation).last()
    assert (step.from_status, step.to_status, step.by) == (
        Status.INTERVIEW_REQUESTED,
        Status.INTERVIEW_SCHEDULED,
        member,
    )
    # Once scheduled, no other slot can be confirmed.
    error = refused(interview_slot_confirm, presentation=presentation, slot=third, by=member)
    assert error.code == "not_accepted"
    assert list(InterviewSlot.objects.filter(is_chosen=True)) == [second]


def test_the_platform_may_confirm_a_slot_too(need, member, staff):
    presentation = accepted(need)
    (slot,) = interview_slots_propose(
        presentation=presentation, slots=[SlotProposal(starts_at=soon(), place="L")], by=member
    )
    assert interview_slot_confirm(presentation=presentation, slot=slot, by=staff).status == Status.INTERVIEW_SCHEDULED


def test_a_slot_of_another_candidate_or_in_the_past_is_not_confirmed(need, member):
    presentation = accepted(need)
    other = accepted(need)
    (foreign,) = interview_slots_propose(
        presentation=other, slots=[SlotProposal(starts_at=soon(), place="L")], by=member
    )
    assert refused(interview_slot_confirm, presentation=presentation, slot=foreign, by=member).code == "foreign_slot"
    past = InterviewSlot.objects.create(
        presentation=presentation, starts_at=timezone.now() - datetime.timedelta(hours=2), place="Lille"
    )
    error = refused(interview_slot_confirm, presentation=presentation, slot=past, by=member)
    assert error.messages == ["This slot has passed: propose new slots."]
    assert row(presentation)["status"] == Status.INTERVIEW_REQUESTED
    assert not InterviewSlot.objects.filter(is_chosen=True).exists()


# After the interview.


def test_the_employer_records_a_cdd_hire(need, member):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    hired = presentation_employer_hire(
        presentation=presentation,
        contract_type=ContractType.CDD,
        contract_duration_months=8,
        starts_on=STARTS_ON,
        by=member,
    )
    assert (hired.status, hired.contract_type, hired.contract_duration_months, hired.hire_starts_on) == (
        Status.HIRED,
        ContractType.CDD,
        8,
        STARTS_ON,
    )
    need.refresh_from_db()
    assert need.hires_count == 1


def test_a_cdi_hire_keeps_no_length_and_a_cdd_needs_one(need, member):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    error = refused(
        presentation_employer_hire,
        presentation=presentation,
        contract_type=ContractType.CDD,
        starts_on=STARTS_ON,
        by=member,
    )
    assert list(error.message_dict) == ["contract_duration_months"]
    hired = presentation_employer_hire(
        presentation=presentation,
        contract_type=ContractType.CDI,
        contract_duration_months=12,
        starts_on=STARTS_ON,
        by=member,
    )
    assert hired.contract_duration_months is None


def test_a_second_hire_beyond_the_headcount_is_refused_with_a_clear_message():
    need = StaffingNeedFactory(open=True, headcount=1)
    member = member_of(need.employer)
    first, second = (presentation_in(Status.INTERVIEW_SCHEDULED, need=need) for _ in range(2))
    presentation_employer_hire(presentation=first, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=member)
    before = row(second)
    error = refused(
        presentation_employer_hire, presentation=second, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=member
    )
    assert error.code == "headcount_reached"
    assert error.messages == ["This need has no opening left: its headcount is reached."]
    assert row(second) == before
    need.refresh_from_db()
    assert (need.hires_count, need.status) == (1, NeedStatus.FILLED)


@pytest.mark.parametrize("status", [Status.PRESENTED, Status.INTERVIEW_REQUESTED, *ENDED])
def test_a_hire_or_no_hire_is_recorded_after_a_scheduled_interview_only(need, member, status):
    presentation = presentation_in(status, need=need, interview_accepted_at=timezone.now())
    before = row(presentation)
    assert (
        refused(
            presentation_employer_hire,
            presentation=presentation,
            contract_type=ContractType.CDI,
            starts_on=STARTS_ON,
            by=member,
        ).code
        == "invalid_transition"
    )
    assert (
        refused(
            presentation_no_hire, presentation=presentation, reason_code=NoHireReason.CANDIDATE_ABSENT, by=member
        ).code
        == "invalid_transition"
    )
    assert row(presentation) == before


def test_a_no_hire_keeps_its_reason(need, member):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    ended = presentation_no_hire(
        presentation=presentation, reason_code=NoHireReason.CANDIDATE_WITHDREW, comment="A trouvé ailleurs", by=member
    )
    presentation.refresh_from_db()
    assert presentation.status == ended.status == Status.NOT_HIRED
    assert presentation.reason_code == NoHireReason.CANDIDATE_WITHDREW
    assert presentation.reason == f"{stored_label(NoHireReason.CANDIDATE_WITHDREW.label)} — A trouvé ailleurs"


def test_a_no_hire_needs_a_reason_and_a_comment_when_other(need, member):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    assert list(refused(presentation_no_hire, presentation=presentation, reason_code="", by=member).message_dict) == [
        "reason_code"
    ]
    assert list(
        refused(
            presentation_no_hire, presentation=presentation, reason_code=NoHireReason.OTHER, by=member
        ).message_dict
    ) == ["comment"]
    assert row(presentation)["status"] == Status.INTERVIEW_SCHEDULED


def test_a_member_of_another_employer_cannot_hire_or_propose_slots(need):
    outsider = member_of(StaffingNeedFactory().employer)
    scheduled = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    with pytest.raises(PermissionDenied):
        presentation_employer_hire(
            presentation=scheduled, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=outsider
        )
    with pytest.raises(PermissionDenied):
        presentation_no_hire(presentation=scheduled, reason_code=NoHireReason.CANDIDATE_ABSENT, by=outsider)
    with pytest.raises(PermissionDenied):
        interview_slots_propose(
            presentation=accepted(need), slots=[SlotProposal(starts_at=soon(), place="L")], by=outsider
        )
    assert row(scheduled)["status"] == Status.INTERVIEW_SCHEDULED


# The staff review page's new steps.


def review_url(need, name="staff:need_review", *args):
    return reverse(name, args=[need.pk, *args])


def test_staff_record_the_acceptance_on_the_review_page(client, need, staff):
    presentation = presentation_in(Status.INTERVIEW_REQUESTED, need=need)
    client.force_login(staff)
    page = client.get(review_url(need)).text
    accept_url = review_url(need, "staff:need_review_interview_accept", presentation.pk)
    assert accept_url in page
    response = client.post(accept_url)
    assert response.status_code == 302
    assert row(presentation)["interview_accepted_at"] is not None
    assert accept_url not in client.get(review_url(need)).text
    # Twice is a message, not an error.
    response = client.post(accept_url, follow=True)
    assert response.status_code == 200
    assert row(presentation)["status"] == Status.INTERVIEW_REQUESTED


def test_staff_see_the_proposed_slots_and_may_confirm_one(client, need, member, staff):
    presentation = accepted(need)
    _first, second = interview_slots_propose(
        presentation=presentation,
        slots=[
            SlotProposal(starts_at=soon(2), place="Agence de Douai"),
            SlotProposal(starts_at=soon(3), place="Visio"),
        ],
        by=member,
    )
    client.force_login(staff)
    page = client.get(review_url(need)).text
    assert "Agence de Douai" in page
    confirm_url = review_url(need, "staff:need_review_slot_confirm", presentation.pk, second.pk)
    assert confirm_url in page
    assert client.post(confirm_url).status_code == 302
    presentation.refresh_from_db()
    assert (presentation.status, presentation.interview_at) == (Status.INTERVIEW_SCHEDULED, second.starts_at)


def test_a_slot_of_another_presentation_is_not_found_on_the_review_page(client, need, member, staff):
    presentation, other = accepted(need), accepted(need)
    (slot,) = interview_slots_propose(presentation=other, slots=[SlotProposal(starts_at=soon(), place="L")], by=member)
    client.force_login(staff)
    assert client.post(review_url(need, "staff:need_review_slot_confirm", presentation.pk, slot.pk)).status_code == 404
    assert client.post(review_url(need, "staff:need_review_interview_accept", presentation.pk)).status_code == 302
    for url in (
        review_url(need, "staff:need_review_slot_confirm", other.pk, slot.pk),
        review_url(need, "staff:need_review_interview_accept", other.pk),
    ):
        client.force_login(member)
        assert client.post(url).status_code == 404
        client.force_login(AdvisorFactory())
        assert client.post(url).status_code == 404
    assert Presentation.objects.get(pk=other.pk).status == Status.INTERVIEW_REQUESTED

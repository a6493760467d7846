"""Job dating: rankings checked and replaced whole, proposals within the openings with no blocking pair, and a
confirmed pair turned into a presentation at "interview requested" by the workflow's services."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.enums import JobDatingProposalStatus, PresentationStatus, SessionKind
from matching.models import (
    JobDatingAudit,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
    Presentation,
)
from matching.personal_data import ErasureReason, candidate_anonymise
from matching.services.job_dating import (
    job_dating_candidate_ranking_save,
    job_dating_confirmed_audit,
    job_dating_employer_ranking_save,
    job_dating_proposal_confirm,
    job_dating_proposal_reject,
    job_dating_proposals_compute,
)
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.job_dating_world import job_dating_create, job_dating_world, member_of, seat_create
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Proposal = JobDatingProposalStatus


def refused(call) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        call()
    return raised.value


@pytest.fixture
def world(platform):
    return job_dating_world(platform)


def employer_ranks(world, need):
    return list(
        JobDatingEmployerRanking.objects.filter(session=world.session, need=need)
        .order_by("rank")
        .values_list("candidate_id", "rank")
    )


def rank_everyone(world, *, need_a_order, need_b_order, candidate_orders):
    """Both sides' lists: need orders as attendee indexes, candidate orders as lists of needs."""
    job_dating_employer_ranking_save(
        session=world.session,
        need=world.need_a,
        ranks={world.attendees[i].pk: rank for rank, i in enumerate(need_a_order, start=1)},
        by=world.member_a,
    )
    job_dating_employer_ranking_save(
        session=world.session,
        need=world.need_b,
        ranks={world.attendees[i].pk: rank for rank, i in enumerate(need_b_order, start=1)},
        by=world.member_b,
    )
    for i, needs in candidate_orders.items():
        job_dating_candidate_ranking_save(
            session=world.session,
            candidate=world.attendees[i],
            ranks={need.pk: rank for rank, need in enumerate(needs, start=1)},
            by=world.advisor,
        )


def live_pairs(world):
    return set(
        JobDatingProposal.objects.filter(session=world.session)
        .exclude(status=Proposal.REJECTED)
        .values_list("need_id", "candidate_id")
    )


# Rankings ---------------------------------------------------------------------------------------------------------


def test_an_employer_ranks_attendees_for_its_need_and_a_new_list_replaces_the_old(world):
    first, second, third = world.attendees
    job_dating_employer_ranking_save(
        session=world.session, need=world.need_a, ranks={second.pk: 1, first.pk: 2}, by=world.member_a
    )
    assert employer_ranks(world, world.need_a) == [(second.pk, 1), (first.pk, 2)]

    job_dating_employer_ranking_save(session=world.session, need=world.need_a, ranks={third.pk: 1}, by=world.member_a)

    assert employer_ranks(world, world.need_a) == [(third.pk, 1)]
    assert JobDatingEmployerRanking.objects.get().ranked_by == world.member_a


@pytest.mark.parametrize(
    ("ranks", "field"),
    [
        ([1, 3], "rank"),  # a gap
        ([1, 1], "rank"),  # a repeat
        ([2, 3], "rank"),  # not from 1
        ([0, 1], "rank"),
    ],
)
def test_ranks_run_from_1_to_n_without_gap_or_repeat(world, ranks, field):
    first, second, _third = world.attendees
    error = refused(
        lambda: job_dating_employer_ranking_save(
            session=world.session,
            need=world.need_a,
            ranks={first.pk: ranks[0], second.pk: ranks[1]},
            by=world.member_a,
        )
    )
    assert error.message_dict == {field: ["Give ranks 1 to 2, each once, with no gap."]}
    assert not JobDatingEmployerRanking.objects.exists()


def test_only_attendees_are_ranked(world):
    stranger = CandidateFactory(platform=world.platform)
    for person in (world.absent, stranger):
        error = refused(
            lambda person=person: job_dating_employer_ranking_save(
                session=world.session, need=world.need_a, ranks={person.pk: 1}, by=world.member_a
            )
        )
        assert error.message_dict == {"candidate": ["Only people who attended the session can be ranked."]}
    error = refused(
        lambda: job_dating_candidate_ranking_save(
            session=world.session, candidate=world.absent, ranks={world.need_a.pk: 1}, by=world.advisor
        )
    )
    assert error.message_dict == {"candidate": ["Only people who attended the session can rank its jobs."]}
    assert not JobDatingEmployerRanking.objects.exists()
    assert not JobDatingCandidateRanking.objects.exists()


def test_only_the_needs_the_session_serves_are_ranked(world):
    elsewhere = StaffingNeedFactory(employer=world.need_a.employer, status=NeedStatus.OPEN)
    person = world.attendees[0]
    error = refused(
        lambda: job_dating_employer_ranking_save(
            session=world.session, need=elsewhere, ranks={person.pk: 1}, by=world.member_a
        )
    )
    assert error.message_dict == {"need": ["This session does not serve this job."]}
    error = refused(
        lambda: job_dating_candidate_ranking_save(
            session=world.session, candidate=person, ranks={world.need_a.pk: 1, elsewhere.pk: 2}, by=world.advisor
        )
    )
    assert error.message_dict == {"need": ["This session does not serve this job."]}
    assert not JobDatingCandidateRanking.objects.exists()


def test_another_employer_or_platform_cannot_rank(world):
    person = world.attendees[0]
    error = refused(
        lambda: job_dating_employer_ranking_save(
            session=world.session, need=world.need_a, ranks={person.pk: 1}, by=world.member_b
        )
    )
    assert error.code == "not_yours"
    other_advisor = AdvisorFactory()
    for call in (
        lambda: job_dating_employer_ranking_save(
            session=world.session, need=world.need_a, ranks={person.pk: 1}, by=other_advisor
        ),
        lambda: job_dating_candidate_ranking_save(
            session=world.session, candidate=person, ranks={world.need_a.pk: 1}, by=other_advisor
        ),
        lambda: job_dating_candidate_ranking_save(
            session=world.session, candidate=person, ranks={world.need_a.pk: 1}, by=world.member_a
        ),
    ):
        assert refused(call).code == "not_yours"
    assert not JobDatingEmployerRanking.objects.exists()
    assert not JobDatingCandidateRanking.objects.exists()


def test_the_candidate_ranks_through_their_link_and_staff_for_them(world):
    person = world.attendees[0]
    job_dating_candidate_ranking_save(
        session=world.session, candidate=person, ranks={world.need_b.pk: 1, world.need_a.pk: 2}, by=None
    )
    rows = list(JobDatingCandidateRanking.objects.order_by("rank").values_list("need_id", "rank", "ranked_by"))
    assert rows == [(world.need_b.pk, 1, None), (world.need_a.pk, 2, None)]

    job_dating_candidate_ranking_save(session=world.session, candidate=person, ranks={}, by=world.advisor)
    assert not JobDatingCandidateRanking.objects.exists()


def test_another_kind_of_session_has_no_rankings(platform):
    need = StaffingNeedFactory(employer__platform=platform, status=NeedStatus.OPEN)
    session = job_dating_create(platform=platform, needs=[need], kind=SessionKind.INFORMATION)
    person = CandidateFactory(platform=platform)
    seat_create(session, person)
    error = refused(
        lambda: job_dating_employer_ranking_save(
            session=session, need=need, ranks={person.pk: 1}, by=member_of(need.employer)
        )
    )
    assert error.code == "not_job_dating"
    assert refused(lambda: job_dating_proposals_compute(session=session, by=None)).code == "not_job_dating"


# Proposals --------------------------------------------------------------------------------------------------------


def test_proposals_are_the_candidate_optimal_stable_pairs_within_the_openings(world):
    first, second, _third = world.attendees
    # Both needs prefer the first person; the first prefers need B; each need has one opening.
    rank_everyone(
        world,
        need_a_order=[0, 1, 2],
        need_b_order=[0, 2],
        candidate_orders={0: [world.need_b, world.need_a], 1: [world.need_a], 2: [world.need_a, world.need_b]},
    )

    audit = job_dating_proposals_compute(session=world.session, by=world.advisor)

    assert live_pairs(world) == {(world.need_b.pk, first.pk), (world.need_a.pk, second.pk)}
    assert (audit.proposals_count, audit.blocking_pairs, audit.computed_by) == (2, [], world.advisor)
    assert JobDatingAudit.objects.get(session=world.session) == audit


def test_openings_left_bound_the_proposals(platform):
    world = job_dating_world(platform, headcount=2, attendees=4)
    # Need A has two seats, one of them already filled by a hire: one opening left.
    presentation_in(PresentationStatus.HIRED, need=world.need_a)
    StaffingNeed.objects.filter(pk=world.need_a.pk).update(hires_count=1)
    world.need_a.refresh_from_db()
    assert world.need_a.openings_left == 1
    rank_everyone(
        world,
        need_a_order=[0, 1, 2, 3],
        need_b_order=[],
        candidate_orders={i: [world.need_a] for i in range(4)},
    )

    audit = job_dating_proposals_compute(session=world.session, by=world.advisor)

    assert live_pairs(world) == {(world.need_a.pk, world.attendees[0].pk)}
    assert audit.blocking_pairs == []


def test_computing_again_replaces_unconfirmed_proposals_and_keeps_confirmed_ones(world):
    first, second, third = world.attendees
    rank_everyone(
        world,
        need_a_order=[0, 1],
        need_b_order=[1, 0],
        candidate_orders={0: [world.need_a, world.need_b], 1: [world.need_b, world.need_a]},
    )
    job_dating_proposals_compute(session=world.session, by=world.advisor)
    confirmed = JobDatingProposal.objects.get(need=world.need_a)
    job_dating_proposal_confirm(proposal=confirmed, by=world.advisor)
    rejected = JobDatingProposal.objects.get(need=world.need_b)
    job_dating_proposal_reject(proposal=rejected, by=world.advisor)
    # Need B now prefers the third person, who ranks it.
    job_dating_employer_ranking_save(
        session=world.session, need=world.need_b, ranks={third.pk: 1, second.pk: 2}, by=world.member_b
    )
    job_dating_candidate_ranking_save(session=world.session, candidate=third, ranks={world.need_b.pk: 1}, by=None)

    audit = job_dating_proposals_compute(session=world.session, by=world.advisor)

    confirmed.refresh_from_db()
    assert confirmed.status == Proposal.CONFIRMED
    assert live_pairs(world) == {(world.need_a.pk, first.pk), (world.need_b.pk, third.pk)}
    # The rejected pair is not proposed again, and stays rejected.
    assert JobDatingProposal.objects.get(pk=rejected.pk).status == Proposal.REJECTED
    assert audit.proposals_count == 1
    assert audit.blocking_pairs == []


def test_a_pair_already_in_the_workflow_is_not_proposed(world):
    first = world.attendees[0]
    presentation_in(PresentationStatus.PRESENTED, need=world.need_a, candidate=first)
    rank_everyone(world, need_a_order=[0], need_b_order=[0], candidate_orders={0: [world.need_a, world.need_b]})

    job_dating_proposals_compute(session=world.session, by=world.advisor)

    assert live_pairs(world) == {(world.need_b.pk, first.pk)}


# Confirming and rejecting -------------------------------------------------------------------------------------------


@pytest.fixture
def proposal(world):
    rank_everyone(world, need_a_order=[0], need_b_order=[], candidate_orders={0: [world.need_a]})
    job_dating_proposals_compute(session=world.session, by=world.advisor)
    return JobDatingProposal.objects.get()


def test_confirming_creates_the_presentation_at_interview_requested(world, proposal):
    confirmed = job_dating_proposal_confirm(proposal=proposal, by=world.advisor)

    presentation = Presentation.objects.get(need=world.need_a, candidate=world.attendees[0])
    assert presentation.status == PresentationStatus.INTERVIEW_REQUESTED
    assert presentation.presented_at is not None
    steps = list(presentation.transitions.order_by("pk").values_list("to_status", "by"))
    assert steps == [
        (PresentationStatus.SHORTLISTED, world.advisor.pk),
        (PresentationStatus.PRESENTED, world.advisor.pk),
        (PresentationStatus.INTERVIEW_REQUESTED, world.advisor.pk),
    ]
    stored = JobDatingProposal.objects.get(pk=proposal.pk)
    assert (stored.status, stored.presentation, stored.decided_by) == (Proposal.CONFIRMED, presentation, world.advisor)
    assert stored.decided_at is not None
    assert confirmed == stored
    assert job_dating_confirmed_audit(world.session) == []


def test_a_second_confirmation_is_refused(world, proposal):
    job_dating_proposal_confirm(proposal=proposal, by=world.advisor)
    error = refused(lambda: job_dating_proposal_confirm(proposal=proposal, by=world.advisor))
    assert error.messages == ["This proposal is already confirmed."]
    assert Presentation.objects.count() == 1


def test_confirming_is_refused_when_a_presentation_exists(world, proposal):
    presentation_in(PresentationStatus.SHORTLISTED, need=world.need_a, candidate=world.attendees[0])
    error = refused(lambda: job_dating_proposal_confirm(proposal=proposal, by=world.advisor))
    assert error.code == "presentation_exists"
    assert error.messages == [
        "This person already has a presentation for this job (Shortlisted): follow it there instead."
    ]
    assert JobDatingProposal.objects.get(pk=proposal.pk).status == Proposal.PROPOSED


def test_confirming_needs_the_candidates_consent_to_be_presented(world, proposal):
    person = world.attendees[0]
    person.consents_to_presentation = False
    person.consented_to_presentation_at = None
    person.save()
    error = refused(lambda: job_dating_proposal_confirm(proposal=proposal, by=world.advisor))
    assert error.code == "no_consent"
    assert not Presentation.objects.exists()
    assert JobDatingProposal.objects.get(pk=proposal.pk).status == Proposal.PROPOSED


def test_another_platform_cannot_confirm_or_reject(world, proposal):
    other_advisor = AdvisorFactory()
    assert refused(lambda: job_dating_proposal_confirm(proposal=proposal, by=other_advisor)).code == "not_yours"
    assert refused(lambda: job_dating_proposal_reject(proposal=proposal, by=world.member_a)).code == "not_yours"
    assert JobDatingProposal.objects.get(pk=proposal.pk).status == Proposal.PROPOSED
    assert not Presentation.objects.exists()


def test_a_rejected_proposal_cannot_be_confirmed_nor_a_confirmed_one_rejected(world, proposal):
    job_dating_proposal_reject(proposal=proposal, by=world.advisor)
    stored = JobDatingProposal.objects.get(pk=proposal.pk)
    assert (stored.status, stored.decided_by) == (Proposal.REJECTED, world.advisor)
    assert refused(lambda: job_dating_proposal_confirm(proposal=proposal, by=world.advisor)).code == "already_rejected"
    assert not Presentation.objects.exists()


def test_the_confirmed_audit_names_a_pair_staff_confirmed_against_the_rankings(world):
    first, second, _third = world.attendees
    # Need A ranks both, the first person first; both want need A only; one opening.
    rank_everyone(world, need_a_order=[0, 1], need_b_order=[], candidate_orders={0: [world.need_a], 1: [world.need_a]})
    JobDatingProposal.objects.create(session=world.session, need=world.need_a, candidate=second)
    job_dating_proposal_confirm(proposal=JobDatingProposal.objects.get(), by=world.advisor)

    assert job_dating_confirmed_audit(world.session) == [(world.need_a.pk, first.pk)]


def test_anonymising_a_candidate_removes_their_rankings_and_keeps_the_pairs(world, proposal):
    person = world.attendees[0]
    job_dating_employer_ranking_save(session=world.session, need=world.need_b, ranks={person.pk: 1}, by=world.member_b)

    candidate_anonymise(candidate=person, by=world.advisor, reason=ErasureReason.REQUEST)

    assert not JobDatingEmployerRanking.objects.filter(candidate=person).exists()
    assert not JobDatingCandidateRanking.objects.filter(candidate=person).exists()
    assert JobDatingProposal.objects.get(pk=proposal.pk).candidate_id == person.pk

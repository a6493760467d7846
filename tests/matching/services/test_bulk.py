"""One action on many rows of a board: each row through the workflow's service in a savepoint of its own, the refused
ones reported by name with the service's message while the others are done, all in one transaction."""

import pytest
from django.db import transaction
from django.utils import timezone, translation

from candidates.enums import CandidateStatus
from candidates.models import Candidate
from matching.enums import CandidateAnswer, DeclineScope, LinkChannel, LinkPurpose, PresentationStatus
from matching.models import CandidateLink, Presentation, PresentationTransition
from matching.services.bulk import BulkAction, candidates_bulk_shortlist, presentations_bulk_apply
from notifications.models import TaskToSend
from tests.matching.board_world import board_world_build

pytestmark = pytest.mark.django_db

Status = PresentationStatus
PRESENT_TASK = "notifications.tasks.presentation_notice_send"


@pytest.fixture
def world(platform):
    return board_world_build(platform=platform, presentations=24, suggested=5, headcount=40)


def _in(world, status: str, answer: str | None = None) -> list[Presentation]:
    found = Presentation.objects.filter(need=world.need, status=status).select_related("candidate").order_by("pk")
    return list(found.filter(candidate_answer=answer) if answer else found)


def _name(candidate: Candidate) -> str:
    return f"{candidate.first_name} {candidate.last_name}"


def test_a_shortlist_of_many_does_the_others_when_one_is_refused(world, advisor):
    candidates = world.candidates[24:]
    Candidate.objects.filter(pk=candidates[1].pk).update(status=CandidateStatus.PAUSED)
    candidates[1].refresh_from_db()
    with translation.override("en"):
        result = candidates_bulk_shortlist(need=world.need, candidates=candidates, by=advisor)
    assert result.done == [_name(c) for c in candidates if c.pk != candidates[1].pk]
    assert [(r.name, r.message) for r in result.refusals] == [
        (_name(candidates[1]), "Only an active candidate can be shortlisted.")
    ]
    assert Presentation.objects.filter(need=world.need, candidate__in=candidates).count() == 4


def test_answers_are_recorded_row_by_row_and_a_late_one_is_refused(world, advisor):
    rows = _in(world, Status.SHORTLISTED, CandidateAnswer.NOT_CONTACTED) + _in(world, Status.PRESENTED)[:1]
    with translation.override("en"):
        result = presentations_bulk_apply(action=BulkAction.INTERESTED, presentations=rows, by=advisor)
    assert len(result.done) == 3
    assert [r.message for r in result.refusals] == ["The candidate's answer is recorded before the presentation."]
    assert {p.candidate_answer for p in Presentation.objects.filter(pk__in=[p.pk for p in rows[:3]])} == {
        CandidateAnswer.INTERESTED
    }


def test_presenting_many_tells_the_employer_once_and_reports_who_is_not_interested_yet(world, advisor):
    interested = _in(world, Status.SHORTLISTED, CandidateAnswer.INTERESTED)
    contacted = _in(world, Status.SHORTLISTED, CandidateAnswer.CONTACTED)[:1]
    TaskToSend.objects.all().delete()
    with translation.override("en"):
        result = presentations_bulk_apply(action=BulkAction.PRESENT, presentations=interested + contacted, by=advisor)
    assert result.done == [_name(p.candidate) for p in interested]
    assert [(r.name, r.message) for r in result.refusals] == [
        (
            _name(contacted[0].candidate),
            f"Candidate #{contacted[0].candidate_id} has not said they are interested yet.",
        )
    ]
    assert Presentation.objects.filter(pk__in=[p.pk for p in interested], status=Status.PRESENTED).count() == 3
    # One notice for the rows presented, none for the rows only tried.
    promised = list(TaskToSend.objects.filter(task_name=PRESENT_TASK))
    assert len(promised) == 1
    assert sorted(promised[0].arguments[1]) == sorted(p.pk for p in interested)
    # Each presented row is recorded once in its history.
    assert PresentationTransition.objects.filter(presentation__in=interested, to_status=Status.PRESENTED).count() == 3


def test_withdrawing_for_a_wave_keeps_its_scope(world, advisor):
    rows = _in(world, Status.PRESENTED)
    result = presentations_bulk_apply(
        action=BulkAction.DECLINE, presentations=rows, by=advisor, reason="Pas disponible", decline_scope="wave"
    )
    assert len(result.done) == len(rows)
    assert not result.refusals
    assert {(p.status, p.decline_scope) for p in Presentation.objects.filter(pk__in=[p.pk for p in rows])} == {
        (Status.WITHDRAWN, DeclineScope.WAVE)
    }


def test_a_move_to_another_wave_refuses_the_rows_already_in_it(world, advisor):
    rows = _in(world, Status.INTERVIEW_REQUESTED) + _in(world, Status.INTERVIEW_SCHEDULED)
    target = world.waves[1]
    already = [p for p in rows if p.wave_id == target.pk]
    with translation.override("en"):
        result = presentations_bulk_apply(
            action=BulkAction.MOVE_WAVE, presentations=rows, by=advisor, reason="Plus tard", wave=target
        )
    assert len(result.done) == len(rows) - len(already)
    assert {r.message for r in result.refusals} == {"The candidate is already put forward for this wave."}
    assert set(Presentation.objects.filter(pk__in=[p.pk for p in rows]).values_list("wave_id", flat=True)) == {
        target.pk
    }


def _contacted_then_failed(rows: list[Presentation], by) -> None:
    with transaction.atomic():
        presentations_bulk_apply(action=BulkAction.CONTACTED, presentations=rows, by=by)
        raise RuntimeError("the caller's transaction fails after the action")


def test_the_whole_action_rolls_back_with_its_transaction(world, advisor):
    rows = _in(world, Status.SHORTLISTED, CandidateAnswer.NOT_CONTACTED)
    with pytest.raises(RuntimeError):
        _contacted_then_failed(rows, advisor)
    assert set(
        Presentation.objects.filter(pk__in=[p.pk for p in rows]).values_list("candidate_answer", flat=True)
    ) == {CandidateAnswer.NOT_CONTACTED}


def test_links_are_sent_to_those_who_consented_to_messages_and_refused_for_the_others(world, advisor):
    rows = _in(world, Status.SHORTLISTED, CandidateAnswer.NOT_CONTACTED) + _in(
        world, Status.SHORTLISTED, CandidateAnswer.CONTACTED
    )
    Candidate.objects.filter(pk__in=[p.candidate_id for p in rows]).update(
        consents_to_messages=True, consented_to_messages_at=timezone.now()
    )
    Candidate.objects.filter(pk=rows[0].candidate_id).update(consents_to_messages=False, consented_to_messages_at=None)
    with translation.override("en"):
        result = presentations_bulk_apply(
            action=BulkAction.SEND_LINK, presentations=rows, by=advisor, channels=[LinkChannel.EMAIL]
        )
    assert len(result.done) == len(rows) - 1
    assert [(r.name, r.message) for r in result.refusals] == [
        (
            _name(rows[0].candidate),
            f"Candidate #{rows[0].candidate_id} has not consented to receive messages: ask them first.",
        )
    ]
    sent = CandidateLink.objects.filter(
        presentation__in=rows[1:], purpose=LinkPurpose.PROPOSAL, sent_by_email=True, created_by=advisor
    )
    assert sent.count() == len(rows) - 1
    assert not CandidateLink.objects.filter(presentation=rows[0], created_by=advisor).exists()

"""The deadlines of a presentation the employer leaves unanswered: reminder, advisor alert and expiry, with time
travel (``now=``). Working days are Monday to Friday; the platform's defaults are a reminder after 5 working days
and an expiry after 15 calendar days."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from candidates.enums import CandidateStatus
from matching.board_selectors import board_state_counts
from matching.employer_selectors import need_counts
from matching.enums import PresentationStatus
from matching.models import Presentation, PresentationTransition
from matching.services.deadlines import presentation_deadlines_apply, presentation_expire
from matching.services.presentations import presentation_shortlist, presentation_transition, steps_forward
from matching.services.undo import presentation_reopen
from notifications.models import TaskToSend
from portal.funnel import need_funnel
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db
Status = PresentationStatus


def at(day: int, hour: int = 10, month: int = 11) -> datetime.datetime:
    """A moment of November 2026 in the site's time zone (Monday the 2nd, Monday the 9th, Monday the 16th…)."""
    return timezone.make_aware(datetime.datetime(2026, month, day, hour))


def presented_on(moment: datetime.datetime, **fields) -> Presentation:
    need = fields.pop("need", None) or StaffingNeedFactory(open=True)
    return presentation_in(Status.PRESENTED, need=need, presented_at=moment, **fields)


def promised(task: str) -> list[list]:
    return [row.arguments for row in TaskToSend.objects.filter(task_name=f"notifications.tasks.{task}").order_by("pk")]


def test_no_reminder_before_five_working_days_then_one_reminder_once():
    presentation = presented_on(at(2))  # Monday

    # Monday the 9th: Tuesday to Monday are four working days and a part: not yet.
    assert presentation_deadlines_apply(now=at(9, 18)).reminded == []
    # Tuesday the 10th: five whole working days have passed.
    assert presentation_deadlines_apply(now=at(10, 9)).reminded == [presentation.pk]
    assert presentation_deadlines_apply(now=at(10, 10)).reminded == []
    assert presentation_deadlines_apply(now=at(12, 9)).reminded == []

    presentation.refresh_from_db()
    assert presentation.employer_reminded_at == at(10, 9)
    assert promised("employer_reminder_notice_send") == [[presentation.need_id, [presentation.pk]]]


def test_weekends_and_public_holidays_do_not_count_as_working_days():
    presentation = presented_on(at(6))  # Friday

    # Monday the 16th: four whole working days (the 9th, 10th, 12th and 13th), the weekends and Wednesday the 11th
    # (Armistice Day) not counted.
    assert presentation_deadlines_apply(now=at(16, 9)).reminded == []
    # Tuesday the 17th: the fifth, Monday the 16th, has passed.
    assert presentation_deadlines_apply(now=at(17, 9)).reminded == [presentation.pk]


def test_the_platform_s_own_reminder_delay_applies():
    platform = PlatformFactory(employer_reminder_working_days=2, presentation_expiry_days=5)
    presentation = presented_on(at(2), need=StaffingNeedFactory(open=True, employer__platform=platform))
    other = presented_on(at(2))

    assert presentation_deadlines_apply(now=at(5, 9)).reminded == [presentation.pk]
    assert other.pk not in presentation_deadlines_apply(now=at(5, 9)).reminded


def test_reminders_are_grouped_by_need():
    need = StaffingNeedFactory(open=True)
    first, second = presented_on(at(2), need=need), presented_on(at(3), need=need)

    assert sorted(presentation_deadlines_apply(now=at(11, 9)).reminded) == [first.pk, second.pk]
    assert promised("employer_reminder_notice_send") == [[need.pk, [first.pk, second.pk]]]


def test_the_advisor_is_alerted_after_twice_the_delay_once_and_only_after_a_reminder():
    presentation = presented_on(at(7, month=12))  # Monday 7 December: no public holiday in the next two weeks

    # Nothing reminded yet: a run late by two weeks reminds first, the alert comes with the next run.
    applied = presentation_deadlines_apply(now=at(21, 10, month=12))
    assert (applied.reminded, applied.alerted) == ([presentation.pk], [])
    assert presentation_deadlines_apply(now=at(21, 12, month=12)).alerted == []  # Monday: nine whole working days
    assert presentation_deadlines_apply(now=at(22, 8, month=12)).alerted == [presentation.pk]
    assert presentation_deadlines_apply(now=at(22, 9, month=12)).alerted == []

    presentation.refresh_from_db()
    assert presentation.advisor_alerted_at == at(22, 8, month=12)
    assert promised("advisor_alert_notice_send") == [[presentation.need_id, [presentation.pk]]]


def test_an_answered_presentation_is_never_reminded_nor_expired():
    presentation = presented_on(at(2))
    presentation_transition(presentation=presentation, to_status=Status.INTERVIEW_REQUESTED, by=None)

    applied = presentation_deadlines_apply(now=at(2, month=12))

    assert applied.expired == applied.alerted == applied.reminded == []
    presentation.refresh_from_db()
    assert (presentation.status, presentation.employer_reminded_at) == (Status.INTERVIEW_REQUESTED, None)
    assert not TaskToSend.objects.exists()


def test_expiry_after_fifteen_days_ends_the_presentation_with_its_history_and_tells_the_advisor():
    presentation = presented_on(at(2))

    assert presentation_deadlines_apply(now=at(17, 9)).expired == []  # 14 days and 23 hours
    assert presentation_deadlines_apply(now=at(17, 10)).expired == [presentation.pk]
    assert presentation_deadlines_apply(now=at(18, 10)).expired == []

    presentation.refresh_from_db()
    assert presentation.status == Status.EXPIRED
    assert presentation.get_status_display() == "Expirée"
    assert presentation.closed_at == at(17, 10)
    assert presentation.reason
    step = PresentationTransition.objects.filter(presentation=presentation).latest("pk")
    assert (step.from_status, step.to_status, step.by, step.reason) == (
        Status.PRESENTED,
        Status.EXPIRED,
        None,
        presentation.reason,
    )
    assert promised("presentation_expired_notice_send") == [[presentation.need_id, [presentation.pk]]]


def test_a_run_late_past_the_expiry_expires_without_reminding():
    presentation = presented_on(at(2))

    applied = presentation_deadlines_apply(now=at(30))

    assert (applied.expired, applied.alerted, applied.reminded) == ([presentation.pk], [], [])
    assert not promised("employer_reminder_notice_send")


def test_an_expired_presentation_frees_the_candidate_for_another_need_and_counts_as_presented():
    presentation = presented_on(at(2))
    presentation_deadlines_apply(now=at(20))

    presentation.refresh_from_db()
    assert not presentation.is_active
    assert presentation.candidate.status == CandidateStatus.ACTIVE
    other_need = StaffingNeedFactory(open=True, employer__platform=presentation.need.employer.platform)
    advisor = AdvisorFactory(memberships__platform=presentation.need.employer.platform)
    again = presentation_shortlist(need=other_need, candidate=presentation.candidate, by=advisor)
    assert again.status == Status.SHORTLISTED
    counts = need_counts(need=presentation.need)
    assert (counts.presented, counts.in_interview, counts.hired) == (1, 0, 0)


def test_nobody_chooses_the_expiry_step_and_only_a_waiting_presentation_expires():
    presentation = presented_on(at(2))
    assert Status.EXPIRED not in steps_forward(Status.PRESENTED)
    with pytest.raises(ValidationError):
        presentation_transition(presentation=presentation, to_status=Status.EXPIRED, by=None, reason="silence")

    interview = presentation_in(Status.INTERVIEW_REQUESTED)
    with pytest.raises(ValidationError):
        presentation_expire(presentation=interview, now=at(30))
    interview.refresh_from_db()
    assert interview.status == Status.INTERVIEW_REQUESTED


def test_an_expired_presentation_needs_its_reason_in_the_database():
    presentation = presented_on(at(2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Presentation.objects.filter(pk=presentation.pk).update(status=Status.EXPIRED, reason="")


def test_staff_reopen_an_expired_presentation_which_starts_its_deadlines_again():
    presentation = presented_on(at(2))
    presentation_deadlines_apply(now=at(10, 9))  # reminded
    presentation_deadlines_apply(now=at(20))  # expired
    advisor = AdvisorFactory(memberships__platform=presentation.need.employer.platform)

    reopened = presentation_reopen(presentation=presentation, by=advisor, reason="L'employeur a rappelé")

    assert reopened.status == Status.PRESENTED
    assert reopened.employer_reminded_at is None
    assert reopened.presented_at > at(20)
    assert presentation_deadlines_apply(now=timezone.now()).expired == []


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_take_each_step_once(is_postgresql):
    if not is_postgresql:
        pytest.skip("row locks are PostgreSQL's")
    presentations = [presented_on(at(2)) for _ in range(3)]

    def run(_index):
        try:
            return presentation_deadlines_apply(now=at(10, 9)).reminded
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, range(2)))

    # Each presentation reminded by one run only (the promised tasks left with the commits).
    assert sorted(results[0] + results[1]) == sorted(p.pk for p in presentations)
    assert Presentation.objects.filter(employer_reminded_at=at(10, 9)).count() == 3


def test_the_employer_s_funnel_and_the_board_count_expired_presentations_apart():
    presentation = presented_on(at(2))
    presented_on(at(20), need=presentation.need)
    presentation_deadlines_apply(now=at(20))

    stages = {stage.name: stage.count for stage in need_funnel(need_counts(need=presentation.need))}
    assert (stages["presented"], stages["expired"]) == (2, 1)
    advisor = AdvisorFactory(memberships__platform=presentation.need.employer.platform)
    board = board_state_counts(need=presentation.need, user=advisor)
    counts = {count.state: count.count for count in board}
    assert (counts["presented"], counts["expired"], counts["ended"]) == (1, 1, 0)

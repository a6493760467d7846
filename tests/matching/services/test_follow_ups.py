"""The six-month check: its result, date and note recorded for a hire (ended since or not) or a trainee, a step in
the history, the reminders stopped; and outcomes recorded without an employer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from matching.enums import FollowUpResult, HireEndReason, PresentationStatus
from matching.models import ContactEntry, Presentation
from matching.models.presentations import FOLLOW_UP_AFTER
from matching.services.follow_ups import presentation_follow_up_record
from notifications.kinds import _advisors_with_checks_due
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in, row

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=190)


def hire_started_long_ago(status: str = Status.HIRED, **fields) -> Presentation:
    """A hire that started more than six months ago: its check is due."""
    values = {"hire_starts_on": STARTED, "follow_up_due_on": STARTED + FOLLOW_UP_AFTER} | fields
    return presentation_in(status, **values)


def refused(call) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call()
    error = caught.value
    if hasattr(error, "error_dict"):
        (errors,) = error.error_dict.values()
        error = errors[0]
    return error


@pytest.mark.parametrize(
    ("result", "still_in_work"),
    [
        (FollowUpResult.SAME_EMPLOYER, True),
        (FollowUpResult.OTHER_EMPLOYER, True),
        (FollowUpResult.IN_TRAINING, False),
        (FollowUpResult.NOT_IN_WORK, False),
        (FollowUpResult.NOT_REACHED, None),
    ],
)
def test_the_check_records_its_result_date_and_note(result, still_in_work, advisor):
    presentation = hire_started_long_ago()
    started = timezone.now()

    with translation.override("en"):
        presentation_follow_up_record(
            presentation=presentation, result=result, checked_on=TODAY, note=" Appel du matin ", by=advisor
        )

    presentation.refresh_from_db()
    assert presentation.status == Status.HIRED
    assert (presentation.follow_up_result, presentation.follow_up_checked_on) == (result, TODAY)
    assert presentation.follow_up_note == "Appel du matin"
    assert presentation.still_in_work is still_in_work
    assert started <= presentation.followed_up_at <= timezone.now()
    step = presentation.transitions.get()
    assert (step.from_status, step.to_status, step.by) == (Status.HIRED, Status.HIRED, advisor)
    with translation.override("en"):
        assert step.reason == f"Six-month check: {FollowUpResult(result).label}"
    assert ContactEntry.objects.filter(presentation=presentation, note__endswith=step.reason).exists()


def test_an_ended_hire_is_followed_up_too(advisor):
    presentation = hire_started_long_ago(Status.HIRE_ENDED, placement_ended_on=STARTED + datetime.timedelta(days=10))

    presentation_follow_up_record(
        presentation=presentation, result=FollowUpResult.OTHER_EMPLOYER, checked_on=TODAY, by=advisor
    )

    presentation.refresh_from_db()
    assert (presentation.status, presentation.still_in_work) == (Status.HIRE_ENDED, True)
    assert presentation.placement_end_reason == HireEndReason.TRIAL_NOT_CONFIRMED


def test_recording_the_check_again_corrects_it(advisor):
    presentation = hire_started_long_ago()
    presentation_follow_up_record(
        presentation=presentation, result=FollowUpResult.NOT_REACHED, checked_on=TODAY, by=advisor
    )

    presentation_follow_up_record(
        presentation=presentation, result=FollowUpResult.SAME_EMPLOYER, checked_on=TODAY, by=advisor
    )

    presentation.refresh_from_db()
    assert (presentation.follow_up_result, presentation.still_in_work) == (FollowUpResult.SAME_EMPLOYER, True)
    assert presentation.transitions.count() == 2


@pytest.mark.parametrize(
    ("checked_on", "code", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "future", "A check cannot be dated in the future."),
        (
            STARTED - datetime.timedelta(days=1),
            "before_start",
            f"A check cannot be dated before the start, on {STARTED:%d/%m/%Y}.",
        ),
    ],
)
def test_a_check_is_dated_between_the_start_and_today(checked_on, code, message, advisor):
    presentation = hire_started_long_ago()
    before = row(presentation)

    error = refused(
        lambda: presentation_follow_up_record(
            presentation=presentation, result=FollowUpResult.SAME_EMPLOYER, checked_on=checked_on, by=advisor
        )
    )

    assert (error.code, error.messages) == (code, [message])
    assert row(presentation) == before


def test_an_unknown_result_or_a_note_too_long_is_refused(advisor):
    presentation = hire_started_long_ago()

    unknown = refused(
        lambda: presentation_follow_up_record(presentation=presentation, result="ok", checked_on=TODAY, by=advisor)
    )
    too_long = refused(
        lambda: presentation_follow_up_record(
            presentation=presentation, result=FollowUpResult.NOT_REACHED, checked_on=TODAY, note="x" * 501, by=advisor
        )
    )

    assert (unknown.code, too_long.code) == ("result", "note")
    assert Presentation.objects.get(pk=presentation.pk).followed_up_at is None


@pytest.mark.parametrize("status", sorted(set(Status) - {Status.HIRED, Status.HIRE_ENDED, Status.IN_TRAINING}))
def test_only_a_hire_or_a_trainee_is_followed_up(status, advisor):
    presentation = presentation_in(status)
    before = row(presentation)

    error = refused(
        lambda: presentation_follow_up_record(
            presentation=presentation, result=FollowUpResult.SAME_EMPLOYER, checked_on=TODAY, by=advisor
        )
    )

    assert error.code == "not_hired"
    assert row(presentation) == before


def test_the_reminder_stops_once_the_check_is_recorded_and_covers_ended_hires(platform, advisor):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    holding, ended = (
        hire_started_long_ago(status, need=need, candidate=CandidateFactory(platform=platform, advisor=advisor))
        for status in (Status.HIRED, Status.HIRE_ENDED)
    )
    Presentation.objects.filter(pk=ended.pk).update(placement_ended_on=STARTED, placement_end_reason="resignation")

    ((email, due),) = _advisors_with_checks_due(today=TODAY)
    assert (email, sorted(due)) == (advisor.email, sorted([holding.pk, ended.pk]))

    presentation_follow_up_record(
        presentation=holding, result=FollowUpResult.NOT_REACHED, checked_on=TODAY, by=advisor
    )

    assert _advisors_with_checks_due(today=TODAY) == [(advisor.email, [ended.pk])]

"""Interview invitations: the e-mails to the employer's members and the advisor carry a calendar file, rebuilt when
the e-mail leaves, with a stable UID, a SEQUENCE that grows with each change, the time in UTC and the chosen slot's
place; a cancellation sends METHOD:CANCEL. Names only where the personal-data rules allow them."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import MembershipRole
from matching.enums import PresentationStatus
from matching.interview_calendar import EMPLOYER, INTERVIEW_DURATION, interview_calendar
from matching.models import InterviewSlot
from matching.services.employer_answers import interview_slot_confirm
from matching.services.presentations import presentation_transition
from matching.services.undo import presentation_reopen
from notifications.interview_notices import interview_invitation_send, interview_reminders_send
from notifications.models import Notice, TaskToSend
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TASK = "notifications.tasks.interview_invitation_send"


@pytest.fixture
def scheduled_world():
    need = StaffingNeedFactory(open=True, title="Préparateur de commandes", headcount=2)
    member = UserFactory(email="rh@entrepot.example")
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    advisor = AdvisorFactory(email="conseil@plateforme.example", memberships__platform=need.employer.platform)
    candidate = CandidateFactory(
        presentable=True, platform=need.employer.platform, advisor=advisor, first_name="Inès", last_name="Moreau"
    )
    presentation = presentation_in(
        Status.INTERVIEW_REQUESTED, need=need, candidate=candidate, interview_accepted_at=timezone.now()
    )
    starts_at = (timezone.now() + datetime.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    slot = InterviewSlot.objects.create(presentation=presentation, starts_at=starts_at, place="Entrepôt, quai 4")
    return {"need": need, "member": member, "advisor": advisor, "presentation": presentation, "slot": slot}


def promised_and_sent() -> list[tuple]:
    """Run the invitation tasks promised so far, as a worker would, and forget them."""
    promised = [tuple(task.arguments) for task in TaskToSend.objects.filter(task_name=TASK).order_by("pk")]
    for presentation_id, method, sequence in promised:
        interview_invitation_send(presentation_id=presentation_id, method=method, sequence=sequence)
    TaskToSend.objects.filter(task_name=TASK).delete()
    return promised


def calendars(messages) -> dict[str, icalendar.Calendar]:
    found = {}
    for message in messages:
        (name, content, mimetype) = message.attachments[0]
        assert name == "interview.ics"
        assert mimetype.startswith("text/calendar")
        found[message.to[0]] = icalendar.Calendar.from_ical(content)
    return found


def event_of(calendar: icalendar.Calendar) -> icalendar.Event:
    (event,) = calendar.walk("VEVENT")
    return event


def test_scheduling_then_cancelling_then_scheduling_again_sends_matching_invitations(scheduled_world):
    presentation, slot = scheduled_world["presentation"], scheduled_world["slot"]
    interview_slot_confirm(presentation=presentation, slot=slot, by=scheduled_world["member"])
    assert promised_and_sent() == [(presentation.pk, "REQUEST", 0)]
    requests = calendars(mail.outbox)
    assert set(requests) == {"rh@entrepot.example", "conseil@plateforme.example"}
    for address, calendar in requests.items():
        assert calendar["METHOD"] == "REQUEST"
        event = event_of(calendar)
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == slot.starts_at.astimezone(datetime.UTC)
        assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == INTERVIEW_DURATION
        assert str(event["LOCATION"]) == "Entrepôt, quai 4"
        assert "Préparateur de commandes" in str(event["SUMMARY"])
        assert "Moreau" not in str(event["SUMMARY"])
        assert str(event["ATTENDEE"]) == f"mailto:{address}"
        # The identity is revealed to the employer once the interview is accepted; the advisor knows it anyway.
        assert "Inès Moreau" in str(event["DESCRIPTION"])
    uid = str(event_of(requests["rh@entrepot.example"])["UID"])
    # The notice recorded holds no file and, once sent, no text: the calendar is rebuilt when the e-mail leaves.
    assert not Notice.objects.filter(kind="interview_invitation", body__contains="Moreau").exists()

    mail.outbox.clear()
    presentation_transition(
        presentation=presentation, to_status=Status.WITHDRAWN, reason="Le poste est suspendu.", by=None
    )
    assert promised_and_sent() == [(presentation.pk, "CANCEL", 1)]
    for calendar in calendars(mail.outbox).values():
        assert calendar["METHOD"] == "CANCEL"
        assert str(event_of(calendar)["UID"]) == uid
        assert event_of(calendar)["SEQUENCE"] == 1
        assert str(event_of(calendar)["STATUS"]) == "CANCELLED"
    assert "cancelled" in mail.outbox[0].subject or "annulé" in mail.outbox[0].subject

    mail.outbox.clear()
    presentation_reopen(presentation=presentation, by=None, reason="Le poste est rouvert.")
    assert promised_and_sent() == [(presentation.pk, "REQUEST", 2)]
    for calendar in calendars(mail.outbox).values():
        assert calendar["METHOD"] == "REQUEST"
        assert str(event_of(calendar)["UID"]) == uid
        assert event_of(calendar)["SEQUENCE"] == 2


def test_a_task_delivered_twice_sends_each_invitation_once(scheduled_world):
    presentation = scheduled_world["presentation"]
    interview_slot_confirm(presentation=presentation, slot=scheduled_world["slot"], by=scheduled_world["member"])
    assert interview_invitation_send(presentation_id=presentation.pk, method="REQUEST", sequence=0) == 2
    assert interview_invitation_send(presentation_id=presentation.pk, method="REQUEST", sequence=0) == 0
    assert len(mail.outbox) == 2


def test_the_employer_sees_no_name_before_the_identity_is_revealed(scheduled_world):
    presentation = scheduled_world["presentation"]
    presentation.status = Status.INTERVIEW_SCHEDULED
    presentation.interview_at = scheduled_world["slot"].starts_at
    presentation.interview_accepted_at = None
    presentation.save()
    presentation_transition(presentation=presentation, to_status=Status.WITHDRAWN, reason="Retiré.", by=None)
    # Withdrawn: the employer no longer sees who the person was.
    content = interview_calendar(presentation_id=presentation.pk, method="CANCEL", sequence=1, audience=EMPLOYER)
    assert b"Moreau" not in content
    assert icalendar.Calendar.from_ical(content)["METHOD"] == "CANCEL"


# The reminder the day before.


def scheduled_at(world, moment):
    presentation = world["presentation"]
    presentation.status = Status.INTERVIEW_SCHEDULED
    presentation.interview_at = moment
    presentation.save()
    return presentation


def test_the_reminder_goes_once_within_24_hours_and_again_after_a_reschedule(scheduled_world):
    now = timezone.now().replace(microsecond=0)
    presentation = scheduled_at(scheduled_world, now + datetime.timedelta(hours=30))
    assert interview_reminders_send(now=now) == 0  # not yet: more than a day ahead
    later = now + datetime.timedelta(hours=7)
    assert interview_reminders_send(now=later) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["conseil@plateforme.example", "rh@entrepot.example"]
    assert "Préparateur de commandes" in mail.outbox[0].subject
    assert "Moreau" not in mail.outbox[0].body
    # The hourly run again, or the task delivered twice: nothing more.
    assert interview_reminders_send(now=later + datetime.timedelta(hours=1)) == 0
    assert interview_reminders_send(now=later + datetime.timedelta(hours=1)) == 0
    presentation.interview_at = now + datetime.timedelta(hours=28)
    presentation.save()
    assert interview_reminders_send(now=later + datetime.timedelta(hours=2)) == 2
    assert len(mail.outbox) == 4


def test_no_reminder_for_an_interview_past_or_ended(scheduled_world):
    now = timezone.now()
    presentation = scheduled_at(scheduled_world, now - datetime.timedelta(hours=1))
    assert interview_reminders_send(now=now) == 0
    presentation.interview_at = now + datetime.timedelta(hours=2)
    presentation.status = Status.WITHDRAWN
    presentation.reason = "Retiré."
    presentation.closed_at = now
    presentation.save()
    assert interview_reminders_send(now=now) == 0
    assert not mail.outbox

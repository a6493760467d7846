"""The e-mails of the deadlines for employers who do not answer, and the weekly recap: sent once, to the people who
chose them, with counts and links and never a candidate's name."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import MembershipRole
from matching.enums import PresentationStatus
from matching.models import InterviewSlot
from matching.services.deadlines import presentation_deadlines_apply
from notifications import tasks
from notifications.deadline_kinds import ADVISOR_ALERT, EMPLOYER_REMINDER, WEEKLY_RECAP
from notifications.deadline_notices import (
    advisor_alert_notice_send,
    employer_reminder_notice_send,
    presentation_expired_notice_send,
    weekly_recaps_send,
)
from notifications.enums import NoticeFrequency
from notifications.models import Notice, TaskToSend
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.notifications.factories import NoticePreferenceFactory

pytestmark = pytest.mark.django_db
Status = PresentationStatus
MONDAY = datetime.date(2026, 11, 16)


def member_of(employer, email: str):
    user = UserFactory(email=email)
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=employer)
    return user


def at(day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour))


def test_the_reminder_reaches_the_members_who_take_it_once_even_when_its_task_runs_twice():
    need = StaffingNeedFactory(open=True, title="Téléconseiller")
    member_of(need.employer, "rh@centre.example")
    quiet = member_of(need.employer, "direction@centre.example")
    NoticePreferenceFactory(user=quiet, kind=EMPLOYER_REMINDER.name, frequency=NoticeFrequency.NONE)
    candidate = CandidateFactory(first_name="Yasmine", last_name="Benali", presentable=True)
    presentation = presentation_in(Status.PRESENTED, need=need, candidate=candidate, presented_at=at(2))
    presentation_deadlines_apply(now=at(10, 9))
    (promise,) = TaskToSend.objects.filter(task_name="notifications.tasks.employer_reminder_notice_send")

    # The task the outbox promised, delivered twice.
    tasks.employer_reminder_notice_send(*promise.arguments)
    tasks.employer_reminder_notice_send(*promise.arguments)

    (message,) = mail.outbox
    assert message.to == ["rh@centre.example"]
    assert "Téléconseiller" in message.body
    assert f"/portal/needs/{need.pk}/" in message.body
    assert "Yasmine" not in message.body
    assert "Benali" not in message.body
    assert Notice.objects.filter(kind=EMPLOYER_REMINDER.name).count() == 1
    assert promise.arguments == [need.pk, [presentation.pk]]


def test_the_alert_reaches_the_candidate_s_advisor_or_the_managers_when_the_advisor_has_left():
    need = StaffingNeedFactory(open=True)
    platform = need.employer.platform
    advisor = AdvisorFactory(email="conseil@plateforme.example", memberships__platform=platform)
    manager = AdvisorFactory(
        email="direction@plateforme.example", memberships__platform=platform, memberships__role=MembershipRole.MANAGER
    )
    followed = presentation_in(
        Status.PRESENTED, need=need, candidate=CandidateFactory(presentable=True, platform=platform, advisor=advisor)
    )
    gone = AdvisorFactory(is_active=False, memberships__platform=platform)
    orphan = presentation_in(
        Status.PRESENTED, need=need, candidate=CandidateFactory(presentable=True, platform=platform, advisor=gone)
    )

    assert advisor_alert_notice_send(need_id=need.pk, presentation_ids=[followed.pk, orphan.pk]) == 2
    assert advisor_alert_notice_send(need_id=need.pk, presentation_ids=[followed.pk, orphan.pk]) == 0

    assert sorted(message.to[0] for message in mail.outbox) == [advisor.email, manager.email]


def test_an_advisor_who_turned_alerts_off_is_not_alerted_but_always_hears_of_an_expiry():
    need = StaffingNeedFactory(open=True)
    advisor = AdvisorFactory(memberships__platform=need.employer.platform)
    NoticePreferenceFactory(user=advisor, kind=ADVISOR_ALERT.name, frequency=NoticeFrequency.NONE)
    presentation = presentation_in(
        Status.PRESENTED, need=need, candidate=CandidateFactory(presentable=True, advisor=advisor)
    )

    assert advisor_alert_notice_send(need_id=need.pk, presentation_ids=[presentation.pk]) == 0
    assert presentation_expired_notice_send(need_id=need.pk, presentation_ids=[presentation.pk]) == 1
    assert mail.outbox[0].to == [advisor.email]


def test_the_weekly_recap_counts_what_waits_once_per_member_and_week():
    need = StaffingNeedFactory(open=True)
    member = member_of(need.employer, "rh@centre.example")
    quiet = member_of(need.employer, "direction@centre.example")
    NoticePreferenceFactory(user=quiet, kind=WEEKLY_RECAP.name, frequency=NoticeFrequency.NONE)
    presentation_in(Status.PRESENTED, need=need)
    presentation_in(Status.PRESENTED, need=need)
    presentation_in(Status.INTERVIEW_SCHEDULED, need=need, interview_at=at(18, 14))  # this week
    presentation_in(Status.INTERVIEW_SCHEDULED, need=need, interview_at=at(25, 14))  # next week: not counted
    presentation_in(Status.INTERVIEW_SCHEDULED, need=need, interview_at=at(12, 14))  # held: outcome expected
    accepted = presentation_in(Status.INTERVIEW_REQUESTED, need=need, interview_accepted_at=at(13))  # slots expected
    slotted = presentation_in(Status.INTERVIEW_REQUESTED, need=need, interview_accepted_at=at(13))
    InterviewSlot.objects.create(presentation=slotted, starts_at=at(20, 9), place="Sur place")
    presentation_in(Status.DECLINED_BY_EMPLOYER, need=need)
    assert accepted.pk

    assert weekly_recaps_send(today=MONDAY) == 1
    assert weekly_recaps_send(today=MONDAY + datetime.timedelta(days=2)) == 0  # same ISO week

    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "2 candidats présentés à qui répondre" in message.body
    assert "1 entretien cette semaine" in message.body
    assert "2 réponses attendues" in message.body
    assert Notice.objects.get(kind=WEEKLY_RECAP.name).key == f"weekly-recap:2026-W47:{member.pk}"

    # The next week brings its own recap.
    assert weekly_recaps_send(today=MONDAY + datetime.timedelta(days=7)) == 1


def test_no_recap_when_nothing_waits():
    need = StaffingNeedFactory(open=True)
    member_of(need.employer, "rh@centre.example")
    presentation_in(Status.DECLINED_BY_EMPLOYER, need=need)

    assert weekly_recaps_send(today=MONDAY) == 0
    assert mail.outbox == []


def test_an_unknown_need_sends_nothing():
    assert employer_reminder_notice_send(need_id=999_999, presentation_ids=[1]) == 0

"""E-mail notices are sent once, to the right people, with counts and links and no personal data."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.enums import MembershipRole
from matching.enums import PresentationStatus
from matching.models import MatchSuggestion
from notifications.enums import NoticeFrequency
from notifications.models import Notice
from notifications.notices import (
    presentation_answer_notice_send,
    presentation_daily_digest_send,
    presentation_notice_send,
    strong_suggestion_digest_send,
)
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.notifications.factories import NoticePreferenceFactory

pytestmark = pytest.mark.django_db


def test_employer_members_are_told_once_when_candidates_are_presented():
    need = StaffingNeedFactory(open=True, title="Conseiller clientèle")
    members = [UserFactory(email=f"rh{i}@centre.example") for i in range(2)]
    for member in members:
        MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=need.employer)
    outsider = UserFactory(email="rh@autre.example")
    MembershipFactory(
        user=outsider, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=StaffingNeedFactory().employer
    )
    candidate = CandidateFactory(first_name="Yasmine", last_name="Benali")

    assert presentation_notice_send(need_id=need.pk, presentation_ids=[7, 3]) == 2
    # The same task delivered twice sends nothing more.
    assert presentation_notice_send(need_id=need.pk, presentation_ids=[3, 7]) == 0

    assert sorted(message.to[0] for message in mail.outbox) == ["rh0@centre.example", "rh1@centre.example"]
    body = mail.outbox[0].body
    assert body.startswith("2 ")
    assert "Conseiller clientèle" in body
    assert candidate.first_name not in body
    assert candidate.last_name not in body
    assert Notice.objects.count() == 2


def test_advisors_get_one_digest_a_day_of_strong_new_suggestions():
    advisor = AdvisorFactory()
    need = StaffingNeedFactory(open=True)
    strong = CandidateFactory(advisor=advisor)
    weak = CandidateFactory(advisor=advisor)
    for rank, (candidate, score) in enumerate([(strong, 9100), (weak, 5000)], start=1):
        MatchSuggestion.objects.create(
            need=need, candidate=candidate, rank=rank, score=score, parts={}, distance_km=1, scoring_version="t"
        )
    today = timezone.localdate()

    assert strong_suggestion_digest_send(today=today) == 1
    assert strong_suggestion_digest_send(today=today) == 0
    assert strong_suggestion_digest_send(today=today + datetime.timedelta(days=1)) == 1

    message = mail.outbox[0]
    assert message.to == [advisor.email]
    assert message.body.startswith("1 ")
    assert strong.last_name not in message.body


# Per-member settings, the daily summary, and the advisor's notice of an employer's answer.


def employer_member(employer, email, frequency):
    user = UserFactory(email=email)
    NoticePreferenceFactory(user=user, frequency=frequency)
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=employer)
    return user


def test_only_members_who_want_an_email_each_time_are_told_at_once():
    need = StaffingNeedFactory(open=True)
    for frequency in NoticeFrequency:
        employer_member(need.employer, f"{frequency}@centre.example", frequency)

    assert presentation_notice_send(need_id=need.pk, presentation_ids=[1]) == 1

    assert [message.to for message in mail.outbox] == [["each@centre.example"]]
    assert reverse("portal:need_detail", args=[need.pk]) in mail.outbox[0].body


def presented_on(day, need, status=PresentationStatus.PRESENTED, **fields):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 30)))
    return presentation_in(status, need=need, presented_at=moment, **fields)


def test_daily_members_get_one_summary_of_the_previous_day_and_a_second_delivery_sends_nothing():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    need = StaffingNeedFactory(open=True, title="Conseiller clientèle")
    other_need = StaffingNeedFactory(open=True, employer=need.employer, site=need.site, title="Superviseur")
    daily = employer_member(need.employer, "daily@centre.example", NoticeFrequency.DAILY)
    employer_member(need.employer, "each@centre.example", NoticeFrequency.EACH)
    employer_member(need.employer, "none@centre.example", NoticeFrequency.NONE)
    candidate = CandidateFactory(presentable=True, first_name="Yasmine", last_name="Benali")
    presented_on(yesterday, need, candidate=candidate)
    presented_on(yesterday, need, PresentationStatus.INTERVIEW_REQUESTED)
    presented_on(yesterday, other_need)
    presented_on(yesterday, need, PresentationStatus.WITHDRAWN)  # no longer shown to the employer
    presented_on(yesterday - datetime.timedelta(days=1), need)  # the day before: not counted
    presented_on(timezone.localdate(), need)  # today: tomorrow's summary
    # Another employer's daily member, without presentations yesterday, gets nothing.
    employer_member(StaffingNeedFactory().employer, "quiet@autre.example", NoticeFrequency.DAILY)

    assert presentation_daily_digest_send() == 1
    assert presentation_daily_digest_send() == 0
    assert presentation_daily_digest_send(day=yesterday) == 0

    (message,) = mail.outbox
    assert message.to == [daily.email]
    assert message.body.startswith("3 ")
    assert "- Conseiller clientèle: 2" in message.body
    assert "- Superviseur: 1" in message.body
    assert reverse("portal:need_list") in message.body
    assert "Yasmine" not in message.body
    assert "Benali" not in message.body
    assert Notice.objects.get().key == f"presented-daily:{yesterday.isoformat()}:{daily.email}"


def test_the_advisor_is_told_once_when_the_employer_asks_for_an_interview_or_declines():
    advisor = AdvisorFactory(email="conseillere@plateforme.example")
    need = StaffingNeedFactory(open=True, title="Conseiller clientèle")
    candidate = CandidateFactory(presentable=True, advisor=advisor, first_name="Yasmine", last_name="Benali")
    presentation = presentation_in(PresentationStatus.INTERVIEW_REQUESTED, need=need, candidate=candidate)

    assert presentation_answer_notice_send(presentation_id=presentation.pk, status="interview_requested") == 1
    assert presentation_answer_notice_send(presentation_id=presentation.pk, status="interview_requested") == 0
    assert presentation_answer_notice_send(presentation_id=presentation.pk, status="declined_by_employer") == 1
    assert presentation_answer_notice_send(presentation_id=presentation.pk, status="hired") == 0

    assert [message.to for message in mail.outbox] == [[advisor.email], [advisor.email]]
    for message in mail.outbox:
        assert "Conseiller clientèle" in message.subject
        assert f"{reverse('staff:need_review', args=[need.pk])}#presentation-{presentation.pk}" in message.body
        assert "Yasmine" not in message.subject + message.body
        assert "Benali" not in message.subject + message.body


def test_no_advisor_no_notice():
    presentation = presentation_in(PresentationStatus.INTERVIEW_REQUESTED)
    assert presentation_answer_notice_send(presentation_id=presentation.pk, status="interview_requested") == 0
    assert not mail.outbox

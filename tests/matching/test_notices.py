"""E-mail notices are sent once, to the right people, with counts and links and no personal data."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import MembershipRole
from matching.models import MatchSuggestion, Notice
from matching.services.notices import presentation_notice_send, strong_suggestion_digest_send
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory

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

"""Six-month checks: advisors are reminded once, by e-mail, with a count and a link, and the to-do list shows them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candidates.enums import CandidateStatus
from candidates.models import Candidate
from matching.enums import PresentationStatus
from matching.models import Presentation
from matching.personal_data import ErasureReason, candidate_anonymise
from notifications.follow_ups import follow_up_reminders_send
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 6, 1)


def hire(*, advisor, due_on: datetime.date, followed_up: bool = False) -> Presentation:
    need = StaffingNeedFactory(open=True, employer__platform=advisor.memberships.get().platform)
    candidate = CandidateFactory(platform=need.employer.platform, advisor=advisor, first_name="Nadia")
    return Presentation.objects.create(
        need=need,
        candidate=candidate,
        status=PresentationStatus.HIRED,
        contract_type="cdi",
        hire_starts_on=due_on - datetime.timedelta(days=183),
        follow_up_due_on=due_on,
        followed_up_at=timezone.now() if followed_up else None,
    )


def test_each_advisor_is_reminded_once_of_the_checks_due():
    first, second = AdvisorFactory(), AdvisorFactory()
    hire(advisor=first, due_on=TODAY)
    hire(advisor=first, due_on=TODAY - datetime.timedelta(days=3))
    hire(advisor=first, due_on=TODAY + datetime.timedelta(days=1))  # not due yet
    hire(advisor=first, due_on=TODAY, followed_up=True)  # already recorded
    hire(advisor=second, due_on=TODAY)

    assert follow_up_reminders_send(today=TODAY) == 2

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {first.email, second.email}
    body = by_recipient[first.email].body
    assert body.startswith("2 ")
    assert reverse("admin:matching_presentation_changelist") + "?follow_up=due" in body
    assert "Nadia" not in body
    assert follow_up_reminders_send(today=TODAY) == 0
    assert len(mail.outbox) == 2


def test_an_anonymised_candidate_s_hire_is_never_reminded():
    advisor = AdvisorFactory()
    kept = hire(advisor=advisor, due_on=TODAY)
    erased = hire(advisor=advisor, due_on=TODAY)
    candidate_anonymise(candidate=erased.candidate, by=None, reason=ErasureReason.REQUEST)
    # A profile marked anonymised without the date (older rows) is skipped all the same.
    marked = hire(advisor=advisor, due_on=TODAY)
    Candidate.objects.filter(pk=marked.candidate_id).update(status=CandidateStatus.ANONYMISED)

    assert follow_up_reminders_send(today=TODAY) == 1

    assert [message.to for message in mail.outbox] == [[advisor.email]]
    assert mail.outbox[0].body.startswith("1 ")
    reminded = set(Presentation.objects.filter(follow_up_reminded_at__isnull=False).values_list("pk", flat=True))
    assert reminded == {kept.pk}


def test_only_anonymised_hires_due_send_no_e_mail():
    advisor = AdvisorFactory()
    erased = hire(advisor=advisor, due_on=TODAY)
    candidate_anonymise(candidate=erased.candidate, by=None, reason=ErasureReason.RETENTION)

    assert follow_up_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_the_to_do_list_shows_the_checks_due(client):
    advisor = AdvisorFactory()
    due = hire(advisor=advisor, due_on=timezone.localdate())
    later = hire(advisor=advisor, due_on=timezone.localdate() + datetime.timedelta(days=30))
    client.force_login(advisor)
    response = client.get(reverse("admin:matching_presentation_changelist") + "?follow_up=due")
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed == [due]
    assert later not in listed

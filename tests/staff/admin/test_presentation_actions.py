"""The presentation admin's actions: the six-month check, ending a hire and reopening, through the same services,
with each row the service refuses named in a message and the others done."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from employers.enums import ContractType, NeedStatus
from employers.models import StaffingNeed
from matching.enums import FollowUpResult, HireEndReason, PresentationStatus
from matching.models import Presentation
from matching.models.presentations import FOLLOW_UP_AFTER
from matching.services.presentations import presentation_hire, presentation_transition
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import REASON, presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=190)
CHANGELIST = "admin:matching_presentation_changelist"


def run(client, action: str, presentations, **fields):
    data = {"action": action, "_selected_action": [p.pk for p in presentations], "index": "0"}
    data |= fields
    response = client.post(reverse(CHANGELIST), data)
    return response, [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def need(platform):
    return StaffingNeedFactory(open=True, headcount=2, employer__platform=platform)


def hired(need) -> Presentation:
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=need)
    return presentation_hire(presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTED, by=None)


def test_the_six_month_check_is_recorded_for_each_hire_and_refused_for_the_others(client, need, advisor):
    hire = hired(need)
    shortlisted = presentation_in(Status.SHORTLISTED, need=need)
    client.force_login(advisor)

    response, messages = run(
        client, "record_follow_up", [hire, shortlisted], follow_up_result=FollowUpResult.SAME_EMPLOYER, note="Appel"
    )

    assert response.status_code == 302
    hire.refresh_from_db()
    assert (hire.follow_up_result, hire.follow_up_checked_on, hire.follow_up_note) == (
        FollowUpResult.SAME_EMPLOYER,
        TODAY,
        "Appel",
    )
    assert Presentation.objects.get(pk=shortlisted.pk).followed_up_at is None
    assert len(messages) == 2
    assert str(shortlisted) in messages[0]


def test_the_check_needs_its_result(client, need, advisor):
    hire = presentation_in(Status.HIRED, need=need, hire_starts_on=STARTED, follow_up_due_on=STARTED + FOLLOW_UP_AFTER)
    client.force_login(advisor)

    _response, messages = run(client, "record_follow_up", [hire])

    assert len(messages) == 1
    assert Presentation.objects.get(pk=hire.pk).followed_up_at is None


def test_ending_a_hire_in_the_admin_opens_its_seat(client, need, advisor):
    hire = hired(need)
    client.force_login(advisor)

    run(client, "end_hire", [hire], end_reason=HireEndReason.ENDED_EARLY, on=TODAY.isoformat())

    hire.refresh_from_db()
    assert (hire.status, hire.placement_ended_on, hire.placement_end_reason) == (
        Status.HIRE_ENDED,
        TODAY,
        HireEndReason.ENDED_EARLY,
    )
    assert StaffingNeed.objects.get(pk=need.pk).hires_count == 0


def test_a_future_end_date_is_refused_row_by_row(client, need, advisor):
    hire = hired(need)
    client.force_login(advisor)

    _response, messages = run(
        client,
        "end_hire",
        [hire],
        end_reason=HireEndReason.RESIGNATION,
        on=(TODAY + datetime.timedelta(days=3)).isoformat(),
    )

    assert Presentation.objects.get(pk=hire.pk).status == Status.HIRED
    assert len(messages) == 1
    assert str(hire) in messages[0]


def test_reopening_in_the_admin_reports_a_need_not_open(client, need, advisor):
    reopened = presentation_in(Status.PRESENTED, need=need)
    presentation_transition(presentation=reopened, to_status=Status.WITHDRAWN, by=advisor, reason=REASON)
    closed_need = StaffingNeedFactory(open=True, employer__platform=need.employer.platform)
    refused = presentation_in(Status.PRESENTED, need=closed_need)
    presentation_transition(presentation=refused, to_status=Status.WITHDRAWN, by=advisor, reason=REASON)
    StaffingNeed.objects.filter(pk=closed_need.pk).update(status=NeedStatus.CLOSED)
    client.force_login(advisor)

    _response, messages = run(client, "reopen", [reopened, refused], note="Erreur de saisie")

    assert Presentation.objects.get(pk=reopened.pk).status == Status.PRESENTED
    assert Presentation.objects.get(pk=refused.pk).status == Status.WITHDRAWN
    assert len(messages) == 2

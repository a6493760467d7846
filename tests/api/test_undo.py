"""Undoing a decision and the six-month check through the staff API: each endpoint calls its service, answers with
the presentation, refuses with the service's code, and finds nothing of another platform (404) nor for employers."""

import datetime

import pytest
from django.utils import timezone

from candidates.models import PersonalDataAccess
from employers.enums import ContractType, NeedStatus
from employers.models import StaffingNeed
from matching.enums import FollowUpResult, HireEndReason, PresentationStatus
from matching.models import Presentation, PresentationTransition
from matching.models.presentations import FOLLOW_UP_AFTER
from matching.services.presentations import presentation_hire, presentation_transition
from tests.matching.presentation_world import REASON, presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=190)


def call(client, world, path, body=None, role="advisor_a"):
    return client.post(path, data=body or {}, content_type="application/json", **world.headers(role))


def hired(world) -> Presentation:
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=world.a.need)
    return presentation_hire(presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTED, by=None)


def test_a_hire_ends_through_the_api_and_its_seat_opens_again(client, world):
    hire = hired(world)
    hires_before = StaffingNeed.objects.get(pk=world.a.need.pk).hires_count

    response = call(
        client,
        world,
        f"/api/staff/presentations/{hire.pk}/hire-end/",
        {"ended_on": TODAY.isoformat(), "reason_code": HireEndReason.TRIAL_NOT_CONFIRMED, "note": "Essai non validé"},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["placement_ended_on"], body["placement_end_reason"]) == (
        Status.HIRE_ENDED,
        TODAY.isoformat(),
        HireEndReason.TRIAL_NOT_CONFIRMED,
    )
    assert (body["contract_type"], body["hire_starts_on"]) == (ContractType.CDI, STARTED.isoformat())
    assert StaffingNeed.objects.get(pk=world.a.need.pk).hires_count == hires_before - 1
    assert PersonalDataAccess.objects.filter(
        actor=world.users["advisor_a"], candidate_id=hire.candidate_id, action=PersonalDataAccess.Action.OPENED
    ).exists()


def test_an_end_in_the_future_is_a_400_naming_the_field(client, world):
    hire = hired(world)

    response = call(
        client,
        world,
        f"/api/staff/presentations/{hire.pk}/hire-end/",
        {"ended_on": (TODAY + datetime.timedelta(days=2)).isoformat(), "reason_code": HireEndReason.RESIGNATION},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "future"
    assert "ended_on" in response.json()["error"]["fields"]
    assert Presentation.objects.get(pk=hire.pk).status == Status.HIRED


def test_the_generic_step_does_not_end_a_hire(client, world):
    hire = hired(world)

    response = call(
        client, world, f"/api/staff/presentations/{hire.pk}/transitions/", {"to_status": Status.HIRE_ENDED}
    )

    assert response.status_code == 400
    assert Presentation.objects.get(pk=hire.pk).status == Status.HIRED


def test_reopening_through_the_api(client, world):
    presentation = world.a.presentation
    presentation_transition(presentation=presentation, to_status=Status.WITHDRAWN, by=None, reason=REASON)

    response = call(client, world, f"/api/staff/presentations/{presentation.pk}/reopen/", {"reason": "Erreur"})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["closed_at"]) == (Status.PRESENTED, None)


def test_a_reopening_refused_gives_the_services_code(client, world):
    presentation = world.a.presentation
    presentation_transition(presentation=presentation, to_status=Status.WITHDRAWN, by=None, reason=REASON)
    StaffingNeed.objects.filter(pk=world.a.need.pk).update(status=NeedStatus.CLOSED)

    response = call(client, world, f"/api/staff/presentations/{presentation.pk}/reopen/")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "need_not_open"


def test_unshortlisting_through_the_api(client, world):
    response = call(client, world, f"/api/staff/presentations/{world.a.shortlisted.pk}/unshortlist/")
    refused = call(client, world, f"/api/staff/presentations/{world.a.presentation.pk}/unshortlist/")

    assert response.status_code == 200
    assert response.json()["status"] == Status.WITHDRAWN
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "not_shortlisted")


def test_the_six_month_check_through_the_api(client, world):
    hire = presentation_in(
        Status.HIRE_ENDED,
        need=world.a.need,
        hire_starts_on=STARTED,
        follow_up_due_on=STARTED + FOLLOW_UP_AFTER,
        placement_ended_on=STARTED,
    )

    response = call(
        client,
        world,
        f"/api/staff/presentations/{hire.pk}/follow-up/",
        {"result": FollowUpResult.OTHER_EMPLOYER, "checked_on": TODAY.isoformat(), "note": "CDI ailleurs"},
    )
    refused = call(
        client,
        world,
        f"/api/staff/presentations/{world.a.shortlisted.pk}/follow-up/",
        {"result": FollowUpResult.SAME_EMPLOYER, "checked_on": TODAY.isoformat()},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["follow_up_result"], body["follow_up_checked_on"], body["still_in_work"]) == (
        FollowUpResult.OTHER_EMPLOYER,
        TODAY.isoformat(),
        True,
    )
    assert body["follow_up_note"] == "CDI ailleurs"
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "not_hired")


@pytest.mark.parametrize("endpoint", ["follow-up", "hire-end", "reopen", "unshortlist"])
@pytest.mark.parametrize(("role", "expected"), [("advisor_b", 404), ("member_a", 403), ("anonymous", 401)])
def test_nobody_else_reaches_them(client, world, endpoint, role, expected):
    hire = hired(world)

    response = call(client, world, f"/api/staff/presentations/{hire.pk}/{endpoint}/", role=role)

    assert response.status_code == expected
    assert Presentation.objects.get(pk=hire.pk).status == Status.HIRED
    assert not PresentationTransition.objects.filter(presentation=hire, to_status=Status.HIRE_ENDED).exists()

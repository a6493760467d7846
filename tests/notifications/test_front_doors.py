"""A presentation made through any front door promises the employer's notice in its own transaction.

matching announces the change (``matching.events``) and notifications writes the outbox row
(``notifications.receivers``): the admin's action, the review page and the API all end in the same row.
"""

import pytest
from django.urls import reverse

from accounts.api_tokens import api_token_create
from matching.enums import CandidateAnswer, PresentationStatus
from matching.models import Presentation
from notifications.models import TaskToSend
from tests.accounts.factories import totp_code_now
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db
Status = PresentationStatus


def present_through_admin(client, presentation: Presentation, key: str) -> None:
    client.post(
        reverse("admin:matching_presentation_changelist"),
        {"action": "present_to_employer", "_selected_action": [presentation.pk]},
    )


def present_through_review_page(client, presentation: Presentation, key: str) -> None:
    client.post(
        reverse("staff:need_review_present", args=[presentation.need_id]), {"presentations": [presentation.pk]}
    )


def present_through_api(client, presentation: Presentation, key: str) -> None:
    client.post(
        f"/api/staff/presentations/{presentation.pk}/transitions/",
        {"to_status": Status.PRESENTED},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )


@pytest.mark.parametrize("present", [present_through_admin, present_through_review_page, present_through_api])
def test_every_front_door_promises_the_employer_s_notice(client, advisor, platform, present):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    presentation = presentation_in(Status.SHORTLISTED, need=need)
    key = api_token_create(user=advisor, name="Intégration", totp_code=totp_code_now(advisor)).key
    client.force_login(advisor)

    present(client, presentation, key)

    presentation.refresh_from_db()
    assert presentation.status == Status.PRESENTED
    promised = list(TaskToSend.objects.values_list("task_name", "arguments"))
    assert promised == [("notifications.tasks.presentation_notice_send", [need.pk, [presentation.pk]])]


def test_a_refused_presentation_promises_nothing(client, advisor, platform):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    presentation = presentation_in(Status.SHORTLISTED, need=need, candidate_answer=CandidateAnswer.CONTACTED)
    client.force_login(advisor)

    present_through_review_page(client, presentation, "")

    presentation.refresh_from_db()
    assert presentation.status == Status.SHORTLISTED
    assert not TaskToSend.objects.exists()

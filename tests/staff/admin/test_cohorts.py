"""The admin of training cohorts saves through employers.cohorts, with its refusals; trainees are read only."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from employers.enums import CohortFunder, CohortStatus, TrainingKind
from employers.models import TrainingCohort
from tests.admin_forms import admin_change_data
from tests.employers.factories import StaffingNeedFactory, TrainingCohortFactory

pytestmark = pytest.mark.django_db

START = timezone.localdate() + datetime.timedelta(days=20)


def test_a_cohort_added_in_the_admin_is_planned_by_the_service(client, advisor, platform):
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    client.force_login(advisor)

    response = client.post(
        reverse("admin:employers_trainingcohort_add"),
        {
            "need": need.pk,
            "kind": TrainingKind.AFPR,
            "training_body": "AFPA Lens",
            "place": "Lens",
            "starts_on": START.isoformat(),
            "ends_on": (START + datetime.timedelta(days=10)).isoformat(),
            "capacity": "10",
            "funder": CohortFunder.REGION,
        },
    )

    assert response.status_code == 302
    cohort = TrainingCohort.objects.get(need=need)
    assert (cohort.training_body, cohort.status, cohort.seats_taken) == ("AFPA Lens", CohortStatus.PLANNED, 0)


def test_the_admin_shows_the_services_refusal_and_changes_nothing(client, advisor, platform):
    cohort = TrainingCohortFactory(need__employer__platform=platform, capacity=10, seats_taken=6)
    client.force_login(advisor)
    url = reverse("admin:employers_trainingcohort_change", args=[cohort.pk])

    response = client.post(url, admin_change_data(client, url, capacity="4"))

    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("6 places sont déjà prises" in message for message in shown)
    assert TrainingCohort.objects.get(pk=cohort.pk).capacity == 10


def test_the_status_actions_go_through_the_service(client, advisor, platform):
    planned = TrainingCohortFactory(need__employer__platform=platform)
    with_trainees = TrainingCohortFactory(need__employer__platform=platform, seats_taken=2)
    client.force_login(advisor)

    client.post(
        reverse("admin:employers_trainingcohort_changelist"),
        {"action": "action_cohort_cancelled", "_selected_action": [planned.pk, with_trainees.pk]},
    )

    assert TrainingCohort.objects.get(pk=planned.pk).status == CohortStatus.CANCELLED
    assert TrainingCohort.objects.get(pk=with_trainees.pk).status == CohortStatus.PLANNED

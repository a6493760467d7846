"""The cohorts API: an employer's own needs, the platforms' staff, and the trainees' steps through the services."""

import pytest

from accounts.enums import MembershipRole
from employers.models import TrainingCohort
from matching.enums import EnrolmentStatus, PresentationStatus
from matching.models import CohortEnrolment, Presentation
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.api_tokens import token_headers
from tests.employers.factories import StaffingNeedFactory, TrainingCohortFactory, cohort_form_data
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

BODY = cohort_form_data()


@pytest.fixture
def need(platform):
    return StaffingNeedFactory(open=True, employer__platform=platform)


@pytest.fixture
def member(need):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    return user


@pytest.fixture
def send(client):
    """Calls with a user's token, one token per user (a staff token spends a one-time code)."""
    headers: dict[int, dict[str, str]] = {}

    def call(user, method: str, path: str, body=None):
        if user.pk not in headers:
            headers[user.pk] = token_headers(user)
        return getattr(client, method)(f"/api/{path}", data=body, content_type="application/json", **headers[user.pk])

    return call


def test_the_employer_plans_lists_and_changes_a_cohort_of_their_need(send, member, need):
    created = send(member, "post", f"employer/needs/{need.pk}/cohorts/", BODY)
    assert created.status_code == 201, created.content
    cohort_id = created.json()["id"]
    assert created.json()["seats_left"] == 12

    listed = send(member, "get", f"employer/needs/{need.pk}/cohorts/")
    assert [row["id"] for row in listed.json()] == [cohort_id]

    changed = send(member, "patch", f"employer/needs/{need.pk}/cohorts/{cohort_id}/", {"capacity": 14})
    assert changed.status_code == 200
    assert TrainingCohort.objects.get(pk=cohort_id).capacity == 14


def test_a_refusal_names_its_field(send, member, need):
    cohort = TrainingCohortFactory(need=need, capacity=10, seats_taken=8)

    response = send(member, "patch", f"employer/needs/{need.pk}/cohorts/{cohort.pk}/", {"capacity": 5})

    assert response.status_code == 400
    assert "capacity" in str(response.json()["error"])
    assert TrainingCohort.objects.get(pk=cohort.pk).capacity == 10


def test_staff_enrol_a_presented_candidate_and_record_their_leaving(send, advisor, need):
    cohort = TrainingCohortFactory(need=need)
    presentation = presentation_in(PresentationStatus.PRESENTED, need=need)
    base = f"staff/needs/{need.pk}/cohorts/{cohort.pk}/trainees/"

    enrolled = send(advisor, "post", base, {"presentation": presentation.pk})
    assert enrolled.status_code == 201, enrolled.content
    enrolment_id = enrolled.json()["id"]
    assert send(advisor, "get", base).json()[0]["candidate"] == presentation.candidate_id

    again = send(advisor, "post", base, {"presentation": presentation.pk})
    assert again.status_code == 400

    left = send(advisor, "post", f"{base}{enrolment_id}/drop-out/", {"reason": "schedule"})
    assert left.status_code == 200
    assert left.json()["status"] == EnrolmentStatus.DROPPED_OUT
    assert TrainingCohort.objects.get(pk=cohort.pk).seats_taken == 0
    assert Presentation.objects.get(pk=presentation.pk).status == PresentationStatus.WITHDRAWN
    assert CohortEnrolment.objects.get(pk=enrolment_id).drop_out_reason == "schedule"


def test_an_employer_cannot_reach_another_employers_cohorts(send, need):
    other = UserFactory()
    MembershipFactory(
        user=other, role=MembershipRole.EMPLOYER_MEMBER, employer=StaffingNeedFactory().employer, platform=None
    )
    assert send(other, "get", f"employer/needs/{need.pk}/cohorts/").status_code == 404
    assert send(other, "post", f"employer/needs/{need.pk}/cohorts/", BODY).status_code == 404

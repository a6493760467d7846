"""The review page's training cohorts: the gauge, and each form posted as staff would (errors kept in place)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.enums import CohortStatus
from employers.models import TrainingCohort
from matching.enums import DropOutReason, EnrolmentStatus, PresentationStatus
from matching.models import CohortEnrolment, Presentation
from matching.services.cohorts import cohort_enrol
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.employers.factories import StaffingNeedFactory, TrainingCohortFactory, cohort_form_data
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
START = timezone.localdate() + datetime.timedelta(days=20)


@pytest.fixture
def need(platform):
    return StaffingNeedFactory(open=True, employer__platform=platform, title="Téléconseillers Roubaix")


@pytest.fixture
def staff(client, advisor):
    client.force_login(advisor)
    return client


def url(name: str, *args) -> str:
    return reverse(f"staff:{name}", args=list(args))


def cohort_data(prefix: str, **changes) -> dict[str, object]:
    return cohort_form_data(prefix, **changes)


def test_the_page_shows_each_cohorts_gauge(staff, need):
    cohort = TrainingCohortFactory(need=need, capacity=12, seats_taken=0, training_body="GRETA Lille Métropole")
    cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=need), cohort=cohort, by=None)

    page = staff.get(url("need_review", need.pk)).content.decode()

    assert "GRETA Lille Métropole" in page
    assert 'id="review-cohorts"' in page
    assert '<meter min="0" max="12" value="1"' in page
    assert cohort.place.replace("'", "&#x27;") in page


def test_a_cohort_is_planned_from_the_page(staff, need):
    response = staff.post(url("need_review_cohort_create", need.pk), cohort_data("cohort-new"))

    assert response.status_code == 302
    assert response["Location"].endswith("#review-cohorts")
    cohort = TrainingCohort.objects.get(need=need)
    assert (cohort.training_body, cohort.capacity, cohort.status) == ("AFPA Roubaix", 12, CohortStatus.PLANNED)


def test_a_wrong_cohort_is_shown_again_with_its_errors_and_what_was_typed(staff, need):
    data = cohort_data("cohort-new", ends_on=(START - datetime.timedelta(days=1)).isoformat(), training_body="IFPA")

    response = staff.post(url("need_review_cohort_create", need.pk), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Une session ne peut pas finir avant de commencer." in page
    assert 'value="IFPA"' in page
    assert not TrainingCohort.objects.exists()


def test_a_cohort_is_changed_but_not_below_its_seats_taken(staff, need):
    cohort = TrainingCohortFactory(need=need, capacity=12, seats_taken=5)

    refused = staff.post(
        url("need_review_cohort_update", need.pk, cohort.pk), cohort_data(f"cohort{cohort.pk}", capacity="4")
    )
    assert refused.status_code == 200
    assert "5 places sont déjà prises" in refused.content.decode()

    saved = staff.post(
        url("need_review_cohort_update", need.pk, cohort.pk), cohort_data(f"cohort{cohort.pk}", capacity="5")
    )
    assert saved.status_code == 302
    assert TrainingCohort.objects.get(pk=cohort.pk).capacity == 5


def test_a_presented_candidate_is_enrolled_and_the_trainee_completes_into_a_hire(staff, need):
    cohort = TrainingCohortFactory(need=need)
    presentation = presentation_in(Status.PRESENTED, need=need)

    response = staff.post(
        url("need_review_cohort_enrol", need.pk, cohort.pk), {f"cohort{cohort.pk}-enrol-presentation": presentation.pk}
    )
    assert response.status_code == 302
    enrolment = CohortEnrolment.objects.get(presentation=presentation)

    staff.post(url("need_review_cohort_status", need.pk, cohort.pk), {"to_status": CohortStatus.RUNNING})
    attendance = staff.post(
        url("need_review_trainee_attendance", need.pk, cohort.pk, enrolment.pk),
        {
            f"trainee{enrolment.pk}-attendance-days_attended": "10",
            f"trainee{enrolment.pk}-attendance-days_missed": "1",
        },
    )
    completed = staff.post(url("need_review_trainee_complete", need.pk, cohort.pk, enrolment.pk))

    assert (attendance.status_code, completed.status_code) == (302, 302)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.days_attended, enrolment.days_missed) == (EnrolmentStatus.COMPLETED, 10, 1)
    assert Presentation.objects.get(pk=presentation.pk).status == Status.HIRED


def test_a_drop_out_needs_its_reason_then_frees_the_seat(staff, need):
    cohort = TrainingCohortFactory(need=need)
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=need), cohort=cohort, by=None)
    prefix = f"trainee{enrolment.pk}-drop-out"
    drop_out = url("need_review_trainee_drop_out", need.pk, cohort.pk, enrolment.pk)

    refused = staff.post(drop_out, {f"{prefix}-reason": DropOutReason.OTHER, f"{prefix}-comment": ""})
    assert refused.status_code == 200
    assert "Expliquez le motif dans le commentaire." in refused.content.decode()

    done = staff.post(drop_out, {f"{prefix}-reason": DropOutReason.SCHEDULE, f"{prefix}-comment": "Trajets"})
    assert done.status_code == 302
    assert TrainingCohort.objects.get(pk=cohort.pk).seats_taken == 0
    assert Presentation.objects.get(pk=enrolment.presentation_id).status == Status.WITHDRAWN


def test_a_full_cohort_says_so_and_never_fails(staff, need):
    cohort = TrainingCohortFactory(need=need, capacity=1)
    cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=need), cohort=cohort, by=None)
    other = presentation_in(Status.PRESENTED, need=need)

    response = staff.post(
        url("need_review_cohort_enrol", need.pk, cohort.pk),
        {f"cohort{cohort.pk}-enrol-presentation": other.pk},
        follow=True,
    )

    assert response.status_code == 200
    assert Presentation.objects.get(pk=other.pk).status == Status.PRESENTED


def test_another_platforms_staff_find_nothing(client, need):
    cohort = TrainingCohortFactory(need=need)
    client.force_login(AdvisorFactory(memberships__platform=PlatformFactory()))

    assert client.post(url("need_review_cohort_create", need.pk), cohort_data("cohort-new")).status_code == 404
    assert (
        client.post(url("need_review_cohort_status", need.pk, cohort.pk), {"to_status": "running"}).status_code == 404
    )
    assert not TrainingCohort.objects.exclude(pk=cohort.pk).exists()


def test_a_cohort_of_another_need_is_not_found(staff, need):
    foreign = TrainingCohortFactory()
    response = staff.post(url("need_review_cohort_status", need.pk, foreign.pk), {"to_status": "running"})
    assert response.status_code == 404


def test_a_trainee_leaves_through_the_cohort_not_the_presentations_end_form(staff, need):
    cohort = TrainingCohortFactory(need=need)
    enrolment = cohort_enrol(presentation=presentation_in(Status.PRESENTED, need=need), cohort=cohort, by=None)

    page = staff.get(url("need_review", need.pk)).content.decode()

    assert f'name="p{enrolment.presentation_id}-end-to_status"' not in page
    assert f'name="trainee{enrolment.pk}-drop-out-reason"' in page

"""A need's training cohorts in the portal: the employer sees the gauges and trainees' pseudonyms, and plans or
changes a cohort of their own need; anyone else finds nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import MembershipRole
from employers.enums import CohortFunder, CohortStatus, TrainingKind
from employers.models import TrainingCohort
from matching.enums import PresentationStatus
from matching.services.cohorts import cohort_enrol
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import StaffingNeedFactory, TrainingCohortFactory, cohort_form_data
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

START = timezone.localdate() + datetime.timedelta(days=20)


@pytest.fixture
def need(platform):
    return StaffingNeedFactory(open=True, employer__platform=platform)


@pytest.fixture
def member(client, need):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    client.force_login(user)
    return user


def data(prefix: str, **changes) -> dict[str, object]:
    return cohort_form_data(
        prefix, kind=TrainingKind.POEI, training_body="Centre de formation Tertiaire", capacity=8, **changes
    )


def test_the_employer_sees_the_gauge_and_trainees_by_pseudonym_only(client, member, need):
    cohort = TrainingCohortFactory(need=need, capacity=10, training_body="AFPA Lomme")
    candidate = CandidateFactory(presentable=True, platform=need.employer.platform, last_name="Zéphyrin")
    SensitiveSituationFactory(candidate=candidate, has_disability_recognition=True)
    cohort_enrol(
        presentation=presentation_in(PresentationStatus.PRESENTED, need=need, candidate=candidate),
        cohort=cohort,
        by=None,
    )

    page = client.get(reverse("portal:need_detail", args=[need.pk])).content.decode()

    assert "AFPA Lomme" in page
    assert '<meter min="0" max="10" value="1"' in page
    assert "Zéphyrin" not in page
    assert "RQTH" not in page


def test_the_employer_plans_a_cohort_of_their_need(client, member, need):
    response = client.post(reverse("portal:need_cohort_create", args=[need.pk]), data("cohort-new"))

    assert response.status_code == 302
    cohort = TrainingCohort.objects.get(need=need)
    assert (cohort.training_body, cohort.capacity, cohort.status) == (
        "Centre de formation Tertiaire",
        8,
        CohortStatus.PLANNED,
    )


def test_a_refused_change_is_shown_on_its_field_with_what_was_typed(client, member, need):
    cohort = TrainingCohortFactory(need=need, capacity=10, seats_taken=7)

    response = client.post(
        reverse("portal:need_cohort_update", args=[need.pk, cohort.pk]),
        data(f"cohort{cohort.pk}", place="Douai", funder=CohortFunder.EMPLOYER) | {f"cohort{cohort.pk}-capacity": "3"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "7 places sont déjà prises" in page
    assert 'value="Douai"' in page
    assert TrainingCohort.objects.get(pk=cohort.pk).capacity == 10


def test_another_employer_finds_nothing(client, need):
    cohort = TrainingCohortFactory(need=need)
    other = UserFactory()
    MembershipFactory(
        user=other, role=MembershipRole.EMPLOYER_MEMBER, employer=StaffingNeedFactory().employer, platform=None
    )
    client.force_login(other)

    assert client.post(reverse("portal:need_cohort_create", args=[need.pk]), data("cohort-new")).status_code == 404
    assert (
        client.post(
            reverse("portal:need_cohort_update", args=[need.pk, cohort.pk]), data(f"cohort{cohort.pk}")
        ).status_code
        == 404
    )
    assert TrainingCohort.objects.count() == 1

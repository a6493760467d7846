"""A need's training cohorts: created and changed with their checks, field by field, their status and their waves."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from employers.cohorts import CohortDetails, cohort_create, cohort_status_change, cohort_update, wave_cohort_link
from employers.enums import CohortFunder, CohortStatus, NeedStatus, TrainingKind
from employers.models import RecruitingWave, TrainingCohort
from tests.employers.factories import StaffingNeedFactory, TrainingCohortFactory

pytestmark = pytest.mark.django_db

START = timezone.localdate() + datetime.timedelta(days=20)
DETAILS = CohortDetails(
    kind=TrainingKind.POEC,
    training_body="  AFPA Lille  ",
    place="Lille, 5 rue Nationale",
    starts_on=START,
    ends_on=START + datetime.timedelta(days=27),
    capacity=14,
    funder=CohortFunder.FRANCE_TRAVAIL,
)


def refusal(call) -> dict[str, list[str]]:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


def test_a_cohort_is_created_planned_and_empty(advisor):
    need = StaffingNeedFactory(open=True)

    cohort = cohort_create(need=need, details=DETAILS, by=advisor)

    stored = TrainingCohort.objects.get(pk=cohort.pk)
    assert (stored.need, stored.status, stored.seats_taken, stored.capacity) == (need, CohortStatus.PLANNED, 0, 14)
    assert stored.training_body == "AFPA Lille"
    assert stored.seats_left == 14


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": START - datetime.timedelta(days=1)}, "ends_on", "A cohort cannot end before it starts."),
        ({"capacity": 0}, "capacity", "A cohort has between 1 and 100 seats."),
        ({"capacity": 101}, "capacity", "A cohort has between 1 and 100 seats."),
        ({"capacity": None}, "capacity", "A cohort has between 1 and 100 seats."),
        ({"training_body": "  "}, "training_body", "Name the training body."),
        ({"place": ""}, "place", "Give the place of the training."),
        ({"kind": "evening_class"}, "kind", "Choose the kind of training."),
        ({"funder": ""}, "funder", "Choose who funds the training."),
        ({"starts_on": None}, "starts_on", "Give the first day of the training."),
        ({"place": "Lille\nRoubaix"}, "place", None),
        ({"training_body": "x" * 201}, "training_body", None),
    ],
)
def test_each_wrong_field_is_refused_with_its_own_message(changes, field, message, advisor):
    need = StaffingNeedFactory(open=True)

    errors = refusal(lambda: cohort_create(need=need, details=dataclasses.replace(DETAILS, **changes), by=advisor))

    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert not TrainingCohort.objects.exists()


@pytest.mark.parametrize("need_status", [NeedStatus.CLOSED, NeedStatus.CANCELLED])
def test_a_closed_or_cancelled_need_takes_no_cohort(need_status, advisor):
    need = StaffingNeedFactory(status=need_status)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        cohort_create(need=need, details=DETAILS, by=advisor)
    assert raised.value.code == "need_closed"
    assert not TrainingCohort.objects.exists()


def test_an_update_changes_the_details_but_never_below_the_seats_taken(advisor):
    cohort = TrainingCohortFactory(capacity=12, seats_taken=9)

    errors = refusal(
        lambda: cohort_update(cohort=cohort, details=dataclasses.replace(DETAILS, capacity=8), by=advisor)
    )
    assert errors == {"capacity": ["9 seats are already taken: the cohort cannot have fewer."]}
    assert TrainingCohort.objects.get(pk=cohort.pk).capacity == 12

    updated = cohort_update(cohort=cohort, details=dataclasses.replace(DETAILS, capacity=9), by=advisor)
    assert TrainingCohort.objects.values_list("capacity", "seats_taken", "place").get(pk=updated.pk) == (
        9,
        9,
        DETAILS.place,
    )


@pytest.mark.parametrize("status", [CohortStatus.COMPLETED, CohortStatus.CANCELLED])
def test_an_ended_cohort_is_not_changed(status, advisor):
    cohort = TrainingCohortFactory(status=status)
    with pytest.raises(ValidationError) as raised:
        cohort_update(cohort=cohort, details=DETAILS, by=advisor)
    assert raised.value.code == "cohort_closed"


def test_a_cohort_of_a_need_closed_since_is_not_changed(advisor):
    cohort = TrainingCohortFactory(need__status=NeedStatus.CLOSED)
    with pytest.raises(ValidationError) as raised:
        cohort_update(cohort=cohort, details=DETAILS, by=advisor)
    assert raised.value.code == "need_closed"


@pytest.mark.parametrize(
    ("from_status", "to_status", "allowed"),
    [
        (CohortStatus.PLANNED, CohortStatus.RUNNING, True),
        (CohortStatus.PLANNED, CohortStatus.CANCELLED, True),
        (CohortStatus.RUNNING, CohortStatus.COMPLETED, True),
        (CohortStatus.PLANNED, CohortStatus.COMPLETED, False),
        (CohortStatus.COMPLETED, CohortStatus.RUNNING, False),
        (CohortStatus.CANCELLED, CohortStatus.PLANNED, False),
        (CohortStatus.RUNNING, "paused", False),
    ],
)
def test_cohort_status_changes_follow_the_table(from_status, to_status, allowed, advisor):
    cohort = TrainingCohortFactory(status=from_status)
    if allowed:
        cohort_status_change(cohort=cohort, to_status=to_status, by=advisor)
        assert TrainingCohort.objects.get(pk=cohort.pk).status == to_status
    else:
        with pytest.raises(ValidationError) as raised:
            cohort_status_change(cohort=cohort, to_status=to_status, by=advisor)
        assert raised.value.code == "invalid_transition"
        assert TrainingCohort.objects.get(pk=cohort.pk).status == from_status


def test_a_cohort_with_trainees_is_not_cancelled(advisor):
    cohort = TrainingCohortFactory(seats_taken=1)
    with pytest.raises(ValidationError) as raised:
        cohort_status_change(cohort=cohort, to_status=CohortStatus.CANCELLED, by=advisor)
    assert raised.value.code == "cohort_has_trainees"


def test_a_wave_is_fed_by_a_cohort_of_its_own_need_only(advisor):
    cohort = TrainingCohortFactory()
    wave = RecruitingWave.objects.create(need=cohort.need, starts_on=cohort.ends_on, hires_planned=10)
    foreign = RecruitingWave.objects.create(need=StaffingNeedFactory(open=True), starts_on=START, hires_planned=5)

    errors = refusal(lambda: wave_cohort_link(wave=foreign, cohort=cohort, by=advisor))
    assert errors == {"cohort": ["A wave is trained by a cohort of its own need."]}
    assert RecruitingWave.objects.get(pk=foreign.pk).cohort is None

    wave_cohort_link(wave=wave, cohort=cohort, by=advisor)
    assert RecruitingWave.objects.get(pk=wave.pk).cohort == cohort
    wave_cohort_link(wave=wave, cohort=None, by=advisor)
    assert RecruitingWave.objects.get(pk=wave.pk).cohort is None

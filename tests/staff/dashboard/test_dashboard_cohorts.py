"""Entries into a training cohort among the dashboard's solutions, counted once even when the trainee is hired."""

import datetime

import pytest

from employers.enums import CohortStatus
from matching.enums import DropOutReason, PresentationStatus
from matching.services.cohorts import cohort_complete, cohort_drop_out, cohort_enrol
from staff.dashboard.selectors import DateRange, dashboard_solutions
from tests.accounts.factories import PlatformFactory
from tests.employers.factories import TrainingCohortFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db


def test_an_enrolment_is_an_entry_into_training_until_the_trainee_is_hired(platform):
    cohort = TrainingCohortFactory(need__employer__platform=platform)
    staying, leaving, hired = (presentation_in(PresentationStatus.PRESENTED, need=cohort.need) for _ in range(3))
    cohort_enrol(presentation=staying, cohort=cohort, by=None)
    cohort_drop_out(
        enrolment=cohort_enrol(presentation=leaving, cohort=cohort, by=None),
        reason=DropOutReason.SCHEDULE,
        comment="",
        by=None,
    )
    to_hire = cohort_enrol(presentation=hired, cohort=cohort, by=None)
    cohort.status = CohortStatus.RUNNING
    cohort.save(update_fields=["status"])
    cohort_complete(enrolment=to_hire, by=None)

    figures = dashboard_solutions(platform_ids=[platform.pk])

    # The trainee still in training and the one who left are entries into training; the one hired is a hire.
    assert figures == {
        "hires": 1,
        "solution_hires": 1,
        "other_hires": 0,
        "trainings": 2,
        "solutions": 3,
        "outcomes": 3,
        "share": 100.0,
    }
    assert dashboard_solutions(platform_ids=[PlatformFactory().pk])["trainings"] == 0
    before_the_cohort = DateRange(end=cohort.starts_on - datetime.timedelta(days=1))
    assert dashboard_solutions(platform_ids=[platform.pk], date_range=before_the_cohort)["trainings"] == 0
    on_its_first_day = DateRange(start=cohort.starts_on, end=cohort.starts_on)
    assert dashboard_solutions(platform_ids=[platform.pk], date_range=on_its_first_day)["trainings"] == 2

"""The dashboard's shares of hires by sensitive group survive the anonymisation of the people hired.

Anonymisation deletes a person's sensitive situation. Their hires are first added to ``AnonymisedHireTally`` (per
platform and whole month, counts only), which the dashboard adds back (matching/services/hire_tallies.py).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import SensitiveSituation
from matching.enums import PositiveActionGroup, PresentationStatus
from matching.models import AnonymisedHireTally
from matching.personal_data import ErasureReason, candidate_anonymise
from matching.services.candidate_merge import candidate_merge
from staff.dashboard.selectors import DateRange, dashboard_sensitive_groups
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

RQTH = PositiveActionGroup.DISABILITY_RECOGNITION
HIRED_ON = datetime.date(2026, 3, 10)
WHOLE_MARCH = DateRange(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))
PART_OF_MARCH = DateRange(start=datetime.date(2026, 3, 5), end=datetime.date(2026, 3, 31))


def group(figures: dict, name: str) -> dict:
    return next(entry for entry in figures["groups"] if entry["group"] == name)


@pytest.fixture
def hired(platform):
    """Seven people hired on 10 March on a need of the platform, six of them with a disability recognition."""
    need = StaffingNeedFactory(open=True, employer__platform=platform, headcount=10)
    closed_at = timezone.make_aware(datetime.datetime.combine(HIRED_ON, datetime.time(14, 0)))
    people = []
    for number in range(7):
        person = CandidateFactory(platform=platform, presentable=True)
        SensitiveSituationFactory(candidate=person, has_disability_recognition=number < 6, is_under_26=number == 0)
        presentation_in(PresentationStatus.HIRED, need=need, candidate=person, closed_at=closed_at)
        people.append(person)
    return people


def test_the_shares_by_group_are_the_same_after_every_person_hired_is_anonymised(platform, advisor, hired):
    platform_ids = [platform.pk]
    before = {
        "all time": dashboard_sensitive_groups(platform_ids=platform_ids),
        "whole month": dashboard_sensitive_groups(platform_ids=platform_ids, date_range=WHOLE_MARCH),
    }
    assert group(before["all time"], RQTH)["count"] == 6
    assert before["all time"]["hires"] == 7

    for person in hired:
        candidate_anonymise(candidate=person, by=advisor, reason=ErasureReason.RETENTION)

    assert not SensitiveSituation.objects.filter(candidate__in=hired).exists()
    assert dashboard_sensitive_groups(platform_ids=platform_ids) == before["all time"]
    assert dashboard_sensitive_groups(platform_ids=platform_ids, date_range=WHOLE_MARCH) == before["whole month"]
    # What is kept is counts per platform, month and group: no row names a person or a day.
    assert sorted(AnonymisedHireTally.objects.values_list("platform_id", "month", "group", "hires")) == [
        (platform.pk, datetime.date(2026, 3, 1), RQTH, 6),
        (platform.pk, datetime.date(2026, 3, 1), PositiveActionGroup.UNDER_26, 1),
    ]


def test_a_range_that_cuts_a_month_counts_the_whole_month_before_and_after(platform, advisor, hired):
    """Two ranges a day apart never differ by one person's group: the figure covers whole months."""
    cut = dashboard_sensitive_groups(platform_ids=[platform.pk], date_range=PART_OF_MARCH)
    assert cut == dashboard_sensitive_groups(platform_ids=[platform.pk], date_range=WHOLE_MARCH)
    after_the_hires = DateRange(start=datetime.date(2026, 3, 11), end=datetime.date(2026, 3, 20))
    assert dashboard_sensitive_groups(platform_ids=[platform.pk], date_range=after_the_hires) == cut

    for person in hired:
        candidate_anonymise(candidate=person, by=advisor, reason=ErasureReason.REQUEST)

    assert dashboard_sensitive_groups(platform_ids=[platform.pk], date_range=PART_OF_MARCH) == cut
    assert group(cut, RQTH)["count"] == 6


def test_a_hire_without_its_date_is_counted_nowhere(platform, advisor, hired):
    from matching.models import Presentation

    Presentation.objects.filter(candidate=hired[0]).update(closed_at=None)
    candidate_anonymise(candidate=hired[0], by=advisor, reason=ErasureReason.REQUEST)

    assert not AnonymisedHireTally.objects.exists()


def test_an_anonymised_profile_is_never_merged(platform, advisor, hired):
    """Its hires are already in the tallies: merged into a kept profile, they would be counted twice."""
    candidate_anonymise(candidate=hired[0], by=advisor, reason=ErasureReason.REQUEST)
    with pytest.raises(ValidationError, match="anonymisé"):
        candidate_merge(keep=hired[1], remove=hired[0], by=advisor)
    with pytest.raises(ValidationError, match="anonymisé"):
        candidate_merge(keep=hired[0], remove=hired[1], by=advisor)


def test_other_platforms_and_months_are_not_counted(platform, advisor, hired):
    for person in hired:
        candidate_anonymise(candidate=person, by=advisor, reason=ErasureReason.REQUEST)
    april = DateRange(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 4, 30))

    assert group(dashboard_sensitive_groups(platform_ids=[platform.pk], date_range=april), RQTH)["is_suppressed"]
    other = dashboard_sensitive_groups(platform_ids=[platform.pk + 1000])
    assert other["hires"] is None
    assert group(other, RQTH)["count"] is None

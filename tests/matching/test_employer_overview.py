"""An employer's home counts: presentations to answer, interviews this ISO week, needs with candidates presented in
the last seven days; only the employer's own, in a fixed number of queries."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from matching.employer_overview import employer_overview, employer_overview_list, iso_week_bounds
from matching.enums import PresentationStatus
from tests.employers.factories import StaffingNeedFactory
from tests.matching.factories import CollectiveSessionFactory
from tests.matching.presentation_world import presentation_in
from tests.portal.test_need_views import member_of

pytestmark = pytest.mark.django_db

Status = PresentationStatus
# A Wednesday at noon: its ISO week runs from Monday 2 to Sunday 8 March 2026.
NOW = timezone.make_aware(datetime.datetime(2026, 3, 4, 12, 0))


def at(days: float) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days)


@pytest.fixture
def world():
    need = StaffingNeedFactory(open=True)
    other_need = StaffingNeedFactory(open=True, employer=need.employer)
    quiet_need = StaffingNeedFactory(open=True, employer=need.employer)
    foreign = StaffingNeedFactory(open=True)
    presentation_in(Status.PRESENTED, need=need, presented_at=at(-1))
    presentation_in(Status.PRESENTED, need=other_need, presented_at=at(-3))
    presentation_in(Status.PRESENTED, need=quiet_need, presented_at=at(-20))
    presentation_in(Status.SHORTLISTED, need=need)  # not presented: the employer does not know of it
    presentation_in(Status.INTERVIEW_SCHEDULED, need=need, presented_at=at(-30), interview_at=at(-2.4))  # Monday
    presentation_in(Status.INTERVIEW_SCHEDULED, need=quiet_need, presented_at=at(-30), interview_at=at(4.4))  # Sun
    presentation_in(Status.INTERVIEW_SCHEDULED, need=need, presented_at=at(-30), interview_at=at(5))  # next week
    presentation_in(Status.INTERVIEW_SCHEDULED, need=need, presented_at=at(-30), interview_at=at(-3))  # last week
    presentation_in(Status.PRESENTED, need=foreign, presented_at=at(-1))
    presentation_in(Status.INTERVIEW_SCHEDULED, need=foreign, presented_at=at(-1), interview_at=at(1))
    return {"need": need, "member": member_of(need.employer), "foreign_member": member_of(foreign.employer)}


def test_the_iso_week_runs_from_monday_to_monday():
    start, end = iso_week_bounds(datetime.date(2026, 3, 8))
    assert (start.date(), end.date()) == (datetime.date(2026, 3, 2), datetime.date(2026, 3, 9))


def test_the_counts_are_the_employer_s_own(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        overview = employer_overview(user=world["member"], now=NOW)
    assert overview.to_answer == 3
    assert overview.interviews_this_week == 2
    assert overview.needs_recently_presented == 2
    assert overview.sessions_coming == 0


def test_the_sessions_coming_are_those_serving_the_employer_s_needs(world):
    need = world["need"]
    other_need = StaffingNeedFactory(open=True, employer=need.employer)
    CollectiveSessionFactory(needs=[need, other_need], starts_at=at(2))  # counted once for two needs
    CollectiveSessionFactory(job_dating=True, needs=[other_need], starts_at=at(10))
    CollectiveSessionFactory(needs=[need], starts_at=at(-1))  # over
    CollectiveSessionFactory(needs=[need], starts_at=at(3), cancelled_at=at(-2))
    CollectiveSessionFactory(needs=[StaffingNeedFactory(open=True)], starts_at=at(2))  # another employer's
    assert employer_overview(user=world["member"], now=NOW).sessions_coming == 2


def test_another_employer_counts_only_its_own(world):
    overview = employer_overview(user=world["foreign_member"], now=NOW)
    assert (overview.to_answer, overview.interviews_this_week, overview.needs_recently_presented) == (1, 1, 1)


def test_the_number_of_queries_does_not_grow_with_the_presentations(world, django_assert_max_num_queries):
    for _number in range(20):
        presentation_in(Status.PRESENTED, need=world["need"], presented_at=at(-1))
    with django_assert_max_num_queries(3):
        assert employer_overview(user=world["member"], now=NOW).to_answer == 23


def test_each_list_holds_what_its_count_counts_without_names(world):
    rows = employer_overview_list(user=world["member"], code="interviews_this_week", now=NOW)
    assert [row.interview_at for row in rows] == [at(-2.4), at(4.4)]
    assert all(row.pseudonym for row in rows)
    recent = employer_overview_list(user=world["member"], code="recently_presented", now=NOW)
    assert len(recent) == 2
    assert len(employer_overview_list(user=world["member"], code="to_answer", now=NOW)) == 3


def test_an_unknown_list_or_a_non_member_is_not_found(world, advisor):
    with pytest.raises(Http404):
        employer_overview_list(user=world["member"], code="everything", now=NOW)
    with pytest.raises(Http404):
        employer_overview(user=advisor, now=NOW)

"""The to-do page's reads: each section holds what it should, only of the user's platforms, in fixed queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.enums import PresentationStatus
from matching.todo_selectors import todo_counts, todo_sections
from referentials.calendar import working_days_before
from tests.accounts.factories import AdvisorFactory
from tests.matching.presentation_world import presentation_in
from tests.staff.todo.todo_world import todo_world

pytestmark = pytest.mark.django_db

Status = PresentationStatus
EXPECTED = {
    "follow_ups": ["follow"],
    "employer_answers": ["asked", "slots"],
    "unanswered": ["silent"],
    "links": ["link"],
    "hand_offs": ["hand"],
    # Partners' proposals have their own tests (tests/matching/test_referral_selectors.py).
    "referrals": [],
    "suggestions": ["strong"],
    "retention": ["kept"],
    # The world's needs are new: none without activity (tests/matching/services/test_stale_needs.py).
    "stale_needs": [],
}


def _names(section) -> list[str]:
    candidates = [row if section.name == "retention" else row.candidate for row in section.rows]
    return sorted(candidate.last_name[1:] for candidate in candidates)


def test_each_section_holds_its_items_and_none_of_another_platform():
    ours = todo_world(prefix="A")
    todo_world(prefix="B")  # another platform, one item in every section too
    sections = {section.name: section for section in todo_sections(user=ours.advisor, mine=True)}
    assert {name: _names(section) for name, section in sections.items()} == EXPECTED
    assert {name: section.total for name, section in sections.items()} == {k: len(v) for k, v in EXPECTED.items()}
    assert todo_counts(user=ours.advisor) == {name: len(names) for name, names in EXPECTED.items()}


def test_mine_keeps_the_candidates_the_user_follows_and_the_platform_s_keeps_all():
    ours = todo_world(prefix="A")
    colleague = AdvisorFactory(memberships__platform=ours.platform)
    assert sum(todo_counts(user=colleague, mine=True).values()) == 0
    assert todo_counts(user=colleague, mine=False) == todo_counts(user=ours.advisor, mine=True)


def test_what_is_not_due_yet_done_or_answered_in_time_is_not_listed():
    ours = todo_world(prefix="A")
    today = timezone.localdate()
    need = ours.people["follow"].presentations.get().need
    later = presentation_in(Status.HIRED, need=need, follow_up_due_on=today + datetime.timedelta(days=30))
    done = presentation_in(
        Status.HIRED,
        need=need,
        follow_up_due_on=today,
        followed_up_at=timezone.now(),
        follow_up_checked_on=today,
        follow_up_result="same_employer",
    )
    recent = presentation_in(Status.PRESENTED, need=need, presented_at=timezone.now())
    for presentation in (later, done, recent):
        presentation.candidate.advisor = ours.advisor
        presentation.candidate.save(update_fields=["advisor"])
    counts = todo_counts(user=ours.advisor)
    assert (counts["follow_ups"], counts["unanswered"]) == (1, 1)


def test_working_days_skip_the_weekend():
    monday = datetime.date(2026, 12, 7)
    assert working_days_before(monday, 5) == datetime.date(2026, 11, 30)
    assert working_days_before(monday, 1) == datetime.date(2026, 12, 4)


def test_the_sections_are_read_in_the_same_queries_for_one_item_or_many():
    ours = todo_world(prefix="A")
    todo_sections(user=ours.advisor)  # the user's memberships, read once per user object
    with CaptureQueriesContext(connection) as few:
        todo_sections(user=ours.advisor)
    for _ in range(3):
        todo_world(ours.platform, prefix="C", advisor=ours.advisor)
    with CaptureQueriesContext(connection) as many:
        sections = todo_sections(user=ours.advisor)
    assert sum(section.total for section in sections) == 4 * 8
    assert len(many) == len(few) == 9  # one query a section
    with CaptureQueriesContext(connection) as counted:
        todo_counts(user=ours.advisor)
    assert len(counted) == 1

"""A process's kept columns (``matching.warm_columns``) read as a full reading would, after every kind of change,
including a change committed late by a transaction that began before the columns were brought up to date."""

import contextlib
import threading
from collections.abc import Callable, Iterator

import pytest
from django.db import connection, connections, transaction

from candidates.enums import CandidateStatus
from candidates.models import Candidate, CandidateSkill
from matching import warm_columns
from matching.columns_loader import candidate_columns_load
from matching.warm_columns import candidate_columns_current, warm_columns_state
from tests.candidates.factories import CandidateFactory
from tests.matching.engine.builders import assert_same_presentable
from tests.referentials.factories import CommuneFactory, OccupationFactory, SkillFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the change feed is PostgreSQL's"),
]


@pytest.fixture(autouse=True)
def kept(settings):
    settings.MATCHING_WARM_COLUMNS = True
    warm_columns.warm_columns_forget()
    yield
    warm_columns.warm_columns_forget()


@pytest.fixture
def people():
    commune = CommuneFactory()
    occupation = OccupationFactory(rome_code="D1408")
    skill = SkillFactory()
    people = [CandidateFactory(presentable=True, commune=commune, experience_years=years) for years in range(4)]
    for person in people:
        person.desired_occupations.add(occupation)
    return people, commune, skill


def check() -> None:
    """The kept columns, brought up to date, against a full reading made now."""
    assert_same_presentable(candidate_columns_current(), candidate_columns_load())


def test_the_kept_columns_follow_each_change_without_reading_everything_again(people):
    people, commune, skill = people
    check()
    assert warm_columns_state().full_readings == 1

    CandidateSkill.objects.create(candidate=people[0], skill=skill)
    check()
    Candidate.objects.filter(pk=people[1].pk).update(status=CandidateStatus.PAUSED)
    check()
    CandidateFactory(presentable=True, commune=commune)
    check()
    people[2].delete()
    check()
    Candidate.objects.filter(pk=people[1].pk).update(status=CandidateStatus.ACTIVE, experience_years=9)
    check()
    Candidate.objects.filter(pk=people[3].pk).update(phone="06 00 00 00 00")  # nothing to reload
    check()

    state = warm_columns_state()
    assert state.full_readings == 1
    assert state.updates == 5


@contextlib.contextmanager
def transaction_held_open(work: Callable[[], object]) -> Iterator[object]:
    """``work`` done in a transaction of a second connection, left open until the block ends; yields its result."""
    began, release, done = threading.Event(), threading.Event(), threading.Event()
    result: list[object] = []

    def in_transaction() -> None:
        try:
            with transaction.atomic():
                result.append(work())
                began.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()
            done.set()

    threading.Thread(target=in_transaction).start()
    try:
        assert began.wait(timeout=30)
        yield result[0]
    finally:
        release.set()
        assert done.wait(timeout=30)


def test_a_change_committed_after_a_reading_by_a_transaction_begun_before_it_is_seen(people):
    people, _commune, _skill = people
    check()
    with transaction_held_open(lambda: Candidate.objects.filter(pk=people[0].pk).update(experience_years=12)):
        # Read while the writer's transaction is open: its change is not committed, so not seen yet.
        columns = candidate_columns_current()
        assert columns.experience_years[columns.ids.tolist().index(people[0].pk)] == 0

    columns = candidate_columns_current()
    assert columns.experience_years[columns.ids.tolist().index(people[0].pk)] == 12
    assert warm_columns_state().full_readings == 1


def _transaction_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        return int(cursor.fetchone()[0])


def test_a_long_transaction_elsewhere_makes_no_later_read_meet_a_row_again(people):
    people, _commune, _skill = people
    check()
    with transaction_held_open(_transaction_id) as long_transaction:  # an import or a backup, say
        Candidate.objects.filter(pk=people[0].pk).update(experience_years=7)
        check()
        position = warm_columns_state().position
        assert long_transaction in position.running
        # The change applied is not read again while the long transaction runs: only unseen transactions are asked.
        assert warm_columns._feed_unseen(position)[1] == []
    assert warm_columns_state().full_readings == 1


def test_a_reading_inside_a_transaction_is_kept_by_nobody(people):
    with transaction.atomic():
        candidate_columns_current()
    assert warm_columns_state() is None


def test_a_reference_table_changed_or_old_columns_are_read_again_in_full(people, settings):
    check()
    SkillFactory()
    check()
    assert warm_columns_state().full_readings == 2
    settings.MATCHING_WARM_COLUMNS_MAX_AGE_SECONDS = 0
    check()
    assert warm_columns_state().full_readings == 3

"""A process's kept columns (``matching.warm_columns``) read as a full reading would, after every kind of change,
including a change committed late by a transaction that began before the columns were brought up to date."""

import threading

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


def test_a_change_committed_after_a_reading_by_a_transaction_begun_before_it_is_seen(people):
    people, _commune, _skill = people
    check()
    written, release, done = threading.Event(), threading.Event(), threading.Event()

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                Candidate.objects.filter(pk=people[0].pk).update(experience_years=12)
                written.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()
            done.set()

    threading.Thread(target=slow_writer).start()
    assert written.wait(timeout=30)
    # Read while the writer's transaction is open: its change is not committed, so not seen yet.
    columns = candidate_columns_current()
    assert columns.experience_years[columns.ids.tolist().index(people[0].pk)] == 0
    release.set()
    assert done.wait(timeout=30)

    columns = candidate_columns_current()
    assert columns.experience_years[columns.ids.tolist().index(people[0].pk)] == 12
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

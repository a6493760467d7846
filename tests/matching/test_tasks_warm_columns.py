"""Warm columns in real worker processes: a candidate changed between two runs is in the second run's suggestions,
read from the change feed (not by reading everyone again), and a worker killed and started again reads everyone
afresh, so that nothing changed while it was down is missed."""

import datetime
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from candidates.models import CandidateSkill
from employers.enums import SkillImportance
from employers.models import NeedSkill
from matching.enums import RunStatus
from matching.models import MatchRun, MatchSuggestion
from matching.services.needs import need_matching_changed, need_publish
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import OccupationFactory, SkillFactory, hauts_de_france_communes
from tests.worker_processes import kill_worker, start_worker, stop_worker, wait_until, worker_environment

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the change feed is PostgreSQL's"),
]

TIMEOUT = 90
FULL = "Candidate columns read in full"
UPDATED = "Candidate columns brought up to date: 1 changed"


@pytest.fixture
def world(platform):
    communes = hauts_de_france_communes()
    occupation = OccupationFactory(rome_code="D1408")
    welcome = SkillFactory(slug="accueil-telephonique", label="Accueil téléphonique")
    need = StaffingNeedFactory(
        employer=EmployerFactory(platform=platform),
        site__commune=communes["Lille"],
        occupation=occupation,
        start_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    NeedSkill.objects.create(need=need, skill=welcome, importance=SkillImportance.MUST_HAVE)
    people = []
    for _ in range(3):
        person = CandidateFactory(presentable=True, platform=platform, commune=communes["Lille"])
        person.desired_occupations.set([occupation])
        people.append(person)
    for person in people[:2]:
        CandidateSkill.objects.create(candidate=person, skill=welcome)
    return need, people, welcome


def run_and_wait(need, by, *, publish: bool = False) -> MatchRun:
    with transaction.atomic():
        if publish:
            need_publish(need=need, by=by)
        else:
            need_matching_changed(need=need, by=by)
    run = MatchRun.objects.filter(need=need).order_by("-pk").first()
    assert wait_until(lambda: MatchRun.objects.get(pk=run.pk).is_finished, timeout=TIMEOUT)
    run.refresh_from_db()
    return run


def suggested(need) -> set[int]:
    return set(MatchSuggestion.objects.filter(need=need).values_list("candidate_id", flat=True))


def test_a_change_between_two_runs_is_in_the_second_and_a_restarted_worker_misses_nothing(
    world, advisor, tmp_path: Path
):
    need, people, welcome = world
    environment = worker_environment(MATCHING_WARM_COLUMNS="true")
    worker = start_worker("warm", environment=environment, directory=tmp_path)
    try:
        worker.wait_ready()
        run = run_and_wait(need, advisor, publish=True)
        assert run.status == RunStatus.SUCCEEDED, worker.log()
        assert suggested(need) == {people[0].pk, people[1].pk}

        # The third person learns the required skill: the next run reads them from the feed alone.
        CandidateSkill.objects.create(candidate=people[2], skill=welcome)
        run = run_and_wait(need, advisor)
        assert run.status == RunStatus.SUCCEEDED, worker.log()
        assert suggested(need) == {person.pk for person in people}
        assert worker.log().count(FULL) == 1, worker.log()
        assert UPDATED in worker.log()

        # Killed with its columns in memory; a change while it is down; a new process reads everyone again.
        kill_worker(worker)
        CandidateSkill.objects.filter(candidate=people[0]).delete()
        worker = start_worker("warm-again", environment=environment, directory=tmp_path)
        worker.wait_ready()
        run = run_and_wait(need, advisor)
        assert run.status == RunStatus.SUCCEEDED, worker.log()
        assert suggested(need) == {people[1].pk, people[2].pk}
        assert worker.log().count(FULL) == 1, worker.log()
    finally:
        stop_worker(worker)

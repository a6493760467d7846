"""Runs of the engine executed by a real Celery worker process, through the broker of this test run.

Redis and PostgreSQL in CI, the filesystem transport and SQLite otherwise. The worker's log is kept in the test's
temporary folder and shown when an assertion fails.
"""

import datetime
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from candidates.models import CandidateSkill
from employers.enums import NeedStatus, SkillImportance
from employers.models import NeedSkill, StaffingNeed
from matching.engine.config import PART_NAMES
from matching.enums import RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion
from matching.services.needs import need_publish
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import OccupationFactory, SkillFactory, hauts_de_france_communes
from tests.worker_processes import celery_worker, wait_until, worker_environment

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 90


@pytest.fixture
def world(platform):
    """Candidates in Lille and Arras who want the occupation; a draft need in Lille asking for phone welcome."""
    communes = hauts_de_france_communes()
    occupation = OccupationFactory(rome_code="D1408")
    welcome = SkillFactory(slug="accueil-telephonique", label="Accueil téléphonique")
    employer = EmployerFactory(platform=platform)
    draft = StaffingNeedFactory(
        employer=employer,
        site__commune=communes["Lille"],
        occupation=occupation,
        start_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    NeedSkill.objects.create(need=draft, skill=welcome, importance=SkillImportance.MUST_HAVE)
    candidates = []
    for commune, years in [("Lille", 6), ("Lille", 1), ("Roubaix", 3), ("Arras", 2), ("Arras", 4)]:
        candidate = CandidateFactory(
            presentable=True, platform=platform, commune=communes[commune], experience_years=years
        )
        candidate.desired_occupations.set([occupation])
        CandidateSkill.objects.create(candidate=candidate, skill=welcome)
        candidates.append(candidate)
    return SimpleNamespace(
        communes=communes, occupation=occupation, employer=employer, draft=draft, candidates=candidates
    )


def log_of(path: Path) -> str:
    return f"worker log:\n{path.read_text() if path.exists() else '(none)'}"


def assert_explained(suggestions: list[MatchSuggestion]) -> None:
    assert [s.rank for s in suggestions] == list(range(1, len(suggestions) + 1))
    for suggestion in suggestions:
        assert set(suggestion.parts) == set(PART_NAMES)
        assert sum(suggestion.parts.values()) == suggestion.score


def test_publishing_a_need_gets_its_suggestions_computed_by_a_worker(world, advisor, tmp_path):
    log = tmp_path / "worker.log"
    with celery_worker(environment=worker_environment(), log_path=log):
        with transaction.atomic():
            need_publish(need=world.draft, by=advisor)
            run = MatchRun.objects.get(need=world.draft)
            assert run.status == RunStatus.QUEUED

        assert wait_until(lambda: MatchRun.objects.get(pk=run.pk).is_finished, timeout=TIMEOUT), log_of(log)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, f"{run.error}\n{log_of(log)}"
    assert run.progress_done == run.progress_total == 1
    assert run.attempts == 1
    suggestions = list(MatchSuggestion.objects.filter(need=world.draft).order_by("rank"))
    near = {candidate.pk for candidate in world.candidates[:3]}
    assert {s.candidate_id for s in suggestions} == near, "the three people within reach of Lille"
    assert run.suggestions_stored == 3
    assert all(s.run_id == run.pk for s in suggestions)
    assert_explained(suggestions)


def test_a_full_refresh_sent_with_the_command_is_completed_by_a_worker(world, tmp_path):
    StaffingNeed.objects.filter(pk=world.draft.pk).update(status=NeedStatus.OPEN)
    needs = [world.draft] + [
        StaffingNeedFactory(open=True, employer=world.employer, site__commune=world.communes[name])
        for name in ("Lille", "Arras", "Arras")
    ]
    StaffingNeedFactory(status=NeedStatus.CLOSED, employer=world.employer, site__commune=world.communes["Arras"])
    open_count = len(needs)
    log = tmp_path / "worker.log"
    out = StringIO()

    with celery_worker(environment=worker_environment(MATCHING_SHARD_SIZE="1"), log_path=log):
        call_command("match", "--all", "--timeout", str(TIMEOUT), stdout=out)

    run = MatchRun.objects.get(scope=RunScope.ALL)
    assert run.status == RunStatus.SUCCEEDED, f"{run.error}\n{out.getvalue()}\n{log_of(log)}"
    assert f"Run {run.pk} succeeded" in out.getvalue()
    assert run.progress_done == run.progress_total == open_count
    shards = list(run.shards.all())
    assert len(shards) == open_count, "one need per shard"
    assert all(shard.is_done for shard in shards), log_of(log)
    for need in needs:
        suggestions = list(MatchSuggestion.objects.filter(need=need).order_by("rank"))
        assert suggestions, f"need {need.pk}\n{log_of(log)}"
        assert_explained(suggestions)
    assert run.suggestions_stored == MatchSuggestion.objects.filter(run=run).count() > 0

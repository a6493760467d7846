"""Runs of the engine: requested after a change, executed by a worker, split into shards, re-sent when lost.

The services are called here in the test process, as a worker would call them. Nothing is published to the
broker: its queue is shared with the tests that start real workers, so the ``sent`` fixture records what would
have been sent instead (``tests/matching/test_tasks_runs.py`` covers the real thing).
"""

import datetime
import threading
from collections import Counter
from html.parser import HTMLParser
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from candidates.enums import CandidateStatus
from candidates.models import Candidate, CandidateSkill, SensitiveSituation
from config import celery_app
from employers.enums import NeedStatus, SkillImportance
from employers.models import NeedSkill, StaffingNeed
from matching import tasks
from matching.engine.config import PART_NAMES, SCORING
from matching.enums import PositiveActionGroup, RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion, PositiveActionQuota
from matching.services import (
    match_run_execute,
    match_run_finish,
    match_run_reconcile,
    match_run_request,
    match_run_shard_execute,
    runs,
)
from matching.services.needs import need_close, need_publish
from matching.warm_columns import candidate_columns_current
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import OccupationFactory, SkillFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db

EXECUTE, SHARD, FINISH = (
    "matching.tasks.match_run_execute",
    "matching.tasks.match_run_shard_execute",
    "matching.tasks.match_run_finish",
)


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, tuple]]:
    """The tasks that would be published, as (task name, arguments), in order."""
    messages: list[tuple[str, tuple]] = []
    publish = celery_app.send_task

    def send_task(name, args=(), **options):
        if name not in (EXECUTE, SHARD, FINISH):
            return publish(name, args=args, **options)
        messages.append((name, tuple(args)))
        return None

    monkeypatch.setattr(celery_app, "send_task", send_task)
    return messages


def test_runs_are_sent_by_the_names_of_their_tasks():
    assert (runs.EXECUTE_TASK, runs.SHARD_TASK, runs.FINISH_TASK) == (EXECUTE, SHARD, FINISH)
    assert (tasks.match_run_execute.name, tasks.match_run_shard_execute.name, tasks.match_run_finish.name) == (
        EXECUTE,
        SHARD,
        FINISH,
    )


def make_candidate(*, commune, occupations=(), skills=(), presentable=True, **fields) -> Candidate:
    candidate = CandidateFactory(presentable=presentable, commune=commune, **fields)
    candidate.desired_occupations.set(occupations)
    for skill in skills:
        CandidateSkill.objects.create(candidate=candidate, skill=skill)
    return candidate


@pytest.fixture
def ref(platform):
    """The places, occupations, skills and employer every test here builds on."""
    communes = hauts_de_france_communes()
    return SimpleNamespace(
        communes=communes,
        occupation=OccupationFactory(rome_code="D1408"),
        related=OccupationFactory(rome_code="D1401", label="Assistanat commercial"),
        welcome=SkillFactory(slug="accueil-telephonique", label="Accueil téléphonique"),
        crm=SkillFactory(slug="logiciel-crm", label="Logiciel de gestion de la relation client"),
        employer=EmployerFactory(platform=platform),
    )


@pytest.fixture
def world(ref, platform):
    """A beginner-friendly need in Lille (two must-haves, the CRM taught by its training) and eight people.

    Four may be suggested: an expert in Lille, a beginner in Roubaix who lacks the CRM, an expert in Tourcoing and
    someone in Lille who wants a related occupation. Four may not: no consent to be presented, paused, too far
    (Amiens) and lacking the phone-welcome skill, which the training does not teach.
    """
    need = StaffingNeedFactory(
        open=True,
        beginner_friendly=True,
        employer=ref.employer,
        site__commune=ref.communes["Lille"],
        occupation=ref.occupation,
    )
    NeedSkill.objects.create(need=need, skill=ref.welcome, importance=SkillImportance.MUST_HAVE)
    NeedSkill.objects.create(need=need, skill=ref.crm, importance=SkillImportance.MUST_HAVE)
    need.training_skills.set([ref.crm])

    def person(commune: str, *, wants=(ref.occupation,), held=(ref.welcome, ref.crm), **fields) -> Candidate:
        return make_candidate(
            commune=ref.communes[commune], occupations=wants, skills=held, platform=platform, **fields
        )

    return SimpleNamespace(
        **vars(ref),
        need=need,
        expert=person("Lille", experience_years=6),
        trainee=person("Roubaix", held=(ref.welcome,)),
        neighbour=person("Tourcoing", max_distance_km=30),
        related_wish=person("Lille", wants=(ref.related,)),
        no_consent=person("Lille", presentable=False),
        paused=person("Lille", status=CandidateStatus.PAUSED),
        far=person("Amiens"),
        unskilled=person("Lille", held=(ref.crm,)),
    )


def new_run(**target) -> MatchRun:
    """A queued run, as ``match_run_request`` stores it, without sending it anywhere."""
    scope = RunScope.NEED if "need" in target else RunScope.CANDIDATE if "candidate" in target else RunScope.ALL
    return MatchRun.objects.create(scope=scope, scoring_version=SCORING.version, **target)


def stored_rows() -> list[tuple]:
    return list(
        MatchSuggestion.objects.order_by("need_id", "rank").values_list(
            "need_id", "candidate_id", "rank", "score", "parts", "is_proposed"
        )
    )


def full_refresh() -> MatchRun:
    """Every open need, in this process, as ``manage.py match --all --sync`` does."""
    run = new_run()
    match_run_execute(run_id=run.pk, dispatch_shards=False)
    for index in run.shards.order_by("index").values_list("index", flat=True):
        match_run_shard_execute(run_id=run.pk, index=index, dispatch_finish=False)
    match_run_finish(run_id=run.pk)
    return MatchRun.objects.get(pk=run.pk)


# Requests ---------------------------------------------------------------------------------------------------------


def test_a_request_queues_one_run_sent_after_commit_and_a_burst_collapses_into_it(
    world, advisor, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        run = match_run_request(scope=RunScope.NEED, need=world.need, by=advisor)
    assert (run.status, run.need, run.scoring_version, run.requested_by) == (
        RunStatus.QUEUED,
        world.need,
        SCORING.version,
        advisor,
    )
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [(EXECUTE, (run.pk,))]

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        again = match_run_request(scope=RunScope.NEED, need=world.need, by=advisor)
    assert again.pk == run.pk
    assert callbacks == []
    assert MatchRun.objects.count() == 1

    match_run_execute(run_id=run.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        later = match_run_request(scope=RunScope.NEED, need=world.need, by=advisor)
    assert later.pk != run.pk
    assert later.status == RunStatus.QUEUED
    assert len(callbacks) == 1
    assert MatchRun.objects.get(pk=run.pk).status == RunStatus.SUCCEEDED


# Executing a need's run --------------------------------------------------------------------------------------------


def test_a_need_run_stores_ranked_explained_suggestions_of_presentable_candidates_only(world):
    run = new_run(need=world.need)

    returned = match_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert returned.pk == run.pk
    assert run.status == RunStatus.SUCCEEDED
    assert run.progress_done == run.progress_total == 1
    assert run.progress_percent == 100
    assert run.attempts == 1
    assert run.started_at <= run.finished_at
    assert {"load", "score_and_store", "total"} <= set(run.timings)
    assert all(seconds >= 0 for seconds in run.timings.values())
    assert run.error == ""

    suggestions = list(MatchSuggestion.objects.filter(need=world.need).order_by("rank"))
    assert run.suggestions_stored == len(suggestions) == 4
    assert {s.candidate_id for s in suggestions} == {
        world.expert.pk,
        world.trainee.pk,
        world.neighbour.pk,
        world.related_wish.pk,
    }
    assert [s.rank for s in suggestions] == [1, 2, 3, 4]
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    assert suggestions[0].candidate_id == world.expert.pk
    for suggestion in suggestions:
        assert set(suggestion.parts) == set(PART_NAMES)  # jsonb keeps no key order
        assert sum(suggestion.parts.values()) == suggestion.score
        assert suggestion.scoring_version == SCORING.version
        assert suggestion.run_id == run.pk
    by_candidate = {s.candidate_id: s for s in suggestions}
    assert by_candidate[world.trainee.pk].skills_to_train == [
        {"id": world.crm.pk, "label": "Logiciel de gestion de la relation client"}
    ]
    assert by_candidate[world.trainee.pk].needs_training is True
    assert by_candidate[world.expert.pk].skills_to_train == []
    assert by_candidate[world.expert.pk].needs_training is False
    assert by_candidate[world.related_wish.pk].is_related_occupation is True
    assert 8 < by_candidate[world.trainee.pk].distance_km < 12  # Lille to Roubaix


def test_a_need_run_keeps_only_the_best_suggestions(world, settings):
    # No proposals: a proposal is stored even when ranked beyond the best (test_wave_runs.py).
    settings.MATCHING_PROPOSALS_PER_OPENING = 0
    match_run_execute(run_id=new_run(need=world.need).pk)
    best_two = list(MatchSuggestion.objects.filter(need=world.need).order_by("rank").values_list("candidate_id"))[:2]
    settings.MATCHING_SUGGESTIONS_PER_NEED = 2
    settings.MATCHING_SUGGESTIONS_MAX_PER_NEED = 2

    run = match_run_execute(run_id=new_run(need=world.need).pk)

    assert run.suggestions_stored == 2
    assert list(MatchSuggestion.objects.filter(need=world.need).order_by("rank").values_list("candidate_id")) == (
        best_two
    )


def test_executing_a_run_again_gives_the_same_rows(world):
    run = new_run(need=world.need)
    match_run_execute(run_id=run.pk)
    first = stored_rows()
    assert first

    assert match_run_execute(run_id=run.pk) is None, "a finished run is left alone"
    assert stored_rows() == first

    # A worker died mid-run and the broker delivers the task again.
    MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    match_run_execute(run_id=run.pk)
    assert stored_rows() == first
    assert MatchRun.objects.get(pk=run.pk).attempts == 2

    match_run_execute(run_id=new_run(need=world.need).pk)
    assert stored_rows() == first
    pairs = Counter(MatchSuggestion.objects.values_list("need_id", "candidate_id"))
    assert set(pairs.values()) == {1}


def test_the_run_of_a_closed_need_succeeds_without_scoring(world):
    StaffingNeed.objects.filter(pk=world.need.pk).update(status=NeedStatus.CLOSED)
    run = new_run(need=world.need)

    match_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert (run.progress_done, run.progress_total, run.suggestions_stored) == (0, 0, 0)
    assert not MatchSuggestion.objects.exists()


# Executing a candidate's run ---------------------------------------------------------------------------------------


def test_a_candidate_run_adds_them_where_they_now_fit_and_removes_them_once_paused(world, platform):
    match_run_execute(run_id=new_run(need=world.need).pk)
    newcomer = make_candidate(commune=world.communes["Lille"], skills=(world.welcome,), platform=platform)
    assert not MatchSuggestion.objects.filter(candidate=newcomer).exists()
    others = set(MatchSuggestion.objects.values_list("candidate_id", flat=True))

    newcomer.desired_occupations.set([world.occupation])
    run = match_run_execute(run_id=new_run(candidate=newcomer).pk)

    assert run.status == RunStatus.SUCCEEDED
    assert run.progress_done == run.progress_total == 1
    suggestion = MatchSuggestion.objects.get(need=world.need, candidate=newcomer)
    assert suggestion.run_id == run.pk
    assert set(MatchSuggestion.objects.values_list("candidate_id", flat=True)) == others | {newcomer.pk}
    ranks = list(MatchSuggestion.objects.filter(need=world.need).order_by("rank").values_list("rank", flat=True))
    assert ranks == list(range(1, len(others) + 2))

    newcomer.status = CandidateStatus.PAUSED
    newcomer.save()
    match_run_execute(run_id=new_run(candidate=newcomer).pk)

    assert not MatchSuggestion.objects.filter(candidate=newcomer).exists()
    assert set(MatchSuggestion.objects.values_list("candidate_id", flat=True)) == others


# A full refresh ----------------------------------------------------------------------------------------------------


def test_a_full_refresh_is_split_by_departement_and_counts_each_need_once(world, settings):
    settings.MATCHING_SHARD_SIZE = 1
    lille, arras = world.communes["Lille"], world.communes["Arras"]
    more = [
        StaffingNeedFactory(open=True, employer=world.employer, site__commune=commune, occupation=world.occupation)
        for commune in (lille, arras, arras)
    ]
    StaffingNeedFactory(status=NeedStatus.CLOSED, employer=world.employer, site__commune=arras)
    make_candidate(commune=arras, occupations=[world.occupation], skills=[world.welcome, world.crm])
    open_ids = {world.need.pk, *(need.pk for need in more)}
    run = new_run()

    match_run_execute(run_id=run.pk, dispatch_shards=False)

    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert (run.progress_done, run.progress_total) == (0, 4)
    shards = list(run.shards.order_by("index"))
    assert len(shards) == 4
    assert sorted(need_id for shard in shards for need_id in shard.need_ids) == sorted(open_ids)
    departements = [
        set(
            StaffingNeed.objects.filter(pk__in=shard.need_ids).values_list(
                "site__commune__departement_code", flat=True
            )
        )
        for shard in shards
    ]
    assert departements == [{"59"}, {"59"}, {"62"}, {"62"}]

    match_run_shard_execute(run_id=run.pk, index=0, dispatch_finish=False)
    match_run_shard_execute(run_id=run.pk, index=0, dispatch_finish=False)
    assert MatchRun.objects.get(pk=run.pk).progress_done == 1
    for shard in shards[1:]:
        match_run_shard_execute(run_id=run.pk, index=shard.index, dispatch_finish=False)
        match_run_shard_execute(run_id=run.pk, index=shard.index, dispatch_finish=False)
    run.refresh_from_db()
    assert run.progress_done == run.progress_total == 4
    assert run.status == RunStatus.RUNNING
    assert all(shard.is_done for shard in run.shards.all())

    match_run_finish(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert run.progress_done == run.progress_total == 4
    assert run.suggestions_stored == MatchSuggestion.objects.filter(run=run).count() > 0
    assert set(MatchSuggestion.objects.values_list("need_id", flat=True)) == open_ids
    assert "allocation" in run.timings


@pytest.fixture
def pool_reads(world, settings, monkeypatch) -> list[dict]:
    """Two shards of one need each (Lille, Arras); every read of the candidate pool is counted, then done."""
    settings.MATCHING_SHARD_SIZE = 1
    StaffingNeedFactory(open=True, employer=world.employer, site__commune=world.communes["Arras"],
                        occupation=world.occupation)  # fmt: skip
    reads: list[dict] = []

    def counted_load(**kwargs):
        reads.append(kwargs)
        return candidate_columns_current(**kwargs)

    monkeypatch.setattr(runs, "candidate_columns_current", counted_load)
    return reads


def test_the_shards_of_one_refresh_read_the_pool_once_per_process_and_a_new_refresh_reads_it_again(world, pool_reads):
    reads = pool_reads

    first = full_refresh()
    assert first.shards.count() == 2
    assert len(reads) == 1
    rows = stored_rows()

    make_candidate(commune=world.communes["Arras"], occupations=[world.occupation], skills=[world.welcome])
    second = full_refresh()
    assert len(reads) == 2  # a new run reads the pool as it is now
    assert second.suggestions_stored > first.suggestions_stored
    assert stored_rows() != rows


def test_a_shard_started_after_the_reuse_window_reads_the_pool_again(pool_reads, monkeypatch):
    reads = pool_reads
    monkeypatch.setattr(runs, "COLUMNS_REUSE_SECONDS", 0.0)  # every shard comes "too late"

    assert full_refresh().shards.count() == 2
    assert len(reads) == 3, "each shard, then the finish, which scores every need again for the allocation"


def test_a_full_refresh_sends_one_task_per_shard_after_commit_and_the_last_shard_sends_the_finish(
    world, settings, sent, django_capture_on_commit_callbacks
):
    settings.MATCHING_SHARD_SIZE = 1
    StaffingNeedFactory(
        open=True, employer=world.employer, site__commune=world.communes["Arras"], occupation=world.occupation
    )
    run = new_run()

    with django_capture_on_commit_callbacks(execute=True):
        match_run_execute(run_id=run.pk)
        assert sent == [], "nothing is sent before the shards are committed"
    assert sent == [(SHARD, (run.pk, 0)), (SHARD, (run.pk, 1))]

    with django_capture_on_commit_callbacks(execute=True):
        match_run_shard_execute(run_id=run.pk, index=1)
    assert sent[2:] == []
    with django_capture_on_commit_callbacks(execute=True):
        match_run_shard_execute(run_id=run.pk, index=0)
        match_run_shard_execute(run_id=run.pk, index=0)  # delivered twice
    assert sent[2:] == [(FINISH, (run.pk,))]
    assert MatchRun.objects.get(pk=run.pk).progress_done == 2


# Proposals ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def two_needs(ref, settings):
    """Two one-person needs in Lille sharing the same four strong candidates; two weaker ones have an RQTH."""
    settings.MATCHING_PROPOSALS_PER_OPENING = 2
    settings.MATCHING_MAX_PROPOSALS_PER_CANDIDATE = 1
    lille, roubaix = ref.communes["Lille"], ref.communes["Roubaix"]
    needs = [
        StaffingNeedFactory(
            open=True, employer=ref.employer, site__commune=lille, occupation=ref.occupation, headcount=1
        )
        for _ in range(2)
    ]

    def person(commune, years: int) -> Candidate:
        return make_candidate(
            commune=commune, occupations=[ref.occupation], experience_years=years, max_distance_km=30
        )

    strong = [person(lille, 6) for _ in range(4)]
    members = [person(roubaix, 1) for _ in range(2)]
    for candidate in members:
        SensitiveSituationFactory(candidate=candidate, has_disability_recognition=True)
    SensitiveSituationFactory(candidate=strong[0], is_under_26=True)
    return SimpleNamespace(needs=needs, strong=strong, members=members)


def proposals() -> dict[int, set[int]]:
    chosen: dict[int, set[int]] = {}
    for need_id, candidate_id in MatchSuggestion.objects.filter(is_proposed=True).values_list(
        "need_id", "candidate_id"
    ):
        chosen.setdefault(need_id, set()).add(candidate_id)
    return chosen


def assert_spread(chosen: dict[int, set[int]], needs: list[StaffingNeed]) -> None:
    assert set(chosen) <= {need.pk for need in needs}
    assert all(len(candidates) <= 2 for candidates in chosen.values()), chosen
    everyone = [candidate for candidates in chosen.values() for candidate in candidates]
    assert len(everyone) == len(set(everyone)), f"someone is proposed on both needs: {chosen}"


def test_proposals_spread_shared_candidates_across_needs(two_needs):
    full_refresh()

    chosen = proposals()
    assert_spread(chosen, two_needs.needs)
    assert {need.pk: len(chosen.get(need.pk, ())) for need in two_needs.needs} == {
        need.pk: 2 for need in two_needs.needs
    }
    assert set().union(*chosen.values()) == {candidate.pk for candidate in two_needs.strong}
    assert MatchSuggestion.objects.count() == 12, "every candidate remains suggested on both needs"


def test_a_positive_action_quota_reserves_proposals_without_changing_any_score(two_needs, superuser):
    full_refresh()
    scores_without = [row[:5] for row in stored_rows()]
    assert not set().union(*proposals().values()) & {member.pk for member in two_needs.members}
    quota_need = two_needs.needs[0]
    PositiveActionQuota.objects.create(
        need=quota_need,
        group=PositiveActionGroup.DISABILITY_RECOGNITION,
        share_percent=50,
        configured_by=superuser,
        reason="Accord d'entreprise sur l'emploi des travailleurs handicapés.",
    )

    run = full_refresh()

    assert run.status == RunStatus.SUCCEEDED
    chosen = proposals()
    assert_spread(chosen, two_needs.needs)
    members = {member.pk for member in two_needs.members}
    assert len(chosen[quota_need.pk] & members) >= 1, "the reserved half of two proposals goes to an RQTH holder"
    assert not chosen[two_needs.needs[1].pk] & members
    assert [row[:5] for row in stored_rows()] == scores_without


def test_a_proposal_on_a_closed_need_no_longer_counts_against_the_candidates_limit(ref, settings, advisor):
    settings.MATCHING_MAX_PROPOSALS_PER_CANDIDATE = 1
    lille = ref.communes["Lille"]
    first, second = (
        StaffingNeedFactory(open=True, employer=ref.employer, site__commune=lille, occupation=ref.occupation)
        for _ in range(2)
    )
    candidate = make_candidate(commune=lille, occupations=[ref.occupation])
    match_run_execute(run_id=new_run(need=first).pk)
    assert MatchSuggestion.objects.get(need=first, candidate=candidate).is_proposed
    need_close(need=first, by=advisor, reason="Pourvu par une autre voie.")

    match_run_execute(run_id=new_run(need=second).pk)
    after_need_run = MatchSuggestion.objects.get(need=second, candidate=candidate).is_proposed
    full_refresh()
    after_full_refresh = MatchSuggestion.objects.get(need=second, candidate=candidate).is_proposed

    assert after_full_refresh is True
    assert after_need_run is True, "the need's own run must decide as a full refresh does"


@pytest.mark.django_db(transaction=True)
def test_a_change_absorbed_by_a_queued_run_is_computed_even_if_a_worker_starts_that_run_meanwhile(
    ref, advisor, sent, is_postgresql
):
    if not is_postgresql:
        pytest.skip("needs two connections writing at once, which SQLite serialises")
    lille = ref.communes["Lille"]
    need = StaffingNeedFactory(open=True, employer=ref.employer, site__commune=lille, occupation=ref.occupation)
    skilled = make_candidate(commune=lille, occupations=[ref.occupation], skills=[ref.welcome])
    unskilled = make_candidate(commune=lille, occupations=[ref.occupation])
    match_run_execute(run_id=new_run(need=need).pk)
    assert set(MatchSuggestion.objects.values_list("candidate_id", flat=True)) == {skilled.pk, unskilled.pk}
    waiting = new_run(need=need)  # queued by an earlier change, its task already on its way to a worker

    def worker() -> None:
        try:
            match_run_execute(run_id=waiting.pk)
        finally:
            connection.close()

    with transaction.atomic():
        NeedSkill.objects.create(need=need, skill=ref.welcome, importance=SkillImportance.MUST_HAVE)
        assert match_run_request(scope=RunScope.NEED, need=need, by=advisor).pk == waiting.pk
        # The worker receives the waiting run's task now, while this change is not yet committed.
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(timeout=3)
    thread.join(timeout=30)
    # Then the workers execute whatever is still queued.
    for run_id in MatchRun.objects.filter(need=need, status=RunStatus.QUEUED).values_list("pk", flat=True):
        match_run_execute(run_id=run_id)

    assert set(MatchSuggestion.objects.values_list("candidate_id", flat=True)) == {skilled.pk}


# Reconciliation ----------------------------------------------------------------------------------------------------


def test_reconcile_resends_a_run_queued_too_long_once_then_waits(world, sent):
    now = timezone.now()
    stuck = new_run(need=world.need)
    MatchRun.objects.filter(pk=stuck.pk).update(created_at=now - datetime.timedelta(minutes=11))
    recent = new_run(candidate=world.expert)

    assert match_run_reconcile() == [stuck.pk]

    stuck.refresh_from_db()
    assert stuck.status == RunStatus.QUEUED
    assert stuck.heartbeat_at >= now
    assert sent == [(EXECUTE, (stuck.pk,))]
    assert MatchRun.objects.get(pk=recent.pk).heartbeat_at is None

    assert match_run_reconcile() == []
    assert len(sent) == 1

    # Ten minutes later still nothing: it is sent again (and so is the other run, queued too long by then).
    assert set(match_run_reconcile(now=timezone.now() + datetime.timedelta(minutes=11))) == {stuck.pk, recent.pk}


def test_reconcile_resends_a_silent_running_run_and_gives_up_after_five_attempts(world, sent):
    now = timezone.now()
    silent = new_run(need=world.need)
    hopeless = new_run(candidate=world.expert)
    alive = new_run(candidate=world.trainee)
    MatchRun.objects.filter(pk=silent.pk).update(
        status=RunStatus.RUNNING, attempts=1, heartbeat_at=now - datetime.timedelta(minutes=16)
    )
    MatchRun.objects.filter(pk=hopeless.pk).update(
        status=RunStatus.RUNNING, attempts=5, heartbeat_at=now - datetime.timedelta(minutes=16)
    )
    MatchRun.objects.filter(pk=alive.pk).update(
        status=RunStatus.RUNNING, attempts=1, heartbeat_at=now - datetime.timedelta(minutes=2)
    )

    assert match_run_reconcile() == [silent.pk]

    assert sent == [(EXECUTE, (silent.pk,))]
    silent.refresh_from_db()
    assert (silent.status, silent.heartbeat_at >= now) == (RunStatus.RUNNING, True)
    hopeless.refresh_from_db()
    assert hopeless.status == RunStatus.FAILED
    assert hopeless.finished_at is not None
    assert hopeless.error
    assert MatchRun.objects.get(pk=alive.pk).status == RunStatus.RUNNING

    # The re-sent task runs: the run completes.
    match_run_execute(run_id=silent.pk)
    silent.refresh_from_db()
    assert (silent.status, silent.attempts) == (RunStatus.SUCCEEDED, 2)


def test_reconcile_resends_the_pending_shards_of_a_silent_full_refresh(world, settings, sent):
    settings.MATCHING_SHARD_SIZE = 1
    StaffingNeedFactory(
        open=True, employer=world.employer, site__commune=world.communes["Arras"], occupation=world.occupation
    )
    run = new_run()
    match_run_execute(run_id=run.pk, dispatch_shards=False)
    match_run_shard_execute(run_id=run.pk, index=0, dispatch_finish=False)
    MatchRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=16))

    assert match_run_reconcile() == [run.pk]

    assert sent == [(SHARD, (run.pk, 1))]


# What starts a run -------------------------------------------------------------------------------------------------


class AdminForm(HTMLParser):
    """The fields a browser submits from an admin change page: inputs, ticked boxes, chosen options, text areas."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self.feed(html)

    def _add(self, name: str, value: str) -> None:
        if "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form" and (attributes.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._add(name, attributes.get("value") or "on")
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._add(name, attributes.get("value") or "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self._add(self._select, attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self._add(self._textarea, text.removeprefix("\r\n").removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)


def admin_save(client, url: str, **changes: str) -> None:
    """Open the change page, change some fields as a person would, and save."""
    page = client.get(url)
    assert page.status_code == 200
    data = AdminForm(page.content.decode()).data
    for name, value in changes.items():
        assert name in data or value == "on", f"{name} is not on the page"
        data[name] = [value]
    data["_save"] = ["Enregistrer"]
    response = client.post(url, data)
    errors = response.context and [response.context["adminform"].errors, response.context["errors"]]
    assert response.status_code == 302, errors


def test_publishing_a_need_queues_its_run_after_commit(world, advisor, django_capture_on_commit_callbacks):
    draft = StaffingNeedFactory(employer=world.employer, occupation=world.occupation)

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        need_publish(need=draft, by=advisor)
        assert MatchRun.objects.filter(need=draft).count() == 1

    run = MatchRun.objects.get(need=draft)
    assert (run.scope, run.status, run.requested_by) == (RunScope.NEED, RunStatus.QUEUED, advisor)
    assert len(callbacks) == 1


def test_changing_what_the_score_reads_in_the_admin_queues_the_need_s_run(
    world, client, superuser, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    url = reverse("admin:employers_staffingneed_change", args=[world.need.pk])
    later = world.need.start_date + datetime.timedelta(days=14)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_save(client, url, start_date=later.isoformat())

    assert StaffingNeed.objects.get(pk=world.need.pk).start_date == later
    run = MatchRun.objects.get(need=world.need)
    assert (run.status, run.requested_by) == (RunStatus.QUEUED, superuser)
    assert len(callbacks) == 1


def test_only_a_matching_change_to_a_candidate_in_the_admin_queues_their_run(
    world, client, superuser, django_capture_on_commit_callbacks
):
    candidate = world.expert
    SensitiveSituationFactory(candidate=candidate)
    client.force_login(superuser)
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_save(client, url, **{"sensitive_situation-0-has_disability_recognition": "on"})

    assert SensitiveSituation.objects.get(candidate=candidate).has_disability_recognition is True
    assert not MatchRun.objects.filter(candidate=candidate).exists()
    assert callbacks == []

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_save(client, url, max_distance_km="35")

    assert Candidate.objects.get(pk=candidate.pk).max_distance_km == 35
    run = MatchRun.objects.get(candidate=candidate)
    assert (run.scope, run.status) == (RunScope.CANDIDATE, RunStatus.QUEUED)
    assert len(callbacks) == 1


# The command -------------------------------------------------------------------------------------------------------


def test_match_command_runs_a_need_here_and_prints_the_top_with_its_parts(world):
    out = StringIO()

    call_command("match", "--need", str(world.need.pk), "--sync", "--top", "3", stdout=out)

    run = MatchRun.objects.get(need=world.need)
    assert run.status == RunStatus.SUCCEEDED
    text = out.getvalue()
    assert f"Run {run.pk} succeeded: 4 suggestions" in text
    assert f"Need #{world.need.pk}" in text
    assert f"1. candidate #{world.expert.pk}: 100.00 = skills 45.00 + occupation 20.00 + commute 15.00" in text
    for part in PART_NAMES:
        assert part in text
    assert text.count("candidate #") == 3, "--top 3"


def test_match_command_refuses_an_unknown_need():
    with pytest.raises(CommandError, match="No staffing need has the id 999999"):
        call_command("match", "--need", "999999", "--sync", stdout=StringIO())
    assert not MatchRun.objects.exists()

"""A worker killed with SIGKILL in the middle of a full refresh: another worker completes the run, and the
suggestions are exactly those of an undisturbed run.

On Redis (CI) the test's own server holds the task the dead worker had taken, unacknowledged; it comes back once
the visibility timeout has passed, and the new worker completes it — no reconciler needed. The filesystem transport
of the embedded default has no acknowledgements, so the task in hand is lost with the worker: there, the
reconciler, called as the beat would call it once the run has been silent long enough, sends the missing shards
again.
"""

import datetime
import os
import signal
import time

import pytest
from django.db import transaction
from django.utils import timezone

from matching.enums import RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion
from matching.services import match_run_reconcile, match_run_request
from matching.services.runs import SILENT_TOO_LONG
from tests.reliability.conftest import VISIBILITY_TIMEOUT
from tests.reliability.faults import (
    duplicated_suggestions,
    matching_world,
    message_task,
    runs_forget,
    shards_done,
    suggestion_hash,
    undisturbed_full_refresh,
)
from tests.worker_processes import kill_worker, logs, start_worker, stop_worker, wait_until

pytestmark = [pytest.mark.fault(time_limit=120), pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SHARD_SIZE = 2
NEEDS_PER_COMMUNE = 8  # 12 communes in 5 départements: 96 open needs, 48 shards
CANDIDATES = 20_000


def kill_holding_a_task(worker, redis) -> tuple[str, str, str] | None:
    """SIGKILL the worker while it holds a task: (name, id, arguments) of that task on Redis, else None.

    On Redis the worker is frozen first (SIGSTOP) and killed only if the broker shows the task it took as
    unacknowledged, so the kill never falls in the instant between two tasks.
    """
    if redis is None:
        kill_worker(worker)
        return None
    for _attempt in range(200):
        os.kill(worker.pid, signal.SIGSTOP)
        held = redis.client().hvals("unacked")
        if len(held) == 1:
            kill_worker(worker)
            return message_task(held[0])
        os.kill(worker.pid, signal.SIGCONT)
        time.sleep(0.005)
    raise AssertionError(f"the worker never held a task\n{logs(worker)}")


def progress_settles(run_id: int) -> bool:
    """No shard done for two seconds: what the queue held has run out."""
    before = shards_done(run_id)
    time.sleep(2)
    return shards_done(run_id) == before


def test_a_full_refresh_survives_a_worker_killed_mid_run(platform, settings, broker, environment, tmp_path):
    settings.MATCHING_SHARD_SIZE = SHARD_SIZE
    matching_world(platform=platform, needs_per_commune=NEEDS_PER_COMMUNE, candidates=CANDIDATES)
    reference = undisturbed_full_refresh()
    assert reference.status == RunStatus.SUCCEEDED
    expected_hash, expected_count = suggestion_hash(), MatchSuggestion.objects.count()
    total = reference.shards.count()
    assert expected_count > 1000
    assert total >= 40
    runs_forget()

    env = environment(MATCHING_SHARD_SIZE=str(SHARD_SIZE))
    first = start_worker("first", environment=env, directory=tmp_path)
    second = None
    try:
        first.wait_ready()
        with transaction.atomic():
            run = match_run_request(scope=RunScope.ALL)  # sent to the broker after commit

        assert wait_until(lambda: shards_done(run.pk) >= 5, timeout=60, interval=0.02), logs(first)
        held = kill_holding_a_task(first, broker.redis)
        killed_at = time.monotonic()
        done_when_killed = shards_done(run.pk)
        assert first.process.returncode == -signal.SIGKILL
        assert 5 <= done_when_killed < total, "killed in the middle of the run"
        assert MatchRun.objects.get(pk=run.pk).status == RunStatus.RUNNING

        if broker.redis is not None:
            name, task_id, arguments = held
            assert name == "matching.tasks.match_run_shard_execute"
            assert arguments.startswith(f"[{run.pk}, ")  # sent by name: the arguments are a list
            # The task comes back once its visibility timeout has passed; a worker started from then on takes it.
            time.sleep(max(0.0, VISIBILITY_TIMEOUT + 0.5 - (time.monotonic() - killed_at)))
        second = start_worker("second", environment=env, directory=tmp_path)
        second.wait_ready()
        if broker.redis is None:
            # Nothing gives the lost task back: the beat's reconciler does, once the run has been silent for long.
            assert wait_until(lambda: progress_settles(run.pk), timeout=60), logs(first, second)
            if not MatchRun.objects.get(pk=run.pk).is_finished:
                later = timezone.now() + SILENT_TOO_LONG + datetime.timedelta(seconds=1)
                assert match_run_reconcile(now=later) == [run.pk]

        assert wait_until(lambda: MatchRun.objects.get(pk=run.pk).is_finished, timeout=60), logs(first, second)
        if broker.redis is not None:
            assert second.succeeded(task_id) == 1, f"the dead worker's task was given back\n{logs(second)}"
    finally:
        for worker in (first, second):
            if worker is not None:
                stop_worker(worker)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, f"{run.error}\n{logs(first, second)}"
    assert suggestion_hash() == expected_hash, "the same suggestions, ranks, scores, parts and proposals"
    assert MatchSuggestion.objects.count() == expected_count
    assert duplicated_suggestions() == {"need_candidate": [], "need_rank": []}
    shards = list(run.shards.all())
    assert len(shards) == total
    assert all(shard.is_done for shard in shards)
    open_needs = sum(len(shard.need_ids) for shard in shards)
    assert run.progress_done == run.progress_total == open_needs, "each shard counted once"
    assert run.suggestions_stored == expected_count

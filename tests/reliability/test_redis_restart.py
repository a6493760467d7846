"""Redis restarted in the middle of a full refresh, losing every message it held: the workers reconnect, the
reconciler sends the lost shards again, and the run ends with exactly the suggestions of an undisturbed run.

The test's own Redis keeps nothing on disk (no RDB snapshot, no AOF): the harshest restart, where the queued shard
tasks and the one in a worker's hands are gone. What the staff do while Redis is down (a need published, candidates
presented) is kept in PostgreSQL and is not lost either.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.enums import PresentationStatus, RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion, Presentation, WorkerHeartbeat
from matching.services import match_run_reconcile, match_run_request
from matching.services.needs import need_publish
from matching.services.presentations import presentation_present
from matching.services.runs import QUEUED_TOO_LONG, SILENT_TOO_LONG
from matching.tasks import worker_heartbeat_record
from notifications.models import TaskToSend
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import OccupationFactory
from tests.reliability.faults import (
    duplicated_suggestions,
    matching_world,
    runs_forget,
    shards_done,
    suggestion_hash,
    undisturbed_full_refresh,
)
from tests.worker_processes import logs, wait_until, workers

pytestmark = [pytest.mark.fault(time_limit=120), pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SHARD_SIZE = 2


def test_a_full_refresh_completes_after_redis_restarts_mid_run(
    platform, advisor, settings, broker, environment, tmp_path
):
    if broker.redis is None:
        pytest.skip(
            "the embedded default has no Redis server to restart: its filesystem transport keeps messages on disk"
        )
    settings.MATCHING_SHARD_SIZE = SHARD_SIZE
    world = matching_world(platform=platform, needs_per_commune=6, candidates=15_000)
    # Published during the outage: a need in an occupation nobody here wants. The reference is the world as it
    # stands at the end, with that need open: allocation looks at every open need at once.
    draft = StaffingNeedFactory(
        employer=world.employer,
        occupation=OccupationFactory(rome_code="N1103", label="Magasinage"),
        status=NeedStatus.OPEN,
    )
    shortlisted = presentation_in(PresentationStatus.SHORTLISTED, need=world.needs[0])
    undisturbed_full_refresh()
    expected_hash, expected_count = suggestion_hash(), MatchSuggestion.objects.count()
    runs_forget()
    StaffingNeed.objects.filter(pk=draft.pk).update(status=NeedStatus.DRAFT)

    with workers(environment(MATCHING_SHARD_SIZE=str(SHARD_SIZE)), tmp_path, "a") as started:
        with transaction.atomic():
            run = match_run_request(scope=RunScope.ALL)
        assert wait_until(lambda: shards_done(run.pk) >= 5, timeout=60, interval=0.02), logs(*started)
        total = run.shards.count()

        broker.redis.stop()
        done_when_stopped = shards_done(run.pk)
        assert done_when_stopped < total, "stopped in the middle of the run"
        # The staff keep working while Redis is down: what they do is stored, whatever happens to the messages.
        need_publish(need=draft, by=advisor)
        need_run = MatchRun.objects.get(need=draft)
        presentation_present(presentations=[shortlisted], by=advisor)
        # The employer's e-mail could not be queued: it is kept, to be sent again (see test_tasks_promised_…).
        assert TaskToSend.objects.filter(task_name="notifications.tasks.presentation_notice_send").count() == 1
        broker.redis.start()  # same port, empty

        # The worker reconnects by itself: a task sent now is run.
        beats = WorkerHeartbeat.objects.count()
        worker_heartbeat_record.delay()
        assert wait_until(lambda: WorkerHeartbeat.objects.count() > beats, timeout=60), logs(*started)
        # What Redis held is gone: the run waits for shards nobody will send.
        assert wait_until(lambda: broker.redis.unacked() == 0, timeout=30), logs(*started)
        assert broker.redis.queued(settings.CELERY_TASK_DEFAULT_QUEUE) == 0
        assert shards_done(run.pk) < total
        assert MatchRun.objects.get(pk=run.pk).status == RunStatus.RUNNING, logs(*started)

        # The beat's reconciler, once the runs have been silent (or queued) for long enough, sends them again.
        later = timezone.now() + max(SILENT_TOO_LONG, QUEUED_TOO_LONG) + datetime.timedelta(seconds=1)
        assert sorted(match_run_reconcile(now=later)) == sorted([run.pk, need_run.pk])
        assert wait_until(
            lambda: all(MatchRun.objects.get(pk=pk).is_finished for pk in (run.pk, need_run.pk)), timeout=60
        ), logs(*started)

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, f"{run.error}\n{logs(*started)}"
    assert MatchRun.objects.get(pk=need_run.pk).status == RunStatus.SUCCEEDED
    assert not MatchRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists(), "no run left behind"
    shards = list(run.shards.all())
    assert len(shards) == total
    assert all(shard.is_done for shard in shards)
    assert run.progress_done == run.progress_total == sum(len(shard.need_ids) for shard in shards)
    assert duplicated_suggestions() == {"need_candidate": [], "need_rank": []}
    assert StaffingNeed.objects.get(pk=draft.pk).status == NeedStatus.OPEN
    assert suggestion_hash() == expected_hash
    assert MatchSuggestion.objects.count() == expected_count
    assert Presentation.objects.get(pk=shortlisted.pk).status == PresentationStatus.PRESENTED, "no presentation lost"

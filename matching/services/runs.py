"""Runs of the engine: requested after a change, executed by workers, split into shards when large.

Every task takes a run id (and a shard index) only, and can run twice: a
need's suggestions are replaced in one transaction, a shard counts towards the
progress once, and a finished run is left alone. A reconciler sends again the
runs that a lost worker or broker left behind.
"""

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from candidates.models import Candidate
from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.engine.allocation import NeedCandidates
from matching.engine.allocation_lists import lists_pack, lists_unpack
from matching.engine.columns import CandidateColumns, NeedSpec, family_key
from matching.engine.config import SCORING
from matching.engine.scoring import NeedScores
from matching.enums import RunScope, RunStatus
from matching.models import MatchRun, MatchRunShard, MatchSuggestion
from matching.services.proposals import proposals_allocate
from matching.services.run_storing import run_needs_score_and_store
from matching.warm_columns import candidate_columns_current

logger = logging.getLogger(__name__)

# The candidate columns this process last read for a full refresh: the next shard of the same run, often delivered
# to the same worker process within seconds, scores against them instead of reading the whole pool from PostgreSQL
# again (most of a shard's database time, five shards a refresh: docs/benchmarks.md). They are reused for
# COLUMNS_REUSE_SECONDS at most: a shard always scored against the pool as it was when the shard started, so a
# change made meanwhile (a consent withdrawn, a hire) already waited for the next run; the reuse stretches that
# window by seconds, not by the minutes a resent shard may come later. Only the last read is kept.
COLUMNS_REUSE_SECONDS = 10.0
_run_columns: dict[tuple[int, datetime.datetime], tuple[float, CandidateColumns]] = {}

QUEUED_TOO_LONG = datetime.timedelta(minutes=10)
SILENT_TOO_LONG = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 5


def match_run_request(
    *,
    scope: str,
    need: StaffingNeed | None = None,
    candidate: Candidate | None = None,
    by: object | None = None,
) -> MatchRun:
    """Queue a run, after the current transaction commits. A run already waiting for the same target absorbs it."""
    target = {"need": need, "candidate": candidate}
    with transaction.atomic():
        # Locked until the caller's transaction commits: a worker starting this run waits for the change to land,
        # so the change it absorbs cannot be computed from the data as it was before.
        queued = MatchRun.objects.select_for_update().filter(scope=scope, status=RunStatus.QUEUED, **target).first()
    if queued is not None:
        return queued
    try:
        with transaction.atomic():
            run = MatchRun.objects.create(
                scope=scope,
                scoring_version=SCORING.version,
                requested_by=by if getattr(by, "pk", None) else None,
                **target,
            )
    except IntegrityError:
        # Another request created the queued run between our read and our write: that one stands.
        return MatchRun.objects.get(scope=scope, status=RunStatus.QUEUED, **target)
    _send_after_commit(lambda: _send(run.pk))
    return run


def _send_after_commit(send: Callable[[], None]) -> None:
    """Send a task once the transaction commits; a broker out of reach is logged, never raised.

    What was stored stands either way: raising would show an error for a change that was saved, or mark a run
    failed whose work was done. The reconciler sends again the runs left queued or silent.
    """
    transaction.on_commit(send, robust=True)


# The tasks are sent by name: ``matching.tasks`` calls these services, and a web process needs not import it.
EXECUTE_TASK = "matching.tasks.match_run_execute"
SHARD_TASK = "matching.tasks.match_run_shard_execute"
FINISH_TASK = "matching.tasks.match_run_finish"


def _send(run_id: int) -> None:
    current_app.send_task(EXECUTE_TASK, args=[run_id])


def _send_shard(run_id: int, index: int) -> None:
    current_app.send_task(SHARD_TASK, args=[run_id, index])


def _send_finish(run_id: int) -> None:
    current_app.send_task(FINISH_TASK, args=[run_id])


def _start(run_id: int) -> MatchRun | None:
    """Mark the run as running, unless it is already finished (then there is nothing to do)."""
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.is_finished:
            return None
        now = timezone.now()
        run.status = RunStatus.RUNNING
        run.started_at = run.started_at or now
        run.heartbeat_at = now
        run.attempts += 1
        run.save(update_fields=["status", "started_at", "heartbeat_at", "attempts"])
        return run


def match_run_execute(*, run_id: int, dispatch_shards: bool = True) -> MatchRun | None:
    """Execute a run: score its needs and store their suggestions, or split a full refresh into shards.

    A full refresh sends one task per shard; with ``dispatch_shards=False`` the caller executes them itself.
    """
    run = _start(run_id)
    if run is None:
        return None
    try:
        if run.scope == RunScope.ALL:
            _shards_plan(run, dispatch=dispatch_shards)
            return run
        started = time.perf_counter()
        need_ids = _need_ids_for(run)
        MatchRun.objects.filter(pk=run.pk).update(progress_total=len(need_ids), progress_done=0)
        columns = candidate_columns_current()
        loaded = time.perf_counter()
        scored: dict[int, tuple[NeedSpec, NeedScores]] = {}
        stored, _, _ = run_needs_score_and_store(run, need_ids, columns, scored=scored)
        stored_at = time.perf_counter()
        proposals_allocate(need_ids=need_ids, columns=columns, scored=scored)
        _succeed(
            run,
            stored,
            {
                "load": loaded - started,
                "score_and_store": stored_at - loaded,
                "allocation": time.perf_counter() - stored_at,
            },
        )
    except Exception as error:
        _fail(run, error)
        raise
    return MatchRun.objects.get(pk=run.pk)


def _need_ids_for(run: MatchRun) -> list[int]:
    if run.scope == RunScope.NEED:
        return [run.need_id] if run.need.status == NeedStatus.OPEN else []
    # A candidate's change can move them into or out of any open need of the occupation families they want.
    families = {family_key(code) for code in run.candidate.desired_occupations.values_list("rome_code", flat=True)}
    open_needs = StaffingNeed.objects.filter(status=NeedStatus.OPEN).values_list("pk", "occupation__rome_code")
    wanted = {pk for pk, code in open_needs if family_key(code) in families}
    current = set(
        MatchSuggestion.objects.filter(candidate=run.candidate, need__status=NeedStatus.OPEN).values_list(
            "need_id", flat=True
        )
    )
    return sorted(wanted | current)


def _shards_plan(run: MatchRun, *, dispatch: bool) -> None:
    """Split the open needs into shards by département of their site, and send one task per shard."""
    by_departement: dict[str, list[int]] = defaultdict(list)
    for pk, departement in (
        StaffingNeed.objects.filter(status=NeedStatus.OPEN)
        .order_by("pk")
        .values_list("pk", "site__commune__departement_code")
    ):
        by_departement[departement].append(pk)
    size = settings.MATCHING_SHARD_SIZE
    slices = [ids[i : i + size] for _, ids in sorted(by_departement.items()) for i in range(0, len(ids), size)]
    with transaction.atomic():
        # The run's row is locked while its shards are created: a planning delivered twice creates them once.
        MatchRun.objects.select_for_update().filter(pk=run.pk).values_list("pk").first()
        if not run.shards.exists():
            MatchRunShard.objects.bulk_create(
                [MatchRunShard(run=run, index=index, need_ids=ids) for index, ids in enumerate(slices)]
            )
            MatchRun.objects.filter(pk=run.pk).update(progress_total=sum(map(len, slices)), progress_done=0)
        if not dispatch:
            return
        pending = list(run.shards.filter(is_done=False).values_list("index", flat=True))
        for index in pending:
            _send_after_commit(partial(_send_shard, run.pk, index))
        if not pending:
            _send_after_commit(lambda: _send_finish(run.pk))


def _columns_for_run(run: MatchRun) -> CandidateColumns:
    """The pool's columns for a shard of this run: those read for its previous shard here if recent enough."""
    key = (run.pk, run.created_at)
    read_at, columns = _run_columns.get(key, (0.0, None))
    if columns is None or time.monotonic() - read_at > COLUMNS_REUSE_SECONDS:
        _run_columns.clear()
        columns = candidate_columns_current()
        _run_columns[key] = (time.monotonic(), columns)
    return columns


def match_run_shard_execute(*, run_id: int, index: int, dispatch_finish: bool = True) -> None:
    """Score one shard's needs; the shard that completes the run sends the finishing task."""
    shard = MatchRunShard.objects.select_related("run").filter(run_id=run_id, index=index).first()
    if shard is None or shard.is_done or shard.run.is_finished:
        return
    run = shard.run
    try:
        # A shard counts once, when it is marked done below: delivered twice, it must not count twice.
        _, lists, specs = run_needs_score_and_store(run, shard.need_ids, _columns_for_run(run), shard=shard)
        with transaction.atomic():
            locked = MatchRunShard.objects.select_for_update().get(pk=shard.pk)
            if locked.is_done:
                return
            locked.is_done, locked.finished_at = True, timezone.now()
            locked.allocation_lists = lists_pack(lists, specs)
            locked.save(update_fields=["is_done", "finished_at", "allocation_lists"])
            MatchRun.objects.filter(pk=run.pk).update(
                progress_done=F("progress_done") + len(shard.need_ids), heartbeat_at=timezone.now()
            )
            if dispatch_finish and not run.shards.filter(is_done=False).exists():
                _send_after_commit(lambda: _send_finish(run.pk))
    except Exception as error:
        _run_columns.clear()
        _fail(run, error)
        raise


def match_run_finish(*, run_id: int) -> None:
    """Spread proposals across every open need at once, then close the run."""
    run = MatchRun.objects.filter(pk=run_id).first()
    if run is None or run.is_finished:
        return
    started = time.perf_counter()
    try:
        # The shards kept each need's best pairs; a need they did not score (opened since), or whose kept pairs
        # cannot prove the optimum, is scored again here.
        lists: dict[int, NeedCandidates] = {}
        specs: dict[int, NeedSpec] = {}
        for packed in run.shards.exclude(allocation_lists=None).values_list("allocation_lists", flat=True):
            shard_lists, shard_specs = lists_unpack(bytes(packed))
            lists |= shard_lists
            specs |= shard_specs
        proposals_allocate(need_ids=None, columns=_columns_for_run(run), lists=lists, specs=specs)
        run.shards.update(allocation_lists=None)
        stored = MatchSuggestion.objects.filter(run=run).count()
        _succeed(run, stored, {"allocation": time.perf_counter() - started})
    except Exception as error:
        _fail(run, error)
        raise


def _succeed(run: MatchRun, stored: int, timings: dict[str, float]) -> None:
    now = timezone.now()
    total = MatchRun.objects.get(pk=run.pk).progress_total
    elapsed = (now - run.started_at).total_seconds() if run.started_at else 0.0
    MatchRun.objects.filter(pk=run.pk).update(
        status=RunStatus.SUCCEEDED,
        finished_at=now,
        heartbeat_at=now,
        progress_done=total,
        suggestions_stored=stored,
        timings={name: round(seconds, 3) for name, seconds in (timings | {"total": elapsed}).items()},
        error="",
    )


def _fail(run: MatchRun, error: Exception) -> None:
    # The message names the exception only: no value from a candidate may reach the run's record or the logs.
    logger.exception("Matching run %s failed", run.pk)
    MatchRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}"
    )


def match_run_reconcile(*, now: datetime.datetime | None = None) -> list[int]:
    """Send again the runs left queued or silent by a lost worker or a restarted broker; give up after a few tries."""
    now = now or timezone.now()
    waiting = MatchRun.objects.filter(status=RunStatus.QUEUED, created_at__lt=now - QUEUED_TOO_LONG).filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - QUEUED_TOO_LONG)
    )
    stuck = list(waiting.values_list("pk", flat=True))
    silent = MatchRun.objects.filter(status=RunStatus.RUNNING, heartbeat_at__lt=now - SILENT_TOO_LONG)
    MatchRun.objects.filter(pk__in=silent.filter(attempts__gte=MAX_ATTEMPTS).values("pk")).update(
        status=RunStatus.FAILED, finished_at=now, error="Gave up after repeated interruptions"
    )
    stuck += list(silent.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    # Resending counts as a sign of life, so that the next pass waits again before resending.
    MatchRun.objects.filter(pk__in=stuck).update(heartbeat_at=now)
    for run_id in stuck:
        run = MatchRun.objects.get(pk=run_id)
        if run.scope == RunScope.ALL and run.shards.exists():
            _shards_resend(run)
        else:
            _send(run_id)
    return stuck


def _shards_resend(run: MatchRun) -> None:
    MatchRun.objects.filter(pk=run.pk).update(attempts=F("attempts") + 1)
    pending = list(run.shards.filter(is_done=False).values_list("index", flat=True))
    for index in pending:
        _send_shard(run.pk, index)
    if not pending:
        _send_finish(run.pk)

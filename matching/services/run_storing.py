"""A run's needs scored and their suggestions stored: what a one-need run and each shard of a full refresh do.

Each need is scored in full against the warm columns; its rows, its sourcing check and (for a shard) its best pairs
are kept until one transaction stores them all, so that readers see a need's old suggestions or its new ones.
"""

import datetime
import time
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from matching.engine.allocation import NeedCandidates
from matching.engine.allocation_lists import shortened_list
from matching.engine.columns import CandidateColumns, NeedSpec
from matching.engine.config import SCORING
from matching.engine.near_misses import score_and_near_misses
from matching.engine.scoring import NeedScores, score_need
from matching.enums import RunStatus
from matching.models import MatchRun, MatchRunShard
from matching.selectors import need_spec_build, needs_for_matching
from matching.services.proposals import allocation_list_depth
from matching.services.sourcing import SourcingRecord, need_sourcing_store_many, sourcing_record
from matching.services.suggestions import (
    needs_lock,
    proposed_now,
    suggestions_beyond,
    suggestions_prepare,
    suggestions_replace_prepared,
    tie_secret,
)

# How often a run's execution says it is alive (and, for a run's own needs, how far it got) while it scores.
HEARTBEAT_SECONDS = 5.0


def run_needs_score_and_store(
    run: MatchRun,
    need_ids: Iterable[int],
    columns: CandidateColumns,
    *,
    shard: MatchRunShard | None = None,
    scored: dict[int, tuple[NeedSpec, NeedScores]] | None = None,
) -> tuple[int, list[NeedCandidates], list[NeedSpec]]:
    """Score every need, then store their suggestions and sourcing checks (near misses) in one transaction; return
    how many suggestions were stored and, for a shard, each need's best pairs kept for the run's allocation with
    the specification they were scored from.

    Each need is scored in full (every eligible person) and only what is stored or kept is held until the writes:
    its rows, its sourcing record, its allocation list (``scored`` receives the full scores of a run's own needs, for
    its allocation). Storing once for all the needs saves a transaction and a dozen statements a need; readers still
    see a need's old suggestions or its new ones, never half.

    The progress is written as this execution's own count, never added to: a run delivered twice and executed by
    two workers at once must not count its needs twice; a shard counts once, when its caller marks it done. A shard
    stores nothing once it is done: a copy still running after that would replace suggestions whose proposals the
    run's finish has already decided, and clear them.
    """
    secret = tie_secret()
    needs = list(needs_for_matching(list(need_ids)).order_by("pk"))
    ids = [need.pk for need in needs]
    proposed = proposed_now(ids)
    computed_at = timezone.now()
    rows: dict[int, list[dict[str, Any]]] = {}
    records: list[SourcingRecord] = []
    lists: list[NeedCandidates] = []
    specs: dict[int, NeedSpec] = {}
    beat = time.monotonic()
    for done, need in enumerate(needs, start=1):
        spec = need_spec_build(need)
        scores, misses = score_and_near_misses(
            columns, spec, SCORING, tie_secret=secret, named=settings.MATCHING_NEAR_MISSES_PER_REQUIREMENT
        )
        records.append(sourcing_record(misses))
        rows[need.pk] = suggestions_prepare(
            spec=spec, scores=scores, proposed=proposed[need.pk], run=run, computed_at=computed_at, config=SCORING
        )
        if scored is not None:
            scored[need.pk] = (spec, scores)
        specs[need.pk] = spec
        if shard is not None:
            lists.append(shortened_list(scores, allocation_list_depth(spec), proposed[need.pk]))
        if time.monotonic() - beat >= HEARTBEAT_SECONDS:
            progress = {"progress_done": done} if shard is None else {}
            MatchRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now(), **progress)
            beat = time.monotonic()
    with transaction.atomic():
        if shard is not None and not _shard_is_pending(shard):
            return 0, [], []
        _commit_without_waiting_for_disk()
        needs_lock(ids)
        locked = proposed_now(ids)
        since = {
            need_id: {c: w for c, w in waves.items() if c not in proposed[need_id]}
            for need_id, waves in locked.items()
        }
        _rows_add_proposed_since(rows, since, specs, columns, run=run, computed_at=computed_at, secret=secret)
        stored = suggestions_replace_prepared(rows, proposed=locked)
        need_sourcing_store_many(records)
    progress = {"progress_done": len(needs)} if shard is None else {}
    MatchRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now(), **progress)
    return stored, lists, list(specs.values())


def _rows_add_proposed_since(
    rows: dict[int, list[dict[str, Any]]],
    proposed: Mapping[int, Mapping[int, int | None]],
    specs: Mapping[int, NeedSpec],
    columns: CandidateColumns,
    *,
    run: MatchRun,
    computed_at: datetime.datetime,
    secret: bytes,
) -> None:
    """Rows for the people proposed since the rows were prepared (``proposed``: those alone) and ranked beyond them,
    so that their proposal is kept, not dropped with no decision (ADR 0008). Rare (another run's allocation in the
    meantime): their need is scored again here rather than every need's full scores kept."""
    for need_id, waves in proposed.items():
        listed = {row["candidate_id"] for row in rows[need_id]}
        if all(candidate_id in listed for candidate_id in waves):
            continue
        rows[need_id] += suggestions_beyond(
            rows[need_id],
            spec=specs[need_id],
            scores=score_need(columns, specs[need_id], SCORING, tie_secret=secret),
            proposed=waves,
            run_id=run.pk,
            computed_at=computed_at,
            config=SCORING,
        )


def _commit_without_waiting_for_disk() -> None:
    """Let this transaction's commit return before its write-ahead log reaches the disk (PostgreSQL).

    Megabytes of suggestions a shard: waiting for the disk took 0.2–0.4 s a commit at 1,000,000 candidates. A crash
    can lose the last such commits only, never half of one, and never one without what the run wrote before it; the
    run's own state is written by later, durable commits, so a shard whose writes were lost is still pending and is
    sent again by the reconciler.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _shard_is_pending(shard: MatchRunShard) -> bool:
    """Whether the shard is still to be done, its row locked until the caller's transaction ends.

    Marking the shard done locks the same row, so it waits for a store in progress, and no store starts after it.
    """
    pending = MatchRunShard.objects.select_for_update(no_key=True, of=("self",)).filter(
        pk=shard.pk, is_done=False, run__status=RunStatus.RUNNING
    )
    return pending.values_list("pk", flat=True).first() is not None

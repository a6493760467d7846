"""The engine's candidate columns, kept in each worker process and brought up to date before each run (ADR 0014).

Reading every candidate's columns takes half a second at 100,000 candidates and six at 1,000,000: nearly all of a
one-need run. A worker process keeps them instead, and before each run reloads only the candidates the change
feed names (``matching.columns_feed``: database triggers, whichever door wrote the change):

- **fresh**: the feed rows are read with the snapshot's oldest running transaction (``xmin``). Every transaction
  older than it had ended, so its rows were seen; the next read starts from that ``xmin`` again, so the rows of a
  transaction still running then (or committed since) are read too. A run thus sees every change committed before
  it started, as a full reading would. The rows read that a later read will meet again (those from that ``xmin``
  on) are remembered by id and skipped then: a long transaction elsewhere holds ``xmin`` back, and must not make
  every run reload the same candidates, or read everything again for the same reference change;
- **reloaded in full** when there is no state yet (a new process), when a reference table changed
  (``REBUILD_ALL``), when the changes are many (a large import: a full reading is cheaper), and at least every
  ``MATCHING_WARM_COLUMNS_MAX_AGE_SECONDS``: a process that missed something, or rows left not presentable, is
  set right then. Feed rows are kept a day (``columns_feed_prune``), far longer than any state lives;
- **never kept inside a transaction**: a reading made there may include the transaction's own writes, which a
  rollback would take back. Runs execute in autocommit (``matching.services.runs``); a caller inside a
  transaction gets a full reading, kept by nobody;
- PostgreSQL only, and ``MATCHING_WARM_COLUMNS`` on: otherwise every call reads in full, as before.

The prefork pool's processes are forked from the worker's main process after it read the columns
(``matching.tasks``, ``worker_init``): they share those pages until they write over them.
"""

import logging
import time
from dataclasses import dataclass, replace

import numpy as np
from django.conf import settings
from django.db import connection

from matching.columns_loader import candidate_columns_load
from matching.engine.column_updates import VocabularyChanged, columns_with_changes
from matching.engine.columns import CandidateColumns
from matching.models import CandidateColumnsChange
from matching.models.columns_feed import REBUILD_ALL

logger = logging.getLogger(__name__)

# Beyond this many changed candidates (or a twentieth of them all), one full reading is cheaper than the reloads.
CHANGES_AT_MOST = 5000


@dataclass(frozen=True)
class WarmState:
    database: str
    columns: CandidateColumns
    horizon: int  # the xmin from which the feed is read next
    seen: frozenset[int]  # the feed rows from the horizon on already applied
    loaded_at: float  # time.monotonic() of the last full reading
    full_readings: int
    updates: int


_state: WarmState | None = None
# The oldest transaction still running when the statement's snapshot was taken: every older one had ended.
_XMIN = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"


def warm_columns_enabled() -> bool:
    return bool(settings.MATCHING_WARM_COLUMNS) and connection.vendor == "postgresql"


def warm_columns_state() -> WarmState | None:
    """This process's columns and where its feed stands (for the benchmarks and the tests)."""
    return _state


def warm_columns_forget() -> None:
    """Drop this process's columns: the next call reads them in full."""
    global _state
    _state = None


def candidate_columns_current() -> CandidateColumns:
    """Every presentable candidate's columns as committed now: this process's, brought up to date, or read in
    full. Rows of candidates who are no longer presentable may remain, marked so: the engine skips them."""
    global _state
    if not warm_columns_enabled() or connection.in_atomic_block:
        return candidate_columns_load()
    state = _state
    if (
        state is None
        or state.database != _database()
        or time.monotonic() - state.loaded_at > settings.MATCHING_WARM_COLUMNS_MAX_AGE_SECONDS
    ):
        return _read_in_full(state)
    horizon, rows = _feed_since(state.horizon)
    changed = np.unique(
        np.array([candidate for row_id, candidate, _xid in rows if row_id not in state.seen], dtype=np.int64)
    )
    if REBUILD_ALL in changed or len(changed) > max(CHANGES_AT_MOST, len(state.columns) // 20):
        return _read_in_full(state)
    columns = state.columns
    if len(changed):
        fresh = candidate_columns_load(candidate_ids=changed.tolist())
        try:
            columns = columns_with_changes(columns, fresh, changed)
        except VocabularyChanged:
            return _read_in_full(state)
    seen = frozenset(row_id for row_id, _candidate, xid in rows if xid >= horizon)
    _state = replace(state, columns=columns, horizon=horizon, seen=seen, updates=state.updates + bool(len(changed)))
    if len(changed):
        logger.info("Candidate columns brought up to date: %d changed, %d rows kept.", len(changed), len(columns))
    return columns


def _database() -> str:
    return str(connection.settings_dict["NAME"])


def _read_in_full(previous: WarmState | None) -> CandidateColumns:
    global _state
    _state = None  # a failure below leaves no state half made
    # Before the reading: the feed rows already there were committed before it, and so are in it.
    horizon, rows = _feed_since(None)
    columns = candidate_columns_load()
    readings = previous.full_readings + 1 if previous else 1
    seen = frozenset(row_id for row_id, _candidate, _xid in rows)
    updates = previous.updates if previous else 0
    _state = WarmState(_database(), columns, horizon, seen, time.monotonic(), readings, updates)
    logger.info("Candidate columns read in full: %d rows.", len(columns))
    return columns


def _feed_since(horizon: int | None) -> tuple[int, list[tuple[int, int, int]]]:
    """In one snapshot: its ``xmin``, and the feed rows (id, candidate, transaction) from ``horizon`` on (from that
    ``xmin`` on when ``None``)."""
    table = CandidateColumnsChange._meta.db_table
    sql = (
        f"SELECT x.xmin, f.id, f.candidate_id, f.xid FROM (SELECT {_XMIN} AS xmin) x "  # noqa: S608
        f"LEFT JOIN {table} f ON f.xid >= COALESCE(%s, x.xmin)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [horizon])
        fetched = cursor.fetchall()
    rows = [(int(row_id), int(candidate), int(xid)) for _xmin, row_id, candidate, xid in fetched if row_id is not None]
    return int(fetched[0][0]), rows

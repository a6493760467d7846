"""The engine's candidate columns, kept in each worker process and brought up to date before each run (ADR 0014).

Reading every candidate's columns takes half a second at 100,000 candidates and six at 1,000,000: nearly all of a
one-need run. A worker process keeps them instead, and before each run reloads only the candidates the change
feed names (``matching.columns_feed``: database triggers, whichever door wrote the change):

- **fresh**: the feed is read in one statement with that statement's snapshot: its ``xmax`` (the first transaction
  id not yet started) and the transactions still running (``xip``). Every row of a transaction the snapshot saw
  was read then; the next read asks only for the rows of the transactions it did not see, those from that ``xmax``
  on and those then running, once they commit. A run thus sees every change committed before it started, as a
  full reading would, and two reads in a row never meet the same row (the first after a full reading may apply
  again a change that reading already held: harmless). A long transaction elsewhere (an import) costs the next
  reads one entry in a short list, where counting from the oldest running transaction made each run read again
  every row written since it began. This reads a primary's snapshots: a standby's list no running transaction;
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
class FeedPosition:
    """Where a snapshot left the feed: the transactions it did not see are those from ``xmax`` on and ``running``."""

    xmax: int
    running: tuple[int, ...]


@dataclass(frozen=True)
class WarmState:
    database: str
    columns: CandidateColumns
    position: FeedPosition  # the feed rows not yet applied are those of the transactions this snapshot did not see
    loaded_at: float  # time.monotonic() of the last full reading
    full_readings: int
    updates: int


_state: WarmState | None = None
# The statement's own snapshot: what it reads of the feed is what that snapshot sees.
_SNAPSHOT = (
    "pg_snapshot_xmax(pg_current_snapshot())::text::bigint, "
    "ARRAY(SELECT pg_snapshot_xip(pg_current_snapshot())::text::bigint)"
)


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
    position, changed_ids = _feed_unseen(state.position)
    changed = np.unique(np.array(changed_ids, dtype=np.int64))
    if REBUILD_ALL in changed or len(changed) > max(CHANGES_AT_MOST, len(state.columns) // 20):
        return _read_in_full(state)
    columns = state.columns
    if len(changed):
        fresh = candidate_columns_load(candidate_ids=changed.tolist())
        try:
            columns = columns_with_changes(columns, fresh, changed)
        except VocabularyChanged:
            return _read_in_full(state)
    _state = replace(state, columns=columns, position=position, updates=state.updates + bool(len(changed)))
    if len(changed):
        logger.info("Candidate columns brought up to date: %d changed, %d rows kept.", len(changed), len(columns))
    return columns


def _database() -> str:
    return str(connection.settings_dict["NAME"])


def _read_in_full(previous: WarmState | None) -> CandidateColumns:
    global _state
    _state = None  # a failure below leaves no state half made
    # Before the reading: every transaction this snapshot saw had committed before it, and so is in it.
    position = _feed_position()
    columns = candidate_columns_load()
    readings = previous.full_readings + 1 if previous else 1
    updates = previous.updates if previous else 0
    _state = WarmState(_database(), columns, position, time.monotonic(), readings, updates)
    logger.info("Candidate columns read in full: %d rows.", len(columns))
    return columns


def _feed_position() -> FeedPosition:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_SNAPSHOT}")
        xmax, running = cursor.fetchone()
    return FeedPosition(int(xmax), tuple(int(xid) for xid in running))


def _feed_unseen(since: FeedPosition) -> tuple[FeedPosition, list[int]]:
    """In one snapshot: where it leaves the feed, and the candidates of the feed rows of the transactions ``since``
    did not see (from its ``xmax`` on, or running then) that this snapshot sees."""
    table = CandidateColumnsChange._meta.db_table
    sql = (
        f"SELECT {_SNAPSHOT}, f.candidate_id FROM (SELECT 1) AS one "  # noqa: S608 (a model's table)
        f"LEFT JOIN {table} f ON f.xid >= %s OR f.xid = ANY(%s::bigint[])"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [since.xmax, list(since.running)])
        fetched = cursor.fetchall()
    xmax, running = fetched[0][0], fetched[0][1]
    return FeedPosition(int(xmax), tuple(int(xid) for xid in running)), [
        int(candidate) for *_, candidate in fetched if candidate is not None
    ]

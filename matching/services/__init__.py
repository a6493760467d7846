"""Writes of the matching app, one module per concern.

``runs`` (requesting and executing the engine's runs, shards and the full refresh), ``suggestions`` (storing a
need's suggestions), ``proposals`` (the allocation of proposals), ``quotas`` (positive-action quotas),
``presentations`` (the presentation workflow and its one transition table), ``employer_answers`` (an employer's
answers, on top of ``presentations``), ``hand_offs`` (asking another platform for a candidate), ``hire_tallies``
(hires counted before anonymisation erases them), ``heartbeats`` (the workers' liveness) and ``columns_feed``
(the change feed of the candidates' columns, pruned). The names below are
those the tasks and the management commands call.
"""

from matching.services.columns_feed import columns_feed_prune
from matching.services.heartbeats import worker_heartbeat_prune, worker_heartbeat_record
from matching.services.runs import (
    match_run_execute,
    match_run_finish,
    match_run_reconcile,
    match_run_request,
    match_run_shard_execute,
)

__all__ = [
    "columns_feed_prune",
    "match_run_execute",
    "match_run_finish",
    "match_run_reconcile",
    "match_run_request",
    "match_run_shard_execute",
    "worker_heartbeat_prune",
    "worker_heartbeat_record",
]

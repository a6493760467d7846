"""Writes of the matching app: heartbeats, runs of the engine, stored suggestions and proposals."""

from matching.services.heartbeats import worker_heartbeat_prune, worker_heartbeat_record
from matching.services.runs import (
    match_run_execute,
    match_run_finish,
    match_run_reconcile,
    match_run_request,
    match_run_shard_execute,
)

__all__ = [
    "match_run_execute",
    "match_run_finish",
    "match_run_reconcile",
    "match_run_request",
    "match_run_shard_execute",
    "worker_heartbeat_prune",
    "worker_heartbeat_record",
]

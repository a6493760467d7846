"""Celery tasks of the matching app. Each takes ids only and calls one service; each may run twice safely."""

import logging

from celery import shared_task
from celery.signals import worker_init, worker_ready
from django.db import connections
from django.utils import timezone

from matching import retention, services, warm_columns
from matching.enums import RunScope
from matching.reporting import facts as reporting_facts
from matching.reporting import tables as reporting_tables
from matching.services import candidate_changes, deadlines, runs, sourcing, stale_needs

logger = logging.getLogger(__name__)


@shared_task(name="matching.tasks.worker_heartbeat_record", ignore_result=True)
def worker_heartbeat_record() -> None:
    services.worker_heartbeat_record()


@shared_task(name="matching.tasks.worker_heartbeat_prune", ignore_result=True)
def worker_heartbeat_prune() -> None:
    services.worker_heartbeat_prune()


@worker_ready.connect
def worker_ready_announce(sender: object, **kwargs: object) -> None:
    """Say so as soon as a worker starts, rather than at the first beat of the schedule."""
    worker_heartbeat_record.delay()


@worker_init.connect
def warm_columns_before_fork(sender: object, **kwargs: object) -> None:
    """Read the candidates' columns in the worker's main process, before it forks its pool, with the views of every
    occupation family: the pool's processes then share those pages instead of each reading its own copy
    (``matching.warm_columns``), and no run waits for a family's view to be built."""
    if not warm_columns.warm_columns_enabled():
        return
    try:
        warm_columns.candidate_columns_current().family_views_build()
    except Exception:  # a database not migrated yet: each process reads them at its first run instead
        logger.warning("The candidates' columns could not be read before the pool started.", exc_info=True)
    finally:
        # A connection must not cross a fork: each pool process opens its own.
        connections.close_all()


@shared_task(name="matching.tasks.columns_feed_prune", ignore_result=True)
def columns_feed_prune() -> None:
    services.columns_feed_prune()


@shared_task(name="matching.tasks.match_run_execute", ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def match_run_execute(run_id: int) -> None:
    runs.match_run_execute(run_id=run_id)


@shared_task(
    name="matching.tasks.match_run_shard_execute", ignore_result=True, acks_late=True, reject_on_worker_lost=True
)
def match_run_shard_execute(run_id: int, index: int) -> None:
    runs.match_run_shard_execute(run_id=run_id, index=index)


@shared_task(name="matching.tasks.match_run_finish", ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def match_run_finish(run_id: int) -> None:
    runs.match_run_finish(run_id=run_id)


@shared_task(name="matching.tasks.match_run_full_refresh", ignore_result=True)
def match_run_full_refresh() -> None:
    runs.match_run_request(scope=RunScope.ALL)


@shared_task(name="matching.tasks.match_run_reconcile", ignore_result=True)
def match_run_reconcile() -> None:
    runs.match_run_reconcile()


@shared_task(name="matching.tasks.candidate_import_job_write", ignore_result=True)
def candidate_import_job_write(job_id: int) -> None:
    """Write a checked candidate file and request the new candidates' runs (sent by ``candidates.imports.jobs``)."""
    candidate_changes.candidate_import_job_write(job_id=job_id)


@shared_task(name="matching.tasks.candidates_anonymise_expired", ignore_result=True)
def candidates_anonymise_expired() -> None:
    retention.candidates_anonymise_expired()


@shared_task(name="matching.tasks.need_sourcing_compute", ignore_result=True, acks_late=True)
def need_sourcing_compute(need_id: int) -> None:
    sourcing.need_sourcing_compute(need_id=need_id)


@shared_task(name="matching.tasks.presentation_deadlines_apply", ignore_result=True)
def presentation_deadlines_apply() -> None:
    deadlines.presentation_deadlines_apply()


@shared_task(name="matching.tasks.stale_needs_flag", ignore_result=True)
def stale_needs_flag() -> None:
    stale_needs.stale_needs_flag()


@shared_task(name="matching.tasks.report_facts_refresh", ignore_result=True)
def report_facts_refresh() -> None:
    """Rebuild the report figures, then suppress the Region's and each département's tables once, so that no reader
    waits for them (``matching.reporting``)."""
    reporting_facts.report_facts_refresh()
    reporting_tables.report_figures_warm_up(today=timezone.localdate())

"""Celery tasks of the matching app. Each only calls a service."""

from celery import shared_task
from celery.signals import worker_ready

from matching import services


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

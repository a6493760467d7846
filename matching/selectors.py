"""Reads of the matching app."""

import datetime

from django.utils import timezone

from matching.models import WorkerHeartbeat

WORKER_CONSIDERED_ALIVE_FOR = datetime.timedelta(minutes=3)


def worker_heartbeat_latest() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-seen_at").first()


def worker_heartbeat_is_recent(heartbeat: WorkerHeartbeat | None, *, now: datetime.datetime | None = None) -> bool:
    return heartbeat is not None and heartbeat.seen_at >= (now or timezone.now()) - WORKER_CONSIDERED_ALIVE_FOR


def worker_is_alive(*, now: datetime.datetime | None = None) -> bool:
    return worker_heartbeat_is_recent(worker_heartbeat_latest(), now=now)

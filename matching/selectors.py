"""Reads of the matching app."""

import datetime

from django.utils import timezone

from matching.models import WorkerHeartbeat

WORKER_CONSIDERED_ALIVE_FOR = datetime.timedelta(minutes=3)


def worker_heartbeat_latest() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-seen_at").first()


def worker_is_alive(*, now: datetime.datetime | None = None) -> bool:
    latest = worker_heartbeat_latest()
    return latest is not None and latest.seen_at >= (now or timezone.now()) - WORKER_CONSIDERED_ALIVE_FOR

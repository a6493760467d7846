"""Worker heartbeats: how the staff workspace knows a Celery worker is alive."""

import datetime
import os
import socket

from django.utils import timezone

from matching.models import WorkerHeartbeat

HEARTBEAT_RETENTION = datetime.timedelta(days=7)


def worker_heartbeat_record(*, hostname: str | None = None) -> WorkerHeartbeat:
    """Record that this worker process is alive now."""
    return WorkerHeartbeat.objects.create(
        hostname=hostname or socket.gethostname(), pid=os.getpid(), seen_at=timezone.now()
    )


def worker_heartbeat_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete heartbeats older than the retention period; return how many were deleted."""
    cutoff = (now or timezone.now()) - HEARTBEAT_RETENTION
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return deleted

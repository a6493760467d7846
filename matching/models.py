"""Matching: the background work that pairs needs and candidates.

``WorkerHeartbeat`` is how the staff workspace knows that a Celery worker is
alive: every worker records one on the beat schedule.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    hostname = models.CharField(_("worker"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    seen_at = models.DateTimeField(_("seen at"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname} ({self.pid}) {self.seen_at:%d/%m/%Y %H:%M:%S}"

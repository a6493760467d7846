"""Tasks promised in a transaction, kept until the broker has taken them (``matching.services.outbox``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskToSend(models.Model):
    """A task to send to the workers once the transaction that wrote this row has committed.

    Written beside the change it follows (candidates presented, an employer's answer), so that the change and the
    promise to act on it commit together; deleted once the broker has taken the task. A row still here a minute
    later was not taken (the broker was out of reach, the process died): the reconciler sends it again.
    """

    task_name = models.CharField(_("task"), max_length=200)
    # Ids and statuses only, as every task's arguments: never personal data.
    arguments = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("task to send")
        verbose_name_plural = _("tasks to send")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.arguments)}"

"""E-mail notices, recorded so that each is sent once even when its task is delivered twice, and kept until sent."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One e-mail: its key names what it is about, so a second delivery of the same task sends nothing.

    It is recorded with its subject and body before it is sent. Until it is sent (``sent_at`` empty) it waits for
    ``next_attempt_at`` with its last error; once sent, the subject and body are blanked
    (``matching/services/notice_delivery.py``).
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=400, blank=True)
    body = models.TextField(_("body"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=False) | Q(next_attempt_at__isnull=False),
                name="notice_sent_or_due",
                violation_error_message=_("A notice not sent yet needs the time of its next attempt."),
            ),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(sent_at__isnull=True), name="notice_unsent_due_idx")
        ]

    def __str__(self) -> str:
        return self.key

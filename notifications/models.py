"""The notifications' records: the e-mails (``Notice``), each recorded under a key so that it is sent once and kept
until sent, the tasks promised in a transaction (``TaskToSend``), kept until the broker has taken them, and what each
person chose to hear of (``NoticePreference``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.enums import NoticeFrequency


class Notice(models.Model):
    """One e-mail: its key names what it is about, so a second delivery of the same task sends nothing.

    It is recorded with its subject and bodies before it is sent. Until it is sent (``sent_at`` empty) it waits for
    ``next_attempt_at`` with its last error; once sent, the subject and bodies are blanked
    (``notifications/delivery.py``).
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    # The name of its ``NoticeKind`` (``notifications/kinds.py``); empty for notices recorded before kinds.
    kind = models.CharField(_("kind"), max_length=50, blank=True)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=400, blank=True)
    body = models.TextField(_("body"), blank=True)
    # Sent as the HTML alternative of ``body``; empty: the e-mail is text only.
    html_body = models.TextField(_("HTML body"), blank=True)
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


class NoticePreference(models.Model):
    """How often one person hears of one kind of notice. No row: the kind's default (``NoticeKind.default``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=50)
    frequency = models.CharField(_("frequency"), max_length=8, choices=NoticeFrequency.choices)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="notice_preference_once_per_kind",
                violation_error_message=_("This person already has a choice for this kind of notice."),
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=NoticeFrequency.values),
                name="notice_preference_frequency_known",
                violation_error_message=_("Choose how often to hear of this notice."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.frequency}"

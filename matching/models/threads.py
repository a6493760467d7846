"""A need's thread: messages between the employer's members and the platform's staff, and who read what.

Written by ``matching.services.threads`` only, which checks who may post and that a message names no candidate the
employer may not know. Both models are kept with the need and deleted with it (``CASCADE``); an author whose account
is deleted leaves their messages, with the side they wrote for.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.enums import MessageSide

MESSAGE_MAX_LENGTH = 4000


class NeedMessage(models.Model):
    need = models.ForeignKey(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    side = models.CharField(_("side"), max_length=10, choices=MessageSide.choices)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message on a need")
        verbose_name_plural = _("messages on needs")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["need", "created_at"], name="need_message_need_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""),
                name="need_message_body_not_empty",
                violation_error_message=_("Write a message."),
            ),
            models.CheckConstraint(
                condition=Q(side__in=MessageSide.values),
                name="need_message_side_known",
                violation_error_message=_("A message is written by the employer or by the platform."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} — {self.get_side_display()} — {self.created_at:%d/%m/%Y %H:%M}"


class NeedThreadRead(models.Model):
    """How far one user has read one need's thread: the last message they saw (``None``: the thread was empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    need = models.ForeignKey(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="+"
    )
    last_read = models.ForeignKey(
        NeedMessage,
        verbose_name=_("last message read"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("read mark of a need's thread")
        verbose_name_plural = _("read marks of needs' threads")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "need"],
                name="need_thread_read_once_per_user",
                violation_error_message=_("A user has one read mark per need."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} — {self.need_id}"

"""E-mail notices, recorded so that each is sent once even when its task is delivered twice."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One e-mail sent: its key names what it is about, so a second delivery of the same task sends nothing."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key

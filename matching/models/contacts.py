"""A candidate's contact log: calls, e-mails, SMS, links sent and answered, meetings, notes and workflow steps.

Entries are written by ``matching.services.contacts`` only: staff add calls, meetings and notes; the workflow and the
secure links add their own. A contact (``ContactKind.contacts``) moves the candidate's ``last_contact_at``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.enums import ContactKind

NOTE_MAX_LENGTH = 2000


class ContactEntry(models.Model):
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="contact_entries"
    )
    # The presentation the entry is about, when it is about one; erased with it.
    presentation = models.ForeignKey(
        "matching.Presentation",
        verbose_name=_("presentation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_entries",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(
        _("note"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Facts about the search for work only: nothing about health, origin, family, religion, union or political "
            "views, or any other ground of discrimination."
        ),
    )

    class Meta:
        verbose_name = _("contact log entry")
        verbose_name_plural = _("contact log entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["candidate", "-at"], name="contact_entry_candidate_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.at:%d/%m/%Y %H:%M}"

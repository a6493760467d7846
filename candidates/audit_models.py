"""The access log of candidates' personal data (``PersonalDataAccess``): who viewed or changed what, field names only.

Re-exported by ``candidates.models``; written through ``candidates.audit``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonalDataAccess(models.Model):
    """Who viewed or changed a candidate's personal data, and when. Field names only: never the values."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        EXPORTED = "exported", _("Exported")
        IMPORTED = "imported", _("Imported")
        MERGED = "merged", _("Merged")
        OPENED = "opened", _("Profile opened")
        REVEALED = "revealed", _("Revealed")
        LISTED = "listed", _("List viewed")

    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="accesses",
    )
    # Empty only for a list viewed (``LISTED``): one entry for the list, with its filter, not one per row.
    candidate_number = models.PositiveBigIntegerField(_("candidate number"), null=True, blank=True, db_index=True)
    # Where it happened and the list's filter (names and codes, never a searched text).
    context = models.JSONField(_("context"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="listed") | Q(candidate_number__isnull=False),
                name="personal_data_access_names_its_candidate",
                violation_error_message=_("An access to one profile names the candidate."),
            )
        ]
        indexes = [models.Index(fields=["actor", "-at"], name="personal_data_access_actor_idx")]

    def __str__(self) -> str:
        subject = f"#{self.candidate_number}" if self.candidate_number is not None else _("list")
        return f"{subject} {self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"

"""Open needs without activity: when each was last flagged to its platform, and confirmed still open by staff.

Kept on the matching side, one row per need that was ever flagged or confirmed, so that the need's own table is left
to the employers app. ``matching.stale_need_selectors`` states what counts as activity.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedStaleness(models.Model):
    need = models.OneToOneField(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="staleness"
    )
    flagged_at = models.DateTimeField(_("flagged to the platform at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed still open at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("need without activity")
        verbose_name_plural = _("needs without activity")

    def __str__(self) -> str:
        return str(self.need_id)

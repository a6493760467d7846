"""The employer's short assessment after an interview: each criterion of the need met or not, and a comment."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models.presentations import Presentation

ASSESSMENT_COMMENT_MAX_LENGTH = 500


class InterviewAssessment(models.Model):
    """One per presentation, recorded once the interview time has passed (``matching.services.assessments``).

    ``criteria`` is a list of ``{"key": "skill:12", "label": "…", "met": true}``, one per requirement of the need
    when recorded (skills, languages, certifications, experience), checked by the service: a JSON list rather than
    rows, since it is read and written whole, and its labels keep what the need asked at the time.
    """

    presentation = models.OneToOneField(
        Presentation, verbose_name=_("presentation"), on_delete=models.CASCADE, related_name="assessment"
    )
    criteria = models.JSONField(_("criteria"), default=list)
    comment = models.CharField(_("comment"), max_length=ASSESSMENT_COMMENT_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("interview assessment")
        verbose_name_plural = _("interview assessments")

    def __str__(self) -> str:
        return f"{self.presentation_id}: {self.met_count}/{len(self.criteria)}"

    @property
    def met_count(self) -> int:
        """How many of the criteria the interview met."""
        return sum(1 for criterion in self.criteria if criterion.get("met"))

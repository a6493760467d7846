"""What the engine found around a need: who is eligible, and who misses it by exactly one requirement."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NeedSourcing(models.Model):
    """A need's sourcing check, replaced by every run (and computed for a draft before it is published).

    ``near_misses`` lists, by requirement, how many people pass every filter but that one:
    ``[{"requirement": "skill", "id": 12, "count": 17}, ...]``, largest first (``matching.reasons`` words them).
    """

    need = models.OneToOneField(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="sourcing"
    )
    eligible_count = models.PositiveIntegerField(_("eligible now"), default=0)
    eligible_thanks_to_training = models.PositiveIntegerField(_("eligible thanks to the training"), default=0)
    near_misses = models.JSONField(_("near misses by requirement"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("sourcing check")
        verbose_name_plural = _("sourcing checks")

    def __str__(self) -> str:
        return f"{self.need_id}: {self.eligible_count}"


class NearMiss(models.Model):
    """One person who misses a need by exactly one requirement; staff of their platform may contact them."""

    # No index of its own: the unique (need, candidate) leads with it, and a refresh writes these rows by the
    # hundred thousand.
    need = models.ForeignKey(
        "employers.StaffingNeed",
        verbose_name=_("staffing need"),
        on_delete=models.CASCADE,
        related_name="near_misses",
        db_index=False,
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="near_misses"
    )
    requirement = models.CharField(_("requirement missed"), max_length=24)
    requirement_id = models.PositiveIntegerField(_("requirement's item"), null=True, blank=True)

    class Meta:
        verbose_name = _("near miss")
        verbose_name_plural = _("near misses")
        ordering = ["need", "requirement", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "candidate"], name="near_miss_unique_per_need_and_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.need_id} ~ #{self.candidate_id}: {self.requirement}"

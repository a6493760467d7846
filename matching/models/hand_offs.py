"""Hand-offs: a platform asks another for one of its candidates, for one of its needs.

A candidate belongs to their own platform. Matching may suggest them for another platform's need; that platform sees
a pseudonymised card and may ask for the person. The owning platform's advisor contacts the person and decides: once
the request is accepted, the requesting platform works the candidate for that need only. Every request and answer is
a row here, with who and when.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.enums import HandOffStatus

MESSAGE_MAX_LENGTH = 2000


class HandOff(models.Model):
    need = models.ForeignKey(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="hand_offs"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="hand_offs"
    )
    requesting_platform = models.ForeignKey(
        "accounts.Platform",
        verbose_name=_("requesting platform"),
        on_delete=models.PROTECT,
        related_name="hand_offs_requested",
    )
    owning_platform = models.ForeignKey(
        "accounts.Platform",
        verbose_name=_("candidate's platform"),
        on_delete=models.PROTECT,
        related_name="hand_offs_received",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=HandOffStatus.choices, default=HandOffStatus.REQUESTED
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    candidate_agreed_at = models.DateTimeField(
        _("candidate agreed at"),
        null=True,
        blank=True,
        help_text=_("When the owning advisor recorded that the person agreed to be worked by the other platform."),
    )
    decline_reason = models.CharField(_("reason of the decline"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "candidate"],
                condition=Q(status__in=HandOffStatus.open()),
                name="hand_off_one_open_per_need_and_candidate",
                violation_error_message=_("This candidate is already asked for, or handed off, for this need."),
            ),
            models.CheckConstraint(
                condition=~Q(requesting_platform=F("owning_platform")),
                name="hand_off_between_two_platforms",
                violation_error_message=_("A platform does not ask itself for its own candidate."),
            ),
            models.CheckConstraint(
                condition=~Q(status=HandOffStatus.ACCEPTED)
                | Q(decided_at__isnull=False, candidate_agreed_at__isnull=False),
                name="hand_off_accepted_with_the_candidates_agreement",
                violation_error_message=_("A hand-off is accepted once the person has agreed."),
            ),
            models.CheckConstraint(
                condition=~Q(status=HandOffStatus.DECLINED) | Q(decided_at__isnull=False) & ~Q(decline_reason=""),
                name="hand_off_declined_with_a_reason",
                violation_error_message=_("Give the reason of the decline."),
            ),
        ]
        indexes = [
            models.Index(fields=["owning_platform", "status"], name="hand_off_owner_status_idx"),
            models.Index(fields=["requesting_platform", "status"], name="hand_off_requester_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.need} ← #{self.candidate_id} ({self.get_status_display()})"

    @property
    def is_accepted(self) -> bool:
        return self.status == HandOffStatus.ACCEPTED

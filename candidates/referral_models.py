"""A partner organisation's proposal of a person to a platform (``CandidateReferral``), with the person's consent.

The person is a ``Candidate`` of the target platform, ``proposed`` until the platform's staff decide: accepted, the
profile becomes active (matched, presentable); declined, the profile is anonymised and the referral keeps its
status, dates and the platform's reason, without any personal data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candidates.enums import ConsentMethod, ReferralStatus

DECLINE_REASON_MAX_LENGTH = 255


class CandidateReferral(models.Model):
    partner = models.ForeignKey(
        "accounts.PartnerOrganisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    platform = models.ForeignKey(
        "accounts.Platform", verbose_name=_("platform"), on_delete=models.PROTECT, related_name="referrals"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED, db_index=True
    )
    consent_recorded_on = models.DateField(
        _("consent recorded on"), help_text=_("The day the person agreed to be proposed to the platform.")
    )
    consent_method = models.CharField(_("how the consent was recorded"), max_length=12, choices=ConsentMethod.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason of the decline"), max_length=DECLINE_REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner proposal")
        verbose_name_plural = _("partner proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=ReferralStatus.PROPOSED, decided_at__isnull=True)
                    | (~Q(status=ReferralStatus.PROPOSED) & Q(decided_at__isnull=False))
                ),
                name="candidate_referral_decision_dated",
                violation_error_message=_("A decided proposal has its decision's date, a waiting one none."),
            ),
            models.CheckConstraint(
                condition=(
                    (Q(status=ReferralStatus.DECLINED) & ~Q(decline_reason=""))
                    | (~Q(status=ReferralStatus.DECLINED) & Q(decline_reason=""))
                ),
                name="candidate_referral_decline_has_reason",
                violation_error_message=_("A declined proposal, and only a declined one, has its reason."),
            ),
            models.CheckConstraint(
                condition=Q(consent_method__in=ConsentMethod.values),
                name="candidate_referral_consent_method_known",
                violation_error_message=_("Say how the person's consent was recorded."),
            ),
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(candidate__isnull=False),
                name="candidate_referral_one_per_candidate",
                violation_error_message=_("This person has already been proposed."),
            ),
        ]
        indexes = [models.Index(fields=["platform", "status"], name="referral_platform_status_idx")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status == ReferralStatus.PROPOSED

"""The ways into an employer's team: an access request decided by a platform (``EmployerAccessRequest``) and a
member's invitation of a colleague (``EmployerInvitation``). Re-exported by ``accounts.models``; written by
``employers.joining`` and ``employers.invitations``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import AccessRequestStatus
from referentials.text import SingleLineCharField


class EmployerAccessRequest(models.Model):
    """Someone who signed up asks to act for an employer, named by its SIRET; a platform advisor decides.

    The employer is found by SIRET when it is already known; otherwise the advisor creates it on approval,
    on the platform that covers the commune given.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="access_requests"
    )
    siret = models.CharField(_("SIRET"), max_length=14)
    legal_name = SingleLineCharField(_("company name"), max_length=200)
    job_title = SingleLineCharField(_("job title"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    commune = models.ForeignKey(
        "referentials.Commune",
        verbose_name=_("commune of the company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="access_requests",
    )
    platform = models.ForeignKey(
        "accounts.Platform",
        verbose_name=_("platform deciding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_requests",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AccessRequestStatus.choices, default=AccessRequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("employer access request")
        verbose_name_plural = _("employer access requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status=AccessRequestStatus.PENDING),
                name="access_request_one_pending_per_user",
                violation_error_message=_("You already have a request waiting for an advisor."),
            ),
            models.CheckConstraint(condition=Q(siret__regex=r"^\d{14}$"), name="access_request_siret_14_digits"),
            models.CheckConstraint(
                condition=Q(status=AccessRequestStatus.PENDING) | Q(decided_at__isnull=False),
                name="access_request_decision_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=AccessRequestStatus.APPROVED) | Q(employer__isnull=False),
                name="access_request_approval_names_employer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.siret}) — {self.get_status_display()}"


class EmployerInvitation(models.Model):
    """A member invites a colleague by e-mail; the link carries a random token, of which only a hash is kept."""

    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "employer",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_address",
                violation_error_message=_("An invitation to this address is already waiting."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(accepted_by__isnull=False),
                name="invitation_acceptance_names_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} → {self.email}"

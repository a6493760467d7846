"""Per-user API tokens. Only a hash of each key is stored: the key itself is shown once, when it is created.

A staff member's token opens the staff API, candidates' personal data included, without the second factor that the
pages ask: it is created only after a TOTP check and always expires, within ``STAFF_TOKEN_LIFETIME``
(``api.services``). Employers' tokens may last until revoked.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, *, now: datetime.datetime | None = None) -> "ApiTokenQuerySet":
        """Tokens neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, such as “HR software”."))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("prefix"), max_length=8, editable=False, help_text=_("The first characters of the key, to recognise it.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    for_staff = models.BooleanField(
        _("staff token"),
        default=False,
        editable=False,
        help_text=_("Created by a staff member, after a two-factor check: it expires within 90 days."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="api_token_key_hash_sha256"),
            models.CheckConstraint(
                condition=Q(for_staff=False) | Q(expires_at__isnull=False),
                name="api_token_staff_expires",
                violation_error_message=_("A staff token has an expiry date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self) -> None:
        if self._state.adding and self.expires_at is not None and self.expires_at <= timezone.now():
            raise ValidationError({"expires_at": _("The expiry date must be in the future.")})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

"""Secure links: how a candidate without an account answers a proposal, picks an interview slot or a session seat.

A link is scoped to one candidate, one purpose and one presentation (or, for a collective session, one seat). Only
the SHA-256 of its token is stored, with the random salt the token is derived from with the site's secret key
(``matching.link_tokens``): the table alone cannot be used to open a link, and the sending task derives the token
again from the link's id. A link works once (``answered_at``), until it expires (``expires_at``) or staff revoke it
(``revoked_at``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.enums import SEAT_LINK_PURPOSES, LinkPurpose


class CandidateLink(models.Model):
    # A link serves either one presentation (a proposal, an interview slot) or one session seat.
    presentation = models.ForeignKey(
        "matching.Presentation",
        verbose_name=_("presentation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links",
    )
    seat = models.ForeignKey(
        "matching.SessionSeat",
        verbose_name=_("session seat"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links",
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="links"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=LinkPurpose.choices)
    token_hash = models.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    # Random, one per link: the token is HMAC(site secret, salt), so that nothing secret travels to the workers.
    token_salt = models.CharField(_("token salt"), max_length=32, default="", editable=False)
    # The SMS provider's id of the message once sent: the sending task sends at most one SMS per link.
    sms_message_id = models.CharField(_("SMS message id"), max_length=100, blank=True, editable=False)
    sent_by_email = models.BooleanField(_("sent by e-mail"), default=False)
    sent_by_sms = models.BooleanField(_("sent by SMS"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate link")
        verbose_name_plural = _("candidate links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_by_email=True) | Q(sent_by_sms=True),
                name="candidate_link_sent_somehow",
                violation_error_message=_("A link is sent by e-mail, by SMS or both."),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="candidate_link_expires_after_sending",
            ),
            models.CheckConstraint(
                condition=(Q(purpose__in=SEAT_LINK_PURPOSES, seat__isnull=False, presentation__isnull=True))
                | (~Q(purpose__in=SEAT_LINK_PURPOSES) & Q(seat__isnull=True, presentation__isnull=False)),
                name="candidate_link_serves_its_purpose",
                violation_error_message=_(
                    "A session or job-dating link serves a seat; any other link serves a presentation."
                ),
            ),
            models.UniqueConstraint(
                fields=["seat"],
                condition=Q(answered_at__isnull=True, revoked_at__isnull=True),
                name="candidate_link_one_open_per_seat",
            ),
            # At most one usable link per presentation and purpose: sending a new one revokes the previous one.
            models.UniqueConstraint(
                fields=["presentation", "purpose"],
                condition=Q(answered_at__isnull=True, revoked_at__isnull=True),
                name="candidate_link_one_open_per_purpose",
            ),
        ]
        indexes = [models.Index(fields=["candidate", "-created_at"], name="candidate_link_candidate_idx")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.created_at:%d/%m/%Y %H:%M}"

    def is_usable_at(self, moment) -> bool:
        return self.answered_at is None and self.revoked_at is None and moment < self.expires_at

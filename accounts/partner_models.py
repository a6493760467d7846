"""Partner organisations: France Travail agencies, Missions Locales, Cap emploi and others, whose advisors propose
candidates to the platforms they work with (``candidates.CandidateReferral``).

Their members log in with a ``Membership`` of role ``partner_advisor`` and, as staff, a second factor; they see only
the people they proposed (``partners/``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.enums import PartnerKind
from referentials.text import SingleLineCharField


class PartnerOrganisation(models.Model):
    name = SingleLineCharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    platforms = models.ManyToManyField(
        "accounts.Platform",
        verbose_name=_("platforms"),
        related_name="partners",
        blank=True,
        help_text=_("The platforms this partner may propose candidates to."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=PartnerKind.values),
                name="partner_organisation_kind_known",
                violation_error_message=_("Choose the kind of partner."),
            )
        ]

    def __str__(self) -> str:
        return self.name

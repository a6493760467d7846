"""Enumerations of accounts and memberships."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    ADVISOR = "advisor", _("Platform advisor")
    MANAGER = "manager", _("Platform manager")
    EMPLOYER_MEMBER = "employer_member", _("Employer member")
    # Reads the territorial reports of every platform (or of one département): counts only, never a person.
    REGION_OBSERVER = "region_observer", _("Region observer")
    PARTNER_ADVISOR = "partner_advisor", _("Partner advisor")

    @classmethod
    def platform_roles(cls) -> list[str]:
        return [cls.ADVISOR, cls.MANAGER]


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an advisor")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PartnerKind(models.TextChoices):
    """The kinds of organisations that propose candidates to a platform."""

    FRANCE_TRAVAIL = "france_travail", _("France Travail agency")
    MISSION_LOCALE = "mission_locale", _("Mission Locale")
    CAP_EMPLOI = "cap_emploi", _("Cap emploi")
    OTHER = "other", _("Other partner")

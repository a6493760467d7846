"""Enumerations of accounts and memberships."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    ADVISOR = "advisor", _("Platform advisor")
    MANAGER = "manager", _("Platform manager")
    EMPLOYER_MEMBER = "employer_member", _("Employer member")

    @classmethod
    def platform_roles(cls) -> list[str]:
        return [cls.ADVISOR, cls.MANAGER]


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an advisor")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")

"""Enumerations of candidate profiles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates import profile_fields


class CandidateStatus(models.TextChoices):
    # Proposed by a partner, waiting for the platform's decision: neither matched nor presented until accepted.
    PROPOSED = "proposed", _("Proposed by a partner")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    PLACED = "placed", _("Placed")
    ARCHIVED = "archived", _("Archived")
    ANONYMISED = "anonymised", _("Anonymised")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the platform")
    ACCEPTED = "accepted", _("Accepted by the platform")
    DECLINED = "declined", _("Declined by the platform")


class ConsentMethod(models.TextChoices):
    """How the partner recorded the person's consent to be proposed (and presented to employers)."""

    SIGNED_FORM = "signed_form", _("Signed form")
    ELECTRONIC = "electronic", _("Electronic agreement (e-mail, online form)")
    ORAL = "oral", _("Oral agreement noted in the person's file")
    FILE = "file", _("Recorded in the partner's file (import)")


class SkillLevel(models.IntegerChoices):
    BEGINNER = 1, _("Beginner")
    INTERMEDIATE = 2, _("Intermediate")
    CONFIRMED = 3, _("Confirmed")
    EXPERT = 4, _("Expert")


MAX_TRAVEL_DISTANCE_KM = 200


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    CERTIFICATE = "certificate", _("Certificate or diploma")
    OTHER = "other", _("Other document")


# The profile's fields that matching reads (``matching.columns_loader``, which selects exactly these): a change to
# any other field (a phone number, a name, the travel modes) leaves every suggestion as it was and starts no run.
# ``skills`` and ``languages`` are the profile's child rows; ``desired_occupations`` and ``certifications`` its
# many-to-many fields; the wishes and contract terms are the profile's own groups (``profile_fields``). A test pins
# this list against the columns the loader reads.
MATCHING_FIELDS = frozenset(
    {
        "status",
        "consents_to_presentation",
        "commune",
        "max_distance_km",
        *profile_fields.WISHES,
        *profile_fields.CONTRACTS,
        "desired_occupations",
        "certifications",
        "skills",
        "languages",
    }
)

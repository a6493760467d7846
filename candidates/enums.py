"""Enumerations of candidate profiles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    PLACED = "placed", _("Placed")
    ARCHIVED = "archived", _("Archived")
    ANONYMISED = "anonymised", _("Anonymised")


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

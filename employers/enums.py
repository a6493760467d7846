"""Enumerations of employers and their staffing needs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractType(models.TextChoices):
    CDI = "cdi", _("Permanent contract (CDI)")
    CDD = "cdd", _("Fixed-term contract (CDD)")
    TEMPORARY = "temporary", _("Temporary agency work")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    PROFESSIONALISATION = "professionalisation", _("Professionalisation contract")


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class SkillImportance(models.TextChoices):
    MUST_HAVE = "must_have", _("Must have")
    NICE_TO_HAVE = "nice_to_have", _("Nice to have")


class TrainingKind(models.TextChoices):
    POEI = "poei", _("POEI (individual pre-hiring training)")
    POEC = "poec", _("POEC (collective pre-hiring training)")
    AFPR = "afpr", _("AFPR (training before hiring)")
    IN_HOUSE = "in_house", _("In-house training")


FULL_TIME_WEEKLY_HOURS = 35

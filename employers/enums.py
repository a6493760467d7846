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


class WaveStatus(models.TextChoices):
    """Where a recruiting wave stands: open waves are matched, a filled or closed one proposes no one."""

    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class CohortStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def enrollable(cls) -> list[str]:
        """A cohort takes new trainees until it has ended or been cancelled."""
        return [cls.PLANNED, cls.RUNNING]


class CohortFunder(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    OPCO = "opco", _("OPCO (the sector's skills operator)")
    REGION = "region", _("Hauts-de-France Region")
    EMPLOYER = "employer", _("The employer")
    OTHER = "other", _("Other")


class SelectionStep(models.TextChoices):
    """A step of an employer's selection process, as candidates are told it."""

    MRS = "mrs", _("MRS test session (recruitment by simulation)")
    INFORMATION_SESSION = "information_session", _("Information session")
    JOB_DATING = "job_dating", _("Job dating")
    INTERVIEW = "interview", _("Interview")
    TRIAL = "trial", _("Trial period or situational test")


class LeadContactKind(models.TextChoices):
    """How an employer first came to the platform."""

    CALL = "call", _("Phone call")
    EMAIL = "email", _("E-mail")
    EVENT = "event", _("Event")
    PROSPECTING = "prospecting", _("Prospecting")


class LeadStatus(models.TextChoices):
    """Where an employer's intake stands: a new contact, a visit booked, the visit made (its report written), or
    closed without a visit (or after one, with nothing more to do)."""

    NEW = "new", _("New")
    VISIT_BOOKED = "visit_booked", _("Visit booked")
    VISITED = "visited", _("Visited")
    CLOSED = "closed", _("Closed")


# The programme promises an employer a visit within this many calendar days of their first contact.
VISIT_PROMISE_DAYS = 10

"""Enumerations of the matching app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunScope(models.TextChoices):
    NEED = "need", _("One need")
    CANDIDATE = "candidate", _("One candidate")
    ALL = "all", _("Every open need")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")

    @classmethod
    def unfinished(cls) -> list[str]:
        return [cls.QUEUED, cls.RUNNING]


class PositiveActionGroup(models.TextChoices):
    """Groups a staff member may reserve proposals for. Only the allocation step reads them."""

    DISABILITY_RECOGNITION = "has_disability_recognition", _("People with disability recognition (RQTH)")
    LONG_TERM_JOB_SEEKERS = "is_long_term_job_seeker", _("Long-term job seekers")
    PRIORITY_NEIGHBOURHOOD = "lives_in_priority_neighbourhood", _("Residents of priority neighbourhoods")
    UNDER_26 = "is_under_26", _("People under 26")
    AGED_50_AND_OVER = "is_50_or_over", _("People aged 50 and over")
    MINIMUM_INCOME = "receives_minimum_income", _("Minimum-income recipients")

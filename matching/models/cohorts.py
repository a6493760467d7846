"""Trainees in a pre-hiring training cohort: entered from a presentation, followed until they complete or leave."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.enums import DropOutReason, EnrolmentStatus, PresentationStatus

FOLLOWED_UP = Q(status__in=PresentationStatus.hired_ever()) | Q(enrolment__isnull=False)
"""The presentations that have a six-month check: hires (ended since or not), and entries into a training cohort
(whatever came next)."""


class CohortEnrolment(models.Model):
    """One person's place in a cohort. Entering counts as the "entry into training" outcome of the programme."""

    presentation = models.OneToOneField(
        "matching.Presentation", verbose_name=_("presentation"), on_delete=models.CASCADE, related_name="enrolment"
    )
    cohort = models.ForeignKey(
        "employers.TrainingCohort", verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enrolled by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    days_attended = models.PositiveSmallIntegerField(
        _("days attended"), default=0, validators=[MaxValueValidator(366)]
    )
    days_missed = models.PositiveSmallIntegerField(_("days missed"), default=0, validators=[MaxValueValidator(366)])
    attendance_recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)
    ended_on = models.DateField(_("completed or left on"), null=True, blank=True)
    drop_out_reason = models.CharField(
        _("reason for leaving"), max_length=24, choices=DropOutReason.choices, blank=True
    )
    drop_out_comment = models.CharField(_("comment"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cohort trainee")
        verbose_name_plural = _("cohort trainees")
        ordering = ["cohort", "enrolled_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=EnrolmentStatus.DROPPED_OUT) | ~Q(drop_out_reason=""),
                name="enrolment_drop_out_has_reason",
                violation_error_message=_("Give the reason for leaving the training."),
            ),
            models.CheckConstraint(
                condition=Q(status=EnrolmentStatus.ENROLLED) | Q(ended_on__isnull=False),
                name="enrolment_end_has_date",
                violation_error_message=_("A completed or abandoned training records its date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id} ← #{self.presentation_id} ({self.get_status_display()})"

"""Waves and training cohorts: how a large need is hired over time, and trained before it starts."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from employers.enums import CohortFunder, CohortStatus, TrainingKind, WaveStatus
from referentials.text import SingleLineCharField


class TrainingCohort(models.Model):
    """A pre-hiring training group of a need: a training body, a place, dates and a number of seats.

    ``seats_taken`` counts the trainees enrolled and not dropped out; it changes only through the enrolment
    services, under the cohort's row lock, and a constraint keeps it within the capacity.
    """

    need = models.ForeignKey(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="cohorts"
    )
    kind = models.CharField(_("kind of training"), max_length=10, choices=TrainingKind.choices)
    training_body = SingleLineCharField(_("training body"), max_length=200)
    place = SingleLineCharField(_("place"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    seats_taken = models.PositiveSmallIntegerField(_("seats taken"), default=0, editable=False)
    funder = models.CharField(_("funded by"), max_length=20, choices=CohortFunder.choices)
    status = models.CharField(_("status"), max_length=10, choices=CohortStatus.choices, default=CohortStatus.PLANNED)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training cohort")
        verbose_name_plural = _("training cohorts")
        ordering = ["need", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="cohort_ends_after_it_starts",
                violation_error_message=_("A cohort cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=100),
                name="cohort_capacity_range",
                violation_error_message=_("A cohort has between 1 and 100 seats."),
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")),
                name="cohort_seats_within_capacity",
                violation_error_message=_("This cohort is full."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.training_body} ({self.starts_on:%d/%m/%Y})"

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A cohort cannot end before it starts.")})


class RecruitingWave(models.Model):
    """One wave of a need: a start date and how many people start then, optionally trained first in a cohort.

    ``hires_count`` counts the hires of this wave; like the need's, it changes only through the hiring services,
    under the wave's row lock, and a constraint keeps it within ``hires_planned``. A need without waves has one
    implicit wave, its start date and headcount, which has no row.
    """

    need = models.ForeignKey(
        "employers.StaffingNeed", verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="waves"
    )
    starts_on = models.DateField(_("starts on"))
    hires_planned = models.PositiveIntegerField(_("hires planned"), validators=[MinValueValidator(1)])
    hires_count = models.PositiveIntegerField(_("hires so far"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=WaveStatus.choices, default=WaveStatus.OPEN)
    cohort = models.ForeignKey(
        TrainingCohort,
        verbose_name=_("training cohort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waves",
    )

    class Meta:
        verbose_name = _("recruiting wave")
        verbose_name_plural = _("recruiting waves")
        ordering = ["need", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["need", "starts_on"], name="wave_unique_date_per_need"),
            models.CheckConstraint(condition=Q(hires_planned__gte=1), name="wave_hires_planned_positive"),
            models.CheckConstraint(
                condition=Q(hires_count__lte=F("hires_planned")),
                name="wave_hires_within_headcount",
                violation_error_message=_("A wave cannot have more hires than people planned."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d/%m/%Y}: {self.hires_planned}"

    @property
    def openings_left(self) -> int:
        return self.hires_planned - self.hires_count

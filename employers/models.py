"""Employers, their sites and their staffing needs.

A staffing need's status changes only through ``employers.services``, which
records who changed it and when; everything else about a need is plain data
guarded by database constraints.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import PlatformScopedQuerySet
from employers.enums import (
    FULL_TIME_WEEKLY_HOURS,
    ContractType,
    NeedStatus,
    SkillImportance,
    TrainingKind,
    WorkingTime,
)
from employers.job_description import JobDescription, job_description_constraints

# Leads, waves and cohorts are registered with the app from here (leads, wave_models); re-exported so that callers
# need not know their module.
from employers.leads import EmployerLead as EmployerLead
from employers.siret import validate_siret
from employers.wave_models import RecruitingWave as RecruitingWave
from employers.wave_models import TrainingCohort as TrainingCohort
from referentials.enums import CefrLevel, EducationLevel
from referentials.i18n import lazy_interpolation
from referentials.text import SingleLineCharField

NAF_CODE_PATTERN = r"^\d{2}\.\d{2}[A-Z]$"
MAX_HEADCOUNT = 1000


class Employer(models.Model):
    legal_name = SingleLineCharField(_("legal name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    naf_code = models.CharField(
        _("NAF code"),
        max_length=6,
        validators=[RegexValidator(NAF_CODE_PATTERN, _("A NAF code looks like 82.20Z."))],
        help_text=_("Sector of activity, such as 82.20Z for contact centres."),
    )
    platform = models.ForeignKey(
        "accounts.Platform", verbose_name=_("platform"), on_delete=models.PROTECT, related_name="employers"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PlatformScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["legal_name"]
        constraints = [
            models.CheckConstraint(condition=Q(siret__regex=r"^\d{14}$"), name="employer_siret_14_digits"),
            models.CheckConstraint(condition=Q(naf_code__regex=NAF_CODE_PATTERN), name="employer_naf_code_format"),
        ]

    def __str__(self) -> str:
        return self.legal_name


class SiteQuerySet(PlatformScopedQuerySet):
    platform_path = "employer__platform"


class Site(models.Model):
    """A place of work. Its coordinates are those of its commune."""

    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="sites")
    name = SingleLineCharField(_("name"), max_length=200)
    address = SingleLineCharField(_("address"), max_length=255)
    commune = models.ForeignKey(
        "referentials.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="sites"
    )

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["employer", "name"]
        constraints = [models.UniqueConstraint(fields=["employer", "name"], name="site_name_unique_per_employer")]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune.name})"


class StaffingNeedQuerySet(PlatformScopedQuerySet):
    platform_path = "employer__platform"

    def open(self) -> "StaffingNeedQuerySet":
        return self.filter(status=NeedStatus.OPEN)


class StaffingNeed(JobDescription, models.Model):
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="staffing_needs"
    )
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="staffing_needs")
    occupation = models.ForeignKey(
        "referentials.Occupation", verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="needs"
    )
    title = SingleLineCharField(_("job title"), max_length=200)
    headcount = models.PositiveIntegerField(
        _("headcount"), validators=[MinValueValidator(1), MaxValueValidator(MAX_HEADCOUNT)]
    )
    hires_count = models.PositiveIntegerField(_("hires so far"), default=0, editable=False)

    contract_type = models.CharField(_("contract type"), max_length=20, choices=ContractType.choices)
    contract_duration_months = models.PositiveSmallIntegerField(
        _("contract length (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("Required for a fixed-term contract."),
    )
    working_time = models.CharField(
        _("working time"), max_length=10, choices=WorkingTime.choices, default=WorkingTime.FULL_TIME
    )
    weekly_hours = models.PositiveSmallIntegerField(
        _("weekly hours"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(48)],
        help_text=_("Required for part time, below 35."),
    )
    has_shifts = models.BooleanField(_("shift work"), default=False)
    has_weekend_work = models.BooleanField(_("weekend work"), default=False)
    start_date = models.DateField(_("start date"))
    salary_min = models.PositiveIntegerField(_("minimum gross annual salary (€)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("maximum gross annual salary (€)"), null=True, blank=True)

    minimum_education = models.PositiveSmallIntegerField(
        _("minimum education"), choices=EducationLevel.choices, null=True, blank=True
    )
    minimum_experience_years = models.PositiveSmallIntegerField(
        _("minimum experience (years)"), default=0, validators=[MaxValueValidator(40)]
    )
    accepts_beginners = models.BooleanField(_("beginners welcome"), default=False)

    offers_training = models.BooleanField(_("pre-hiring training offered"), default=False)
    training_kind = models.CharField(_("kind of training"), max_length=10, choices=TrainingKind.choices, blank=True)
    training_weeks = models.PositiveSmallIntegerField(
        _("training length (weeks)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    training_skills = models.ManyToManyField(
        "referentials.Skill",
        verbose_name=_("skills covered by the training"),
        related_name="training_needs",
        blank=True,
    )
    has_accessible_workstation = models.BooleanField(_("accessible workstation"), default=False)
    # Recruitment by simulation (MRS) tests aptitudes instead of a CV: an employer may let a test passed stand in
    # for the experience and the skills it names (the candidate passed an MRS session serving this need).
    mrs_replaces_experience = models.BooleanField(_("an MRS test passed stands in for the experience"), default=False)
    mrs_skills = models.ManyToManyField(
        "referentials.Skill",
        verbose_name=_("skills an MRS test passed stands in for"),
        related_name="+",
        blank=True,
    )

    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.DRAFT, editable=False
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The employer's visit this need was diagnosed at (``employers.lead_services.lead_need_create``).
    lead = models.ForeignKey(
        EmployerLead,
        verbose_name=_("employer lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StaffingNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staffing need")
        verbose_name_plural = _("staffing needs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "start_date"], name="need_status_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1, headcount__lte=MAX_HEADCOUNT),
                name="need_headcount_range",
                violation_error_message=lazy_interpolation(
                    _("The headcount must be between 1 and %(max)s."), max=MAX_HEADCOUNT
                ),
            ),
            models.CheckConstraint(
                condition=Q(hires_count__lte=F("headcount")),
                name="need_hires_within_headcount",
                violation_error_message=_("A need cannot have more hires than its headcount."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(contract_type=ContractType.CDD, contract_duration_months__isnull=False)
                    | Q(contract_type=ContractType.CDI, contract_duration_months__isnull=True)
                    | Q(
                        contract_type__in=[
                            ContractType.TEMPORARY,
                            ContractType.APPRENTICESHIP,
                            ContractType.PROFESSIONALISATION,
                        ]
                    )
                ),
                name="need_contract_duration_matches_type",
                violation_error_message=_("A CDD needs a length in months; a CDI has none."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(working_time=WorkingTime.FULL_TIME)
                    | Q(weekly_hours__isnull=False, weekly_hours__lt=FULL_TIME_WEEKLY_HOURS)
                ),
                name="need_part_time_has_weekly_hours",
                violation_error_message=_("Part time needs its weekly hours, below 35."),
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_min__lte=F("salary_max")),
                name="need_salary_range_ordered",
                violation_error_message=_("The minimum salary cannot exceed the maximum."),
            ),
            models.CheckConstraint(
                condition=Q(offers_training=True, training_weeks__isnull=False) | Q(offers_training=False),
                name="need_training_has_length",
                violation_error_message=_("Pre-hiring training needs its length in weeks."),
            ),
            *job_description_constraints(),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.employer} ({self.headcount})"

    @property
    def is_open(self) -> bool:
        return self.status == NeedStatus.OPEN

    @property
    def openings_left(self) -> int:
        return self.headcount - self.hires_count

    def clean(self) -> None:
        errors: dict[str, str | ValidationError] = {}
        if self.site_id and self.employer_id and self.site.employer_id != self.employer_id:
            errors["site"] = _("This site belongs to another employer.")
        if self.start_date and self.start_date_is_new() and self.start_date < timezone.localdate():
            errors["start_date"] = ValidationError(
                _("The start date %(date)s is in the past."), code="past", params={"date": self.start_date.isoformat()}
            )
        if self.contract_type == ContractType.CDD and not self.contract_duration_months:
            errors["contract_duration_months"] = _("A fixed-term contract (CDD) needs its length in months.")
        if self.contract_type == ContractType.CDI and self.contract_duration_months:
            errors["contract_duration_months"] = _("A permanent contract (CDI) has no length.")
        if self.working_time == WorkingTime.PART_TIME and not (
            self.weekly_hours and self.weekly_hours < FULL_TIME_WEEKLY_HOURS
        ):
            errors["weekly_hours"] = _("Part time needs its weekly hours, below 35.")
        if self.salary_min and self.salary_max and self.salary_min > self.salary_max:
            errors["salary_max"] = _("The maximum salary cannot be below the minimum.")
        if self.offers_training and not self.training_weeks:
            errors["training_weeks"] = _("Give the length of the pre-hiring training in weeks.")
        if errors:
            raise ValidationError(errors)

    def start_date_is_new(self) -> bool:
        """A start date is checked against today only when it is set or changed, not on every later edit."""
        if self.pk is None:
            return True
        stored: datetime.date | None = (
            StaffingNeed.objects.filter(pk=self.pk).values_list("start_date", flat=True).first()
        )
        return stored != self.start_date


class NeedSkill(models.Model):
    need = models.ForeignKey(
        StaffingNeed, verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="skill_requirements"
    )
    skill = models.ForeignKey(
        "referentials.Skill", verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    importance = models.CharField(
        _("importance"), max_length=15, choices=SkillImportance.choices, default=SkillImportance.MUST_HAVE
    )

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        constraints = [models.UniqueConstraint(fields=["need", "skill"], name="need_skill_unique")]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_importance_display()})"


class NeedLanguage(models.Model):
    """A language asked for a need. A mandatory language must be justified by the job (Code du travail L1132-1)."""

    need = models.ForeignKey(
        StaffingNeed, verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="language_requirements"
    )
    language = models.ForeignKey(
        "referentials.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=CefrLevel.choices)
    is_mandatory = models.BooleanField(_("mandatory"), default=False)
    justification = models.TextField(
        _("justification"), blank=True, help_text=_("Why the job itself requires this language.")
    )

    class Meta:
        verbose_name = _("required language")
        verbose_name_plural = _("required languages")
        constraints = [
            models.UniqueConstraint(fields=["need", "language"], name="need_language_unique"),
            models.CheckConstraint(
                condition=Q(is_mandatory=False) | Q(GreaterThanOrEqual(Length("justification"), 10)),
                name="need_mandatory_language_justified",
                violation_error_message=_("A mandatory language needs a written justification tied to the job."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.get_level_display()}"

    def clean(self) -> None:
        self.justification = self.justification.strip()
        if self.is_mandatory and len(self.justification) < 10:
            raise ValidationError(
                {"justification": _("A mandatory language needs a written justification tied to the job.")}
            )


class NeedCertification(models.Model):
    need = models.ForeignKey(
        StaffingNeed,
        verbose_name=_("staffing need"),
        on_delete=models.CASCADE,
        related_name="certification_requirements",
    )
    certification = models.ForeignKey(
        "referentials.Certification", verbose_name=_("certification"), on_delete=models.PROTECT, related_name="+"
    )
    is_mandatory = models.BooleanField(_("mandatory"), default=True)

    class Meta:
        verbose_name = _("required certification")
        verbose_name_plural = _("required certifications")
        constraints = [models.UniqueConstraint(fields=["need", "certification"], name="need_certification_unique")]

    def __str__(self) -> str:
        return str(self.certification)


class NeedStatusChange(models.Model):
    """The history of a need's status: who changed it, when, from what to what."""

    need = models.ForeignKey(
        StaffingNeed, verbose_name=_("staffing need"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(pgettext_lazy("status change", "from"), max_length=10, choices=NeedStatus.choices)
    to_status = models.CharField(pgettext_lazy("status change", "to"), max_length=10, choices=NeedStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["need", "changed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_status=F("to_status")), name="status_change_changes_status")
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

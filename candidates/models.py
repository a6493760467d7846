"""Job-seeker profiles kept by platform staff, and their sensitive situations kept apart.

Sensitive situations live in their own table so that no query built for
matching or for employers can reach them by accident: only platform staff may
read them, and they are never an input to a score.
"""

from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import PlatformScopedQuerySet, is_staff_of_platform, platform_staff_choices
from candidates.audit_models import PersonalDataAccess as PersonalDataAccess
from candidates.enums import MAX_TRAVEL_DISTANCE_KM, CandidateStatus, DocumentKind, SkillLevel
from candidates.import_models import CandidateImport as CandidateImport
from candidates.referral_models import CandidateReferral as CandidateReferral
from referentials.enums import CefrLevel, EducationLevel
from referentials.i18n import lazy_interpolation
from referentials.text import SingleLineCharField


class Candidate(models.Model):
    reference = models.CharField(
        _("file reference"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The partner's file number, when the profile comes from an import."),
    )
    first_name = SingleLineCharField(_("first name"), max_length=100)
    last_name = SingleLineCharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    commune = models.ForeignKey(
        "referentials.Commune", verbose_name=_("commune of residence"), on_delete=models.PROTECT, related_name="+"
    )

    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum distance (km)"),
        default=20,
        validators=[MaxValueValidator(MAX_TRAVEL_DISTANCE_KM)],
        help_text=_("How far from home the person is ready to work."),
    )
    travels_by_car = models.BooleanField(_("travels by car"), default=False)
    travels_by_public_transport = models.BooleanField(_("travels by public transport"), default=True)
    travels_by_bike = models.BooleanField(_("travels by bike"), default=False)
    travels_on_foot = models.BooleanField(_("travels on foot"), default=True)
    has_driving_licence = models.BooleanField(_("driving licence"), default=False)

    desired_occupations = models.ManyToManyField(
        "referentials.Occupation", verbose_name=_("desired occupations"), related_name="+", blank=True
    )
    accepts_related_occupations = models.BooleanField(
        _("accepts related occupations"), default=True, help_text=_("Occupations of the same ROME family.")
    )
    certifications = models.ManyToManyField(
        "referentials.Certification", verbose_name=_("certifications"), related_name="+", blank=True
    )
    education_level = models.PositiveSmallIntegerField(
        _("education level"), choices=EducationLevel.choices, null=True, blank=True
    )
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(60)]
    )
    available_from = models.DateField(_("available from"), default=timezone.localdate)

    accepts_cdi = models.BooleanField(_("accepts CDI"), default=True)
    accepts_cdd = models.BooleanField(_("accepts CDD"), default=True)
    accepts_temporary = models.BooleanField(_("accepts temporary work"), default=True)
    accepts_apprenticeship = models.BooleanField(_("accepts apprenticeship"), default=False)
    accepts_professionalisation = models.BooleanField(_("accepts professionalisation contract"), default=False)
    accepts_full_time = models.BooleanField(_("accepts full time"), default=True)
    accepts_part_time = models.BooleanField(_("accepts part time"), default=True)

    status = models.CharField(
        _("status"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.ACTIVE, db_index=True
    )
    platform = models.ForeignKey(
        "accounts.Platform", verbose_name=_("platform"), on_delete=models.PROTECT, related_name="candidates"
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_candidates",
        # Platform staff only; the candidate's own platform is checked by clean_fields.
        limit_choices_to=platform_staff_choices,
    )
    consents_to_processing = models.BooleanField(_("consents to data processing"), default=False)
    consented_to_processing_at = models.DateTimeField(_("processing consent date"), null=True, blank=True)
    consents_to_presentation = models.BooleanField(_("consents to be presented to employers"), default=False)
    consented_to_presentation_at = models.DateTimeField(_("presentation consent date"), null=True, blank=True)
    consents_to_messages = models.BooleanField(
        _("consents to receive messages"),
        default=False,
        help_text=_("The person agreed to receive job proposals and links by e-mail or SMS."),
    )
    consented_to_messages_at = models.DateTimeField(_("messages consent date"), null=True, blank=True)
    last_contact_at = models.DateField(_("last contact"), default=timezone.localdate)
    retention_notice_sent_at = models.DateTimeField(
        _("retention notice sent at"),
        null=True,
        blank=True,
        help_text=_("When the advisor was told that this profile will be anonymised for lack of contact."),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlatformScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["platform", "status"], name="candidate_platform_status_idx"),
            models.Index(fields=["last_name", "first_name"], name="candidate_name_idx"),
            # A platform's list in name order, and its bounded count, read from the index alone (with ``id``): a
            # page walks its platform's 50 first names instead of every platform's (docs/benchmarks.md).
            models.Index(fields=["platform", "last_name", "first_name", "id"], name="candidate_platform_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_distance_km__gte=0, max_distance_km__lte=MAX_TRAVEL_DISTANCE_KM),
                name="candidate_max_distance_range",
                violation_error_message=lazy_interpolation(
                    _("The maximum distance must be between 0 and %(max)s km."), max=MAX_TRAVEL_DISTANCE_KM
                ),
            ),
            models.CheckConstraint(
                condition=Q(consents_to_processing=False) | Q(consented_to_processing_at__isnull=False),
                name="candidate_processing_consent_dated",
                violation_error_message=_("A consent must be recorded with its date."),
            ),
            models.CheckConstraint(
                condition=Q(consents_to_presentation=False) | Q(consented_to_presentation_at__isnull=False),
                name="candidate_presentation_consent_dated",
                violation_error_message=_("A consent must be recorded with its date."),
            ),
            models.CheckConstraint(
                condition=Q(consents_to_messages=False) | Q(consented_to_messages_at__isnull=False),
                name="candidate_messages_consent_dated",
                violation_error_message=_("A consent must be recorded with its date."),
            ),
            models.CheckConstraint(
                condition=Q(consents_to_presentation=False) | Q(consents_to_processing=True),
                name="candidate_presentation_needs_processing_consent",
                violation_error_message=_("Presenting someone requires their consent to data processing first."),
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | Q(status=CandidateStatus.ANONYMISED),
                name="candidate_anonymised_has_status",
            ),
            models.CheckConstraint(
                condition=Q(accepts_full_time=True) | Q(accepts_part_time=True),
                name="candidate_accepts_some_working_time",
                violation_error_message=_("Accept at least full time or part time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_presentable(self) -> bool:
        return self.status == CandidateStatus.ACTIVE and self.consents_to_presentation

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """The fields' own checks, and the advisor's: one of the staff (advisors and managers) of the candidate's
        platform, never an employer member nor another platform's staff. Here rather than in ``clean()``, so that a
        form without the advisor field (the API's, the imports') is not given an error on a field it lacks."""
        exclude = set(exclude or ())
        errors: dict[str, list] = {}
        checked = "advisor" not in exclude and self.advisor_id is not None and self.platform_id is not None
        if checked and not is_staff_of_platform(self.advisor, self.platform_id):
            errors["advisor"] = [
                ValidationError(_("Choose an advisor or a manager of the candidate's platform."), code="advisor")
            ]
            exclude.add("advisor")  # one message, not also the choice's own
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.consents_to_presentation and not self.consents_to_processing:
            errors["consents_to_presentation"] = _(
                "Presenting someone requires their consent to data processing first."
            )
        if not (self.accepts_full_time or self.accepts_part_time):
            errors["accepts_part_time"] = _("Accept at least full time or part time.")
        if self.birth_date and self.birth_date > timezone.localdate():
            errors["birth_date"] = _("The birth date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class CandidateSkill(models.Model):
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="skills"
    )
    skill = models.ForeignKey(
        "referentials.Skill", verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices, default=SkillLevel.INTERMEDIATE)

    class Meta:
        verbose_name = _("candidate skill")
        verbose_name_plural = _("candidate skills")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "skill"], name="candidate_skill_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="candidate_skill_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class CandidateLanguage(models.Model):
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="languages"
    )
    language = models.ForeignKey(
        "referentials.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=CefrLevel.choices, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )

    class Meta:
        verbose_name = _("candidate language")
        verbose_name_plural = _("candidate languages")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "language"], name="candidate_language_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=6), name="candidate_language_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.get_level_display()}"


class SensitiveSituation(models.Model):
    """Situations that open rights to support but must never weigh on a score or reach an employer."""

    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="sensitive_situation",
    )
    is_under_26 = models.BooleanField(_("under 26"), default=False)
    is_long_term_job_seeker = models.BooleanField(_("long-term job seeker (DELD)"), default=False)
    has_disability_recognition = models.BooleanField(_("disability recognition (RQTH)"), default=False)
    lives_in_priority_neighbourhood = models.BooleanField(
        _("resident of a priority neighbourhood (QPV)"), default=False
    )
    is_50_or_over = models.BooleanField(_("50 and over"), default=False)
    receives_minimum_income = models.BooleanField(_("minimum-income recipient (RSA)"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("sensitive situation")
        verbose_name_plural = _("sensitive situations")
        permissions = [("view_sensitive_situation_data", _("Can read sensitive situations (platform staff only)"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(is_under_26=True, is_50_or_over=True),
                name="sensitive_situation_age_groups_exclusive",
                violation_error_message=_("A person cannot be both under 26 and 50 or over."),
            )
        ]

    def __str__(self) -> str:
        return str(_("Sensitive situation of candidate #%(id)s") % {"id": self.candidate_id})


class CandidateDocumentQuerySet(PlatformScopedQuerySet):
    platform_path = "candidate__platform"


class CandidateDocument(models.Model):
    """A file kept with a candidate's profile (a CV, a diploma), stored outside the public folders.

    The file is stored under a random name in ``PRIVATE_MEDIA_ROOT`` and served only by a view that checks who
    asks; its type is decided from its content, not from its name.
    """

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices, default=DocumentKind.CV)
    original_name = models.CharField(_("file name"), max_length=200)
    stored_name = models.CharField(_("stored name"), max_length=80, unique=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = CandidateDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["candidate", "-uploaded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="candidate_document_not_empty"),
            models.CheckConstraint(
                condition=Q(stored_name__regex=r"^[A-Za-z0-9_-]{32,80}$"), name="candidate_document_random_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class SavedCandidateSearch(models.Model):
    """A staff member's named candidate search: its criteria kept here and posted back, never put in a URL.

    The criteria are the search form's values as typed (a place, a radius, skill identifiers, an occupation, words);
    running it posts its id, and the form checks them again, so that a place renamed or a skill removed since is
    shown as an error on the form instead of being searched silently.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    name = SingleLineCharField(_("name"), max_length=80)
    criteria = models.JSONField(_("criteria"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("saved candidate search")
        verbose_name_plural = _("saved candidate searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_candidate_search_unique_name"),
            models.CheckConstraint(condition=~Q(name=""), name="saved_candidate_search_has_name"),
        ]

    def __str__(self) -> str:
        return self.name

"""Reference data: communes, EPCIs, ROME occupations, skills, languages and certifications.

These tables are loaded by ``manage.py load_referentials`` and change rarely;
other apps point at them and never copy their values.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from referentials.enums import (
    CertificationCategory,
    OccupationTitleKind,
    OccupationTitleSource,
    RomeDomain,
    SkillCategory,
)

INSEE_CODE_PATTERN = r"^(?:\d{5}|2[AB]\d{3})$"
POSTCODE_PATTERN = r"^\d{5}$"
ROME_CODE_PATTERN = r"^[A-N]\d{4}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

insee_code_validator = RegexValidator(INSEE_CODE_PATTERN, _("An INSEE code has 5 characters, such as 59350 or 2A004."))
postcode_validator = RegexValidator(POSTCODE_PATTERN, _("A postcode has 5 digits."))
rome_code_validator = RegexValidator(
    ROME_CODE_PATTERN, _("A ROME code is a letter from A to N and 4 digits, such as D1408.")
)


class Epci(models.Model):
    """An inter-municipal body (établissement public de coopération intercommunale)."""

    code = models.CharField(_("SIREN code"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCIs")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^\d{9}$"), name="epci_code_9_digits")]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    insee_code = models.CharField(_("INSEE code"), max_length=5, unique=True, validators=[insee_code_validator])
    name = models.CharField(_("name"), max_length=200, db_index=True)
    departement_code = models.CharField(_("département code"), max_length=3, db_index=True)
    departement_name = models.CharField(_("département"), max_length=100)
    region_code = models.CharField(_("région code"), max_length=2, db_index=True)
    region_name = models.CharField(_("région"), max_length=100)
    epci = models.ForeignKey(
        Epci, verbose_name=_("EPCI"), null=True, blank=True, on_delete=models.SET_NULL, related_name="communes"
    )
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "insee_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(insee_code__regex=INSEE_CODE_PATTERN), name="commune_insee_code_format"
            ),
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90), name="commune_latitude_range"),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180), name="commune_longitude_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.departement_code})"


class PostalCode(models.Model):
    """One postcode of one commune: a postcode may cover several communes and a commune several postcodes."""

    code = models.CharField(_("postcode"), max_length=5, db_index=True, validators=[postcode_validator])
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="postal_code_unique_per_commune"),
            models.CheckConstraint(condition=Q(code__regex=POSTCODE_PATTERN), name="postal_code_format"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.commune.name}"


class OccupationQuerySet(models.QuerySet):
    def related_to(self, occupation: "Occupation") -> "OccupationQuerySet":
        """Occupations of the same ROME family (same letter and two digits), the occupation itself excluded."""
        return self.filter(family_code=occupation.family_code).exclude(pk=occupation.pk)


class Occupation(models.Model):
    """A ROME occupation (fiche métier)."""

    rome_code = models.CharField(_("ROME code"), max_length=5, unique=True, validators=[rome_code_validator])
    label = models.CharField(_("label"), max_length=255)
    # The family and the sector are parts of the code: the database derives them so they cannot disagree.
    family_code = models.GeneratedField(
        verbose_name=_("ROME family"),
        expression=Left("rome_code", 3),
        output_field=models.CharField(max_length=3),
        db_persist=True,
        db_index=True,
    )
    sector = models.GeneratedField(
        verbose_name=_("sector"),
        expression=Left("rome_code", 1),
        output_field=models.CharField(max_length=1, choices=RomeDomain.choices),
        db_persist=True,
    )

    objects = OccupationQuerySet.as_manager()

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["rome_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rome_code__regex=ROME_CODE_PATTERN), name="occupation_rome_code_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rome_code} {self.label}"


class OccupationTitle(models.Model):
    """A job title people use for a ROME occupation: one of France Travail's "appellations", the occupation's own
    label, or a synonym we wrote (``referentials/data/occupation_synonyms.csv``), see docs/adr/0011-job-titles.md.

    ``search_text`` is the title as ``referentials.normalise.search_normalise`` gives it, stored by the loader so
    that PostgreSQL's trigram index can answer the suggester.
    """

    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.CASCADE, related_name="titles"
    )
    title = models.CharField(_("title"), max_length=255)
    short_title = models.CharField(_("short title"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=OccupationTitleKind.choices)
    source = models.CharField(_("source"), max_length=10, choices=OccupationTitleSource.choices)
    is_rarely_used = models.BooleanField(_("rarely used"), default=False)
    rome_title_code = models.CharField(
        _("ROME title code"), max_length=10, blank=True, help_text=_("France Travail's code of the title (code OGR).")
    )
    search_text = models.CharField(_("search form"), max_length=255)

    class Meta:
        verbose_name = _("job title")
        verbose_name_plural = _("job titles")
        ordering = ["occupation", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "search_text"], name="occupation_title_unique_per_occupation"
            ),
            models.CheckConstraint(condition=~Q(search_text=""), name="occupation_title_search_text_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=OccupationTitleKind.values), name="occupation_title_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=OccupationTitleSource.values), name="occupation_title_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.occupation.rome_code})"


class Skill(models.Model):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    label = models.CharField(_("label"), max_length=150, unique=True)
    label_en = models.CharField(_("English label"), max_length=150, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=SkillCategory.choices)
    occupations = models.ManyToManyField(Occupation, verbose_name=_("occupations"), related_name="skills", blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["label"]
        constraints = [models.CheckConstraint(condition=Q(slug__regex=SLUG_PATTERN), name="skill_slug_format")]

    def __str__(self) -> str:
        return self.label


class Language(models.Model):
    code = models.CharField(_("ISO 639-1 code"), max_length=2, unique=True)
    label = models.CharField(_("label"), max_length=100, unique=True)
    label_en = models.CharField(_("English label"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["label"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[a-z]{2}$"), name="language_code_format")]

    def __str__(self) -> str:
        return self.label


class Certification(models.Model):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    label = models.CharField(_("label"), max_length=150, unique=True)
    label_en = models.CharField(_("English label"), max_length=150, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=CertificationCategory.choices)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["label"]
        constraints = [models.CheckConstraint(condition=Q(slug__regex=SLUG_PATTERN), name="certification_slug_format")]

    def __str__(self) -> str:
        return self.label

"""Users, territorial platforms, the memberships that give users their roles, and users' API tokens.

A user logs in by e-mail. What a user may see follows from their memberships:
platform staff (advisors and managers) belong to a platform, employer members
to exactly one employer.
"""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.enums import MembershipRole
from accounts.joining_models import EmployerAccessRequest as EmployerAccessRequest
from accounts.joining_models import EmployerInvitation as EmployerInvitation
from accounts.partner_models import PartnerOrganisation as PartnerOrganisation
from referentials.text import SingleLineCharField


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        # E-mails are stored in lower case; people type them as they like.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = SingleLineCharField(_("first name"), max_length=150, blank=True)
    last_name = SingleLineCharField(_("last name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff access"), default=False, help_text=_("Whether the user may log into the staff workspace.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


MAX_DEADLINE_DAYS = 90


class Platform(models.Model):
    """A territorial team that covers an employment area: a set of EPCIs and communes."""

    name = SingleLineCharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    business_cochair = SingleLineCharField(
        _("business co-chair"), max_length=200, blank=True, help_text=_("The business leader who co-chairs it.")
    )
    epcis = models.ManyToManyField(
        "referentials.Epci", verbose_name=_("EPCIs covered"), related_name="platforms", blank=True
    )
    communes = models.ManyToManyField(
        "referentials.Commune",
        verbose_name=_("communes covered"),
        related_name="platforms",
        blank=True,
        help_text=_("Communes covered in addition to those of the EPCIs."),
    )
    # Deadlines for employers who do not answer a presentation (docs/adr/0010-employer-deadlines.md).
    employer_reminder_working_days = models.PositiveSmallIntegerField(
        _("employer reminder after (working days)"),
        default=5,
        help_text=_(
            "An employer who has not answered a presentation after this many working days is reminded; the advisor "
            "is told after twice as many."
        ),
    )
    presentation_expiry_days = models.PositiveSmallIntegerField(
        _("presentation expiry after (days)"),
        default=15,
        help_text=_("A presentation still unanswered this many calendar days after it was made expires."),
    )

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    employer_reminder_working_days__gte=1, employer_reminder_working_days__lte=MAX_DEADLINE_DAYS
                ),
                name="platform_employer_reminder_in_range",
                violation_error_message=_("The reminder comes after 1 to 90 working days."),
            ),
            models.CheckConstraint(
                condition=Q(presentation_expiry_days__lte=MAX_DEADLINE_DAYS),
                name="platform_presentation_expiry_in_range",
                violation_error_message=_("A presentation expires after at most 90 days."),
            ),
            # Working days are five in seven: the expiry must fall after the reminder whatever the weekday.
            models.CheckConstraint(
                condition=Q(presentation_expiry_days__gt=F("employer_reminder_working_days") * 7 / 5),
                name="platform_expiry_after_reminder",
                violation_error_message=_(
                    "A presentation must expire after its reminder: more calendar days than the reminder's working "
                    "days take (seven for five)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role: on a platform (advisor, manager), at one employer (employer member) or at one partner
    organisation (partner advisor)."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    platform = models.ForeignKey(
        Platform,
        verbose_name=_("platform"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    partner = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    departement_code = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        help_text=_("For a region observer: the département whose figures they read; empty for the whole region."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=MembershipRole.platform_roles(),
                        platform__isnull=False,
                        employer__isnull=True,
                        partner__isnull=True,
                        departement_code="",
                    )
                    | Q(
                        role=MembershipRole.EMPLOYER_MEMBER,
                        platform__isnull=True,
                        employer__isnull=False,
                        partner__isnull=True,
                        departement_code="",
                    )
                    | Q(
                        role=MembershipRole.PARTNER_ADVISOR,
                        partner__isnull=False,
                        platform__isnull=True,
                        employer__isnull=True,
                        departement_code="",
                    )
                    | Q(
                        role=MembershipRole.REGION_OBSERVER,
                        platform__isnull=True,
                        employer__isnull=True,
                        partner__isnull=True,
                    )
                ),
                name="membership_scope_matches_role",
                violation_error_message=_(
                    "Platform staff belong to a platform; employer members belong to one employer; a region "
                    "observer belongs to neither, and only they read one département."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role=MembershipRole.PARTNER_ADVISOR) | Q(partner__isnull=True),
                name="membership_partner_only_for_partner_advisors",
                violation_error_message=_("Only a partner advisor belongs to a partner organisation."),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role=MembershipRole.PARTNER_ADVISOR),
                name="membership_one_partner_per_user",
                violation_error_message=_("A partner advisor belongs to one partner organisation only."),
            ),
            models.UniqueConstraint(
                fields=["user", "platform"],
                condition=Q(platform__isnull=False),
                name="membership_one_role_per_platform",
                violation_error_message=_("This user already has a role on this platform."),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role=MembershipRole.REGION_OBSERVER),
                name="membership_one_observer_scope_per_user",
                violation_error_message=_("A region observer reads one territory only."),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role=MembershipRole.EMPLOYER_MEMBER),
                name="membership_one_employer_per_user",
                violation_error_message=_("An employer member belongs to one employer only."),
            ),
        ]

    def __str__(self) -> str:
        scope = self.platform or self.employer or self.partner or self.territory_label
        return f"{self.user} — {self.get_role_display()} — {scope}"

    @property
    def territory_label(self) -> str:
        return self.departement_code or gettext("region")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, *, now: datetime.datetime | None = None) -> "ApiTokenQuerySet":
        """Tokens neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)


class ApiToken(models.Model):
    """A user's key to the REST API. Only a hash of the key is stored: the key itself is shown once, when created.

    A staff member's token opens the staff API, candidates' personal data included, without the second factor that
    the pages ask: it is created only after a TOTP check and always expires, within ``STAFF_TOKEN_LIFETIME``
    (``accounts.api_tokens``). Employers' tokens may last until revoked.
    """

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, such as “HR software”."))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("prefix"), max_length=8, editable=False, help_text=_("The first characters of the key, to recognise it.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    for_staff = models.BooleanField(
        _("staff token"),
        default=False,
        editable=False,
        help_text=_("Created by a staff member, after a two-factor check: it expires within 90 days."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="api_token_key_hash_sha256"),
            models.CheckConstraint(
                condition=Q(for_staff=False) | Q(expires_at__isnull=False),
                name="api_token_staff_expires",
                violation_error_message=_("A staff token has an expiry date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self) -> None:
        if self._state.adding and self.expires_at is not None and self.expires_at <= timezone.now():
            raise ValidationError({"expires_at": _("The expiry date must be in the future.")})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

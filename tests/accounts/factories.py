import datetime
import time

import factory
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.utils import timezone

from accounts.enums import AccessRequestStatus, MembershipRole, PartnerKind
from accounts.models import EmployerAccessRequest, EmployerInvitation, Membership, PartnerOrganisation, Platform, User
from accounts.services import platform_staff_group_ensure
from employers.invitations import invitation_token_hash
from employers.siret import siret_complete

PASSWORD = "correct-horse-battery-staple"


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Plateforme {n}")
    slug = factory.Sequence(lambda n: f"plateforme-{n}")
    business_cochair = "Claire Dubois"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@tremplin.example")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """Staff must have two-factor authentication (accounts/mfa.py): give them a TOTP authenticator.

        ``totp=False`` makes a staff member who has not set it up yet. The secret is kept on the instance.
        """
        if create and self.is_staff and extracted is not False:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class AdvisorFactory(UserFactory):
    """A platform advisor with the staff group's permissions on the admin."""

    is_staff = True
    memberships = factory.RelatedFactory(
        "tests.accounts.factories.MembershipFactory", factory_related_name="user", role=MembershipRole.ADVISOR
    )

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(platform_staff_group_ensure())


class RegionObserverFactory(UserFactory):
    """A reader of the territorial reports: the whole region, or ``memberships__departement_code``; with TOTP."""

    memberships = factory.RelatedFactory(
        "tests.accounts.factories.MembershipFactory",
        factory_related_name="user",
        role=MembershipRole.REGION_OBSERVER,
        platform=None,
        employer=None,
    )

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = MembershipRole.ADVISOR
    platform = factory.SubFactory(PlatformFactory)


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    """A partner organisation; ``platforms=[...]`` names the platforms it works with."""

    class Meta:
        model = PartnerOrganisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mission Locale de la Lys {n}")
    kind = PartnerKind.MISSION_LOCALE

    @factory.post_generation
    def platforms(self, create, extracted, **kwargs):
        if create and extracted:
            self.platforms.set(extracted)


class PartnerAdvisorFactory(UserFactory):
    """An advisor of a partner organisation (``memberships__partner``), with a TOTP authenticator as they must have
    (accounts/mfa.py); ``totp=False`` for one who has not set it up yet."""

    memberships = factory.RelatedFactory(
        "tests.accounts.factories.MembershipFactory",
        factory_related_name="user",
        role=MembershipRole.PARTNER_ADVISOR,
        platform=None,
        partner=factory.SubFactory(PartnerOrganisationFactory),
    )

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)


class EmployerAccessRequestFactory(factory.django.DjangoModelFactory):
    """A request waiting for an advisor, for a SIRET nobody knows yet unless ``employer`` is given."""

    class Meta:
        model = EmployerAccessRequest

    user = factory.SubFactory(UserFactory)
    siret = factory.Sequence(lambda n: siret_complete(f"{987654321000 + n:013d}"))
    legal_name = factory.Sequence(lambda n: f"Logistique des Flandres {n}")
    job_title = "Responsable RH"
    phone = "03 20 12 34 56"

    class Params:
        refused = factory.Trait(
            status=AccessRequestStatus.REFUSED,
            decided_at=factory.LazyFunction(timezone.now),
            decision_note="Ce SIRET appartient à une autre entreprise.",
        )


class EmployerInvitationFactory(factory.django.DjangoModelFactory):
    """An invitation waiting. Pass ``token`` to know the link's token: only its hash is stored."""

    class Meta:
        model = EmployerInvitation

    # Named by path: tests.employers.factories imports this module (PlatformFactory).
    employer = factory.SubFactory("tests.employers.factories.EmployerFactory")
    email = factory.Sequence(lambda n: f"collegue{n}@entreprise.example")
    token_hash = factory.LazyAttribute(lambda invitation: invitation_token_hash(invitation.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    class Params:
        token = factory.Sequence(lambda n: f"jeton-de-test-{n:04d}-abcdefghijklmnopqrstuvwxyz")
        expired = factory.Trait(
            created_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=15)),
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))


def totp_code_now(user: User) -> str:
    """The code the staff member's authenticator app shows now (their factory kept the secret); "" for a user who
    has no authenticator, such as an employer member."""
    secret = getattr(user, "totp_secret", None)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30)) if secret else ""

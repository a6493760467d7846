import factory
from django.contrib.auth.models import Group, Permission

from accounts.enums import MembershipRole
from accounts.models import Membership, Platform, User

PASSWORD = "correct-horse-battery-staple"
STAFF_APPS = ["accounts", "referentials", "employers", "candidates", "matching"]


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


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


def platform_staff_group() -> Group:
    group, created = Group.objects.get_or_create(name="Platform staff")
    if created:
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=STAFF_APPS))
    return group


class AdvisorFactory(UserFactory):
    """A platform advisor with the staff group's permissions on the admin."""

    is_staff = True
    memberships = factory.RelatedFactory(
        "tests.accounts.factories.MembershipFactory", factory_related_name="user", role=MembershipRole.ADVISOR
    )

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(platform_staff_group())


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = MembershipRole.ADVISOR
    platform = factory.SubFactory(PlatformFactory)

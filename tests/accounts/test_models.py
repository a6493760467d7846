import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from accounts.enums import MembershipRole
from accounts.models import Membership, User
from tests.accounts.factories import PASSWORD, MembershipFactory, PlatformFactory, UserFactory
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def constraint_message(name: str) -> str:
    constraint = next(c for c in Membership._meta.constraints if c.name == name)
    return str(constraint.violation_error_message)


# E-mail login


def test_create_user_stores_the_email_in_lowercase():
    user = User.objects.create_user("Camille.Martin@Tremplin.Example", password=PASSWORD)
    assert user.email == "camille.martin@tremplin.example"
    assert user.check_password(PASSWORD)
    assert not user.is_staff
    assert not user.is_superuser


def test_create_user_without_email_is_refused():
    with pytest.raises(ValueError, match="e-mail address is required"):
        User.objects.create_user("", password=PASSWORD)


def test_create_superuser_has_staff_access():
    user = User.objects.create_superuser("admin@tremplin.example", password=PASSWORD)
    assert user.is_staff
    assert user.is_superuser


def test_user_logs_in_with_email_and_password(client):
    user = UserFactory(email="camille@tremplin.example")
    assert authenticate(email="camille@tremplin.example", password=PASSWORD) == user
    assert authenticate(email="camille@tremplin.example", password="wrong password") is None
    assert client.login(email="camille@tremplin.example", password=PASSWORD)


def test_user_logs_in_with_email_typed_in_another_case():
    user = User.objects.create_user("camille@tremplin.example", password=PASSWORD)
    assert authenticate(email="Camille@Tremplin.example", password=PASSWORD) == user


def test_inactive_user_cannot_log_in():
    UserFactory(email="parti@tremplin.example", is_active=False)
    assert authenticate(email="parti@tremplin.example", password=PASSWORD) is None


def test_user_str_is_full_name_or_email():
    assert str(UserFactory(first_name="Camille", last_name="Martin")) == "Camille Martin"
    assert str(UserFactory(email="anonyme@tremplin.example", first_name="", last_name="")) == (
        "anonyme@tremplin.example"
    )


# E-mail uniqueness


def test_email_is_unique_whatever_its_case():
    User.objects.create(email="Camille@Tremplin.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="camille@tremplin.example")
    assert User.objects.filter(email__iexact="camille@tremplin.example").count() == 1


def test_full_clean_lowercases_the_email_and_reports_the_duplicate():
    UserFactory(email="camille@tremplin.example")
    user = User(email="CAMILLE@tremplin.example")
    with pytest.raises(ValidationError) as raised:
        user.full_clean()
    assert user.email == "camille@tremplin.example"
    assert "email" in raised.value.message_dict


# Membership constraints


def test_advisor_without_platform_is_refused():
    with pytest.raises(IntegrityError, match="membership_scope_matches_role"), transaction.atomic():
        Membership.objects.create(user=UserFactory(), role=MembershipRole.ADVISOR, platform=None)


def test_manager_with_an_employer_is_refused():
    with pytest.raises(IntegrityError, match="membership_scope_matches_role"), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(), role=MembershipRole.MANAGER, platform=PlatformFactory(), employer=EmployerFactory()
        )


def test_employer_member_with_a_platform_is_refused():
    with pytest.raises(IntegrityError, match="membership_scope_matches_role"), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(),
            role=MembershipRole.EMPLOYER_MEMBER,
            employer=EmployerFactory(),
            platform=PlatformFactory(),
        )


def test_employer_member_without_employer_is_refused():
    with pytest.raises(IntegrityError, match="membership_scope_matches_role"), transaction.atomic():
        Membership.objects.create(user=UserFactory(), role=MembershipRole.EMPLOYER_MEMBER)


def test_employer_member_and_platform_advisor_are_accepted():
    user = UserFactory()
    employer_member = Membership.objects.create(
        user=UserFactory(), role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory()
    )
    advisor = MembershipFactory(user=user, role=MembershipRole.ADVISOR)
    manager = MembershipFactory(user=user, role=MembershipRole.MANAGER)

    assert Membership.objects.filter(pk__in=[employer_member.pk, advisor.pk, manager.pk]).count() == 3
    assert advisor.platform != manager.platform


def test_employer_member_belongs_to_one_employer_only():
    user = UserFactory()
    Membership.objects.create(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory())
    assert user.memberships.count() == 1


def test_one_role_per_platform():
    membership = MembershipFactory(role=MembershipRole.ADVISOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=membership.user, role=MembershipRole.MANAGER, platform=membership.platform)
    assert membership.user.memberships.count() == 1


def test_full_clean_reports_a_platform_role_without_platform():
    membership = Membership(user=UserFactory(), role=MembershipRole.ADVISOR)
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == [constraint_message("membership_scope_matches_role")]


def test_validate_constraints_reports_an_employer_member_with_a_platform():
    membership = Membership(
        user=UserFactory(), role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory(), platform=PlatformFactory()
    )
    with pytest.raises(ValidationError) as raised:
        membership.validate_constraints()
    assert raised.value.messages == [constraint_message("membership_scope_matches_role")]


def test_full_clean_reports_a_second_role_on_the_same_platform():
    existing = MembershipFactory(role=MembershipRole.ADVISOR)
    membership = Membership(user=existing.user, role=MembershipRole.MANAGER, platform=existing.platform)
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == [constraint_message("membership_one_role_per_platform")]


def test_full_clean_reports_a_second_employer_for_an_employer_member():
    user = UserFactory()
    Membership.objects.create(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory())
    membership = Membership(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory())
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == [constraint_message("membership_one_employer_per_user")]


def test_full_clean_accepts_a_valid_membership():
    membership = Membership(user=UserFactory(), role=MembershipRole.ADVISOR, platform=PlatformFactory())
    membership.full_clean()
    membership.save()
    assert str(membership).endswith(str(membership.platform))

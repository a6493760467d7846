"""accounts/access.py: whose member a user is, the one answer every door asks."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.access import employer_id_for
from accounts.enums import MembershipRole
from accounts.models import User
from tests.accounts.factories import AdvisorFactory, MembershipFactory, SuperuserFactory, UserFactory
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def _member_of(employer, user: User | None = None) -> User:
    membership = MembershipFactory(
        user=user or UserFactory(), role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=employer
    )
    return User.objects.get(pk=membership.user_id)


def test_a_member_s_employer_is_found():
    employer = EmployerFactory()

    assert employer_id_for(_member_of(employer)) == employer.pk


@pytest.mark.parametrize(
    "who", [AnonymousUser, UserFactory, SuperuserFactory, AdvisorFactory], ids=["anonymous", "nobody", "super", "staff"]
)
def test_no_employer_for_anyone_else(who):
    assert employer_id_for(who()) is None


def test_staff_with_an_employer_membership_act_for_no_employer():
    advisor = AdvisorFactory()
    legacy = _member_of(EmployerFactory(), user=advisor)

    assert employer_id_for(legacy) is None

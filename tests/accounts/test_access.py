"""accounts/access.py: whose member a user is, and which rows platform staff see (``for_platform_staff``)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.access import employer_id_for
from accounts.enums import MembershipRole
from accounts.models import User
from candidates.models import Candidate
from employers.models import StaffingNeed
from tests.accounts.factories import AdvisorFactory, MembershipFactory, SuperuserFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory

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
    "who",
    [AnonymousUser, UserFactory, SuperuserFactory, AdvisorFactory],
    ids=["anonymous", "nobody", "super", "staff"],
)
def test_no_employer_for_anyone_else(who):
    assert employer_id_for(who()) is None


def test_staff_with_an_employer_membership_act_for_no_employer():
    advisor = AdvisorFactory()
    legacy = _member_of(EmployerFactory(), user=advisor)

    assert employer_id_for(legacy) is None


def test_platform_staff_see_the_rows_of_their_platforms_only():
    advisor = AdvisorFactory()
    mine = advisor.memberships.get().platform
    candidates = [CandidateFactory(platform=mine), CandidateFactory()]
    needs = [StaffingNeedFactory(employer__platform=mine), StaffingNeedFactory()]
    member = _member_of(needs[0].employer)

    seen = {
        who: (
            set(Candidate.objects.for_platform_staff(user).values_list("pk", flat=True)),
            set(StaffingNeed.objects.for_platform_staff(user).values_list("pk", flat=True)),
        )
        for who, user in (("advisor", advisor), ("superuser", SuperuserFactory()), ("member", member))
    }

    assert seen == {
        "advisor": ({candidates[0].pk}, {needs[0].pk}),
        "superuser": ({c.pk for c in candidates}, {n.pk for n in needs}),
        "member": (set(), set()),
    }

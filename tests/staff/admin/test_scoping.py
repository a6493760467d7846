"""staff/admin/scoping.py: a foreign key offers staff the rows of their own platforms only, so that a posted id
cannot attach a row to another platform's employer, site, need, candidate or platform."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from candidates.models import CandidateSkill
from employers.models import Employer, NeedSkill, Site, StaffingNeed
from tests.accounts.factories import AdvisorFactory, SuperuserFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Employer, "platform"),
        (Site, "employer"),
        (StaffingNeed, "site"),
        (NeedSkill, "need"),
        (CandidateSkill, "candidate"),
    ],
)
def test_foreign_keys_offer_the_rows_of_the_user_s_platforms(model, field):
    advisor = AdvisorFactory()
    mine = advisor.memberships.get().platform
    needs = [StaffingNeedFactory(employer__platform=mine), StaffingNeedFactory()]
    candidates = [CandidateFactory(platform=mine), CandidateFactory(platform=needs[1].employer.platform)]
    rows = {
        "platform": [mine, needs[1].employer.platform],
        "employer": [need.employer for need in needs],
        "site": [need.site for need in needs],
        "need": needs,
        "candidate": candidates,
    }[field]

    def offered(user) -> set[int]:
        request = RequestFactory().get("/")
        request.user = user
        formfield = admin.site._registry[model].formfield_for_foreignkey(model._meta.get_field(field), request)
        return set(formfield.queryset.filter(pk__in=[row.pk for row in rows]).values_list("pk", flat=True))

    assert offered(advisor) == {rows[0].pk}
    assert offered(SuperuserFactory()) == {row.pk for row in rows}

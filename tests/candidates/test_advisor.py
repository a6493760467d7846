"""A candidate's advisor is one of the staff (advisors and managers) of the candidate's platform: never an employer
member, nor another platform's staff. The admin offers only them; the model refuses the others, for every way in."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.enums import MembershipRole
from candidates.imports import candidate_import
from candidates.models import Candidate
from tests.accounts.factories import AdvisorFactory, MembershipFactory, PlatformFactory, SuperuserFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.candidates.imports.test_checks import csv_file, partner_row
from tests.employers.factories import EmployerFactory
from tests.referentials.factories import OccupationFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def people(platform):
    other = PlatformFactory()
    member = UserFactory(last_name="Employeur", is_staff=False)
    MembershipFactory(
        user=member, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=EmployerFactory(platform=platform)
    )
    manager = AdvisorFactory(last_name="Manager", memberships__platform=platform)
    manager.memberships.update(role=MembershipRole.MANAGER)
    return {
        "advisor": AdvisorFactory(last_name="Conseillere", memberships__platform=platform),
        "manager": manager,
        "other_platform": AdvisorFactory(last_name="Ailleurs", memberships__platform=other),
        "employer_member": member,
        "superuser": SuperuserFactory(last_name="Admin"),
    }


@pytest.mark.parametrize(
    ("who", "accepted"),
    [
        ("advisor", True),
        ("manager", True),
        ("other_platform", False),
        ("employer_member", False),
        ("superuser", False),
    ],
)
def test_the_advisor_is_one_of_the_staff_of_the_candidate_s_platform(platform, people, who, accepted):
    candidate = CandidateFactory(platform=platform)
    candidate.advisor = people[who]
    if accepted:
        candidate.full_clean()
        return
    with pytest.raises(ValidationError) as raised:
        candidate.full_clean()
    assert raised.value.message_dict["advisor"] == ["Choose an advisor or a manager of the candidate's platform."]


def test_the_admin_offers_only_the_staff_of_the_user_s_platforms(client, platform, people):
    candidate = CandidateFactory(platform=platform)
    client.force_login(people["advisor"])
    query = {"app_label": "candidates", "model_name": "candidate", "field_name": "advisor", "term": ""}
    response = client.post(reverse("admin:autocomplete"), query)
    assert response.status_code == 200
    offered = {int(item["id"]) for item in response.json()["results"]}
    assert offered == {people["advisor"].pk, people["manager"].pk}

    request = RequestFactory().get("/")
    request.user = people["advisor"]
    form_class = site._registry[Candidate].get_form(request, candidate)
    choices = set(form_class.base_fields["advisor"].queryset.values_list("pk", flat=True))
    assert choices == {people["advisor"].pk, people["manager"].pk}


def test_a_superuser_s_admin_offers_the_staff_of_every_platform_and_no_employer_member(client, platform, people):
    client.force_login(people["superuser"])
    query = {"app_label": "candidates", "model_name": "candidate", "field_name": "advisor", "term": ""}
    offered = {int(item["id"]) for item in client.post(reverse("admin:autocomplete"), query).json()["results"]}
    assert offered == {people["advisor"].pk, people["manager"].pk, people["other_platform"].pk}


def test_a_superuser_s_import_leaves_the_advisor_empty_instead_of_naming_themself(platform, people):
    hauts_de_france_communes()
    OccupationFactory(rome_code="D1408")
    report = candidate_import(
        content=csv_file([partner_row()]), filename="candidats.csv", platform=platform, by=people["superuser"]
    )
    assert report.errors == []
    assert Candidate.objects.get().advisor is None

"""The admin writes through the same services as the API and the portal.

A candidate: only a field that matching reads starts a run. A phone number changed in the admin or through the API
starts no run (no ``MatchRun`` row); a change to the maximum distance, or to the profile's skills, starts the
candidate's run. A membership: refused to platform staff at an employer, as an access request or an invitation is.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.enums import MembershipRole
from accounts.models import Membership
from candidates.models import Candidate
from employers.joining import employer_joining_refusal
from matching.enums import RunScope
from matching.models import MatchRun
from tests.admin_forms import admin_change_data
from tests.api_tokens import token_headers
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory
from tests.referentials.factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(platform):
    return CandidateFactory(platform=platform, presentable=True, phone="0611223344", max_distance_km=20)


def _admin_change(client, advisor, candidate: Candidate, **changes) -> None:
    client.force_login(advisor)
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    response = client.post(url, admin_change_data(client, url, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def _api_change(client, advisor, candidate: Candidate, **changes) -> None:
    response = client.patch(
        f"/api/staff/candidates/{candidate.pk}/",
        data=changes,
        content_type="application/json",
        **token_headers(advisor),
    )
    assert response.status_code == 200, response.content


CHANGES = {"admin": _admin_change, "api": _api_change}


@pytest.mark.parametrize("door", CHANGES)
def test_a_phone_only_change_starts_no_run(client, advisor, candidate, door, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        CHANGES[door](client, advisor, candidate, phone="0699887766")
    candidate.refresh_from_db()
    assert candidate.phone == "0699887766"
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize("door", CHANGES)
def test_a_matching_field_change_starts_the_candidate_s_run(
    client, advisor, candidate, door, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        CHANGES[door](client, advisor, candidate, max_distance_km=35)
    candidate.refresh_from_db()
    assert candidate.max_distance_km == 35
    assert list(MatchRun.objects.values_list("scope", "candidate")) == [(RunScope.CANDIDATE, candidate.pk)]


def test_a_skill_added_in_the_admin_starts_the_candidate_s_run(
    client, advisor, candidate, django_capture_on_commit_callbacks
):
    skill = SkillFactory()
    rows = {"skills-TOTAL_FORMS": "1", "skills-0-skill": str(skill.pk), "skills-0-level": "3"}
    with django_capture_on_commit_callbacks(execute=False):
        _admin_change(client, advisor, candidate, **rows)
    assert list(candidate.skills.values_list("skill", flat=True)) == [skill.pk]
    assert list(MatchRun.objects.values_list("scope", "candidate")) == [(RunScope.CANDIDATE, candidate.pk)]


def test_a_candidate_s_skill_rows_are_read_only_outside_the_candidate_s_page(client, advisor, candidate):
    client.force_login(advisor)
    assert client.get(reverse("admin:candidates_candidateskill_add")).status_code == 403


def test_an_employer_membership_for_platform_staff_is_refused_in_the_admin_as_elsewhere(
    client, superuser, advisor, platform
):
    employer = EmployerFactory(platform=platform)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_membership_add"),
        {"user": advisor.pk, "role": MembershipRole.EMPLOYER_MEMBER, "employer": employer.pk, "platform": ""},
    )
    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "error"]
    assert shown == [employer_joining_refusal(advisor)]
    assert not Membership.objects.filter(user=advisor, employer=employer).exists()

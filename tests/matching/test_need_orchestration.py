"""A need's change does the same thing through every front door: the portal, the API and the admin.

A closed need's headcount is refused with the same words everywhere, and nothing is stored; an open need's headcount
change allocates its proposals again and starts no run, everywhere (``matching.services.needs.need_details_save``).
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.enums import MembershipRole
from employers import services as employer_services
from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.enums import RunScope
from matching.models import MatchRun, MatchSuggestion
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.admin_forms import admin_change_data
from tests.api_tokens import token_headers
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db

DOORS = ("portal", "api", "admin")


@pytest.fixture
def member(platform):
    need_owner = StaffingNeedFactory(employer__platform=platform).employer
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=need_owner, platform=None)
    return user


def _need(member, **fields) -> StaffingNeed:
    employer = member.memberships.get().employer
    return StaffingNeedFactory(employer=employer, site=employer.sites.get(), headcount=1, **fields)


def _portal_job_data(need: StaffingNeed, headcount: int) -> dict[str, str]:
    return {
        "title": need.title,
        "occupation": need.occupation.rome_code,
        "place": f"{need.site.name} — {need.site.commune.name}",
        "address": "",
        "headcount": str(headcount),
        "contract_type": need.contract_type,
        "contract_duration_months": "",
        "working_time": need.working_time,
        "weekly_hours": "",
        "start_date": need.start_date.isoformat(),
        "stay": "",
    }


def _change_headcount(door: str, client, need: StaffingNeed, headcount: int, *, member, advisor) -> list[str]:
    """Change the need's headcount through ``door``; returns the error messages it showed (none on success)."""
    if door == "portal":
        client.force_login(member)
        response = client.post(reverse("portal:need_edit", args=[need.pk, "job"]), _portal_job_data(need, headcount))
        return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "error"]
    if door == "api":
        response = client.patch(
            f"/api/employer/needs/{need.pk}/",
            data={"headcount": headcount},
            content_type="application/json",
            **token_headers(member),
        )
        if response.status_code == 200:
            return []
        assert response.status_code == 400, response.content
        return [response.json()["error"]["message"]]
    client.force_login(advisor)
    url = reverse("admin:employers_staffingneed_change", args=[need.pk])
    response = client.post(url, admin_change_data(client, url, headcount=headcount))
    assert response.status_code == 302, response.content
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "error"]


@pytest.mark.parametrize("door", DOORS)
def test_a_closed_need_s_headcount_is_refused_with_the_service_s_words(client, member, advisor, door):
    need = _need(member, status=NeedStatus.CLOSED)
    with pytest.raises(ValidationError) as refused:
        employer_services.need_details_save(need=StaffingNeed.objects.get(pk=need.pk), by=None)

    shown = _change_headcount(door, client, need, 4, member=member, advisor=advisor)

    need.refresh_from_db()
    assert need.headcount == 1
    assert shown == refused.value.messages
    assert not MatchRun.objects.exists()


def test_the_refusal_reads_the_same_through_every_door(client, member, advisor):
    need = _need(member, status=NeedStatus.CLOSED)
    shown = {door: _change_headcount(door, client, need, 4, member=member, advisor=advisor) for door in DOORS}
    assert shown["portal"] == shown["api"] == shown["admin"]


@pytest.mark.parametrize("door", DOORS)
def test_an_open_need_s_headcount_change_starts_its_run(
    client, member, advisor, door, django_capture_on_commit_callbacks
):
    """The number of suggestions kept and proposed follows the openings left, so the need is matched again."""
    need = _need(member, status=NeedStatus.OPEN)

    with django_capture_on_commit_callbacks(execute=False):
        shown = _change_headcount(door, client, need, 3, member=member, advisor=advisor)

    assert shown == []
    need.refresh_from_db()
    assert need.headcount == 3
    assert list(MatchRun.objects.values_list("scope", "need_id")) == [(RunScope.NEED, need.pk)]


def test_a_change_to_what_the_score_reads_starts_a_run_from_the_admin_as_from_the_portal(
    client, member, advisor, django_capture_on_commit_callbacks
):
    need = _need(member, status=NeedStatus.OPEN)
    later = need.start_date + datetime.timedelta(days=14)
    client.force_login(advisor)
    url = reverse("admin:employers_staffingneed_change", args=[need.pk])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url, admin_change_data(client, url, start_date=later))
    need.refresh_from_db()
    assert need.start_date == later
    assert list(MatchRun.objects.values_list("scope", "need")) == [(RunScope.NEED, need.pk)]


def test_closing_a_need_withdraws_its_proposals_through_the_admin_action(client, member, advisor):
    need = _need(member, status=NeedStatus.OPEN)
    MatchSuggestion.objects.create(
        need=need, candidate=CandidateFactory(platform=need.employer.platform), rank=1, score=9000, distance_km=3.0,
        scoring_version="test", parts={}, is_proposed=True,
    )  # fmt: skip
    client.force_login(advisor)
    client.post(
        reverse("admin:employers_staffingneed_changelist"),
        {"action": "action_need_close", "_selected_action": [need.pk]},
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED
    assert not MatchSuggestion.objects.filter(need=need, is_proposed=True).exists()

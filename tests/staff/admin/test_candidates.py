"""The candidate list: search by occupation, filters, sensitive-situation filters for platform staff only."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from staff.admin.candidates import AdvisorFilter
from tests.accounts.factories import AdvisorFactory
from tests.admin_searching import admin_search
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.referentials.factories import OccupationFactory

pytestmark = pytest.mark.django_db
URL = "admin:candidates_candidate_changelist"


def listed(response) -> list:
    return list(response.context["cl"].result_list)


def test_search_finds_candidates_by_occupation_label_and_rome_code(client, advisor, platform):
    agent = CandidateFactory(platform=platform)
    agent.desired_occupations.add(OccupationFactory(rome_code="D1408"))
    picker = CandidateFactory(platform=platform)
    picker.desired_occupations.add(OccupationFactory(rome_code="N1103", label="Préparateur de commandes"))
    client.force_login(advisor)

    assert listed(admin_search(client, URL, "D1408")) == [agent]
    assert listed(admin_search(client, URL, "commandes")) == [picker]


def test_availability_and_sensitive_filters(client, advisor, platform):
    today = timezone.localdate()
    now = CandidateFactory(platform=platform, available_from=today)
    later = CandidateFactory(platform=platform, available_from=today + datetime.timedelta(days=90))
    SensitiveSituationFactory(candidate=later, has_disability_recognition=True)
    client.force_login(advisor)

    assert listed(client.get(reverse(URL), {"available": "now"})) == [now]
    assert listed(client.get(reverse(URL), {"available": "later"})) == [later]
    assert listed(client.get(reverse(URL), {"sensitive_situation__has_disability_recognition__exact": "1"})) == [later]


def test_sensitive_filters_are_not_offered_to_staff_without_a_platform(client):
    from accounts.services import platform_staff_group_ensure
    from tests.accounts.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(platform_staff_group_ensure())
    client.force_login(user)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert "sensitive_situation__has_disability_recognition" not in response.text


def test_the_advisor_filter_offers_the_staff_of_the_users_platforms_and_filters_by_them(client, advisor, platform):
    colleague = AdvisorFactory(memberships__platform=platform)
    elsewhere = AdvisorFactory()
    followed = CandidateFactory(platform=platform, advisor=colleague)
    CandidateFactory(platform=platform, advisor=advisor)
    client.force_login(advisor)

    response = client.get(reverse(URL))
    advisor_filter = next(spec for spec in response.context["cl"].filter_specs if isinstance(spec, AdvisorFilter))
    assert {str(pk) for pk, _label in advisor_filter.lookup_choices} == {str(advisor.pk), str(colleague.pk)}
    assert str(elsewhere.pk) not in {str(pk) for pk, _label in advisor_filter.lookup_choices}
    assert listed(client.get(reverse(URL), {"advisor": colleague.pk})) == [followed]
    for odd in ("not-a-number", "²", "9" * 30, str(elsewhere.pk)):
        response = client.get(reverse(URL), {"advisor": odd})
        assert response.status_code == 200
        assert set(listed(response)) == set(Candidate.objects.filter(platform=platform))


def test_the_rows_markup_is_the_admins_own(client, advisor, platform, monkeypatch):
    """The list's faster rows (staff/admin_lists.py) give the same page as the admin's own change list (with the
    search kept out of URLs, staff/admin_search.py)."""
    from django.contrib.admin import ModelAdmin

    from staff.admin.candidates import CandidateAdmin
    from staff.admin_search import PrivateSearchChangeList

    for name in ("Dufour", "Dufresne", "Lemaire"):
        CandidateFactory(platform=platform, last_name=name)
    client.force_login(advisor)
    searched = admin_search(client, URL, "du", status="active").redirect_chain[-1][0]
    key = searched.partition("q=")[2]

    def page() -> str:
        content = client.get(searched).content.decode()
        return re.sub(r'(nonce="|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", content)

    fast = page()
    assert fast.count('class="action-select"') == 2
    assert f"change/?_changelist_filters=status%3Dactive%26q%3D{key}" in fast
    monkeypatch.setattr(CandidateAdmin, "get_changelist", lambda self, request, **kwargs: PrivateSearchChangeList)
    monkeypatch.setattr(CandidateAdmin, "action_checkbox", ModelAdmin.action_checkbox)
    assert page() == fast

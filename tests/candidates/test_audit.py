"""Every view and change of a candidate's personal data is logged with who and when; managers read the log."""

import pytest
from django.urls import reverse

from accounts.enums import MembershipRole
from candidates.models import PersonalDataAccess
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_opening_a_profile_in_the_admin_is_logged(client, advisor, platform):
    candidate = CandidateFactory(platform=platform)
    client.force_login(advisor)
    assert client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk])).status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.actor, access.candidate, access.action) == (advisor, candidate, "opened")


def test_a_change_is_logged_with_the_field_names_only(client, superuser):
    # No consent dates: the admin splits date-times into two inputs, which this hand-made POST leaves out.
    candidate = CandidateFactory(max_distance_km=10, consents_to_processing=False, consented_to_processing_at=None)
    client.force_login(superuser)
    page = client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    form = page.context["adminform"].form
    post = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            post[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        elif isinstance(value, bool):
            if value:
                post[name] = "on"
        elif value is not None:
            post[name] = str(value.pk if hasattr(value, "pk") else value)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            post[f"{management.prefix}-{name}"] = management[name].value()
    post["max_distance_km"] = "25"
    response = client.post(reverse("admin:candidates_candidate_change", args=[candidate.pk]), post)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    change = PersonalDataAccess.objects.get(action="changed")
    # Field names, never values (fields with a default also count as changed in a hand-made POST).
    assert "max_distance_km" in change.fields
    assert "25" not in str(change.fields)
    assert change.actor == superuser


def test_managers_read_the_log_of_their_platform_and_advisors_cannot(client, platform):
    manager = AdvisorFactory(memberships__platform=platform, memberships__role=MembershipRole.MANAGER)
    advisor = AdvisorFactory(memberships__platform=platform)
    ours = CandidateFactory(platform=platform)
    theirs = CandidateFactory()
    for candidate in (ours, theirs):
        PersonalDataAccess.objects.create(candidate=candidate, candidate_number=candidate.pk, action="viewed")
    url = reverse("admin:candidates_personaldataaccess_changelist")

    client.force_login(advisor)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    assert [access.candidate for access in response.context["cl"].result_list] == [ours]


def test_a_need_review_is_one_list_entry_with_its_filters(client, advisor, platform):
    from matching.models import MatchSuggestion
    from tests.employers.factories import StaffingNeedFactory

    need = StaffingNeedFactory(open=True, employer__platform=platform)
    shown = [CandidateFactory(platform=platform) for _ in range(3)]
    for rank, candidate in enumerate(shown, start=1):
        parts = {"skills": 4500, "occupation": 2000, "commute": 1000, "availability": 1000, "experience": 500 - rank}
        MatchSuggestion.objects.create(
            need=need,
            candidate=candidate,
            rank=rank,
            score=9000 - rank,
            distance_km=3,
            scoring_version="t",
            parts=parts,
        )
    client.force_login(advisor)
    assert client.get(reverse("staff:need_review", args=[need.pk]) + "?proposed=on&min_score=50").status_code == 200
    listed = PersonalDataAccess.objects.get(actor=advisor)
    assert (listed.action, listed.candidate_number) == ("listed", None)
    assert listed.context == {
        "page": "need_review",
        "filters": {"need": need.pk, "page": 1, "proposed": True, "min_score": 5000},
    }

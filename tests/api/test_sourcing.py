"""The staff API of a need's sourcing: the check's counts, asking for a new one, the near misses of the user's
platforms (paged; other platforms' counted, never listed), and the reasons of suggestions, whose positive-action
group only users allowed to read the candidate's sensitive situation receive."""

import pytest

from accounts.api_tokens import api_token_create
from accounts.enums import MembershipRole
from candidates.models import PersonalDataAccess
from matching.models import MatchSuggestion, NearMiss, NeedSourcing
from tests.accounts.factories import MembershipFactory, UserFactory, totp_code_now
from tests.candidates.factories import CandidateFactory
from tests.matching.sourcing_world import sourcing_requests_forgotten

pytestmark = pytest.mark.django_db


_forgotten = pytest.fixture(autouse=True)(sourcing_requests_forgotten)


@pytest.fixture
def sourced(world):
    """Side A's need with a check, three near misses of platform A and two of platform B."""
    need = world.a.need
    NeedSourcing.objects.create(
        need=need,
        eligible_count=12,
        eligible_thanks_to_training=3,
        near_misses=[{"requirement": "distance", "id": 0, "count": 5}],
    )
    ours = [CandidateFactory(platform=world.a.candidate.platform, last_name=f"Proche{i}") for i in range(3)]
    theirs = [CandidateFactory(platform=world.b.candidate.platform, last_name=f"Ailleurs{i}") for i in range(2)]
    NearMiss.objects.bulk_create([NearMiss(need=need, candidate=c, requirement="distance") for c in ours + theirs])
    return need, ours, theirs


def _get(client, world, path, role="advisor_a"):
    return client.get(path, **world.headers(role))


def test_near_misses_of_the_users_platform_paged_and_the_others_counted(client, world, sourced):
    need, ours, _theirs = sourced
    body = _get(client, world, f"/api/staff/needs/{need.pk}/near-misses/?page_size=2").json()
    assert body["count"] == 3
    assert body["others_count"] == 2
    assert body["next"] is not None
    assert [item["candidate"]["last_name"] for item in body["results"]] == ["Proche0", "Proche1"]
    assert body["results"][0]["requirement"] == "distance"
    assert set(body["results"][0]["candidate"]) == {"id", "first_name", "last_name", "email", "phone"}
    second = _get(client, world, f"/api/staff/needs/{need.pk}/near-misses/?page_size=2&page=2").json()
    assert [item["candidate"]["id"] for item in second["results"]] == [ours[2].pk]
    # Two pages: two list entries, with the need and the page, no candidate.
    listed = PersonalDataAccess.objects.filter(actor=world.users["advisor_a"]).order_by("at")
    assert [(entry.action, entry.candidate_number) for entry in listed] == [("listed", None)] * 2
    assert [entry.context["filters"] for entry in listed] == [
        {"need": need.pk, "page": 1},
        {"need": need.pk, "page": "2"},
    ]


def test_near_misses_and_the_check_are_not_found_by_another_platform(client, world, sourced):
    need, _ours, _theirs = sourced
    for path in (f"/api/staff/needs/{need.pk}/near-misses/", f"/api/staff/needs/{need.pk}/sourcing/"):
        assert _get(client, world, path, role="advisor_b").status_code == 404
        assert _get(client, world, path, role="member_a").status_code == 403


def test_the_check_and_asking_for_a_new_one(client, world, sourced, django_capture_on_commit_callbacks):
    need, _ours, _theirs = sourced
    body = _get(client, world, f"/api/staff/needs/{need.pk}/sourcing/").json()
    assert (body["eligible_count"], body["eligible_thanks_to_training"]) == (12, 3)
    assert body["near_misses"][0]["requirement"] == "distance"
    assert body["near_misses"][0]["count"] == 5
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(f"/api/staff/needs/{need.pk}/sourcing/", **world.headers("advisor_a"))
    assert response.status_code == 202
    assert response.json()["is_being_computed"] is True
    assert len(queued) == 1


def _token_headers(user) -> dict[str, str]:
    token = api_token_create(user=user, name="Essai", totp_code=totp_code_now(user))
    return {"HTTP_AUTHORIZATION": f"Token {token.key}"}


def test_a_positive_action_group_is_given_only_to_those_allowed(client, world):
    MatchSuggestion.objects.filter(need=world.a.need).update(
        is_proposed=True, reasons=[{"code": "positive_action", "value": 0, "group": "is_under_26"}]
    )
    path = f"/api/staff/needs/{world.a.need.pk}/suggestions/"
    allowed = _get(client, world, path).json()["results"][0]["reasons"]
    assert allowed[0]["code"] == "positive_action"
    assert allowed[0]["group"] == "is_under_26"
    assert _get(client, world, path, role="superuser").json()["results"][0]["reasons"][0]["group"] == "is_under_26"
    without_permission = UserFactory(is_staff=True)
    MembershipFactory(user=without_permission, platform=world.a.need.employer.platform, role=MembershipRole.ADVISOR)
    refused = client.get(path, **_token_headers(without_permission))
    assert refused.status_code == 200
    assert refused.json()["results"][0]["reasons"] == [
        {"code": "proposed", "value": 0, "text": refused.json()["results"][0]["reasons"][0]["text"], "group": None}
    ]
    assert "under_26" not in refused.content.decode()


def test_suggestions_proposed_or_not_and_both_by_default(client, world):
    extra = MatchSuggestion.objects.create(
        need=world.a.need,
        candidate=CandidateFactory(platform=world.a.candidate.platform),
        rank=3,
        score=5000,
        parts={"skills": 5000},
        distance_km=1,
        scoring_version="test",
    )
    suggestions = list(MatchSuggestion.objects.filter(need=world.a.need).order_by("rank"))
    MatchSuggestion.objects.filter(pk=suggestions[-1].pk).update(is_proposed=True)
    path = f"/api/staff/needs/{world.a.need.pk}/suggestions/"
    everyone = [item["id"] for item in _get(client, world, path).json()["results"]]
    proposed = [item["id"] for item in _get(client, world, f"{path}?proposed=true").json()["results"]]
    others = [item["id"] for item in _get(client, world, f"{path}?proposed=false").json()["results"]]
    assert proposed == [suggestions[-1].pk]
    assert everyone == proposed + others  # proposed first
    assert extra.pk == suggestions[-1].pk
    assert others
    assert suggestions[-1].pk not in others

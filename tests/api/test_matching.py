"""The staff area: candidates (never their sensitive situation, every read logged), needs, suggestions, runs, and the
presentation workflow through the same services as the review page."""

import datetime
import json

import pytest
from django.utils import timezone

from candidates.enums import CandidateStatus
from candidates.models import PersonalDataAccess
from matching.enums import PresentationStatus
from matching.models import Presentation, PresentationTransition
from tests.candidates.factories import CandidateFactory

pytestmark = pytest.mark.django_db

Status = PresentationStatus
SENSITIVE = ("sensitive", "disability", "minimum_income", "long_term", "priority_neighbourhood", "under_26", "50_or")


def call(client, world, method, path, body=None, role="advisor_a"):
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    return getattr(client, method)(path, **kwargs, **world.headers(role))


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


# Candidates.


def test_candidates_of_the_platform_only_and_their_filters(client, world):
    archived = CandidateFactory(platform=world.a.candidate.platform, status=CandidateStatus.ARCHIVED, last_name="Zed")
    everyone = ids(call(client, world, "get", "/api/staff/candidates/"))
    assert world.a.candidate.pk in everyone
    assert archived.pk in everyone
    assert world.b.candidate.pk not in everyone
    assert ids(call(client, world, "get", "/api/staff/candidates/?status=archived")) == [archived.pk]
    searched = call(client, world, "post", "/api/staff/candidates/search/", {"q": "secreta", "status": "active"})
    assert ids(searched) == [world.a.candidate.pk]
    assert ids(call(client, world, "get", "/api/staff/candidates/?occupation=d1408")) == [world.a.candidate.pk]
    by_commune = ids(call(client, world, "get", "/api/staff/candidates/?commune=59350"))
    assert world.a.candidate.pk in by_commune
    assert archived.pk not in by_commune


def test_a_candidate_s_profile_never_carries_a_sensitive_situation_and_each_read_is_logged(client, world):
    response = call(client, world, "get", f"/api/staff/candidates/{world.a.candidate.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["last_name"] == "SecretA"
    assert body["skills"] == [{"skill": "Accueil A", "level": 3}]
    assert not any(word in json.dumps(body) for word in SENSITIVE)
    assert PersonalDataAccess.objects.filter(
        candidate=world.a.candidate, actor=world.users["advisor_a"], action="opened"
    ).exists()


def test_a_candidate_is_changed_as_in_the_workspace_and_the_change_logged(client, world):
    response = call(client, world, "patch", f"/api/staff/candidates/{world.a.candidate.pk}/", {"experience_years": 7})
    assert response.status_code == 200
    assert response.json()["experience_years"] == 7
    change = PersonalDataAccess.objects.get(candidate=world.a.candidate, action="changed")
    assert change.fields == ["experience_years"]
    refused = call(
        client, world, "patch", f"/api/staff/candidates/{world.a.candidate.pk}/",
        {"accepts_full_time": False, "accepts_part_time": False, "commune": "00000"},
    )  # fmt: skip
    assert refused.status_code == 400
    assert {"accepts_part_time", "commune"} <= set(refused.json()["error"]["fields"])


# Needs, suggestions, runs.


def test_needs_of_the_platform_and_their_filters(client, world):
    assert set(ids(call(client, world, "get", "/api/staff/needs/"))) == {world.a.need.pk, world.a.draft.pk}
    assert ids(call(client, world, "get", "/api/staff/needs/?status=draft")) == [world.a.draft.pk]
    detail = call(client, world, "get", f"/api/staff/needs/{world.a.need.pk}/").json()
    assert detail["employer"]["legal_name"] == "Centre d'appels A"


def test_suggestions_best_first_with_their_explanation_and_a_minimum_score(client, world):
    body = call(client, world, "get", f"/api/staff/needs/{world.a.need.pk}/suggestions/").json()
    assert [item["rank"] for item in body["results"]] == [1, 2]
    first = body["results"][0]
    assert first["score_points"] == 81.5
    assert sum(part["points"] for part in first["score_parts"]) == 81.5
    assert first["skills_to_train"] == ["Vente"]
    assert first["presentation"] == {"id": world.a.presentation.pk, "status": "presented"}
    high = call(client, world, "get", f"/api/staff/needs/{world.a.need.pk}/suggestions/?min_score=70").json()
    assert [item["rank"] for item in high["results"]] == [1]


def test_runs_of_the_platform_and_full_refreshes(client, world):
    assert set(ids(call(client, world, "get", "/api/staff/runs/"))) == {world.a.run.pk, world.full_refresh.pk}
    assert ids(call(client, world, "get", "/api/staff/runs/?scope=all")) == [world.full_refresh.pk]
    assert call(client, world, "get", f"/api/staff/runs/{world.a.run.pk}/").json()["timings"] == {"total": 0.5}


# The presentation workflow.


def step(client, world, presentation, body):
    return call(client, world, "post", f"/api/staff/presentations/{presentation.pk}/transitions/", body)


def test_from_shortlist_to_hire_through_the_services(client, world):
    candidate = CandidateFactory(platform=world.a.candidate.platform, presentable=True)
    response = call(
        client, world, "post", "/api/staff/presentations/", {"need": world.a.need.pk, "candidate": candidate.pk}
    )
    assert response.status_code == 201
    presentation = Presentation.objects.get(pk=response.json()["id"])
    assert presentation.status == Status.SHORTLISTED
    refused = step(client, world, presentation, {"to_status": "presented"})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "not_interested"
    assert step(client, world, presentation, {"candidate_answer": "interested"}).status_code == 201
    assert step(client, world, presentation, {"to_status": "presented"}).json()["status"] == "presented"
    assert step(client, world, presentation, {"to_status": "interview_requested"}).status_code == 201
    interview_at = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    scheduled = step(client, world, presentation, {"to_status": "interview_scheduled", "interview_at": interview_at})
    assert scheduled.json()["status"] == "interview_scheduled"
    hired = step(
        client, world, presentation,
        {"to_status": "hired", "contract_type": "cdd", "contract_duration_months": 6, "starts_on": "2027-02-01"},
    )  # fmt: skip
    assert hired.status_code == 201
    assert hired.json()["status"] == "hired"
    world.a.need.refresh_from_db()
    assert world.a.need.hires_count == 1
    history = call(client, world, "get", f"/api/staff/presentations/{presentation.pk}/transitions/").json()
    assert [item["to_status"] for item in history["results"]] == [
        "shortlisted", "shortlisted", "presented", "interview_requested", "interview_scheduled", "hired",
    ][-history["count"]:]  # fmt: skip
    assert history["results"][-1]["by"] == world.users["advisor_a"].get_full_name()


def test_an_end_needs_its_reason(client, world):
    refused = step(client, world, world.a.shortlisted, {"to_status": "withdrawn"})
    assert refused.status_code == 400
    assert "reason" in refused.json()["error"]["fields"]
    done = step(client, world, world.a.shortlisted, {"to_status": "withdrawn", "reason": "Plus disponible."})
    assert done.json()["status"] == "withdrawn"
    assert PresentationTransition.objects.filter(presentation=world.a.shortlisted, to_status="withdrawn").exists()


def test_exactly_one_step_is_given(client, world):
    response = step(client, world, world.a.shortlisted, {"to_status": "withdrawn", "candidate_answer": "interested"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "one_step"


def test_shortlisting_a_candidate_of_another_platform_reveals_nothing(client, world):
    response = call(
        client,
        world,
        "post",
        "/api/staff/presentations/",
        {"need": world.a.need.pk, "candidate": world.b.candidate.pk},
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"candidate"}


def test_presentations_filter_by_need_and_status(client, world):
    assert set(ids(call(client, world, "get", "/api/staff/presentations/"))) == {
        world.a.presentation.pk,
        world.a.shortlisted.pk,
    }
    assert ids(call(client, world, "get", "/api/staff/presentations/?status=shortlisted")) == [world.a.shortlisted.pk]
    assert ids(call(client, world, "get", f"/api/staff/presentations/?need={world.b.need.pk}")) == []


def test_search_words_are_posted_and_refused_in_a_url(client, world):
    """Names and phone numbers searched for never travel in a URL: the list refuses ``q``, the search takes it."""
    refused = call(client, world, "get", "/api/staff/candidates/?q=secreta")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["q"] == [
        "Les mots recherchés doivent être envoyés par POST à /api/staff/candidates/search/, jamais dans une URL."
    ]

    assert call(client, world, "post", "/api/staff/candidates/search/", {}).status_code == 400
    assert ids(call(client, world, "post", "/api/staff/candidates/search/", {"q": "secreta"})) == [
        world.a.candidate.pk
    ]
    assert ids(call(client, world, "post", "/api/staff/candidates/search/", {"q": "secreta"}, role="advisor_b")) == []


def test_a_search_is_paged_by_the_query_string_and_its_links_carry_no_word(client, world):
    platform = world.a.candidate.platform
    for number in range(3):
        CandidateFactory(platform=platform, last_name=f"Zqpage{number}")
    body = {"q": "zqpage"}

    first = call(client, world, "post", "/api/staff/candidates/search/?page_size=2", body).json()
    assert first["count"] == 3
    assert "zqpage" not in first["next"].lower()
    second = call(client, world, "post", first["next"], body).json()
    assert [item["last_name"] for item in first["results"] + second["results"]] == ["Zqpage0", "Zqpage1", "Zqpage2"]

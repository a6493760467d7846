"""The employer area: needs written through the portal's rules, and answers to presented candidates.

A presented candidate is pseudonymised: never a name, contact, birth date or sensitive situation, except the name and
contact once the candidate has accepted the interview (logged as viewed).
"""

import datetime
import json
import re

import pytest
from django.utils import timezone

from candidates.models import PersonalDataAccess
from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.enums import PresentationStatus
from matching.models import InterviewSlot
from matching.services.assessments import assessment_criteria
from tests.matching.presentation_world import presentation_in
from tests.referentials.factories import CommuneFactory, SkillFactory

pytestmark = pytest.mark.django_db

Status = PresentationStatus
PERSONAL = ("Yasmina", "SecretA", "yasmina.a@example.org", "0611223344", "1991-07-14")
SENSITIVE = ("has_disability_recognition", "receives_minimum_income", "sensitive")


def call(client, world, method, path, body=None, role="member_a"):
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    return getattr(client, method)(path, **kwargs, **world.headers(role))


def future(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# Needs.


def test_the_list_holds_only_the_employer_s_needs_and_filters_by_status(client, world):
    body = call(client, world, "get", "/api/employer/needs/").json()
    assert {need["id"] for need in body["results"]} == {world.a.need.pk, world.a.draft.pk}
    drafts = call(client, world, "get", "/api/employer/needs/?status=draft").json()
    assert [need["id"] for need in drafts["results"]] == [world.a.draft.pk]


def test_a_need_is_created_as_a_draft_with_a_new_site_skills_and_languages(client, world):
    skill = SkillFactory(label="Vente à distance")
    CommuneFactory(insee_code="59512", name="Roubaix")
    body = {
        "title": "Conseillers vente",
        "occupation": "D1408",
        "place": "59512",
        "address": "10 rue de Paris",
        "headcount": 12,
        "contract_type": "cdd",
        "contract_duration_months": 6,
        "start_date": future(20),
        "skills": [{"skill": "vente à distance", "importance": "nice_to_have"}],
        "languages": [{"language": "en", "level": 4, "is_mandatory": True, "justification": "Clients britanniques."}],
    }
    response = call(client, world, "post", "/api/employer/needs/", body)
    assert response.status_code == 201, response.content
    need = StaffingNeed.objects.get(pk=response.json()["id"])
    assert need.status == NeedStatus.DRAFT
    assert need.employer == world.a.need.employer
    assert (need.site.commune.name, need.site.address) == ("Roubaix", "10 rue de Paris")
    assert list(need.skill_requirements.values_list("skill", "importance")) == [(skill.pk, "nice_to_have")]
    assert response.json()["languages"][0]["language"] == "en"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contract_type": "cdd", "contract_duration_months": None}, "contract_duration_months"),
        ({"start_date": "2020-01-06"}, "start_date"),
        ({"occupation": "Z9999"}, "occupation"),
        ({"languages": [{"language": "en", "level": 3, "is_mandatory": True}]}, "languages.0.justification"),
        ({"skills": [{"skill": "Inconnue"}]}, "skills.0.skill"),
    ],
    ids=["cdd-without-length", "past-start", "unknown-occupation", "unjustified-language", "unknown-skill"],
)
def test_a_need_is_checked_by_the_portal_s_rules(client, world, changes, field):
    response = call(client, world, "patch", f"/api/employer/needs/{world.a.draft.pk}/", changes)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_a_patch_changes_only_the_fields_given(client, world):
    response = call(client, world, "patch", f"/api/employer/needs/{world.a.draft.pk}/", {"headcount": 8})
    assert response.status_code == 200
    world.a.draft.refresh_from_db()
    assert world.a.draft.headcount == 8
    assert world.a.draft.title == "Brouillon A"


def test_publish_then_close(client, world):
    response = call(client, world, "post", f"/api/employer/needs/{world.a.draft.pk}/publish/")
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    response = call(client, world, "post", f"/api/employer/needs/{world.a.draft.pk}/close/")
    assert response.json()["status"] == "closed"
    assert list(world.a.draft.status_changes.values_list("to_status", flat=True)) == ["open", "closed"]


# Presented candidates.


def test_a_presented_candidate_is_pseudonymised(client, world):
    body = call(client, world, "get", "/api/employer/presentations/").json()
    assert [item["id"] for item in body["results"]] == [world.a.presentation.pk]
    text = json.dumps(body)
    assert not any(value in text for value in PERSONAL + SENSITIVE)
    item = body["results"][0]
    assert item["pseudonym"].startswith(("Candidate", "Candidat"))
    assert item["contact"] is None
    detail = call(client, world, "get", f"/api/employer/presentations/{world.a.presentation.pk}/").json()
    assert not any(value in json.dumps(detail) for value in PERSONAL + SENSITIVE)
    assert detail["score_points"] == 81.5


def test_presentations_filter_by_need_and_status(client, world):
    other = presentation_in(Status.INTERVIEW_REQUESTED, need=world.a.draft)
    by_need = call(client, world, "get", f"/api/employer/presentations/?need={world.a.draft.pk}").json()
    assert [item["id"] for item in by_need["results"]] == [other.pk]
    by_status = call(client, world, "get", "/api/employer/presentations/?status=presented").json()
    assert [item["id"] for item in by_status["results"]] == [world.a.presentation.pk]
    assert call(client, world, "get", f"/api/employer/presentations/?need={world.b.need.pk}").status_code == 404


def answer(client, world, presentation, body):
    return call(client, world, "post", f"/api/employer/presentations/{presentation.pk}/answer/", body)


def test_the_employer_asks_for_an_interview_and_then_sees_the_contact_once_accepted(client, world, advisor_accepts):
    response = answer(client, world, world.a.presentation, {"action": "interview_request"})
    assert response.status_code == 200
    assert response.json()["status"] == "interview_requested"
    assert response.json()["contact"] is None
    advisor_accepts(world.a.presentation)
    detail = call(client, world, "get", f"/api/employer/presentations/{world.a.presentation.pk}/").json()
    assert detail["contact"] == {
        "first_name": "Yasmina",
        "last_name": "SecretA",
        "email": "yasmina.a@example.org",
        "phone": "0611223344",
    }
    # The birth year, as a number of its own: a timestamp's microseconds may hold the same four digits.
    assert not re.search(r"\b1991\b", json.dumps(detail))
    assert PersonalDataAccess.objects.filter(
        candidate=world.a.candidate, actor=world.users["member_a"], action="revealed"
    ).exists()


@pytest.fixture
def advisor_accepts(client, world):
    def accept(presentation):
        response = client.post(
            f"/api/staff/presentations/{presentation.pk}/transitions/",
            {"interview_accepted": True},
            content_type="application/json",
            **world.headers("advisor_a"),
        )
        assert response.status_code == 201, response.content

    return accept


def test_the_employer_declines_with_a_reason(client, world):
    refused = answer(client, world, world.a.presentation, {"action": "decline", "reason_code": "other"})
    assert refused.status_code == 400
    assert "comment" in refused.json()["error"]["fields"]
    response = answer(client, world, world.a.presentation, {"action": "decline", "reason_code": "skills"})
    assert response.status_code == 200
    assert response.json()["status"] == "declined_by_employer"


def test_slots_are_proposed_and_one_is_confirmed_then_the_hire_recorded(client, world, advisor_accepts):
    answer(client, world, world.a.presentation, {"action": "interview_request"})
    too_early = answer(
        client,
        world,
        world.a.presentation,
        {"action": "propose_slots", "slots": [{"starts_at": f"{future(3)}T10:00", "place": "Par téléphone"}]},
    )
    assert too_early.status_code == 400
    assert too_early.json()["error"]["code"] == "not_accepted"
    advisor_accepts(world.a.presentation)
    slots = [
        {"starts_at": f"{future(3)}T10:00", "place": "Par téléphone"},
        {"starts_at": f"{future(4)}T14:30", "place": "Sur place"},
    ]
    response = answer(client, world, world.a.presentation, {"action": "propose_slots", "slots": slots})
    assert response.status_code == 200
    assert len(response.json()["slots"]) == 2
    slot = InterviewSlot.objects.filter(presentation=world.a.presentation).order_by("starts_at").last()
    unknown = answer(client, world, world.a.presentation, {"action": "confirm_slot", "slot": 999999})
    assert unknown.status_code == 400
    assert "slot" in unknown.json()["error"]["fields"]
    response = answer(client, world, world.a.presentation, {"action": "confirm_slot", "slot": slot.pk})
    assert response.json()["status"] == "interview_scheduled"
    missing = answer(client, world, world.a.presentation, {"action": "hire", "contract_type": "cdi"})
    assert missing.status_code == 400
    assert set(missing.json()["error"]["fields"]) == {"starts_on"}
    response = answer(
        client, world, world.a.presentation, {"action": "hire", "contract_type": "cdi", "starts_on": future(10)}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "hired"
    world.a.need.refresh_from_db()
    assert world.a.need.hires_count == 1


def test_no_hire_after_the_interview(client, world):
    scheduled = presentation_in(Status.INTERVIEW_SCHEDULED, need=world.a.need)
    response = answer(client, world, scheduled, {"action": "no_hire", "reason_code": "candidate_absent"})
    assert response.status_code == 200
    assert response.json()["status"] == "not_hired"


def test_a_step_the_workflow_refuses_is_a_400(client, world):
    response = answer(client, world, world.a.presentation, {"action": "no_hire", "reason_code": "candidate_absent"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_transition"


@pytest.mark.parametrize("title", ["Conseiller\nclientèle", "Conseiller\u202eelèitneilc", "Conseiller\u200b"])
def test_a_title_on_more_than_one_line_or_with_hidden_characters_is_refused(client, world, title):
    for method, path in (("post", "/api/employer/needs/"), ("patch", f"/api/employer/needs/{world.a.draft.pk}/")):
        response = call(client, world, method, path, {"title": title})
        assert response.status_code == 400
        assert "title" in response.json()["error"]["fields"]
    world.a.draft.refresh_from_db()
    assert world.a.draft.title == "Brouillon A"


def test_a_new_site_s_address_on_two_lines_is_refused(client, world):
    CommuneFactory(insee_code="59512", name="Roubaix")
    body = {
        "title": "Conseillers vente",
        "occupation": "D1408",
        "place": "59512",
        "address": "10 rue de Paris\nBâtiment B",
        "headcount": 2,
        "contract_type": "cdi",
        "start_date": future(20),
    }
    response = call(client, world, "post", "/api/employer/needs/", body)
    assert response.status_code == 400
    assert "address" in response.json()["error"]["fields"]
    assert not StaffingNeed.objects.filter(title="Conseillers vente").exists()


# Many candidates answered at once.


def test_many_presentations_are_answered_at_once_each_row_reported(client, world):
    second = presentation_in(Status.PRESENTED, need=world.a.need)
    ended = presentation_in(Status.NOT_HIRED, need=world.a.need)
    starts_at = (timezone.now() + datetime.timedelta(days=4)).replace(microsecond=0)
    body = {
        "action": "interview",
        "presentations": [world.a.presentation.pk, ended.pk, second.pk, world.b.presentation.pk],
        "slots": [{"starts_at": starts_at.isoformat(), "place": "Agence de Lille"}],
    }
    response = call(client, world, "post", "/api/employer/presentations/answers/", body)
    assert response.status_code == 200, response.content
    rows = {row["presentation"]: row for row in response.json()}
    assert rows[world.a.presentation.pk]["done"]
    assert rows[second.pk]["done"]
    assert not rows[ended.pk]["done"]
    assert rows[ended.pk]["message"]
    assert not rows[world.b.presentation.pk]["done"]
    assert InterviewSlot.objects.filter(place="Agence de Lille").count() == 2
    world.b.presentation.refresh_from_db()
    assert world.b.presentation.status == Status.PRESENTED


def test_a_bulk_decline_needs_its_reason(client, world):
    body = {"action": "decline", "presentations": [world.a.presentation.pk]}
    refused = call(client, world, "post", "/api/employer/presentations/answers/", body)
    assert refused.status_code == 400
    assert "reason_code" in refused.json()["error"]["fields"]
    body["reason_code"] = "availability"
    done = call(client, world, "post", "/api/employer/presentations/answers/", body)
    assert done.json() == [{"presentation": world.a.presentation.pk, "done": True, "message": ""}]


# The assessment after an interview.


def test_the_employer_records_an_assessment_that_staff_read(client, world):
    presentation = presentation_in(
        Status.INTERVIEW_SCHEDULED, need=world.a.need, interview_at=timezone.now() - datetime.timedelta(hours=2)
    )
    path = f"/api/employer/presentations/{presentation.pk}/assessment/"
    criteria = {criterion.key: True for criterion in assessment_criteria(need=world.a.need)}
    wrong = call(client, world, "post", path, {"criteria": {"skill:999999": True}})
    assert wrong.status_code == 400
    done = call(client, world, "post", path, {"criteria": criteria, "comment": "Bon entretien"})
    assert done.status_code == 200, done.content
    assert [row["key"] for row in done.json()["criteria"]] == list(criteria)
    staff_path = f"/api/staff/presentations/{presentation.pk}/assessment/"
    read = call(client, world, "get", staff_path, role="advisor_a")
    assert read.status_code == 200
    assert read.json()["comment"] == "Bon entretien"
    assert call(client, world, "get", staff_path, role="advisor_b").status_code == 404
    assert call(client, world, "post", path, {"criteria": criteria}, role="member_b").status_code == 404


def test_an_assessment_before_the_interview_is_refused(client, world):
    presentation = presentation_in(Status.INTERVIEW_SCHEDULED, need=world.a.need)
    path = f"/api/employer/presentations/{presentation.pk}/assessment/"
    criteria = {criterion.key: True for criterion in assessment_criteria(need=world.a.need)}
    response = call(client, world, "post", path, {"criteria": criteria})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_early"

"""A need's job description through the API: written by its employer (checked by the portal's form, each error
under its field), read back by the employer and by staff, and never a matching run for it."""

import pytest

from employers.enums import NeedStatus
from employers.job_description import DESCRIPTION_MAX_LENGTH
from matching.models import MatchRun
from tests.api.test_employers import call, future

pytestmark = pytest.mark.django_db

DESCRIPTION = {
    "job_summary": "Répondre aux appels des clients.\nTraiter leurs demandes par écrit.",
    "profile_sought": "Goût du service.",
    "selection_steps": ["information_session", "mrs", "interview"],
    "selection_details": "Information collective chaque mardi.",
    "hours_description": "Du lundi au samedi, 8 h – 20 h, planning à trois semaines.",
    "place_and_access": "Tram R, arrêt Euralille ; parking vélo.",
    "benefits": "Tickets restaurant.",
    "shows_profile_sought": True,
    "shows_pay": False,
    "salary_min": 22000,
    "salary_max": 24000,
}


def test_a_description_written_is_read_back_and_starts_no_run(client, world, django_capture_on_commit_callbacks):
    need = world.a.need
    assert need.status == NeedStatus.OPEN
    runs_before = MatchRun.objects.count()
    with django_capture_on_commit_callbacks(execute=False):
        response = call(client, world, "patch", f"/api/employer/needs/{need.pk}/", DESCRIPTION)
    assert response.status_code == 200, response.content
    body = response.json()
    assert {name: body[name] for name in DESCRIPTION} == DESCRIPTION
    assert body["shows_job_summary"] is True
    assert MatchRun.objects.count() == runs_before

    again = call(client, world, "get", f"/api/employer/needs/{need.pk}/").json()
    assert again["selection_steps"] == ["information_session", "mrs", "interview"]
    staff = call(client, world, "get", f"/api/staff/needs/{need.pk}/", role="advisor_a")
    assert staff.status_code == 200
    assert staff.json()["benefits"] == "Tickets restaurant."


def test_a_patch_changes_only_the_description_fields_it_names(client, world):
    need = world.a.draft
    call(client, world, "patch", f"/api/employer/needs/{need.pk}/", DESCRIPTION)
    response = call(client, world, "patch", f"/api/employer/needs/{need.pk}/", {"shows_benefits": False})
    assert response.status_code == 200, response.content
    need.refresh_from_db()
    assert need.shows_benefits is False
    assert need.benefits == "Tickets restaurant."
    assert need.selection_steps == ["information_session", "mrs", "interview"]


def test_a_need_is_created_with_its_description(client, world):
    body = {
        "title": "Conseillers clientèle",
        "occupation": "D1408",
        "place": world.a.need.site.name,
        "headcount": 5,
        "contract_type": "cdi",
        "start_date": future(20),
        "job_summary": "Conseiller les clients.",
        "selection_steps": ["job_dating"],
    }
    response = call(client, world, "post", "/api/employer/needs/", body)
    assert response.status_code == 201, response.content
    assert response.json()["job_summary"] == "Conseiller les clients."
    assert response.json()["selection_steps"] == ["job_dating"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"benefits": "x" * (DESCRIPTION_MAX_LENGTH + 1)}, "benefits"),
        ({"selection_steps": ["interview", "interview"]}, "selection_steps"),
        ({"selection_steps": ["lottery"]}, "selection_steps.0"),
        ({"selection_steps": "interview"}, "selection_steps"),
        ({"job_summary": "Poste\u202egpj.exe"}, "job_summary"),
        ({"salary_min": 30000, "salary_max": 20000}, "salary_max"),
        ({"shows_pay": "peut-être"}, "shows_pay"),
    ],
    ids=["too-long", "step-twice", "unknown-step", "not-a-list", "bidi", "pay-upside-down", "not-a-boolean"],
)
def test_a_bad_description_is_refused_under_its_field(client, world, changes, field):
    need = world.a.draft
    response = call(client, world, "patch", f"/api/employer/needs/{need.pk}/", changes)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    need.refresh_from_db()
    assert need.benefits == ""
    assert need.selection_steps == []
    assert need.salary_max is None


def test_another_employer_s_need_is_not_found(client, world):
    response = call(client, world, "patch", f"/api/employer/needs/{world.b.need.pk}/", {"benefits": "Volé"})
    assert response.status_code == 404
    world.b.need.refresh_from_db()
    assert world.b.need.benefits == ""


def test_a_closed_need_s_description_cannot_change(client, world):
    need = world.a.need
    call(client, world, "post", f"/api/employer/needs/{need.pk}/close/")
    response = call(client, world, "patch", f"/api/employer/needs/{need.pk}/", {"benefits": "Trop tard."})
    assert response.status_code == 400, response.content
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED
    assert need.benefits == ""

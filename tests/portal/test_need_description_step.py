"""The need form's job description step: saved and shown again, typed text kept on an error, shown on the review
step and the need's page with what candidates see, and never a matching run for it."""

import pytest
from django.urls import reverse

from employers.enums import NeedStatus, SelectionStep
from matching.models import MatchRun
from tests.employers.factories import StaffingNeedFactory
from tests.portal.test_need_views import member_of

pytestmark = pytest.mark.django_db


def description_data(**overrides):
    data = {
        "job_summary": "Répondre aux appels des clients d'un fournisseur d'énergie.\r\nSuivre leurs demandes.",
        "profile_sought": "Aisance au téléphone.",
        "selection_steps_0": SelectionStep.INFORMATION_SESSION,
        "selection_steps_1": SelectionStep.MRS,
        "selection_steps_2": SelectionStep.INTERVIEW,
        "selection_details": "Information collective le mardi à 9 h.",
        "hours_description": "Du lundi au samedi, entre 8 h et 20 h.",
        "place_and_access": "Métro Gare Lille-Flandres, parking gratuit.",
        "benefits": "Tickets restaurant, prime trimestrielle.",
        "shows_job_summary": "on",
        "shows_selection": "on",
        "shows_hours": "on",
        "shows_place_and_access": "on",
        "shows_benefits": "on",
        "salary_min": "22000",
        "salary_max": "24500",
        "next": "",
    }
    return data | overrides


@pytest.fixture
def need():
    return StaffingNeedFactory()


@pytest.fixture
def member(need):
    return member_of(need.employer)


def test_the_description_is_saved_and_goes_on_to_skills(client, need, member):
    client.force_login(member)
    url = reverse("portal:need_edit", args=[need.pk, "description"])
    assert client.get(url).status_code == 200

    response = client.post(url, description_data())

    assert response.status_code == 302
    assert response.url == reverse("portal:need_edit", args=[need.pk, "skills"])
    need.refresh_from_db()
    assert need.job_summary == "Répondre aux appels des clients d'un fournisseur d'énergie.\nSuivre leurs demandes."
    assert need.selection_steps == ["information_session", "mrs", "interview"]
    assert (need.salary_min, need.salary_max) == (22000, 24500)
    assert need.shows_pay is False
    assert need.shows_profile_sought is False
    assert need.shows_benefits is True


def test_the_step_shows_what_is_stored(client, need, member):
    need.benefits, need.selection_steps, need.shows_hours = "Mutuelle prise en charge à 60 %.", ["job_dating"], False
    need.save()
    client.force_login(member)

    response = client.get(reverse("portal:need_edit", args=[need.pk, "description"]))

    form = response.context["form"]
    assert form["benefits"].value() == "Mutuelle prise en charge à 60 %."
    assert form["selection_steps"].value() == ["job_dating"]
    assert form["shows_hours"].value() is False
    html = response.content.decode()
    assert '<option value="job_dating" selected>' in html


def test_a_bad_description_keeps_what_was_typed_and_names_each_field(client, need, member):
    client.force_login(member)
    typed = "Un texte à garder " * 120  # 2,160 characters
    response = client.post(
        reverse("portal:need_edit", args=[need.pk, "description"]),
        description_data(benefits=typed, selection_steps_3=SelectionStep.MRS),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"benefits", "selection_steps"}
    assert form["benefits"].value() == typed
    assert form["place_and_access"].value() == "Métro Gare Lille-Flandres, parking gratuit."
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'id="id_benefits_error"' in html
    need.refresh_from_db()
    assert need.benefits == ""


def test_the_review_step_and_the_need_s_page_show_the_description_escaped(client, need, member):
    need.job_summary = "Accueil <script>alert(1)</script>\nPuis suivi."
    need.profile_sought = "Patience."
    need.selection_steps = [SelectionStep.TRIAL]
    need.save()
    client.force_login(member)

    for url in (reverse("portal:need_edit", args=[need.pk, "review"]), reverse("portal:need_detail", args=[need.pk])):
        html = client.get(url).content.decode()
        assert "Accueil &lt;script&gt;alert(1)&lt;/script&gt;<br>Puis suivi." in html
        assert "<script>alert(1)" not in html
        assert str(SelectionStep.TRIAL.label) in html
        assert "Patience." in html


def test_changing_the_description_of_an_open_need_starts_no_run(
    client, need, member, django_capture_on_commit_callbacks
):
    need.status = NeedStatus.OPEN
    need.save()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("portal:need_edit", args=[need.pk, "description"]), description_data(stay=""))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.selection_steps == ["information_session", "mrs", "interview"]
    assert not MatchRun.objects.exists()


def test_another_employer_s_member_cannot_open_the_step(client, need):
    client.force_login(member_of(StaffingNeedFactory().employer))
    url = reverse("portal:need_edit", args=[need.pk, "description"])
    assert client.get(url).status_code == 404
    assert client.post(url, description_data()).status_code == 404
    need.refresh_from_db()
    assert need.job_summary == ""

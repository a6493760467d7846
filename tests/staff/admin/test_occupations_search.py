"""The admin's occupation list and its autocomplete (a candidate's desired occupations) go through the suggester."""

from django.urls import reverse

from referentials.models import Occupation
from tests.admin_searching import admin_search


def test_the_occupation_list_finds_job_titles_and_typos(rome, client, advisor):
    client.force_login(advisor)
    for typed in ["hotliner", "Téléconseillère", "teleconseiler", "D1408"]:
        response = admin_search(client, "admin:referentials_occupation_changelist", typed)
        assert "D1408" in [occupation.rome_code for occupation in response.context["cl"].result_list], typed


def test_the_autocomplete_of_desired_occupations_finds_hotliner(rome, client, advisor):
    client.force_login(advisor)
    response = client.post(
        reverse("admin:autocomplete"),
        {
            "app_label": "candidates",
            "model_name": "candidate",
            "field_name": "desired_occupations",
            "term": "hotliner",
        },
    )
    assert response.status_code == 200
    assert "D1408" in [row["text"][:5] for row in response.json()["results"]]


def test_the_change_page_lists_the_titles(rome, client, advisor):
    client.force_login(advisor)
    occupation = Occupation.objects.get(rome_code="D1408")
    response = client.get(reverse("admin:referentials_occupation_change", args=[occupation.pk]))
    assert response.status_code == 200
    assert "Téléconseiller / Téléconseillère" in response.text
    assert "Hotliner" in response.text

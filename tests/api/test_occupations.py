import pytest
from django.urls import reverse

URL = "/api/occupations/suggest/"


@pytest.mark.parametrize("role", ["member_a", "advisor_a", "superuser", "no_membership"])
def test_any_signed_in_user_gets_suggestions(rome, world, client, role):
    response = client.get(URL, {"q": "Téléconseillère", "limit": 3}, **world.headers(role))
    assert response.status_code == 200
    found = response.json()
    assert len(found) == 3
    assert found[0] == {
        "code": "D1408",
        "label": "Conseiller / Conseillère clientèle à distance",
        "matched_title": "Téléconseillère",
        "confidence": 1.0,
    }
    assert all(0 < row["confidence"] <= 1 for row in found)


def test_the_url_is_named_and_anonymous_is_refused(rome, db, client):
    assert reverse("api:occupation_suggest") == URL
    response = client.get(URL, {"q": "hotline"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({}, "q", "Donnez le texte à chercher dans q, par exemple ?q=téléconseiller."),
        ({"q": "  "}, "q", "Donnez le texte à chercher dans q, par exemple ?q=téléconseiller."),
        ({"q": "h"}, "q", "Saisissez au moins 2 caractères dans q."),
        ({"q": "x" * 201}, "q", "Saisissez au plus 200 caractères dans q."),
        ({"q": "hotline", "limit": "0"}, "limit", None),
        ({"q": "hotline", "limit": "51"}, "limit", None),
    ],
)
def test_bad_query_is_a_400_that_says_why(rome, world, client, query, field, message):
    response = client.get(URL, query, **world.headers("advisor_a"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert field in error["fields"]
    if message:
        assert message in str(error["fields"][field])


def test_a_code_and_a_typo(rome, world, client):
    by_code = client.get(URL, {"q": "d1408"}, **world.headers("member_a")).json()
    assert (by_code[0]["code"], by_code[0]["confidence"]) == ("D1408", 1.0)
    typo = client.get(URL, {"q": "prepareteur de commande", "limit": 3}, **world.headers("member_a")).json()
    assert "N1103" in [row["code"] for row in typo]


def test_the_schema_documents_the_operation(db, client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/occupations/suggest/"]["get"]
    assert operation["operationId"] == "occupations_suggest"
    assert {parameter["name"] for parameter in operation["parameters"]} == {"q", "limit"}
    assert "400" in operation["responses"]

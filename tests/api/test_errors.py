"""One error format for every error; pagination; the schema, valid and warning-free; the documentation page."""

import json
import re
from io import StringIO

import pytest
from django.core.exceptions import SuspiciousOperation
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from referentials.pagination import BoundedCountPaginator

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "message", "fields"}


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == response.status_code
    return body["error"]


def test_401_403_and_404_share_the_error_format(client, world):
    assert error_of(client.get("/api/employer/needs/"))["code"] == "not_authenticated"
    forbidden = error_of(client.get("/api/staff/needs/", **world.headers("member_a")))
    assert forbidden["code"] == "permission_denied"
    missing = error_of(client.get(f"/api/employer/needs/{world.b.need.pk}/", **world.headers("member_a")))
    assert missing == {"status": 404, "code": "not_found", "message": missing["message"], "fields": {}}


@pytest.mark.parametrize(
    "path", ["/api/employer/needs/abc/", "/api/employer/needs/99999999999999999999999/", "/api/nowhere/"]
)
def test_an_address_that_is_not_an_api_url_is_a_404_in_the_error_format(client, world, path):
    response = client.get(path, **world.headers("member_a"))
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_invalid_input_names_its_fields(client, world):
    response = client.post(
        "/api/employer/needs/",
        {"title": "", "headcount": 0, "contract_type": "stage"},
        content_type="application/json",
        **world.headers("member_a"),
    )
    assert response.status_code == 400
    error = error_of(response)
    assert {"title", "headcount", "contract_type", "occupation", "place", "start_date"} <= set(error["fields"])
    assert all(isinstance(messages, list) and messages for messages in error["fields"].values())


def test_a_service_refusal_is_a_400_with_the_service_s_code(client, world):
    response = client.post(f"/api/employer/needs/{world.a.need.pk}/publish/", **world.headers("member_a"))
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_transition"
    assert error["fields"] == {"non_field_errors": [error["message"]]}


def test_malformed_json_is_a_400_in_the_error_format(client, world):
    response = client.post(
        "/api/employer/needs/", "{not json", content_type="application/json", **world.headers("member_a")
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_lists_are_paginated_and_the_page_size_is_capped(client, world):
    response = client.get("/api/staff/candidates/?page_size=1", **world.headers("superuser"))
    body = response.json()
    assert set(body) == {"count", "count_is_bounded", "next", "previous", "results"}
    assert body["count"] == 4
    assert body["count_is_bounded"] is False
    assert len(body["results"]) == 1
    assert "page=2" in body["next"]
    capped = client.get("/api/staff/candidates/?page_size=1000", **world.headers("superuser")).json()
    assert len(capped["results"]) == 4
    assert client.get("/api/staff/candidates/?page=9", **world.headers("superuser")).status_code == 404


def test_a_list_counts_its_rows_up_to_the_bound_and_says_so(client, world, monkeypatch):
    # A list longer than the bound counts one row past it, then says the count is a floor; its pages stop there.
    monkeypatch.setattr(BoundedCountPaginator, "bound", 3)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/staff/candidates/?page_size=2", **world.headers("superuser")).json()

    assert (body["count"], body["count_is_bounded"]) == (3, True)
    assert len(body["results"]) == 2
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert counts
    assert all("LIMIT 4" in sql for sql in counts), counts
    last = client.get("/api/staff/candidates/?page_size=2&page=2", **world.headers("superuser")).json()
    assert (len(last["results"]), last["next"]) == (1, None)


def test_an_invalid_filter_is_a_400_naming_it(client, world):
    response = client.get("/api/staff/candidates/?status=lost&commune=Lille", **world.headers("advisor_a"))
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"status", "commune"}


def test_the_schema_generates_without_any_warning():
    output = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=output)
    assert '"openapi": "3.0.3"' in output.getvalue()


def test_the_schema_documents_errors_filters_and_tokens(client):
    schema = client.get("/api/schema/").json()
    operation = schema["paths"]["/api/staff/candidates/"]["get"]
    assert {"page", "page_size", "status", "commune", "occupation"} <= {p["name"] for p in operation["parameters"]}
    assert "q" not in {p["name"] for p in operation["parameters"]}
    search = schema["paths"]["/api/staff/candidates/search/"]["post"]
    assert {"page", "page_size"} <= {p["name"] for p in search["parameters"]}
    assert search["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CandidateSearchRequest"
    }
    assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])
    assert operation["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    suggestions = schema["paths"]["/api/staff/needs/{id}/suggestions/"]["get"]
    assert "min_score" in {p["name"] for p in suggestions["parameters"]}
    presentations = schema["paths"]["/api/employer/presentations/"]["get"]
    assert {"need", "status"} <= {p["name"] for p in presentations["parameters"]}


def test_the_documentation_page_loads_only_our_own_static_files(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    content = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', content)
    assert urls, content
    assert all(url.startswith("/static/drf_spectacular_sidecar/") or url.startswith("/api/docs/") for url in urls), (
        urls
    )
    assert "<style" not in content
    assert re.search(r"<script>\s*\S", content) is None  # no inline script: the start-up script is its own request
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


# Hostile bodies: each one is a 400 (or 413) in the error format, never a server error.


@pytest.mark.parametrize(
    "body",
    [
        {"languages": [{"language": "en"}]},
        {"languages": [{"level": 3}]},
        {"skills": [{}]},
        {"languages": ["en"]},
        {"skills": "Vente"},
    ],
)
def test_a_need_row_missing_its_fields_is_a_400_naming_them(client, world, body):
    response = client.patch(
        f"/api/employer/needs/{world.a.need.pk}/", body, content_type="application/json", **world.headers("member_a")
    )
    assert response.status_code == 400, response.content[:200]
    assert error_of(response)["fields"]


def test_json_nested_5000_levels_deep_is_a_400_in_the_error_format(client, world):
    deep = '{"title": ' + "[" * 5000 + "]" * 5000 + "}"
    for method in ("patch", "post"):
        path = f"/api/employer/needs/{world.a.need.pk}/" if method == "patch" else "/api/employer/needs/"
        response = getattr(client, method)(path, deep, content_type="application/json", **world.headers("member_a"))
        assert response.status_code == 400, response.content[:200]
        assert error_of(response)["code"] == "parse_error"


def test_json_nested_past_the_cap_is_refused_and_the_need_is_unchanged(client, world):
    body = '{"languages": [' + '{"a": ' * 40 + "1" + "}" * 40 + "]}"
    response = client.patch(
        f"/api/employer/needs/{world.a.need.pk}/", body, content_type="application/json", **world.headers("member_a")
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_a_body_too_large_is_refused_in_the_error_format(client, world):
    body = '{"title": "' + "a" * 300_000 + '"}'
    response = client.patch(
        f"/api/employer/needs/{world.a.need.pk}/", body, content_type="application/json", **world.headers("member_a")
    )
    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"


def test_a_body_past_django_s_own_cap_is_refused_in_the_error_format_too(client, world):
    body = '{"title": "' + "a" * 3_000_000 + '"}'
    response = client.post("/api/employer/needs/", body, content_type="application/json", **world.headers("member_a"))
    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"


def test_the_schema_documents_413_for_operations_that_take_a_body(client):
    schema = client.get("/api/schema/").json()
    patch = schema["paths"]["/api/employer/needs/{id}/"]["patch"]["responses"]
    assert patch["413"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "413" not in schema["paths"]["/api/employer/needs/{id}/"]["get"]["responses"]


@pytest.mark.parametrize(("status", "code"), [(500, "server_error"), (400, "bad_request")])
def test_django_s_own_error_pages_answer_the_api_in_the_error_format(rf, status, code):
    """A bug (500) or a request Django refuses before any view (400: a forged host, a body past its caps)."""
    handler = get_resolver().resolve_error_handler(status)
    arguments = {} if status == 500 else {"exception": SuspiciousOperation()}

    answer = handler(rf.get("/api/employer/needs/"), **arguments)
    assert answer.status_code == status
    assert answer["Content-Type"] == "application/json"
    error = json.loads(answer.content)["error"]
    assert (error["status"], error["code"], error["fields"]) == (status, code, {})
    assert error["message"]
    page = handler(rf.get("/portal/"), **arguments)
    assert page.status_code == status
    assert page["Content-Type"].startswith("text/html")

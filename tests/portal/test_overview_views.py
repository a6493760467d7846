"""The employer's home and the export of their presentations and hires (portal and API): counts that link to their
lists, one row per presentation, names only once revealed, formula-safe cells, CSV and XLSX, logged, and refused to
anyone but the employer's own members."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from candidates.models import PersonalDataAccess
from matching import employer_exports
from matching.enums import PresentationStatus
from tests.api_tokens import token_headers
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.portal.test_need_views import member_of

pytestmark = pytest.mark.django_db

Status = PresentationStatus


@pytest.fixture
def world():
    need = StaffingNeedFactory(open=True, title='=HYPERLINK("http://evil.example")')
    platform = need.employer.platform
    named = CandidateFactory(
        platform=platform, presentable=True, first_name="Nadia", last_name="Révélée", email="nadia@example.org",
        phone="+33611223344",
    )  # fmt: skip
    hidden = CandidateFactory(platform=platform, presentable=True, first_name="Hugo", last_name="Caché")
    SensitiveSituationFactory(candidate=hidden, has_disability_recognition=True)
    scheduled = presentation_in(Status.INTERVIEW_SCHEDULED, need=need, candidate=named)
    presented = presentation_in(Status.PRESENTED, need=need, candidate=hidden)
    presentation_in(Status.SHORTLISTED, need=need, candidate=CandidateFactory(platform=platform, last_name="Liste"))
    foreign = StaffingNeedFactory(open=True, title="Besoin étranger")
    presentation_in(Status.PRESENTED, need=foreign)
    return {
        "need": need,
        "foreign": foreign,
        "member": member_of(need.employer),
        "foreign_member": member_of(foreign.employer),
        "scheduled": scheduled,
        "presented": presented,
    }


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(response) -> list[list[object]]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_home_shows_the_counts_each_linked_to_its_list(client, world):
    client.force_login(world["member"])
    assert client.get(reverse("portal:home")).url == reverse("portal:overview")
    page = client.get(reverse("portal:overview")).content.decode()
    assert reverse("portal:overview_list", args=["to_answer"]) in page
    assert reverse("portal:overview_list", args=["interviews_this_week"]) in page
    assert reverse("portal:presentations_export", args=["xlsx"]) in page
    overview = client.get(reverse("portal:overview")).context["overview"]
    assert overview.to_answer == 1


def test_a_list_shows_pseudonyms_and_links_to_each_presentation(client, world):
    client.force_login(world["member"])
    page = client.get(reverse("portal:overview_list", args=["to_answer"])).content.decode()
    assert reverse("portal:presentation_detail", args=[world["presented"].pk]) in page
    assert "Caché" not in page
    assert "Besoin étranger" not in page


def test_the_csv_export_has_one_row_per_presentation_names_only_once_revealed(client, world):
    client.force_login(world["member"])
    response = client.get(reverse("portal:presentations_export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert len(header) == 11
    assert len(rows) == 2
    names = {row[2] for row in rows}
    assert "Nadia Révélée" in names
    assert not any("Hugo" in name or "Caché" in name for name in names)
    named_row = next(row for row in rows if row[2] == "Nadia Révélée")
    # A leading "+" would make a spreadsheet read the number as a formula.
    assert (named_row[3], named_row[4]) == ("nadia@example.org", "'+33611223344")
    hidden_row = next(row for row in rows if row[2] != "Nadia Révélée")
    assert (hidden_row[3], hidden_row[4]) == ("", "")
    text = "\n".join(",".join(row) for row in rows)
    assert "Besoin étranger" not in text
    assert "Liste" not in text
    assert "disab" not in text.lower()


def test_a_cell_that_would_be_a_formula_starts_with_a_quote(client, world):
    client.force_login(world["member"])
    _header, *rows = _csv_rows(client.get(reverse("portal:presentations_export", args=["csv"])))
    assert {row[0] for row in rows} == {'\'=HYPERLINK("http://evil.example")'}
    xlsx_rows = _xlsx_rows(client.get(reverse("portal:presentations_export", args=["xlsx"])))
    assert {row[0] for row in xlsx_rows[1:]} == {'\'=HYPERLINK("http://evil.example")'}


def test_the_xlsx_export_reads_back_with_the_same_rows(client, world):
    client.force_login(world["member"])
    url = reverse("portal:presentations_export", args=["xlsx"])
    response = client.get(url, {"need": world["need"].pk})
    assert response.status_code == 200
    rows = _xlsx_rows(response)
    assert len(rows) == 3
    assert "Nadia Révélée" in {row[2] for row in rows[1:]}
    assert rows[1][6] is not None  # presented on, a date the spreadsheet reads as such


def test_the_names_exported_are_logged(client, world):
    client.force_login(world["member"])
    client.get(reverse("portal:presentations_export", args=["csv"]))
    logged = PersonalDataAccess.objects.filter(action=PersonalDataAccess.Action.EXPORTED)
    assert list(logged.values_list("candidate_id", "actor")) == [(world["scheduled"].candidate_id, world["member"].pk)]


def test_another_employer_s_need_is_not_found_and_its_export_is_its_own(client, world):
    client.force_login(world["foreign_member"])
    url = reverse("portal:presentations_export", args=["csv"])
    assert client.get(url, {"need": world["need"].pk}).status_code == 404
    assert client.get(url, {"need": "abc"}).status_code == 404
    _header, *rows = _csv_rows(client.get(url))
    assert len(rows) == 1
    assert rows[0][0] == "Besoin étranger"
    assert not PersonalDataAccess.objects.filter(action=PersonalDataAccess.Action.EXPORTED).exists()


def test_the_api_gives_the_same_file_to_the_employer_only(client, world, advisor):
    response = client.get("/api/employer/presentations/export/", {"file": "csv"}, **token_headers(world["member"]))
    assert response.status_code == 200, response.content
    _header, *rows = _csv_rows(response)
    assert len(rows) == 2
    refused = client.get(
        "/api/employer/presentations/export/", {"need": world["need"].pk}, **token_headers(world["foreign_member"])
    )
    assert refused.status_code == 404
    bad = client.get("/api/employer/presentations/export/", {"file": "pdf"}, **token_headers(world["member"]))
    assert bad.status_code == 400
    assert "file" in bad.json()["error"]["fields"]


def test_a_large_export_is_read_chunk_by_chunk_in_order(world, monkeypatch, django_assert_max_num_queries):
    for _number in range(9):
        presentation_in(Status.PRESENTED, need=world["need"])
    monkeypatch.setattr(employer_exports, "CHUNK_SIZE", 4)

    # The membership, the rows (one cursor), and the contacts of each chunk that names someone.
    with django_assert_max_num_queries(2 + 3):
        rows = list(employer_exports.presentation_export_rows(user=world["member"]))

    assert len(rows) == 11
    assert [row.is_revealed for row in rows].count(True) == 1

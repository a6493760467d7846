"""Exporting candidates: the columns, formula escaping, and only the candidates the user may see."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from candidates.exports import (
    EXPORT_COLUMNS,
    EXPORT_HEADERS,
    CandidateExportResource,
    candidate_list_for_export,
    spreadsheet_safe,
)
from tests.accounts.factories import PlatformFactory
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.referentials.factories import OccupationFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:candidates_candidate_export")


@pytest.fixture
def candidates(platform):
    communes = hauts_de_france_communes()
    own = CandidateFactory(
        platform=platform,
        commune=communes["Lille"],
        reference="FT-1",
        last_name='=HYPERLINK("http://evil.example","clic")',
        first_name="@SUM(A1)",
        phone="+33 6 12 34 56 78",
    )
    own.desired_occupations.add(OccupationFactory(rome_code="D1408"), OccupationFactory(rome_code="N1103"))
    SensitiveSituationFactory(candidate=own, has_disability_recognition=True, receives_minimum_income=True)
    other = CandidateFactory(platform=PlatformFactory(), commune=communes["Amiens"], last_name="Dufourmantelle")
    return own, other


def export_form_data(format_index: int) -> dict[str, str]:
    data = {"resource": "0", "format": str(format_index)}
    data.update({f"candidateexportresource_{column}": "on" for column in EXPORT_COLUMNS})
    return data


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33612345678", "'+33612345678"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Lefebvre", "Lefebvre"),
        ("a=b", "a=b"),
        (-2, -2),
        (None, None),
    ],
)
def test_spreadsheet_safe_quotes_what_a_spreadsheet_would_run(value, expected):
    assert spreadsheet_safe(value) == expected


def test_the_export_has_the_import_columns_and_no_sensitive_situation(candidates, superuser):
    own, _other = candidates
    with translation.override("en"):
        dataset = CandidateExportResource().export(candidate_list_for_export(user=superuser).filter(pk=own.pk))
        assert dataset.headers == [str(EXPORT_HEADERS[column]) for column in EXPORT_COLUMNS]
    assert dataset.headers[:3] == ["Reference", "Last name", "First name"]
    row = dict(zip(EXPORT_COLUMNS, dataset[0], strict=True))
    assert row["reference"] == "FT-1"
    assert row["insee_code"] == "59350"
    assert row["postcode"] == "59000"
    assert row["commune"] == "Lille"
    assert row["rome_codes"] == "D1408;N1103"
    assert row["last_name"] == '\'=HYPERLINK("http://evil.example","clic")'
    assert row["first_name"] == "'@SUM(A1)"
    assert row["phone"] == "'+33 6 12 34 56 78"
    text = " ".join(dataset.headers).lower()
    for sensitive in ("disability", "rqth", "minimum_income", "rsa", "long_term", "neighbourhood", "under_26"):
        assert sensitive not in text


def test_an_advisor_exports_only_their_platform_candidates_as_csv(client, advisor, candidates):
    client.force_login(advisor)

    response = client.post(EXPORT_URL, export_form_data(0))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert [row["n° de dossier"] for row in rows] == ["FT-1"]
    assert rows[0]["nom"].startswith("'=")
    assert "Dufourmantelle" not in response.content.decode()
    assert "has_disability_recognition" not in response.content.decode()


def _csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_export_starts_with_a_byte_order_mark_and_french_headers(client, advisor, candidates):
    client.force_login(advisor)

    content = client.post(EXPORT_URL, export_form_data(0)).content

    # Excel reads a CSV without the mark as Windows-1252: "prénom" would show as "prÃ©nom".
    assert content.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header[:4] == ["n° de dossier", "nom", "prénom", "courriel"]
    assert "se déplace en voiture" in header
    assert "statut" in [column.lower() for column in header]
    assert not {"reference", "last_name", "first_name"} & set(header)


def test_the_xlsx_export_holds_text_not_formulas(client, advisor, candidates):
    client.force_login(advisor)

    response = client.post(EXPORT_URL, export_form_data(1))

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Candidats"]
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    last_name = sheet.cell(row=2, column=header.index("nom") + 1)
    assert last_name.value == '\'=HYPERLINK("http://evil.example","clic")'
    assert last_name.data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.max_row == 2


def test_the_export_action_never_exports_a_selected_candidate_of_another_platform(client, advisor, candidates):
    own, other = candidates
    client.force_login(advisor)

    mixed = client.post(EXPORT_URL, {**export_form_data(0), "export_items": [own.pk, other.pk]})
    only_own = client.post(EXPORT_URL, {**export_form_data(0), "export_items": [own.pk]})

    assert "Dufourmantelle" not in mixed.content.decode()
    assert [row["n° de dossier"] for row in _csv_rows(only_own)] == ["FT-1"]


def test_a_superuser_exports_every_platform(client, superuser, candidates):
    client.force_login(superuser)
    response = client.post(EXPORT_URL, export_form_data(0))
    assert len(_csv_rows(response)) == 2


def test_the_changelist_offers_import_and_export_to_an_advisor(client, advisor, candidates):
    client.force_login(advisor)
    page = client.get(reverse("admin:candidates_candidate_changelist")).content.decode()
    assert reverse("admin:candidates_candidate_import") in page
    assert EXPORT_URL in page


@pytest.mark.parametrize(
    ("language", "ignored"),
    [
        ("fr", {"statut", "plateforme", "conseiller", "créé le", "dernier contact"}),
        ("en", {"Status", "Platform", "Advisor", "Created at", "Last contact at"}),
    ],
)
def test_an_exported_file_can_be_imported_again(advisor, candidates, platform, language, ignored):
    from candidates.imports import candidate_import_check

    own, _other = candidates
    with translation.override(language):
        dataset = CandidateExportResource().export(candidate_list_for_export(user=advisor))
    own.delete()

    report = candidate_import_check(
        content=dataset.export("csv").encode(), filename="export.csv", platform=platform, by=advisor
    )

    assert report.errors == []
    assert {column.lower() for column in ignored} <= {column.lower() for column in report.ignored_columns}
    pending = report.pending[0].candidate
    assert (pending.reference, pending.commune.insee_code) == ("FT-1", "59350")

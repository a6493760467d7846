"""The limits of an import file, checked before the file is parsed: rows, columns, cells, and for an XLSX its unpacked
size and its shared strings. The crafted files are built here, small on disk; each must be refused fast, saying why."""

import time
import zipfile
from collections.abc import Iterable, Iterator
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from candidates.imports import CandidateFileRefused, candidate_import_check
from candidates.imports.jobs import candidate_import_job_create
from tests.candidates.imports import test_checks as test_imports
from tests.candidates.imports.test_checks import csv_file, partner_row

pytestmark = pytest.mark.django_db

communes, occupations, world = test_imports.communes, test_imports.occupations, test_imports.world
FAST_SECONDS = 5.0
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER = ["Nom", "Prénom", "Code INSEE"]


def _chunks(parts: Iterable[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    buffer = bytearray()
    for part in parts:
        buffer += part
        if len(buffer) >= size:
            yield bytes(buffer)
            buffer.clear()
    yield bytes(buffer)


def workbook(
    *, rows: Iterable[bytes] = (), strings: Iterable[bytes] | None = None, extra: tuple[str, int] | None = None
) -> bytes:
    """An XLSX written part by part, streamed: a header row (shared strings 0 to 2), then ``rows`` as sheet XML;
    ``strings`` more shared strings after the header's; ``extra``: a part of that many zero bytes."""
    header_cells = b"".join(
        f'<c r="{column}1" t="s"><v>{index}</v></c>'.encode() for index, column in enumerate("ABC")
    )
    parts = {
        "[Content_Types].xml": [
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            b'"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
            b'+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
            b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ],
        "_rels/.rels": [
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ],
        "xl/workbook.xml": [
            b'<?xml version="1.0" encoding="UTF-8"?><workbook ' + MAIN + b' xmlns:r="http://schemas.openxmlformats.'
            b'org/officeDocument/2006/relationships"><sheets><sheet name="Candidats" sheetId="1" r:id="rId1"/>'
            b"</sheets></workbook>"
        ],
        "xl/_rels/workbook.xml.rels": [
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            b"</Relationships>"
        ],
        "xl/sharedStrings.xml": [
            b"<sst " + MAIN + b">",
            *(f"<si><t>{text}</t></si>".encode() for text in HEADER),
            *(strings or ()),
            b"</sst>",
        ],
        "xl/worksheets/sheet1.xml": [
            b"<worksheet " + MAIN + b'><sheetData><row r="1">' + header_cells + b"</row>",
            *rows,
            b"</sheetData></worksheet>",
        ],
    }
    if extra:
        name, size = extra
        parts[name] = (bytes(1 << 20) for _ in range(size >> 20))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            with archive.open(name, "w", force_zip64=True) as part:
                for chunk in _chunks(content):
                    part.write(chunk)
    return buffer.getvalue()


def refusal_of(content: bytes, platform, by, filename: str = "candidats.xlsx") -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(CandidateFileRefused) as refused:
        candidate_import_check(content=content, filename=filename, platform=platform, by=by)
    return refused.value.message, time.perf_counter() - started


def test_a_workbook_built_here_is_read(world, advisor):
    content = workbook(rows=[b'<row r="2"><c r="A2" t="inlineStr"><is><t>Martin</t></is></c></row>'])
    report = candidate_import_check(content=content, filename="candidats.xlsx", platform=world, by=advisor)
    assert report.rows_read == 1
    assert "ligne 2 : commune manquante (code INSEE, code postal ou nom)" in [str(issue) for issue in report.errors]


def test_an_xlsx_of_two_million_empty_rows_is_refused_fast(world, advisor):
    content = workbook(rows=(b"<row/>" for _ in range(2_000_000)))
    assert len(content) < 100_000

    message, seconds = refusal_of(content, world, advisor)

    assert message.startswith("Le fichier compte plus de 60 000 lignes, lignes vides comprises")
    assert seconds < FAST_SECONDS


def test_an_xlsx_whose_row_numbers_jump_to_a_million_is_refused_fast(world, advisor):
    content = workbook(rows=[b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'])

    message, seconds = refusal_of(content, world, advisor)

    assert "plus de 60 000 lignes" in message
    assert seconds < FAST_SECONDS


def test_an_xlsx_of_three_million_shared_strings_is_refused_fast(world, advisor):
    content = workbook(strings=(b"<si><t>a</t></si>" for _ in range(3_000_000)))
    assert len(content) < 300_000

    message, seconds = refusal_of(content, world, advisor)

    assert message.startswith("Le classeur compte plus de 1 000 000 textes différents")
    assert seconds < FAST_SECONDS


def test_an_xlsx_that_unpacks_past_150_mb_is_refused_fast(world, advisor):
    content = workbook(extra=("xl/media/image1.bin", 160 << 20))
    assert len(content) < 1_000_000

    message, seconds = refusal_of(content, world, advisor)

    assert message.startswith("Le classeur décompressé dépasse 150 Mo")
    assert seconds < FAST_SECONDS


def test_a_csv_of_sixty_thousand_blank_lines_is_refused_fast(world, advisor):
    content = csv_file([]) + b";;\r\n" * 60_001

    message, seconds = refusal_of(content, world, advisor, filename="candidats.csv")

    assert "plus de 60 000 lignes, lignes vides comprises" in message
    assert seconds < FAST_SECONDS


def test_a_cell_over_1000_characters_is_refused(world, advisor):
    content = csv_file([partner_row(Nom="x" * 1001)])

    message, _ = refusal_of(content, world, advisor, filename="candidats.csv")

    assert message == "La cellule de la ligne 2, colonne 2, dépasse 1 000 caractères : vérifiez le fichier."


def test_a_row_over_200_columns_is_refused(world, advisor):
    content = csv_file([partner_row() + ["x"] * 200])

    message, _ = refusal_of(content, world, advisor, filename="candidats.csv")

    assert message == "La ligne 2 compte plus de 200 colonnes : gardez les colonnes attendues."


def test_checking_a_file_asks_the_database_the_same_few_times_whatever_its_rows(
    world, advisor, django_assert_max_num_queries
):
    rows = [
        partner_row(Courriel=f"personne{number}@example.org", Téléphone=f"07{number:08d}", Nom=f"Nom{number}")
        for number in range(300)
    ]
    with django_assert_max_num_queries(20):
        report = candidate_import_check(content=csv_file(rows), filename="c.csv", platform=world, by=advisor)
    assert len(report.pending) == 300
    assert report.errors == []


def test_a_bomb_sent_through_the_admin_ends_on_its_job_page_with_the_reason(client, world, advisor):
    client.force_login(advisor)
    content = workbook(strings=(b"<si><t>a</t></si>" for _ in range(3_000_000)))
    response = client.post(
        reverse("admin:candidates_candidate_import"),
        {"file": test_imports.upload(content, "bombe.xlsx"), "platform": world.pk},
    )
    assert response.status_code == 302

    from candidates.imports.jobs import candidate_import_job_check
    from candidates.models import CandidateImport

    job = CandidateImport.objects.get()
    candidate_import_job_check(job_id=job.pk)

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Fichier refusé : Le classeur compte plus de 1 000 000 textes différents" in page.content.decode()


def test_the_upload_refuses_a_file_over_10_mb_before_storing_it(world, advisor):
    with pytest.raises(CandidateFileRefused, match="la limite est de 10 Mo"):
        candidate_import_job_create(
            content=b"x" * (10 * 1024 * 1024 + 1), filename="gros.csv", platform=world, by=advisor
        )


def test_a_check_constraint_breached_by_a_row_is_reported_once_in_the_files_terms(world, advisor):
    header = ["Nom", "Prénom", "Code INSEE", "accepts_full_time", "accepts_part_time", "Rayon de mobilité (km)"]
    content = csv_file([["Martin", "Léa", "59350", "non", "non", "30"]], header=header)

    report = candidate_import_check(content=content, filename="c.csv", platform=world, by=advisor)

    # The model's message, in the language of the run (French in the admin).
    message = gettext("Accept at least full time or part time.")
    assert [str(issue) for issue in report.errors] == [f"ligne 2 : accepte le temps partiel : {message}"]

"""Importing candidates from partners' CSV and XLSX files: mapping, preview, all or nothing, duplicates, limits."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from candidates.imports import MAX_FILE_BYTES, MAX_ROWS, CandidateFileRefused, candidate_import, candidate_import_check
from candidates.models import Candidate
from matching.models import MatchRun
from tests.accounts.factories import PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.referentials.factories import OccupationFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db

PARTNER_HEADER = [
    "N° dossier",
    "Nom",
    "Prénom",
    "Courriel",
    "Téléphone",
    "Date de naissance",
    "Code postal",
    "Commune",
    "Code ROME",
    "Rayon de mobilité (km)",
    "Disponible le",
    "Permis B",
    "Consentement traitement",
    "Date consentement traitement",
    "Consentement présentation",
    "Date consentement présentation",
]
YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.fixture
def communes():
    return hauts_de_france_communes()


@pytest.fixture
def occupations():
    return {
        "D1408": OccupationFactory(rome_code="D1408"),
        "N1103": OccupationFactory(rome_code="N1103", label="Préparateur / Préparatrice de commandes"),
    }


@pytest.fixture
def world(platform, advisor, communes, occupations):
    return platform


def csv_file(rows: list[list[str]], *, header=PARTNER_HEADER, delimiter=";", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def partner_row(**values: str) -> list[str]:
    row = {
        "N° dossier": "",
        "Nom": "Lefebvre",
        "Prénom": "Sami",
        "Courriel": "sami.lefebvre@example.org",
        "Téléphone": "06 12 34 56 78",
        "Date de naissance": "14/07/1990",
        "Code postal": "59000",
        "Commune": "Lille",
        "Code ROME": "D1408",
        "Rayon de mobilité (km)": "30",
        "Disponible le": "",
        "Permis B": "oui",
        "Consentement traitement": "oui",
        "Date consentement traitement": YESTERDAY,
        "Consentement présentation": "non",
        "Date consentement présentation": "",
    }
    row.update({key.replace("_", " "): value for key, value in values.items()})
    return [row[column] for column in PARTNER_HEADER]


def check(content: bytes, platform, by, filename="candidats.csv"):
    return candidate_import_check(content=content, filename=filename, platform=platform, by=by)


def run_import(content: bytes, platform, by, filename="candidats.csv"):
    return candidate_import(content=content, filename=filename, platform=platform, by=by)


def messages(issues) -> list[str]:
    return [str(issue) for issue in issues]


# Good files


def test_a_partner_csv_creates_its_candidates_on_the_platform_with_the_importer_as_advisor(
    world, advisor, communes, occupations, django_capture_on_commit_callbacks
):
    content = csv_file(
        [
            partner_row(**{"N° dossier": "FT-001", "Code ROME": "D1408; N1103"}),
            partner_row(
                Nom="Dubois",
                Prénom="Inès",
                Courriel="ines.dubois@example.org",
                Téléphone="+33 7 11 22 33 44",
                **{
                    "Date de naissance": "1985-03-02",
                    "Code postal": "59100",
                    "Commune": "",
                    "Code ROME": "N1103",
                    "Permis B": "non",
                    "Consentement présentation": "oui",
                    "Date consentement présentation": YESTERDAY,
                },
            ),
        ]
    )

    with django_capture_on_commit_callbacks() as callbacks:
        report = run_import(content, world, advisor)

    assert report.errors == []
    assert len(report.created) == 2
    sami = Candidate.objects.get(reference="FT-001")
    assert (sami.last_name, sami.first_name, sami.email) == ("Lefebvre", "Sami", "sami.lefebvre@example.org")
    assert sami.birth_date == datetime.date(1990, 7, 14)
    assert sami.commune == communes["Lille"]
    assert sami.platform == world
    assert sami.advisor == advisor
    assert sami.max_distance_km == 30
    assert sami.has_driving_licence is True
    assert sami.consents_to_processing is True
    assert sami.consented_to_processing_at.date() == timezone.localdate() - datetime.timedelta(days=1)
    assert sami.consents_to_presentation is False
    assert sorted(sami.desired_occupations.values_list("rome_code", flat=True)) == ["D1408", "N1103"]
    ines = Candidate.objects.get(last_name="Dubois")
    assert ines.commune == communes["Roubaix"]
    assert ines.birth_date == datetime.date(1985, 3, 2)
    assert ines.has_driving_licence is False
    assert ines.is_presentable
    # Defaults of the admin for the columns the file does not have.
    assert ines.travels_by_public_transport is True
    assert ines.accepts_cdi is True
    assert ines.available_from == timezone.localdate()
    # Their matching is requested by the write task (matching.tasks.candidate_import_job_write), not by the import.
    assert not MatchRun.objects.exists()
    assert callbacks == []


def test_our_own_column_names_in_windows_1252_with_commas_and_an_insee_code(world, advisor, communes):
    header = ["reference", "last_name", "first_name", "email", "insee_code", "rome_codes", "accepts_part_time"]
    content = csv_file(
        [["PLIE-7", "Lefèvre", "Anaïs", "anais@example.org", "80021", "N1103", "non"]],
        header=header,
        delimiter=",",
        encoding="cp1252",
    )

    report = run_import(content, world, advisor)

    assert report.errors == []
    anais = Candidate.objects.get(reference="PLIE-7")
    assert (anais.last_name, anais.first_name) == ("Lefèvre", "Anaïs")
    assert anais.commune == communes["Amiens"]
    assert anais.accepts_part_time is False


def test_a_utf8_file_with_a_bom_and_unknown_columns_is_read_and_the_columns_ignored_are_named(world, advisor):
    content = b"\xef\xbb\xbf" + csv_file(
        [["Martin", "Léa", "59350", "Agence de Lille"]], header=["Nom", "Prénom", "Code INSEE", "Agence"]
    )

    report = check(content, world, advisor)

    assert report.errors == []
    assert report.ignored_columns == ["Agence"]
    assert len(report.pending) == 1


def test_an_xlsx_file_is_imported_and_its_formula_cells_are_stored_as_text(world, advisor, communes):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["Identifiant", "Nom", "Prénom", "Email", "Téléphone", "Date de naissance", "Code INSEE", "Code ROME"]
    )
    sheet.append(
        ["PE-1", "Durand", "Paul", "paul@example.org", 612345678, datetime.datetime(1992, 5, 17), 59350, "D1408"]
    )
    sheet.append(["PE-2", '=HYPERLINK("http://evil.example","x")', "Zoé", "zoe@example.org", "", "", "62041", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run_import(buffer.getvalue(), world, advisor, filename="export-partenaire.xlsx")

    assert report.errors == []
    paul = Candidate.objects.get(reference="PE-1")
    assert paul.phone == "0612345678"
    assert paul.birth_date == datetime.date(1992, 5, 17)
    assert paul.commune == communes["Lille"]
    zoe = Candidate.objects.get(reference="PE-2")
    assert zoe.last_name == '=HYPERLINK("http://evil.example","x")'
    assert zoe.commune == communes["Arras"]


# Bad rows: every one listed with its line, in French, and nothing written


def test_every_bad_row_is_listed_with_its_line_and_nothing_is_written(world, advisor):
    Candidate.objects.all().delete()
    content = csv_file(
        [
            partner_row(Courriel="a@example.org", Téléphone=""),
            partner_row(Courriel="b@example.org", Téléphone="", **{"Code postal": "99999", "Commune": ""}),
            partner_row(Courriel="c@example.org", Téléphone="", **{"Date de naissance": "31/02/1990"}),
            partner_row(Courriel="d@example.org", Téléphone="", **{"Code ROME": "Z9999"}),
            partner_row(Courriel="e@example.org", Téléphone="", **{"Code ROME": "K2204"}),
            partner_row(Courriel="f@example.org", Téléphone="", **{"Permis B": "peut-être"}),
            partner_row(Courriel="g@example.org", Téléphone="", **{"Rayon de mobilité (km)": "500"}),
            partner_row(Courriel="pas-un-courriel", Téléphone=""),
        ]
    )

    report = run_import(content, world, advisor)

    assert report.created == []
    assert Candidate.objects.count() == 0
    assert MatchRun.objects.count() == 0
    found = messages(report.errors)
    assert "ligne 3 : code postal inconnu 99999" in found
    assert "ligne 4 : date de naissance illisible « 31/02/1990 » (attendu jj/mm/aaaa)" in found
    assert any(message.startswith("ligne 5 : code ROME mal formé « Z9999 »") for message in found)
    assert "ligne 6 : code ROME inconnu K2204" in found
    assert "ligne 7 : permis B : valeur « peut-être » non reconnue (oui ou non attendu)" in found
    assert any(message.startswith("ligne 8 : rayon de mobilité : ") for message in found)
    assert any(message.startswith("ligne 9 : courriel : ") for message in found)
    assert {issue.line for issue in report.errors} == {3, 4, 5, 6, 7, 8, 9}


def test_unknown_insee_code_and_ambiguous_commune_names_are_explained(world, advisor):
    content = csv_file(
        [["Martin", "Léa", "99999"], ["Martin", "Luc", "2A004"]], header=["Nom", "Prénom", "Code INSEE"]
    )
    assert messages(check(content, world, advisor).errors) == [
        "ligne 2 : code INSEE inconnu 99999",
        "ligne 3 : code INSEE inconnu 2A004",
    ]


def test_a_commune_name_that_does_not_match_its_postcode_is_an_error(world, advisor):
    content = csv_file([partner_row(**{"Code postal": "59000", "Commune": "Roubaix"})])
    assert messages(check(content, world, advisor).errors) == [
        "ligne 2 : la commune « Roubaix » ne correspond pas au code postal 59000 (Lille)"
    ]


def test_commune_names_are_compared_without_case_or_accents(world, advisor, communes):
    content = csv_file([partner_row(**{"Code postal": "02100", "Commune": "SAINT QUENTIN"})])
    report = check(content, world, advisor)
    assert report.errors == []
    assert report.pending[0].candidate.commune == communes["Saint-Quentin"]


# Consent


def test_a_presentation_consent_needs_its_date_and_the_processing_consent(world, advisor):
    content = csv_file(
        [
            partner_row(Courriel="a@example.org", Téléphone="", **{"Consentement présentation": "oui"}),
            partner_row(
                Courriel="b@example.org",
                Téléphone="",
                **{
                    "Consentement traitement": "non",
                    "Date consentement traitement": "",
                    "Consentement présentation": "oui",
                    "Date consentement présentation": YESTERDAY,
                },
            ),
            partner_row(Courriel="c@example.org", Téléphone="", **{"Consentement présentation": f"oui {YESTERDAY}"}),
        ]
    )

    report = check(content, world, advisor)

    assert messages(report.errors) == [
        "ligne 2 : consentement présentation « oui » sans date : indiquez la date à laquelle il a été donné",
        "ligne 3 : consentement présentation sans consentement au traitement des données : "
        "le second est nécessaire au premier",
    ]
    assert [pending.line for pending in report.pending] == [4]
    assert not report.is_importable  # one bad row blocks the whole file


# Duplicates


def test_duplicates_inside_the_file_are_reported_and_skipped(world, advisor):
    content = csv_file(
        [
            partner_row(Courriel="sami@example.org", Téléphone="06 12 34 56 78"),
            partner_row(Nom="Autre", Courriel="SAMI@example.org", Téléphone=""),
            partner_row(Nom="Autre2", Courriel="", Téléphone="+33 6 12 34 56 78"),
            partner_row(Nom="LEFÈBVRE", Prénom="sami", Courriel="", Téléphone=""),
        ]
    )

    report = run_import(content, world, advisor)

    assert report.errors == []
    assert len(report.created) == 1
    assert messages(report.skipped) == [
        "ligne 3 : doublon de la ligne 2 (même courriel) : ligne ignorée",
        "ligne 4 : doublon de la ligne 2 (même téléphone) : ligne ignorée",
        "ligne 5 : doublon de la ligne 2 (mêmes nom, prénom et date de naissance) : ligne ignorée",
    ]


def test_duplicates_of_existing_candidates_and_known_references_are_skipped_and_nothing_is_updated(
    world, advisor, communes
):
    existing = CandidateFactory(platform=world, email="deja@example.org", commune=communes["Lille"])
    known = CandidateFactory(platform=world, reference="FT-9", first_name="Ancien", commune=communes["Lille"])
    elsewhere = CandidateFactory(platform=PlatformFactory(), email="ailleurs@example.org", reference="AUTRE-1")
    content = csv_file(
        [
            partner_row(Courriel="DEJA@example.org", Téléphone=""),
            partner_row(Courriel="nouveau@example.org", Téléphone="", **{"N° dossier": "FT-9"}),
            partner_row(Courriel="autre@example.org", Téléphone="", **{"N° dossier": "AUTRE-1"}),
            partner_row(Courriel="ailleurs@example.org", Téléphone=""),
        ]
    )

    report = run_import(content, world, advisor)

    assert messages(report.skipped) == [
        f"ligne 2 : doublon de #{existing.pk} (même courriel) : ligne ignorée",
        f"ligne 3 : n° de dossier FT-9 déjà présent (#{known.pk}) : rien n'est modifié",
        # Another platform's file is only said to be known: neither that platform nor that it is another's.
        "ligne 4 : n° de dossier AUTRE-1 déjà connu : rien n'est modifié",
    ]
    assert not any(
        "plateforme" in message or elsewhere.platform.name in message for message in messages(report.skipped)
    )
    # Another platform's candidate with the same e-mail is not this platform's duplicate.
    assert [candidate.email for candidate in report.created] == ["ailleurs@example.org"]
    known.refresh_from_db()
    assert known.first_name == "Ancien"
    assert elsewhere.platform != world


# Files refused as a whole


def test_missing_columns_are_refused_with_the_list_of_expected_columns(world, advisor):
    content = csv_file([["x", "y"]], header=["Name", "Surname"])
    with pytest.raises(CandidateFileRefused) as refusal:
        check(content, world, advisor)
    message = refusal.value.message
    assert "colonne(s) manquante(s) : last_name, first_name, code INSEE, code postal ou commune" in message
    assert "Colonnes attendues : reference (« identifiant »" in message
    assert "rome_codes" in message


def test_two_columns_for_one_field_are_refused(world, advisor):
    content = csv_file(
        [["a", "b", "c@x.org", "d@x.org", "59350"]], header=["Nom", "Prénom", "Email", "Courriel", "insee"]
    )
    with pytest.raises(CandidateFileRefused, match="colonne\\(s\\) en double : « Courriel » \\(email\\)"):
        check(content, world, advisor)


@pytest.mark.parametrize(
    "content",
    [
        "Nom;Prénom;Code INSEE\r\nLéa;Martin;59350\r\n".encode("utf-16"),
        b"Nom;Pr\x81nom;Code INSEE\r\nMartin;L\x81a;59350\r\n",
    ],
    ids=["utf-16", "neither-utf8-nor-cp1252"],
)
def test_a_csv_in_another_encoding_is_refused(world, advisor, content):
    with pytest.raises(CandidateFileRefused, match="Encodage non pris en charge"):
        check(content, world, advisor)


def test_a_file_over_10_mb_is_refused(world, advisor):
    content = csv_file([]) + b"x" * (MAX_FILE_BYTES + 1)
    with pytest.raises(CandidateFileRefused, match="la limite est de 10 Mo"):
        check(content, world, advisor)


def test_a_file_over_50000_rows_is_refused_before_any_row_is_checked(world, advisor, django_assert_max_num_queries):
    content = csv_file([["Martin", "Léa", "59350"]] * (MAX_ROWS + 1), header=["Nom", "Prénom", "Code INSEE"])
    assert len(content) < MAX_FILE_BYTES
    with django_assert_max_num_queries(3), pytest.raises(CandidateFileRefused, match="plus de 50 000 lignes"):
        check(content, world, advisor)


def test_other_formats_and_broken_xlsx_files_are_refused(world, advisor):
    with pytest.raises(CandidateFileRefused, match=r"Format non pris en charge « \.xls »"):
        check(b"\xd0\xcf\x11\xe0", world, advisor, filename="vieux.xls")
    with pytest.raises(CandidateFileRefused, match="Fichier XLSX illisible"):
        check(b"not a zip", world, advisor, filename="casse.xlsx")


# Access


def test_staff_import_only_into_their_own_platform(world, advisor):
    content = csv_file([partner_row()])
    with pytest.raises(PermissionDenied):
        check(content, PlatformFactory(), advisor)


# The admin pages (the job's pages, checked and written by tasks: tests/candidates/imports/test_jobs.py)


def upload(content: bytes, name: str = "candidats.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_admin_refuses_a_platform_the_user_does_not_staff(client, world, advisor):
    client.force_login(advisor)
    other = PlatformFactory()
    response = client.post(
        reverse("admin:candidates_candidate_import"), {"file": upload(csv_file([partner_row()])), "platform": other.pk}
    )
    assert response.status_code == 200
    assert "platform" in response.context["form"].errors
    assert Candidate.objects.count() == 0


def test_the_import_page_is_refused_to_staff_without_a_platform(client, world):
    from accounts.services import platform_staff_group_ensure
    from tests.accounts.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(platform_staff_group_ensure())
    client.force_login(user)
    assert client.get(reverse("admin:candidates_candidate_import")).status_code == 403

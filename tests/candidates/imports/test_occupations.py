"""An occupation column in words: confident values mapped by the suggester, the others confirmed by staff once per
value on the job's page, and nothing written while one waits."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates.imports import candidate_import
from candidates.imports.jobs import (
    CandidateImportJobRefused,
    candidate_import_job_write,
    candidate_import_job_write_request,
    candidate_import_occupations_confirm,
)
from candidates.models import Candidate, CandidateImport
from referentials.enums import OccupationTitleKind, OccupationTitleSource
from referentials.models import Occupation, OccupationTitle
from referentials.normalise import search_normalise
from tests.candidates.imports import test_checks as test_imports
from tests.candidates.imports.test_checks import PARTNER_HEADER, check, csv_file, partner_row, run_import
from tests.candidates.imports.test_jobs import checked, job_url, send
from tests.referentials.factories import OccupationFactory

pytestmark = pytest.mark.django_db

Status = CandidateImport.Status
communes, world = test_imports.communes, test_imports.world
HEADER = [*PARTNER_HEADER, "Métier recherché"]


@pytest.fixture
def occupations():
    """D1408 with its everyday title, and a second "conseiller" occupation: "conseiller" alone could be either."""
    occupations = {
        "D1408": OccupationFactory(rome_code="D1408"),
        "N1103": OccupationFactory(rome_code="N1103", label="Préparateur / Préparatrice de commandes"),
        "K1801": OccupationFactory(
            rome_code="K1801", label="Conseiller / Conseillère en emploi et insertion professionnelle"
        ),
    }
    title = "Téléconseiller / Téléconseillère"
    OccupationTitle.objects.create(
        occupation=occupations["D1408"],
        title=title,
        kind=OccupationTitleKind.PRINCIPAL,
        source=OccupationTitleSource.ROME,
        search_text=search_normalise(title),
    )
    return occupations


def person(number: int, occupation: str, codes: str = "") -> list[str]:
    """A row of its own (no duplicate of another) wanting an occupation in words."""
    row = partner_row(
        Nom=f"Martin{'e' * number}",
        Courriel=f"personne{number}@example.org",
        Téléphone=f"06 12 34 56 {number:02d}",
        **{"Code ROME": codes},
    )
    return [*row, occupation]


def occupation_file(*rows: list[str]) -> bytes:
    return csv_file(list(rows), header=HEADER)


FILE_ROWS = [
    person(1, "Téléconseiller"),  # line 2
    person(2, "Conseiller"),  # line 3
    person(3, "teleconseiller"),  # line 4
    person(4, "CONSEILLER"),  # line 5
    person(5, "Jardinier paysagiste"),  # line 6: no title close, no suggestion
]


def desired_codes(email: str) -> set[str]:
    candidate = Candidate.objects.get(email=email)
    return set(candidate.desired_occupations.values_list("rome_code", flat=True))


# The check


def test_a_confident_value_is_mapped_and_an_ambiguous_one_is_listed_to_confirm_once(world, advisor):
    report = check(occupation_file(*FILE_ROWS), world, advisor)

    assert not report.errors
    [mapped] = report.occupations_mapped
    assert (mapped.key, mapped.code, mapped.matched_title) == (
        "teleconseiller",
        "D1408",
        "Téléconseiller / Téléconseillère",
    )
    assert (mapped.rows, mapped.lines) == (2, [2, 4])
    conseiller, gardener = report.occupations_to_confirm
    assert (conseiller.text, conseiller.rows, conseiller.lines) == ("Conseiller", 2, [3, 5])
    assert {suggestion.code for suggestion in conseiller.suggestions} == {"D1408", "K1801"}
    assert (gardener.text, gardener.rows, gardener.suggestions) == ("Jardinier paysagiste", 1, [])
    # A row waiting for its occupation is still to be created; the mapped ones carry their code.
    assert len(report.pending) == 5
    assert report.pending[0].occupation_ids == [world_occupation_id("D1408")]
    assert report.pending[1].occupation_ids == []
    assert not report.is_importable


def world_occupation_id(code: str) -> int:
    return Occupation.objects.get(rome_code=code).pk


def test_codes_and_words_add_up_without_duplicates(world, advisor):
    report = run_import(
        occupation_file(person(1, "téléconseillère", "D1408; N1103"), person(2, "Téléconseiller")), world, advisor
    )

    assert len(report.created) == 2
    assert desired_codes("personne1@example.org") == {"D1408", "N1103"}
    assert desired_codes("personne2@example.org") == {"D1408"}


def test_nothing_is_written_while_a_value_waits_and_choices_apply_to_every_row(world, advisor):
    content = occupation_file(*FILE_ROWS)
    assert run_import(content, world, advisor).created == []
    assert Candidate.objects.count() == 0

    report = candidate_import(
        content=content,
        filename="candidats.csv",
        platform=world,
        by=advisor,
        occupation_choices={"conseiller": "K1801", "jardinier paysagiste": ""},
    )

    assert len(report.created) == 5
    assert [value.key for value in report.occupations_chosen] == ["conseiller", "jardinier paysagiste"]
    assert desired_codes("personne2@example.org") == {"K1801"}
    assert desired_codes("personne4@example.org") == {"K1801"}
    assert desired_codes("personne3@example.org") == {"D1408"}
    assert desired_codes("personne5@example.org") == set()


# The job: choices stored by the service, refused write, the staff page


def test_the_write_is_refused_until_every_value_is_confirmed(client, world, advisor):
    client.force_login(advisor)
    job = checked(send(client, world, occupation_file(*FILE_ROWS)))

    with pytest.raises(CandidateImportJobRefused, match="Choisissez d'abord le métier"):
        candidate_import_job_write_request(job=job, by=advisor)
    candidate_import_occupations_confirm(job=job, choices={"conseiller": "K1801"}, by=advisor)
    with pytest.raises(CandidateImportJobRefused, match="1 restante"):
        candidate_import_job_write_request(job=job, by=advisor)

    candidate_import_occupations_confirm(job=job, choices={"jardinier paysagiste": ""}, by=advisor)
    candidate_import_job_write_request(job=job, by=advisor)
    candidate_import_job_write(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == Status.DONE
    assert job.created_count == 5
    assert desired_codes("personne2@example.org") == desired_codes("personne4@example.org") == {"K1801"}


def test_an_unknown_code_is_refused_and_nothing_is_stored(client, world, advisor):
    client.force_login(advisor)
    job = checked(send(client, world, occupation_file(*FILE_ROWS)))

    with pytest.raises(ValidationError) as refused:
        candidate_import_occupations_confirm(
            job=job, choices={"conseiller": "K1801", "jardinier paysagiste": "A9999"}, by=advisor
        )

    assert refused.value.message_dict == {"jardinier paysagiste": ["Code ROME inconnu « A9999 »."]}
    job.refresh_from_db()
    assert job.occupation_choices == {}


def test_the_job_page_lists_the_values_to_confirm_and_keeps_choices_on_a_bad_code(client, world, advisor):
    client.force_login(advisor)
    job = checked(send(client, world, occupation_file(*FILE_ROWS)))

    page = client.get(job_url(job))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Métiers à confirmer" in text
    assert "« Conseiller » : 2 lignes (lignes 3, 5)" in text
    assert "« Jardinier paysagiste » : 1 ligne (ligne 6)" in text
    assert "K1801 — Conseiller / Conseillère en emploi et insertion professionnelle" in text
    assert "« Téléconseiller » → D1408" in text
    assert 'id="import-write"' not in text
    assert "2 valeurs sans choix" in text
    # Written anyway, the file is refused with the reason, and nothing is queued.
    refused = client.post(job_url(job, "_write"), follow=True)
    assert "le métier de chaque valeur à confirmer (2 restante(s)" in refused.content.decode()
    job.refresh_from_db()
    assert job.status == Status.CHECKED

    occupations_url = reverse("admin:candidates_candidate_import_job_occupations", args=[job.pk])
    bad = client.post(occupations_url, {"choice_0": "K1801", "choice_1": "other", "code_1": "A9999"})
    text = bad.content.decode()
    assert bad.status_code == 200
    assert "Code ROME inconnu « A9999 »." in text
    # The other choice is kept as it was posted.
    assert 'value="K1801" id="id_choice_0_1" checked' in text
    job.refresh_from_db()
    assert job.occupation_choices == {}

    good = client.post(occupations_url, {"choice_0": "K1801", "choice_1": "other", "code_1": " n1103 "})
    assert good.status_code == 302
    job.refresh_from_db()
    assert job.occupation_choices == {"conseiller": "K1801", "jardinier paysagiste": "N1103"}
    text = client.get(job_url(job)).content.decode()
    assert 'id="import-write"' in text
    assert "sans choix" not in text

    # Chosen again, "none" replaces the earlier code.
    client.post(occupations_url, {"choice_0": "K1801", "choice_1": "none"})
    job.refresh_from_db()
    assert job.occupation_choices == {"conseiller": "K1801", "jardinier paysagiste": ""}
    assert 'value="none" id="id_choice_1_1" checked' in client.get(job_url(job)).content.decode()


def test_choices_wait_for_the_check_and_end_with_the_write(client, world, advisor):
    client.force_login(advisor)
    job = send(client, world, occupation_file(*FILE_ROWS))

    with pytest.raises(CandidateImportJobRefused, match="fichier vérifié"):
        candidate_import_occupations_confirm(job=job, choices={"conseiller": "K1801"}, by=advisor)

    job = checked(job)
    with pytest.raises(ValidationError) as refused:
        candidate_import_occupations_confirm(job=job, choices={"téléconseiller": "D1408"}, by=advisor)
    assert refused.value.message_dict == {"téléconseiller": ["Cette valeur n'est pas à confirmer dans ce fichier."]}

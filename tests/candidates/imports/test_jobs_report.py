"""The job's preview counts the file's lines in error, and says how many errors they hold."""

import pytest
from django.utils import translation

from referentials.loaders.errors import LoaderError, RowProblem
from staff.admin.candidate_files import import_errors_summary
from tests.candidates.imports import test_checks as test_imports
from tests.candidates.imports.test_checks import csv_file, partner_row
from tests.candidates.imports.test_jobs import checked, job_url, send

pytestmark = pytest.mark.django_db

communes, occupations, world = test_imports.communes, test_imports.occupations, test_imports.world


def test_a_two_line_file_with_many_errors_counts_its_lines(client, world, advisor):
    client.force_login(advisor)
    bad = {"Code postal": "99999", "Code ROME": "Z9999", "Rayon de mobilité (km)": "beaucoup"}
    content = csv_file([partner_row(**bad), partner_row(Courriel="x@example.org", **bad)])
    job = checked(send(client, world, content))
    assert len(job.report["errors"]) > 2

    page = client.get(job_url(job)).content.decode()

    assert f'<li id="import-errors-count">2 lignes en erreur ({len(job.report["errors"])} erreurs)</li>' in page


def test_one_error_on_one_line_is_said_in_the_singular():
    with translation.override("fr"):
        assert import_errors_summary([[2, "code postal inconnu 99999"]]) == "1 ligne en erreur"
        assert import_errors_summary([]) == "0 ligne en erreur"


def test_a_refused_needs_file_counts_its_problems_and_their_lines():
    problems = [RowProblem("besoins.csv", 2, "unknown ROME code"), RowProblem("besoins.csv", 2, "no title")]
    with translation.override("en"):
        assert str(LoaderError(problems)).startswith("2 problems on 1 line, nothing was loaded:")

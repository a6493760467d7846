"""Candidate imports as jobs: the upload stores the file, a task checks it, the job's page shows the progress and the
report, and a second task writes the candidates, once. Run on a real worker, and step by step in this process."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from candidates.imports.jobs import (
    CandidateImportJobRefused,
    candidate_import_job_check,
    candidate_import_job_write,
    candidate_import_job_write_request,
    candidate_import_jobs_purge,
)
from candidates.models import Candidate, CandidateImport
from matching import tasks as matching_tasks
from matching.enums import RunScope, RunStatus
from matching.models import MatchRun
from matching.services.candidate_changes import candidate_import_job_write as candidate_import_job_write_and_match
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.candidates.imports import test_checks as test_imports
from tests.candidates.imports.test_checks import csv_file, partner_row
from tests.worker_processes import celery_worker, wait_until

pytestmark = pytest.mark.django_db

Status = CandidateImport.Status
# The import's own fixtures: a platform with its advisor, communes of the Hauts-de-France, two occupations.
communes, occupations, world = test_imports.communes, test_imports.occupations, test_imports.world


def upload(content: bytes, name: str = "candidats.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def job_url(job: CandidateImport, view: str = "") -> str:
    return reverse(f"admin:candidates_candidate_import_job{view}", args=[job.pk])


def send(client, platform, content: bytes, name: str = "candidats.csv") -> CandidateImport:
    """Upload a file as staff do; the answer is a redirect to the job's page, whose URL names the job only."""
    response = client.post(
        reverse("admin:candidates_candidate_import"), {"file": upload(content, name), "platform": platform.pk}
    )
    job = CandidateImport.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    return job


def checked(job: CandidateImport) -> CandidateImport:
    """What the check task does with the job's id."""
    candidate_import_job_check(job_id=job.pk)
    job.refresh_from_db()
    return job


# The upload stores the job and reads nothing


def test_the_upload_stores_a_queued_job_and_checks_nothing_in_the_request(client, world, advisor):
    client.force_login(advisor)
    job = send(client, world, csv_file([partner_row()]))

    assert job.status == Status.QUEUED
    assert job.platform == world
    assert job.created_by == advisor
    assert bytes(job.content) == csv_file([partner_row()])
    assert job.report == {}
    page = client.get(job_url(job)).content.decode()
    assert 'id="import-job-progress"' in page
    assert f'hx-get="{job_url(job, "_progress")}"' in page
    assert Candidate.objects.count() == 0


def test_a_file_too_big_or_of_another_format_is_refused_by_the_upload_itself(client, world, advisor):
    client.force_login(advisor)
    url = reverse("admin:candidates_candidate_import")

    response = client.post(url, {"file": upload(b"\xd0\xcf\x11\xe0", "vieux.xls"), "platform": world.pk})

    assert response.status_code == 200
    assert "Fichier refusé : Format non pris en charge « .xls »" in response.content.decode()
    assert not CandidateImport.objects.exists()


# The job's page: progress, then the report (moved from the synchronous admin tests)


def test_admin_preview_lists_errors_and_imports_nothing(client, world, advisor):
    client.force_login(advisor)
    content = csv_file([partner_row(), partner_row(Courriel="x@example.org", **{"Code postal": "99999"})])
    job = checked(send(client, world, content))

    response = client.get(job_url(job))

    assert response.status_code == 200
    page = response.content.decode()
    assert "ligne 3 : code postal inconnu 99999" in page
    assert 'id="import-write"' not in page
    assert "hx-get" not in page, "a checked job is not polled any more"
    assert Candidate.objects.count() == 0
    with pytest.raises(CandidateImportJobRefused, match="Rien à importer"):
        candidate_import_job_write_request(job=job, by=advisor)


def test_admin_preview_then_confirmation_imports_the_file(client, world, advisor, django_capture_on_commit_callbacks):
    client.force_login(advisor)
    job = checked(send(client, world, csv_file([partner_row(), partner_row(Courriel="sami@example.org")])))

    page = client.get(job_url(job, "_progress")).content.decode()
    assert 'id="import-write"' in page
    assert "Importer ce candidat" in page
    assert "ligne 3 : doublon de la ligne 2 (même téléphone) : ligne ignorée" in page
    assert Candidate.objects.count() == 0

    confirmed = client.post(job_url(job, "_write"))

    assert confirmed.status_code == 302
    assert confirmed["Location"] == job_url(job)
    job.refresh_from_db()
    assert job.status == Status.WRITING
    candidate_import_job_write(job_id=job.pk)
    assert Candidate.objects.get().advisor == advisor
    job.refresh_from_db()
    assert (job.status, job.created_count, job.content) == (Status.DONE, 1, None)
    assert "1 candidat importé ; 1 ligne ignorée (doublons)." in client.get(job_url(job)).content.decode()


def test_admin_shows_why_a_file_is_refused(client, world, advisor):
    client.force_login(advisor)
    job = checked(send(client, world, csv_file([["a"]], header=["Foo"])))

    assert job.status == Status.FAILED
    assert job.content is None
    page = client.get(job_url(job)).content.decode()
    assert "Fichier refusé : Colonnes incorrectes" in page


def test_an_advisor_of_two_platforms_chooses_one(client, world, advisor):
    from tests.accounts.factories import MembershipFactory

    second = PlatformFactory()
    MembershipFactory(user=advisor, platform=second)
    client.force_login(advisor)

    job = checked(send(client, second, csv_file([partner_row()])))
    client.post(job_url(job, "_write"))
    candidate_import_job_write(job_id=job.pk)

    assert Candidate.objects.get().platform == second


# Written once


def test_a_job_is_written_once_whatever_is_posted_or_delivered_twice(client, world, advisor):
    client.force_login(advisor)
    job = checked(send(client, world, csv_file([partner_row()])))

    client.post(job_url(job, "_write"))
    second = client.post(job_url(job, "_write"), follow=True)
    candidate_import_job_write(job_id=job.pk)
    candidate_import_job_write(job_id=job.pk)

    assert "Ce fichier est déjà importé, ou en cours d&#x27;import." in second.content.decode()
    assert Candidate.objects.count() == 1
    job.refresh_from_db()
    assert job.created_count == 1
    with pytest.raises(CandidateImportJobRefused, match="déjà importé"):
        candidate_import_job_write_request(job=job, by=advisor)
    candidate_import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.DONE, "a check delivered late leaves a written job alone"


def test_rows_that_became_duplicates_since_the_preview_are_checked_again_when_written(world, advisor, communes):
    from candidates.imports.jobs import candidate_import_job_create
    from tests.candidates.factories import CandidateFactory

    job = checked(
        candidate_import_job_create(content=csv_file([partner_row()]), filename="a.csv", platform=world, by=advisor)
    )
    candidate_import_job_write_request(job=job, by=advisor)
    existing = CandidateFactory(platform=world, email="sami.lefebvre@example.org", commune=communes["Lille"])

    candidate_import_job_write(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == Status.CHECKED
    assert job.report["skipped"] == [[2, f"doublon de #{existing.pk} (même courriel) : ligne ignorée"]]
    assert Candidate.objects.count() == 1


def test_the_write_task_asks_for_a_run_per_candidate_created(
    client, world, advisor, django_capture_on_commit_callbacks
):
    client.force_login(advisor)
    job = checked(
        send(
            client,
            world,
            csv_file([partner_row(), partner_row(Courriel="ines@example.org", Téléphone="0712345678", Nom="Dubois")]),
        )
    )
    client.post(job_url(job, "_write"))

    with django_capture_on_commit_callbacks(execute=False):
        matching_tasks.candidate_import_job_write(job.pk)

    runs = MatchRun.objects.filter(scope=RunScope.CANDIDATE, status=RunStatus.QUEUED)
    assert set(runs.values_list("candidate_id", flat=True)) == set(Candidate.objects.values_list("pk", flat=True))
    assert runs.count() == 2


def test_a_large_file_asks_for_one_full_matching_run_rather_than_one_per_candidate(
    client, world, advisor, django_capture_on_commit_callbacks
):
    rows = [
        partner_row(Courriel=f"personne{number}@example.org", Téléphone=f"07{number:08d}", Nom=f"Nom{number}")
        for number in range(51)
    ]
    client.force_login(advisor)
    job = checked(send(client, world, csv_file(rows)))
    client.post(job_url(job, "_write"))

    with django_capture_on_commit_callbacks(execute=False):
        candidate_import_job_write_and_match(job_id=job.pk)

    assert Candidate.objects.count() == 51
    assert list(MatchRun.objects.values_list("scope", flat=True)) == [RunScope.ALL]


# Scope


def test_another_platforms_staff_find_no_job(client, world, advisor):
    job = checked(CandidateImport.objects.create(platform=world, created_by=advisor, filename="a.csv", content=b"x"))
    client.force_login(AdvisorFactory(memberships__platform=PlatformFactory()))

    assert client.get(job_url(job)).status_code == 404
    assert client.get(job_url(job, "_progress")).status_code == 404
    assert client.post(job_url(job, "_write")).status_code == 404


# Kept a day


def test_jobs_are_deleted_with_their_file_after_a_day(world, advisor):
    old = CandidateImport.objects.create(
        platform=world, filename="a.csv", content=b"x", created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    writing = CandidateImport.objects.create(
        platform=world,
        filename="b.csv",
        content=b"x",
        status=Status.WRITING,
        created_at=timezone.now() - datetime.timedelta(hours=25),
    )
    recent = CandidateImport.objects.create(platform=world, filename="c.csv", content=b"x")

    assert candidate_import_jobs_purge() == 1

    assert set(CandidateImport.objects.values_list("pk", flat=True)) == {writing.pk, recent.pk}
    assert not CandidateImport.objects.filter(pk=old.pk).exists()


def test_a_job_whose_task_was_lost_is_sent_again(world):
    from candidates.imports.jobs import candidate_import_jobs_reconcile

    long_ago = timezone.now() - datetime.timedelta(minutes=6)
    CandidateImport.objects.create(platform=world, filename="a.csv", content=b"x", touched_at=long_ago)
    CandidateImport.objects.create(platform=world, filename="b.csv", content=b"x")
    CandidateImport.objects.create(
        platform=world, filename="c.csv", status=Status.FAILED, touched_at=long_ago, refusal="Fichier illisible"
    )

    assert candidate_import_jobs_reconcile() == 1


def test_a_job_stopped_by_an_error_of_ours_ends_failed_and_says_so(client, world, advisor):
    job = CandidateImport.objects.create(platform=world, created_by=advisor, filename="a.csv", content=None)

    with pytest.raises(TypeError):
        candidate_import_job_check(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == Status.FAILED
    client.force_login(advisor)
    page = client.get(job_url(job)).content.decode()
    assert "erreur de notre côté" in page
    assert "Rien n&#x27;a été importé" in page


# On a real worker


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_upload_check_preview_and_write_run_on_a_worker(client, tmp_path):
    from tests.accounts.factories import AdvisorFactory as Advisors
    from tests.referentials.factories import OccupationFactory, hauts_de_france_communes

    platform = PlatformFactory()
    advisor = Advisors(memberships__platform=platform)
    hauts_de_france_communes()
    OccupationFactory(rome_code="D1408")
    client.force_login(advisor)
    content = csv_file([partner_row(), partner_row(Courriel="autre@example.org", Téléphone="0700000000", Nom="Autre")])

    with celery_worker(log_path=tmp_path / "worker.log"):
        job = send(client, platform, content)

        def status() -> str:
            job.refresh_from_db()
            return job.status

        assert wait_until(lambda: status() == Status.CHECKED, timeout=90), (tmp_path / "worker.log").read_text()
        page = client.get(job_url(job)).content.decode()
        assert "Importer ces 2 candidats" in page

        assert client.post(job_url(job, "_write")).status_code == 302
        assert wait_until(lambda: status() == Status.DONE, timeout=90), (tmp_path / "worker.log").read_text()

    assert sorted(Candidate.objects.values_list("last_name", "advisor_id")) == [
        ("Autre", advisor.pk),
        ("Lefebvre", advisor.pk),
    ]
    assert job.content is None
    assert "2 candidats importés" in client.get(job_url(job)).content.decode()

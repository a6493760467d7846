"""Import jobs: a candidate file checked, then written, by Celery tasks, never inside a web request.

A 50,000-row file takes seconds to check, and a crafted one could take much longer: the web request only stores
the file in a ``CandidateImport`` (after the cheap checks of its size and format) and queues the check; the job's
page polls its progress, then shows the report and offers to write the candidates. Writing checks the file again,
in the transaction that creates them, all or nothing.

Each task takes the job's id only and may run twice: the check starts only on a job queued (or left checking by a
lost worker), the write only on a job moved to ``writing`` by ``candidate_import_job_write_request`` under the row's
lock, and the write's own transaction moves it on to ``done``; a second write finds it done and does nothing.
``candidate_import_jobs_reconcile`` sends again the task of a job whose task was lost (the broker out of reach
after the commit, a worker killed); ``candidate_import_jobs_purge`` deletes jobs, their file and report, after a
day.
"""

import datetime
import logging
from collections.abc import Callable

from celery import current_app
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.access import is_platform_staff, partner_id_for
from accounts.models import PartnerOrganisation, Platform, User
from candidates.audit import personal_data_access_record
from candidates.imports.checks import (
    CandidateImportReport,
    candidate_import,
    candidate_import_check,
    candidate_import_platform_check,
)
from candidates.imports.reading import MAX_FILE_BYTES, CandidateFileRefused, file_extension_check
from candidates.models import Candidate, CandidateImport, PersonalDataAccess
from referentials.models import Occupation

logger = logging.getLogger(__name__)

Status = CandidateImport.Status
CHECK_TASK = "candidates.tasks.candidate_import_job_check"
# The write task is matching's (``matching.tasks``): it writes the job through ``candidate_import_job_write`` and
# requests the new candidates' runs in the same transaction. Named, not imported, as every task here.
WRITE_TASK = "matching.tasks.candidate_import_job_write"
# A job untouched for this long in "queued", "checking" or "writing" lost its task: it is sent again.
SILENT_AFTER = datetime.timedelta(minutes=5)
# Jobs, with their file and report, are kept this long.
KEPT_FOR = datetime.timedelta(days=1)


NO_LONGER_STAFF = CandidateFileRefused("La personne qui a envoyé le fichier n'a plus accès à cette plateforme.")


class CandidateImportJobRefused(ValueError):
    """The job is not in a state that allows the action (written already, not checked yet, nothing to write)."""


def _send_after_commit(task_name: str, job_id: int) -> None:
    def send() -> None:
        try:
            # By name: the web process has not imported the tasks' module, and needs not.
            current_app.send_task(task_name, args=[job_id])
        except OperationalError:
            # The job's state is its own: the reconciler sends the task again once the broker is back.
            logger.warning("candidate import job %s: task not sent, the broker is out of reach", job_id)

    transaction.on_commit(send)


def candidate_import_job_create(
    *, content: bytes, filename: str, platform: Platform, by: User, partner: PartnerOrganisation | None = None
) -> CandidateImport:
    """Store an uploaded file as a job and queue its check; refuse at once what needs no reading (size, format).

    Raises ``PermissionDenied`` for a platform the user does not staff, ``CandidateFileRefused`` for a file too
    big or of another format. With a ``partner``, the file is the partner's proposal of people to ``platform``
    (its advisors only, to a platform it works with): its rows become proposed candidates with their referrals.
    """
    candidate_import_platform_check(platform=platform, by=by, partner=partner)
    if len(content) > MAX_FILE_BYTES:
        raise CandidateFileRefused(
            f"Le fichier pèse {len(content) / 1024 / 1024:.1f} Mo : la limite est de "
            f"{MAX_FILE_BYTES // 1024 // 1024} Mo. Découpez-le en plusieurs fichiers."
        )
    file_extension_check(filename)
    with transaction.atomic():
        job = CandidateImport.objects.create(
            platform=platform, partner=partner, created_by=by, filename=filename[-200:], content=content
        )
        _send_after_commit(CHECK_TASK, job.pk)
    return job


def candidate_import_job_for_staff(*, user: User, job_id: int) -> CandidateImport:
    """A job of one of the user's platforms, not a partner's; any other (or none) raises
    ``CandidateImport.DoesNotExist``."""
    if not is_platform_staff(user):
        raise CandidateImport.DoesNotExist
    # A partner's file is the partner's own job: staff decide on its proposals, not on the file.
    jobs = CandidateImport.objects.for_platform_staff(user).filter(partner__isnull=True).defer("content")
    return jobs.select_related("platform").get(pk=job_id)


def candidate_import_job_for_partner(*, user: User, job_id: int) -> CandidateImport:
    """A job of the user's partner organisation; any other (or none) raises ``CandidateImport.DoesNotExist``."""
    partner_id = partner_id_for(user)
    if partner_id is None:
        raise CandidateImport.DoesNotExist
    jobs = CandidateImport.objects.filter(partner_id=partner_id).defer("content")
    return jobs.select_related("platform", "partner").get(pk=job_id)


def _report_data(report: CandidateImportReport) -> dict[str, object]:
    return {
        "rows_read": report.rows_read,
        "to_create": len(report.pending),
        "errors": [[issue.line, issue.message] for issue in report.errors],
        "skipped": [[issue.line, issue.message] for issue in report.skipped],
        "ignored_columns": report.ignored_columns,
        "occupations_mapped": [value.as_report() for value in report.occupations_mapped],
        "occupations_chosen": [value.as_report() for value in report.occupations_chosen],
        "occupations_to_confirm": [value.as_report() for value in report.occupations_to_confirm],
    }


def candidate_import_occupations_unconfirmed(job: CandidateImport) -> list[dict]:
    """The report's values of the occupation column in words that still wait for staff's choice."""
    return [
        value
        for value in job.report.get("occupations_to_confirm", [])
        if value["key"] not in (job.occupation_choices or {})
    ]


def candidate_import_occupations_confirm(*, job: CandidateImport, choices: dict[str, str], by: User) -> None:
    """Store staff's ROME code (or "" for none) for values of the occupation column in words, one per value.

    ``choices`` is keyed by the values' search form, as the report lists them; each choice applies to every row
    holding the value when the file is written, and replaces an earlier choice for the same value. Raises
    ``CandidateImportJobRefused`` for a job not checked (or written already), ``ValidationError`` (by value) for a
    value the report does not list or a code that does not exist; then nothing is stored.
    """
    candidate_import_platform_check(platform=job.platform, by=by, partner=job.partner)
    with transaction.atomic():
        locked = CandidateImport.objects.select_for_update().defer("content").get(pk=job.pk)
        if locked.status != Status.CHECKED:
            raise CandidateImportJobRefused("Les métiers se choisissent sur un fichier vérifié et pas encore importé.")
        listed = {value["key"] for value in locked.report.get("occupations_to_confirm", [])}
        codes = {code.strip().upper() for code in choices.values() if code.strip()}
        known = set(Occupation.objects.filter(rome_code__in=codes).values_list("rome_code", flat=True))
        problems: dict[str, list[str]] = {}
        cleaned: dict[str, str] = {}
        for key, code in choices.items():
            code = code.strip().upper()
            if key not in listed:
                problems[key] = ["Cette valeur n'est pas à confirmer dans ce fichier."]
            elif code and code not in known:
                problems[key] = [f"Code ROME inconnu « {code} »."]
            else:
                cleaned[key] = code
        if problems:
            raise ValidationError(problems)
        locked.occupation_choices = {**(locked.occupation_choices or {}), **cleaned}
        locked.touched_at = timezone.now()
        locked.save(update_fields=["occupation_choices", "touched_at"])
    job.refresh_from_db(fields=["occupation_choices", "touched_at"])


def _fail(job: CandidateImport, refusal: CandidateFileRefused) -> None:
    job.status, job.refusal, job.content = Status.FAILED, refusal.message, None
    job.report = {"show_expected_columns": refusal.show_expected_columns}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "refusal", "content", "report", "finished_at"])


UNEXPECTED = CandidateFileRefused(
    "Le fichier n'a pas pu être traité à cause d'une erreur de notre côté, enregistrée pour l'équipe technique. "
    "Rien n'a été importé : réessayez plus tard."
)


def _ended_by_an_error(function):
    """A bug stops the job (failed, with a message on its page) rather than leave it for the reconciler to send again
    forever; the error is raised still, so that it is logged."""

    def run(*, job_id: int, **options: object) -> None:
        try:
            function(job_id=job_id, **options)
        except Exception:
            with transaction.atomic():
                job = CandidateImport.objects.select_for_update().filter(pk=job_id).first()
                if job is not None and job.status in {Status.CHECKING, Status.WRITING}:
                    _fail(job, UNEXPECTED)
            raise

    run.__doc__ = function.__doc__
    return run


@_ended_by_an_error
def candidate_import_job_check(*, job_id: int) -> None:
    """The check task's work: read the file, record the progress as it goes, then the report (or the refusal)."""
    with transaction.atomic():
        job = CandidateImport.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in {Status.QUEUED, Status.CHECKING}:
            return
        job.status, job.rows_read, job.touched_at = Status.CHECKING, 0, timezone.now()
        job.save(update_fields=["status", "rows_read", "touched_at"])
    by = job.created_by

    def progress(done: int, total: int) -> None:
        # Written outside any transaction, so that the job's page sees each step.
        CandidateImport.objects.filter(pk=job_id, status=Status.CHECKING).update(
            rows_read=done, rows_total=total, touched_at=timezone.now()
        )

    try:
        report = candidate_import_check(
            content=bytes(job.content),
            filename=job.filename,
            platform=job.platform,
            by=by,
            progress=progress,
            partner=job.partner,
        )
    except (CandidateFileRefused, PermissionDenied) as error:
        refusal = error if isinstance(error, CandidateFileRefused) else NO_LONGER_STAFF
        with transaction.atomic():
            if CandidateImport.objects.select_for_update().filter(pk=job_id, status=Status.CHECKING).exists():
                _fail(job, refusal)
        return
    CandidateImport.objects.filter(pk=job_id, status=Status.CHECKING).update(
        status=Status.CHECKED,
        report=_report_data(report),
        rows_read=report.rows_read,
        rows_total=report.rows_read,
        checked_at=timezone.now(),
        touched_at=timezone.now(),
    )


def candidate_import_job_write_request(*, job: CandidateImport, by: User) -> None:
    """Queue the writing of a checked job; a job is written once (the status moves under the row's lock)."""
    candidate_import_platform_check(platform=job.platform, by=by, partner=job.partner)
    with transaction.atomic():
        locked = CandidateImport.objects.select_for_update().defer("content").get(pk=job.pk)
        if locked.status in {Status.WRITING, Status.DONE}:
            raise CandidateImportJobRefused("Ce fichier est déjà importé, ou en cours d'import.")
        if locked.status != Status.CHECKED:
            raise CandidateImportJobRefused(
                "Le fichier n'est pas encore vérifié : attendez la fin de la vérification."
            )
        if locked.report.get("errors") or not locked.report.get("to_create"):
            raise CandidateImportJobRefused("Rien à importer : corrigez le fichier et envoyez-le à nouveau.")
        unconfirmed = candidate_import_occupations_unconfirmed(locked)
        if unconfirmed:
            raise CandidateImportJobRefused(
                f"Choisissez d'abord le métier de chaque valeur à confirmer ({len(unconfirmed)} restante(s) : "
                f"{', '.join(f'« {value["text"]} »' for value in unconfirmed[:5])}) : rien n'est importé avant."
            )
        locked.status, locked.touched_at = Status.WRITING, timezone.now()
        locked.save(update_fields=["status", "touched_at"])
        _send_after_commit(WRITE_TASK, job.pk)
    job.refresh_from_db(fields=["status", "touched_at"])


@_ended_by_an_error
def candidate_import_job_write(
    *, job_id: int, on_created: Callable[[list[Candidate], User | None], None] | None = None
) -> None:
    """The write task's work: check the file again and create its candidates, in one transaction with the job.

    Run twice, the second finds the job done (or waits on its lock, then finds it done). When the data changed
    since the preview and a row is now bad, nothing is written and the job shows the new report, checked again.
    ``on_created`` is given the candidates created and the job's author, inside that transaction: the write task
    (``matching.services.candidate_changes.candidate_import_job_write``) requests their matching there.
    """
    with transaction.atomic():
        job = (
            CandidateImport.objects.select_for_update(of=("self",))
            .select_related("created_by")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != Status.WRITING:
            return
        by = job.created_by
        try:
            report = candidate_import(
                content=bytes(job.content),
                filename=job.filename,
                platform=job.platform,
                by=by,
                occupation_choices=job.occupation_choices,
                partner=job.partner,
            )
        except (CandidateFileRefused, PermissionDenied) as error:
            _fail(job, error if isinstance(error, CandidateFileRefused) else NO_LONGER_STAFF)
            return
        job.report, job.touched_at = _report_data(report), timezone.now()
        if not report.created:
            job.status = Status.CHECKED
            job.save(update_fields=["status", "report", "touched_at"])
            return
        job.status, job.content, job.finished_at = Status.DONE, None, timezone.now()
        job.created_count = len(report.created)
        job.save(update_fields=["status", "report", "touched_at", "content", "finished_at", "created_count"])
        personal_data_access_record(
            actor=by,
            candidate_ids=[candidate.pk for candidate in report.created],
            action=PersonalDataAccess.Action.IMPORTED,
        )
        if by is not None:
            # The admin's history, as when the import ran in the admin's own request.
            LogEntry.objects.log_actions(
                user_id=by.pk,
                queryset=[report.created[0]],
                action_flag=ADDITION,
                change_message=f"Import de {len(report.created)} candidats (import #{job.pk})",
                single_object=True,
            )
        if on_created is not None:
            on_created(report.created, by)


def candidate_import_jobs_reconcile(*, now: datetime.datetime | None = None) -> int:
    """Send again the task of each job left silent (queued, checking or writing, untouched for minutes)."""
    moment = now or timezone.now()
    silent = CandidateImport.objects.filter(
        status__in=[Status.QUEUED, Status.CHECKING, Status.WRITING], touched_at__lte=moment - SILENT_AFTER
    )
    sent = 0
    for job_id, status in silent.values_list("pk", "status"):
        current_app.send_task(WRITE_TASK if status == Status.WRITING else CHECK_TASK, args=[job_id])
        sent += 1
    return sent


def candidate_import_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the jobs created more than a day ago, with their file and report; a job being written stays."""
    moment = now or timezone.now()
    deleted, _ = (
        CandidateImport.objects.filter(created_at__lte=moment - KEPT_FOR).filter(~Q(status=Status.WRITING)).delete()
    )
    return deleted

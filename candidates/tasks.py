"""Celery tasks of the candidates app: the retention period, import jobs. Each calls one service and may run twice
safely; they take ids only."""

from celery import shared_task


@shared_task(name="candidates.tasks.retention_notices_send", ignore_result=True)
def retention_notices_send() -> None:
    from candidates.retention import retention_notices_send as send

    send()


@shared_task(name="candidates.tasks.candidates_anonymise_expired", ignore_result=True)
def candidates_anonymise_expired() -> None:
    from candidates.retention import candidates_anonymise_expired as anonymise

    anonymise()


@shared_task(name="candidates.tasks.candidate_import_job_check", ignore_result=True)
def candidate_import_job_check(job_id: int) -> None:
    from candidates.imports.jobs import candidate_import_job_check as check

    check(job_id=job_id)


@shared_task(name="candidates.tasks.candidate_import_job_write", ignore_result=True)
def candidate_import_job_write(job_id: int) -> None:
    from candidates.imports.jobs import candidate_import_job_write as write

    write(job_id=job_id)


@shared_task(name="candidates.tasks.candidate_import_jobs_reconcile", ignore_result=True)
def candidate_import_jobs_reconcile() -> None:
    from candidates.imports.jobs import candidate_import_jobs_reconcile as reconcile

    reconcile()


@shared_task(name="candidates.tasks.candidate_import_jobs_purge", ignore_result=True)
def candidate_import_jobs_purge() -> None:
    from candidates.imports.jobs import candidate_import_jobs_purge as purge

    purge()

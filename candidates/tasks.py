"""Celery tasks of the candidates app: import jobs checked, sent again and purged (their write is
``matching.tasks.candidate_import_job_write``, which requests the new candidates' runs). Each calls one
service and may run twice safely; they take ids only."""

from celery import shared_task

from candidates.imports import jobs


@shared_task(name="candidates.tasks.candidate_import_job_check", ignore_result=True)
def candidate_import_job_check(job_id: int) -> None:
    jobs.candidate_import_job_check(job_id=job_id)


@shared_task(name="candidates.tasks.candidate_import_jobs_reconcile", ignore_result=True)
def candidate_import_jobs_reconcile() -> None:
    jobs.candidate_import_jobs_reconcile()


@shared_task(name="candidates.tasks.candidate_import_jobs_purge", ignore_result=True)
def candidate_import_jobs_purge() -> None:
    jobs.candidate_import_jobs_purge()

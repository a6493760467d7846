"""Celery tasks of the candidates app: the retention period. Each calls one service and may run twice safely."""

from celery import shared_task


@shared_task(name="candidates.tasks.retention_notices_send", ignore_result=True)
def retention_notices_send() -> None:
    from candidates.retention import retention_notices_send as send

    send()


@shared_task(name="candidates.tasks.candidates_anonymise_expired", ignore_result=True)
def candidates_anonymise_expired() -> None:
    from candidates.retention import candidates_anonymise_expired as anonymise

    anonymise()

"""Celery tasks of the accounts app. Each calls one function and may run twice safely."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="accounts.tasks.sessions_clear", ignore_result=True)
def sessions_clear() -> None:
    """Delete the sessions that have ended: with them the admin searches they kept (staff/admin_search.py)."""
    call_command("clearsessions")

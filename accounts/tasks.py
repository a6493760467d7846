"""Celery tasks of the accounts app. Each calls one function and may run twice safely."""

from celery import shared_task
from django.conf import settings
from django.utils.module_loading import import_string


@shared_task(name="accounts.tasks.sessions_clear", ignore_result=True)
def sessions_clear() -> None:
    """Delete the sessions that have ended: with them the admin searches they kept (config/admin_search.py)."""
    import_string(f"{settings.SESSION_ENGINE}.SessionStore").clear_expired()

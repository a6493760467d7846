"""Ended sessions are deleted every night, and with them what they kept (the admin's searches)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.session_store import SessionStore
from accounts.tasks import sessions_clear
from staff.admin_search import SESSION_KEY

pytestmark = pytest.mark.django_db


def test_ended_sessions_are_deleted_and_live_ones_kept():
    ended, live = SessionStore(), SessionStore()
    for store in (ended, live):
        store[SESSION_KEY] = {"key": "Zqsearchednamex"}
        store.create()
    Session.objects.filter(session_key=ended.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    sessions_clear()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert "accounts.tasks.sessions_clear" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

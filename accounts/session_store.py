"""The session engine (``SESSION_ENGINE``): Django's database sessions, which end after 30 minutes without a request.

A session's expiry is stored with it, on the server: ``SESSION_COOKIE_AGE`` (30 minutes) after it was last saved.
Saving it at every request (``SESSION_SAVE_EVERY_REQUEST``) would write a row for each request, the portal's progress
polling every two seconds included. This store saves it again only when its expiry is more than
``SESSION_IDLE_REFRESH_SECONDS`` (one minute) older than a fresh one would be: a session ends between 29 and 30
minutes after the last request, whatever the browser keeps, and an active user writes at most once a minute.

Erasing a candidate removes the admin's searches and the waiting messages (``FORGOTTEN_KEYS``) from every stored
session (``accounts.sessions``). A request in flight at that moment read its session before and writes it after: so
a session that holds entries of those keys is written only if its row is still what the request read; otherwise the
entries it read and the row no longer has are dropped first. The usual write stays one UPDATE.
"""

import datetime
import json

from django.conf import settings
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends import db
from django.db import transaction
from django.utils import timezone

ADMIN_SEARCHES_KEY = "admin_searches"
"""Where the admin keeps its searches (``staff.admin_search``), out of URLs."""

FORGOTTEN_KEYS = (ADMIN_SEARCHES_KEY, SessionStorage.session_key)
"""The session keys that may hold what someone typed or was told about a person: an erasure empties them."""


class SessionStore(db.SessionStore):
    _read_data: str | None = None  # the row's data as this request read it

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        if stored is not None:
            self._read_data = stored.session_data
            refresh = datetime.timedelta(seconds=settings.SESSION_IDLE_REFRESH_SECONDS)
            fresh_expiry = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
            if stored.expire_date < fresh_expiry - refresh:
                # SessionMiddleware saves a modified session, with a new expiry, when the response goes out.
                self.modified = True
        return stored

    def create_model_instance(self, data: dict):
        instance = super().create_model_instance(data)
        self._read_data = instance.session_data  # what the row holds once written
        return instance

    def save(self, must_create: bool = False) -> None:
        if (
            must_create
            or self.session_key is None
            or self._read_data is None
            or not any(key in self._session for key in FORGOTTEN_KEYS)
        ):
            return super().save(must_create)
        data = self._session
        encoded = self.encode(data)
        same_row = self.model.objects.filter(session_key=self.session_key, session_data=self._read_data)
        if same_row.update(session_data=encoded, expire_date=self.get_expiry_date()):
            self._read_data = encoded
            return None
        # Changed since read: by another request of the user, or by an erasure, whose lock this waits for.
        with transaction.atomic():
            current = (
                self.model.objects.select_for_update()
                .filter(session_key=self.session_key)
                .values_list("session_data", flat=True)
                .first()
            )
            if current is not None:
                _forgotten_drop(data, read=self.decode(self._read_data), stored=self.decode(current))
            return super().save()


def _forgotten_drop(data: dict, *, read: dict, stored: dict) -> None:
    """Remove from ``data`` the entries of ``FORGOTTEN_KEYS`` that were ``read`` and that the ``stored`` row no longer
    has (an erasure removed them); what this request added stays."""
    searches_gone = set(read.get(ADMIN_SEARCHES_KEY, {})) - set(stored.get(ADMIN_SEARCHES_KEY, {}))
    if searches_gone and ADMIN_SEARCHES_KEY in data:
        data[ADMIN_SEARCHES_KEY] = {
            key: words for key, words in data[ADMIN_SEARCHES_KEY].items() if key not in searches_gone
        }
    messages_key = SessionStorage.session_key
    if messages_key in read and messages_key not in stored and messages_key in data:
        # Messages are stored as one JSON list: keep those this request added.
        old = json.loads(read[messages_key])
        data[messages_key] = json.dumps([message for message in json.loads(data[messages_key]) if message not in old])
    for key in FORGOTTEN_KEYS:
        if key in data and data[key] in ({}, "[]"):
            del data[key]

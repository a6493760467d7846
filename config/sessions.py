"""The session engine (``SESSION_ENGINE``): Django's database sessions, which end after 30 minutes without a request.

A session's expiry is stored with it, on the server: ``SESSION_COOKIE_AGE`` (30 minutes) after it was last saved.
Saving it at every request (``SESSION_SAVE_EVERY_REQUEST``) would write a row for each request, the portal's progress
polling every two seconds included. This store saves it again only when its expiry is more than
``SESSION_IDLE_REFRESH_SECONDS`` (one minute) older than a fresh one would be: a session ends between 29 and 30
minutes after the last request, whatever the browser keeps, and an active user writes at most once a minute.
"""

import datetime

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        if stored is not None:
            refresh = datetime.timedelta(seconds=settings.SESSION_IDLE_REFRESH_SECONDS)
            fresh_expiry = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
            if stored.expire_date < fresh_expiry - refresh:
                # SessionMiddleware saves a modified session, with a new expiry, when the response goes out.
                self.modified = True
        return stored

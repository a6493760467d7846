"""What stored sessions may hold about a person, and how an erasure removes it from every one of them.

Sessions live in the database (``accounts/session_store.py``) and keep two things that may name someone: the admin's
searches (``staff/admin_search.py``: what staff typed, often a name) and the flash messages waiting to be shown
(``MESSAGE_STORAGE`` is the session; a review step or an admin change names the candidate). When a candidate is
erased, ``sessions_forget_person`` removes both from every session, whoever's, since no one can tell which searches
named the person (a part of a name, a typo, a phone number). A session that still holds one of the person's values
anywhere else is deleted: its user logs in again, which is better than the name outliving the erasure.

A request in flight at that moment (the erasing one included) read its session before and writes it after: the
session store (``accounts/session_store.py``) then drops the entries it read that the row no longer has.
"""

import json
from collections.abc import Iterable
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session

from accounts.session_store import FORGOTTEN_KEYS

# A value shorter than this (an empty phone, an initial) would match sessions that do not name the person.
SHORTEST_WORD = 3


def sessions_forget_person(*, words: Iterable[str]) -> tuple[int, int]:
    """Remove the admin's searches and the waiting messages from every stored session, then delete the sessions
    whose data still holds one of ``words`` (the person's name, e-mail address, phone), compared without case.

    Returns (sessions changed, sessions deleted). Reads every session row once: a few hundred live at a time.
    """
    searched = [word.casefold() for word in (word.strip() for word in words) if len(word) >= SHORTEST_WORD]
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    changed, deleted = 0, []
    for key, encoded in Session.objects.values_list("session_key", "session_data").iterator():
        data = store.decode(encoded)
        kept = {name: value for name, value in data.items() if name not in FORGOTTEN_KEYS}
        if any(word in _text(kept) for word in searched):
            deleted.append(key)
        elif kept != data:
            Session.objects.filter(session_key=key).update(session_data=store.encode(kept))
            changed += 1
    Session.objects.filter(session_key__in=deleted).delete()
    return changed, len(deleted)


def _text(data: dict) -> str:
    """The session's data as one text to search, accents as typed."""
    return json.dumps(data, ensure_ascii=False, default=str).casefold()

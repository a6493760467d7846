"""The contact log: every entry of a candidate's log is written here, and the last contact date follows.

Staff record calls, e-mails, SMS, meetings and free notes; the workflow records its steps and the secure links
record when they are sent and answered. A contact with the person (``ContactKind.contacts``) moves the candidate's
``last_contact_at`` forward, never back: an entry typed late for an old call keeps the later date.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate
from matching.enums import ContactKind
from matching.models import ContactEntry, Presentation
from matching.models.contacts import NOTE_MAX_LENGTH

STAFF_KINDS = [ContactKind.CALL, ContactKind.EMAIL, ContactKind.SMS, ContactKind.MEETING, ContactKind.NOTE]
"""What staff type by hand; the other kinds are written by the workflow and the links."""


@transaction.atomic
def contact_entry_add(
    *,
    candidate: Candidate,
    kind: str,
    by: User | None,
    note: str = "",
    presentation: Presentation | None = None,
    at: datetime.datetime | None = None,
) -> ContactEntry:
    """Add an entry to the candidate's log; a contact moves ``last_contact_at`` forward."""
    if kind not in ContactKind.values:
        raise ValidationError({"kind": _("Unknown kind of entry.")}, code="kind")
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("A note holds at most %(count)d characters.") % {"count": NOTE_MAX_LENGTH}}, code="note"
        )
    if kind == ContactKind.NOTE and not note:
        raise ValidationError({"note": _("Write the note.")}, code="note")
    moment = at or timezone.now()
    if moment > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"at": _("A contact cannot be in the future.")}, code="future")
    if presentation is not None and presentation.candidate_id != candidate.pk:
        raise ValidationError(_("This presentation is not this candidate's."), code="presentation")
    entry = ContactEntry.objects.create(
        candidate=candidate,
        kind=kind,
        by=by if by is not None and by.is_authenticated else None,
        note=note,
        presentation=presentation,
        at=moment,
    )
    if kind in ContactKind.contacts():
        day = timezone.localdate(moment)
        Candidate.objects.filter(Q(last_contact_at__lt=day) | Q(last_contact_at__isnull=True), pk=candidate.pk).update(
            last_contact_at=day
        )
    return entry


def contact_entry_add_staff(
    *, candidate: Candidate, kind: str, by: User, note: str = "", at: datetime.datetime | None = None
) -> ContactEntry:
    """What staff type by hand: a call, an e-mail, an SMS, a meeting or a note (the other kinds are automatic)."""
    if kind not in STAFF_KINDS:
        raise ValidationError({"kind": _("This kind of entry is recorded by the workflow itself.")}, code="kind")
    return contact_entry_add(candidate=candidate, kind=kind, by=by, note=note, at=at)

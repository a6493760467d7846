"""A candidate's personal data in needs' threads: the messages that name them, for their export and their erasure.

A message may name a candidate once the employer was given their identity (``matching.services.threads``), so a
thread can hold a person's name, e-mail address or phone number as free text. Those messages are the ones on needs
the person was presented for whose text names them (``matching.message_privacy``, the same check as when posting):
they are exported with the person's data, and their text is replaced when the person is erased (the message stays,
with its side and date: the thread's course does not name anyone).
"""

from django.db.models import QuerySet

from candidates.models import Candidate
from matching.message_privacy import ProtectedIdentity, message_names_protected
from matching.models import NeedMessage, Presentation


def _identity(candidate: Candidate) -> ProtectedIdentity:
    return ProtectedIdentity(candidate.first_name, candidate.last_name, candidate.email or "", candidate.phone or "")


def messages_naming(candidate: Candidate) -> QuerySet[NeedMessage]:
    """The messages on the candidate's needs that name them (two queries; a handful of needs per person)."""
    needs = Presentation.objects.filter(candidate=candidate).values("need_id")
    identity = [_identity(candidate)]
    naming = [
        pk
        for pk, body in NeedMessage.objects.filter(need_id__in=needs).values_list("pk", "body")
        if message_names_protected(body, identity)
    ]
    return NeedMessage.objects.filter(pk__in=naming)


def messages_naming_redact(candidate: Candidate, *, text: str) -> list[int]:
    """Replace the text of every message naming ``candidate`` by ``text``; return their ids (read before)."""
    naming = messages_naming(candidate)
    ids = list(naming.values_list("pk", flat=True))
    NeedMessage.objects.filter(pk__in=ids).update(body=text)
    return ids

"""What every kind of notice is made of (``NoticeKind``) and how a query keeps the people who chose to hear of one.

The kinds themselves are declared in ``notifications.kinds`` (and, for the employers' deadlines, in
``notifications.deadline_kinds``); both build on this module.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.functional import Promise

from notifications.enums import NoticeFrequency
from notifications.models import NoticePreference

Frequency = NoticeFrequency


@dataclass(frozen=True)
class NoticeKind:
    """One kind of notice.

    ``subject`` is formatted with the notice's context (``%(title)s``); ``None`` when the context brings its own
    ``subject``, formatted the same way (one per answer of an employer; allauth's, rendered by allauth). ``key``
    builds the send-once key from the context, which always holds ``recipient``. ``recipients`` names who receives
    it from what it is about: their addresses, or for a digest the rows it is built from. A kind with an
    ``audience`` is listed on that audience's settings page with its ``frequencies``; without one it is always sent.
    """

    name: str
    subject: Promise | None
    template: str
    key: Callable[[Mapping[str, Any]], str]
    recipients: Callable[..., Sequence[Any]]
    audience: str = ""
    label: Promise | None = None
    help_text: Promise | None = None
    frequencies: tuple[str, ...] = field(default=(Frequency.EACH,))

    @property
    def default(self) -> str:
        """What someone who never chose hears: the first frequency offered."""
        return self.frequencies[0]

    def frequency_choices(self) -> list[tuple[str, str]]:
        return [(frequency, Frequency(frequency).label) for frequency in self.frequencies]


def chosen(kind: NoticeKind, frequency: str, *, user: str = "user") -> Q:
    """A filter on rows whose user (the path ``user`` from the row) hears of ``kind`` at ``frequency``."""
    choice = NoticePreference.objects.filter(user=OuterRef(user), kind=kind.name)
    condition = Q(Exists(choice.filter(frequency=frequency)))
    if frequency == kind.default:
        condition |= ~Q(Exists(choice))
    return condition

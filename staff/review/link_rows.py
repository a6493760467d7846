"""The secure links shown on the review page and in the admin: each link with its state's code and label."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from matching.link_selectors import link_state, links_by_presentation
from matching.models import CandidateLink, Presentation

LINK_STATE_LABELS = {
    "sent": _("Sent"),
    "opened": _("Opened"),
    "answered": _("Answered"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
}
# The states in which a link may still be used, and so revoked.
REVOCABLE = ("sent", "opened")


@dataclass(frozen=True)
class LinkRow:
    link: CandidateLink
    state: str

    @property
    def label(self) -> str:
        return str(LINK_STATE_LABELS[self.state])

    @property
    def is_revocable(self) -> bool:
        return self.state in REVOCABLE


def link_rows_by_presentation(*, presentations: Iterable[Presentation], user: User) -> dict[int, list[LinkRow]]:
    """Each presentation's links the user may see, newest first, in one query."""
    found = links_by_presentation(presentation_ids=[presentation.pk for presentation in presentations], user=user)
    return {pk: [LinkRow(link=link, state=link_state(link)) for link in links] for pk, links in found.items()}

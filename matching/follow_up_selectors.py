"""Reads for the six-month check and the undo steps outside a need's page (the to-do page, the API).

A presentation is found only by staff who may work its candidate for its need (``matching.access``): anyone else,
and any other presentation, is not found (404), the same answer as for one that does not exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_platform_staff
from accounts.models import User
from matching.access import workable_by_staff
from matching.models import Presentation
from matching.models.cohorts import FOLLOWED_UP


def presentation_for_staff(*, user: User, presentation_id: int) -> Presentation:
    """A presentation the user may work, with its need, employer and candidate; not found otherwise."""
    if not is_platform_staff(user):
        raise Http404
    presentations = workable_by_staff(Presentation.objects.all(), user).select_related("need__employer", "candidate")
    return get_object_or_404(presentations, pk=presentation_id)


def is_followed_up(presentation: Presentation) -> bool:
    """Whether the presentation has a six-month check: a hire (ended since or not) or an entry into training."""
    return Presentation.objects.filter(FOLLOWED_UP, pk=presentation.pk).exists()

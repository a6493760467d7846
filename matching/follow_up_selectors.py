"""Reads for the six-month check outside a need's page (the to-do page, the API): which presentations have one.

A presentation itself is found through ``matching.selectors.presentation_for_staff`` (only staff who may work its
candidate for its need; anyone else gets 404).
"""

from matching.models import Presentation
from matching.models.cohorts import FOLLOWED_UP


def is_followed_up(presentation: Presentation) -> bool:
    """Whether the presentation has a six-month check: a hire (ended since or not) or an entry into training."""
    return Presentation.objects.filter(FOLLOWED_UP, pk=presentation.pk).exists()

"""Reads for the employer's bulk answers (``matching.services.employer_bulk``), scoped as
``matching.employer_selectors`` scopes the single answer: another employer's presentation is simply not found."""

from collections.abc import Iterable

from accounts.models import User
from matching.employer_selectors import PresentedProfile, employer_id_for_member
from matching.enums import PresentationStatus
from matching.models import Presentation


def presentations_for_employer(*, user: User, presentation_ids: Iterable[int]) -> list[Presentation]:
    """The presentations among ``presentation_ids`` the user's employer has received (as ``presentation_for_employer``
    finds one), in the order of the ids; the others are left out."""
    wanted = list(dict.fromkeys(presentation_ids))
    found = {
        presentation.pk: presentation
        for presentation in Presentation.objects.filter(
            need__employer_id=employer_id_for_member(user=user),
            status__in=PresentationStatus.presented_or_later(),
            pk__in=wanted,
        ).select_related("need__employer")
    }
    return [found[pk] for pk in wanted if pk in found]


def employer_visible_names(*, profiles: Iterable[PresentedProfile]) -> dict[int, str]:
    """By presentation id, the name the employer sees: the candidate's once revealed, else the pseudonym."""
    return {
        profile.presentation_id: f"{profile.contact.first_name} {profile.contact.last_name}"
        if profile.contact is not None
        else profile.pseudonym
        for profile in profiles
    }

"""Writes on candidate profiles."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from accounts.access import is_platform_staff
from accounts.models import User
from candidates.audit import personal_data_access_record
from candidates.enums import MATCHING_FIELDS
from candidates.forms import CandidateForm
from candidates.models import Candidate, PersonalDataAccess, SavedCandidateSearch
from referentials.text import single_line_normalise, validate_single_line


@dataclass(frozen=True)
class CandidateProfileChange:
    """What ``candidate_profile_update`` stored: the candidate, and the names of the fields that changed."""

    candidate: Candidate
    changed_fields: frozenset[str]

    @property
    def matters_to_matching(self) -> bool:
        return not self.changed_fields.isdisjoint(MATCHING_FIELDS)


@transaction.atomic
def candidate_profile_update(*, candidate: Candidate, data: Mapping[str, Any], by: User) -> CandidateProfileChange:
    """Change the fields of ``data`` (names of ``CandidateForm``); the others keep their stored values.

    Checked by ``CandidateForm``, the form of the staff workspace and the imports, against the stored values: an
    invalid change raises ``ValidationError`` with the form's errors per field (``__all__`` for the others) and
    saves nothing. As the admin does, a change is logged in the personal-data access log with the names of the
    fields that changed. Nothing is written when no value changes. Returns the candidate, saved, with the fields
    that changed, from which ``matching.services.candidate_changes.candidate_profile_update`` decides whether the
    profile is matched again.
    """
    stored = model_to_dict(candidate, fields=CandidateForm.Meta.fields)
    stored["commune"] = candidate.commune.insee_code
    form = CandidateForm(data={**stored, **data}, instance=candidate)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    cleaned = form.cleaned_data | {"commune": form.cleaned_data["commune"].insee_code}
    changed = [name for name in data if cleaned.get(name) != stored.get(name)]
    if not changed:
        return CandidateProfileChange(candidate=candidate, changed_fields=frozenset())
    candidate = form.save()
    personal_data_access_record(
        actor=by, candidate_ids=[candidate.pk], action=PersonalDataAccess.Action.CHANGED, fields=changed
    )
    return CandidateProfileChange(candidate=candidate, changed_fields=frozenset(changed))


def _check_search_name(name: str) -> str:
    name = single_line_normalise(name)
    try:
        validate_single_line(name)
    except ValidationError as error:
        raise ValidationError({"name": error.messages}) from error
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    return name


@transaction.atomic
def saved_search_save(*, name: str, criteria: Mapping[str, Any], by: User) -> SavedCandidateSearch:
    """Keep the staff member's search under ``name``; a search of theirs with that name takes the new criteria."""
    if not is_platform_staff(by):
        raise PermissionDenied
    search, _created = SavedCandidateSearch.objects.update_or_create(
        owner=by, name=_check_search_name(name), defaults={"criteria": dict(criteria)}
    )
    return search


@transaction.atomic
def saved_search_rename(*, saved_search: SavedCandidateSearch, name: str, by: User) -> SavedCandidateSearch:
    """Rename one of the user's own searches; a name they already use is refused (``ValidationError``)."""
    if saved_search.owner_id != by.pk:
        raise PermissionDenied
    name = _check_search_name(name)
    taken = SavedCandidateSearch.objects.filter(owner=by, name=name).exclude(pk=saved_search.pk)
    if taken.exists():
        raise ValidationError({"name": _("You already have a search with this name.")})
    saved_search.name = name
    saved_search.save(update_fields=["name"])
    return saved_search


@transaction.atomic
def saved_search_delete(*, saved_search: SavedCandidateSearch, by: User) -> None:
    """Delete one of the user's own searches."""
    if saved_search.owner_id != by.pk:
        raise PermissionDenied
    saved_search.delete()

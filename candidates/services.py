"""Writes on candidate profiles."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from accounts.models import User
from candidates.audit import personal_data_access_record
from candidates.enums import CandidateStatus
from candidates.forms import CandidateForm
from candidates.models import Candidate, PersonalDataAccess


def candidate_matching_changed(*, candidate: Candidate, by: User | None) -> None:
    """A profile's matching fields changed: the needs it may now fit, or no longer fit, are computed again."""
    from matching.enums import RunScope
    from matching.services import match_run_request

    if candidate.status == CandidateStatus.ACTIVE or candidate.suggestions.exists():
        match_run_request(scope=RunScope.CANDIDATE, candidate=candidate, by=by)


# Beyond this many new profiles, one run over every open need is cheaper than a run per profile.
CANDIDATE_RUNS_AT_MOST = 50


def candidates_matching_changed(*, candidates: list[Candidate], by: User | None) -> None:
    """Many profiles were created or changed at once (an import): a run each, or one full run for a large batch."""
    from matching.enums import RunScope
    from matching.services import match_run_request

    if len(candidates) > CANDIDATE_RUNS_AT_MOST:
        match_run_request(scope=RunScope.ALL, by=by)
        return
    for candidate in candidates:
        candidate_matching_changed(candidate=candidate, by=by)


@transaction.atomic
def candidate_profile_update(*, candidate: Candidate, data: Mapping[str, Any], by: User) -> Candidate:
    """Change the fields of ``data`` (names of ``CandidateForm``); the others keep their stored values.

    Checked by ``CandidateForm``, the form of the staff workspace and the imports, against the stored values: an
    invalid change raises ``ValidationError`` with the form's errors per field (``__all__`` for the others) and
    saves nothing. As the admin does, a change is logged in the personal-data access log with the names of the
    fields that changed, then the profile is matched again (``candidate_matching_changed``). Nothing is written
    when no value changes. Returns the candidate, saved.
    """
    stored = model_to_dict(candidate, fields=CandidateForm.Meta.fields)
    stored["commune"] = candidate.commune.insee_code
    form = CandidateForm(data={**stored, **data}, instance=candidate)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    cleaned = form.cleaned_data | {"commune": form.cleaned_data["commune"].insee_code}
    changed = [name for name in data if cleaned.get(name) != stored.get(name)]
    if not changed:
        return candidate
    candidate = form.save()
    personal_data_access_record(
        actor=by, candidate_ids=[candidate.pk], action=PersonalDataAccess.Action.CHANGED, fields=changed
    )
    candidate_matching_changed(candidate=candidate, by=by)
    return candidate

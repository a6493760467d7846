"""A candidate's changes with the matching work each calls for: the services every front door calls.

``candidates`` stores a profile and checks it; matching sits above it, so it is here that a change to a field that
matching reads (``candidates.enums.MATCHING_FIELDS``) requests a run for the candidate, and that a change to any
other field (a phone number, a name) requests none, whichever door it came through: the admin, the API, an import.
"""

from collections.abc import Collection, Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from candidates import services as candidate_services
from candidates.enums import MATCHING_FIELDS, CandidateStatus
from candidates.imports import jobs
from candidates.models import Candidate
from matching.enums import RunScope
from matching.services.runs import match_run_request

# Beyond this many new profiles, one run over every open need is cheaper than a run per profile.
CANDIDATE_RUNS_AT_MOST = 50


def candidate_matching_changed(*, candidate: Candidate, by: User | None) -> None:
    """A profile's matching fields changed: the needs it may now fit, or no longer fit, are computed again."""
    if candidate.status == CandidateStatus.ACTIVE or candidate.suggestions.exists():
        match_run_request(scope=RunScope.CANDIDATE, candidate=candidate, by=by)


def candidates_matching_changed(*, candidates: list[Candidate], by: User | None) -> None:
    """Many profiles were created or changed at once (an import): a run each, or one full run for a large batch."""
    if len(candidates) > CANDIDATE_RUNS_AT_MOST:
        match_run_request(scope=RunScope.ALL, by=by)
        return
    for candidate in candidates:
        candidate_matching_changed(candidate=candidate, by=by)


def candidate_fields_changed(*, candidate: Candidate, changed_fields: Collection[str], by: User | None) -> bool:
    """A profile was saved with these fields (or child rows, ``skills``, ``languages``) changed: it is matched again
    only when one of them is read by matching. Returns whether a run was requested."""
    if MATCHING_FIELDS.isdisjoint(changed_fields):
        return False
    candidate_matching_changed(candidate=candidate, by=by)
    return True


@transaction.atomic
def candidate_profile_update(*, candidate: Candidate, data: Mapping[str, Any], by: User) -> Candidate:
    """Change a profile (``candidates.services.candidate_profile_update``, with its checks and its log), and match
    it again when a field that matching reads changed."""
    change = candidate_services.candidate_profile_update(candidate=candidate, data=data, by=by)
    if change.matters_to_matching:
        candidate_matching_changed(candidate=change.candidate, by=by)
    return change.candidate


def candidate_import_job_write(*, job_id: int) -> None:
    """Write a checked import job (``candidates.imports.jobs``) and, in its transaction, request the runs of the
    candidates it created: a run each, or one full run for a large file."""

    def match_created(created: list[Candidate], by: User | None) -> None:
        # A partner's file creates proposed candidates: matched only once the platform accepts them.
        active = [candidate for candidate in created if candidate.status == CandidateStatus.ACTIVE]
        if active:
            candidates_matching_changed(candidates=active, by=by)

    jobs.candidate_import_job_write(job_id=job_id, on_created=match_created)

"""Writes on candidate profiles."""

from accounts.models import User
from candidates.enums import CandidateStatus
from candidates.models import Candidate


def candidate_matching_changed(*, candidate: Candidate, by: User | None) -> None:
    """A profile's matching fields changed: the needs it may now fit, or no longer fit, are computed again."""
    from matching.enums import RunScope
    from matching.services import match_run_request

    if candidate.status == CandidateStatus.ACTIVE or candidate.suggestions.exists():
        match_run_request(scope=RunScope.CANDIDATE, candidate=candidate, by=by)

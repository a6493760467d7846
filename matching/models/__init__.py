"""Models of the matching app: runs and suggestions (``runs``), the presentation workflow (``presentations``),
trainees of cohorts (``cohorts``), the contact log (``contacts``), secure links sent to candidates (``links``),
sourcing checks and near misses (``sourcing``), hand-offs of candidates between
platforms (``hand_offs``), the e-mails sent (``notices``), the tasks promised after a
commit (``outbox``) and what the dashboard keeps of anonymised people (``tallies``)."""

from matching.models.cohorts import CohortEnrolment
from matching.models.contacts import ContactEntry
from matching.models.hand_offs import HandOff
from matching.models.links import CandidateLink
from matching.models.presentations import InterviewSlot, Outcome, Presentation, PresentationTransition
from matching.models.runs import MatchRun, MatchRunShard, MatchSuggestion, PositiveActionQuota, WorkerHeartbeat
from matching.models.sourcing import NearMiss, NeedSourcing
from matching.models.tallies import AnonymisedFollowUpTally, AnonymisedHireTally

__all__ = [
    "AnonymisedFollowUpTally",
    "AnonymisedHireTally",
    "CandidateLink",
    "CohortEnrolment",
    "ContactEntry",
    "HandOff",
    "InterviewSlot",
    "MatchRun",
    "MatchRunShard",
    "MatchSuggestion",
    "NearMiss",
    "NeedSourcing",
    "Outcome",
    "PositiveActionQuota",
    "Presentation",
    "PresentationTransition",
    "WorkerHeartbeat",
]

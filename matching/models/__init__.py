"""Models of the matching app: runs and suggestions (``runs``), the presentation workflow (``presentations``),
hand-offs of candidates between platforms (``hand_offs``), the e-mails sent (``notices``), the tasks promised after a
commit (``outbox``) and what the dashboard keeps of anonymised people (``tallies``)."""

from matching.models.hand_offs import HandOff
from matching.models.presentations import InterviewSlot, Outcome, Presentation, PresentationTransition
from matching.models.runs import MatchRun, MatchRunShard, MatchSuggestion, PositiveActionQuota, WorkerHeartbeat
from matching.models.tallies import AnonymisedHireTally

__all__ = [
    "AnonymisedHireTally",
    "HandOff",
    "InterviewSlot",
    "MatchRun",
    "MatchRunShard",
    "MatchSuggestion",
    "Outcome",
    "PositiveActionQuota",
    "Presentation",
    "PresentationTransition",
    "WorkerHeartbeat",
]

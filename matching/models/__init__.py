"""Models of the matching app: runs and suggestions (``runs``), the presentation workflow (``presentations``)."""

from matching.models.notices import Notice
from matching.models.presentations import InterviewSlot, Outcome, Presentation, PresentationTransition
from matching.models.runs import MatchRun, MatchRunShard, MatchSuggestion, PositiveActionQuota, WorkerHeartbeat

__all__ = [
    "InterviewSlot",
    "MatchRun",
    "MatchRunShard",
    "MatchSuggestion",
    "Notice",
    "Outcome",
    "PositiveActionQuota",
    "Presentation",
    "PresentationTransition",
    "WorkerHeartbeat",
]

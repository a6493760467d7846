"""Models of the matching app: runs and suggestions (``runs``), the presentation workflow (``presentations``), the
e-mails sent (``notices``) and the tasks promised after a commit (``outbox``)."""

from matching.models.notices import Notice
from matching.models.outbox import TaskToSend
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
    "TaskToSend",
    "WorkerHeartbeat",
]

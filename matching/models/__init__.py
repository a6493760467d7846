"""Models of the matching app: runs and suggestions (``runs``), the presentation workflow (``presentations``),
trainees of cohorts (``cohorts``), the contact log (``contacts``), secure links sent to candidates (``links``),
sourcing checks and near misses (``sourcing``), a need's messages and read marks (``threads``), collective
sessions and their seats (``sessions``), the rankings and proposals of job datings (``job_dating``), hand-offs of
candidates between platforms (``hand_offs``), the e-mails sent (``notices``), the tasks promised after a
commit (``outbox``), what the dashboard keeps of anonymised people (``tallies``), the reports' figures
(``reporting``) and the change feed of the engine's columns (``columns_feed``)."""

from matching.models.assessments import InterviewAssessment
from matching.models.cohorts import CohortEnrolment
from matching.models.columns_feed import CandidateColumnsChange
from matching.models.contacts import ContactEntry
from matching.models.hand_offs import HandOff
from matching.models.job_dating import (
    JobDatingAudit,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
)
from matching.models.links import CandidateLink
from matching.models.presentations import InterviewSlot, Outcome, Presentation, PresentationTransition
from matching.models.reporting import ReportFact, ReportRefresh
from matching.models.runs import MatchRun, MatchRunShard, MatchSuggestion, PositiveActionQuota, WorkerHeartbeat
from matching.models.sessions import CollectiveSession, SessionSeat
from matching.models.sourcing import NearMiss, NeedSourcing
from matching.models.staleness import NeedStaleness
from matching.models.tallies import AnonymisedFollowUpTally, AnonymisedHireTally
from matching.models.threads import NeedMessage, NeedThreadRead

__all__ = [
    "AnonymisedFollowUpTally",
    "AnonymisedHireTally",
    "CandidateColumnsChange",
    "CandidateLink",
    "CohortEnrolment",
    "CollectiveSession",
    "ContactEntry",
    "HandOff",
    "InterviewAssessment",
    "InterviewSlot",
    "JobDatingAudit",
    "JobDatingCandidateRanking",
    "JobDatingEmployerRanking",
    "JobDatingProposal",
    "MatchRun",
    "MatchRunShard",
    "MatchSuggestion",
    "NearMiss",
    "NeedMessage",
    "NeedSourcing",
    "NeedStaleness",
    "NeedThreadRead",
    "Outcome",
    "PositiveActionQuota",
    "Presentation",
    "PresentationTransition",
    "ReportFact",
    "ReportRefresh",
    "SessionSeat",
    "WorkerHeartbeat",
]

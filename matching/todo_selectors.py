"""The advisor's to-do page: what waits for platform staff today, section by section (reads only).

Every section is scoped to the user's platforms (every platform for a superuser) and, with ``mine``, to the
candidates the user follows (``Candidate.advisor``). Each section is read in one query, whatever its size: its first
rows and, through a window count, how many there are in all; ``todo_counts`` reads every section's count in one
query for the header of the staff pages.

The sections, and where each item is acted upon:

- six-month checks due within a week and not recorded (hires and entries into training, ``FOLLOWED_UP``);
- employers' answers waiting for the platform: an interview requested that the candidate has not accepted yet, or
  interview slots proposed that nobody has confirmed;
- presentations the employer has not answered for more than ``TODO_EMPLOYER_SILENCE_WORKING_DAYS`` working days;
- candidates who answered a secure link in the last 14 days;
- hand-off requests waiting for an answer of the user's platform;
- strong new suggestions (``STRONG_SUGGESTION_SCORE``) computed in the last 7 days for the platform's own
  candidates, not yet in the need's workflow;
- retention notices: profiles that will be anonymised for lack of contact, whose advisor has been told;
- open needs without activity for ``STALE_AFTER`` (``matching.stale_need_selectors``), to confirm or close: the
  platform's needs, whoever follows their candidates.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window
from django.utils import timezone

from accounts.access import platform_ids_for
from accounts.models import User
from candidates.enums import CandidateStatus, ReferralStatus
from candidates.models import Candidate, CandidateReferral
from employers.models import StaffingNeed
from matching.enums import HandOffStatus, PresentationStatus
from matching.models import CandidateLink, HandOff, InterviewSlot, MatchSuggestion, Presentation
from matching.models.cohorts import FOLLOWED_UP
from matching.stale_need_selectors import needs_stale
from referentials.calendar import working_days_before

STRONG_SUGGESTION_SCORE = 8000
"""A suggestion this strong (hundredths of a point) is worth an advisor's look the day it appears."""

SECTION_SIZE = 10
"""Rows shown per section; the rest is one click away ("see all")."""

FOLLOW_UP_NOTICE = datetime.timedelta(days=7)
LINK_ANSWERS_SINCE = datetime.timedelta(days=14)
SUGGESTIONS_SINCE = datetime.timedelta(days=7)


@dataclass(frozen=True)
class TodoScope:
    """Whose items: the user's platforms, and with ``mine`` only the candidates the user follows."""

    user: User
    mine: bool = True

    def platforms(self, path: str) -> Q:
        if self.user.is_superuser:
            return Q()
        return Q(**{f"{path}__in": platform_ids_for(self.user)})

    def followed(self, path: str) -> Q:
        return Q(**{path: self.user.pk}) if self.mine else Q()


@dataclass(frozen=True)
class TodoSection:
    """One section of the page: its first rows and how many there are in all."""

    name: str
    rows: list
    total: int

    @property
    def has_more(self) -> bool:
        return self.total > len(self.rows)


def _employer_silence_days() -> int:
    return settings.TODO_EMPLOYER_SILENCE_WORKING_DAYS


def _presentations(scope: TodoScope) -> QuerySet[Presentation]:
    return Presentation.objects.filter(
        scope.platforms("need__employer__platform"), scope.followed("candidate__advisor")
    ).exclude(candidate__status=CandidateStatus.ANONYMISED)


def follow_ups_due(scope: TodoScope, *, today: datetime.date) -> QuerySet[Presentation]:
    return (
        _presentations(scope)
        .filter(FOLLOWED_UP, follow_up_due_on__lte=today + FOLLOW_UP_NOTICE, followed_up_at__isnull=True)
        .order_by("follow_up_due_on", "pk")
    )


def employer_answers_waiting(scope: TodoScope) -> QuerySet[Presentation]:
    slots_to_confirm = InterviewSlot.objects.filter(presentation=OuterRef("pk"), is_chosen=False)
    return (
        _presentations(scope)
        .filter(status=PresentationStatus.INTERVIEW_REQUESTED)
        .filter(Q(interview_accepted_at__isnull=True) | Exists(slots_to_confirm))
        .annotate(has_slots=Exists(slots_to_confirm))
        .order_by("pk")
    )


def presentations_unanswered(scope: TodoScope, *, today: datetime.date) -> QuerySet[Presentation]:
    since = working_days_before(today, _employer_silence_days())
    cutoff = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    return (
        _presentations(scope)
        .filter(status=PresentationStatus.PRESENTED, presented_at__lt=cutoff)
        .order_by("presented_at", "pk")
    )


def links_answered(scope: TodoScope, *, now: datetime.datetime) -> QuerySet[CandidateLink]:
    return (
        CandidateLink.objects.filter(
            scope.platforms("presentation__need__employer__platform"),
            scope.followed("candidate__advisor"),
            answered_at__gte=now - LINK_ANSWERS_SINCE,
        )
        .exclude(candidate__status=CandidateStatus.ANONYMISED)
        .order_by("-answered_at", "-pk")
    )


def hand_offs_waiting(scope: TodoScope) -> QuerySet[HandOff]:
    return HandOff.objects.filter(
        scope.platforms("owning_platform"), scope.followed("candidate__advisor"), status=HandOffStatus.REQUESTED
    ).order_by("requested_at", "pk")


def referrals_waiting(scope: TodoScope) -> QuerySet[CandidateReferral]:
    """Partners' proposals waiting for the platform's decision: the platform's, whoever follows them (nobody yet)."""
    return CandidateReferral.objects.filter(scope.platforms("platform"), status=ReferralStatus.PROPOSED).order_by(
        "created_at", "pk"
    )


def strong_suggestions(scope: TodoScope, *, now: datetime.datetime) -> QuerySet[MatchSuggestion]:
    """Strong suggestions of the platform's own candidates for its needs (another platform's candidate is asked for
    through a hand-off, from the need's page), not yet shortlisted."""
    in_workflow = Presentation.objects.filter(need=OuterRef("need"), candidate=OuterRef("candidate"))
    return (
        MatchSuggestion.objects.filter(
            scope.platforms("need__employer__platform"),
            scope.platforms("candidate__platform"),
            scope.followed("candidate__advisor"),
            score__gte=STRONG_SUGGESTION_SCORE,
            computed_at__gte=now - SUGGESTIONS_SINCE,
        )
        .exclude(Exists(in_workflow))
        .order_by("-score", "pk")
    )


def retention_notices(scope: TodoScope) -> QuerySet[Candidate]:
    return (
        Candidate.objects.filter(
            scope.platforms("platform"), scope.followed("advisor"), retention_notice_sent_at__isnull=False
        )
        .exclude(status=CandidateStatus.ANONYMISED)
        .order_by("last_contact_at", "pk")
    )


def stale_needs(scope: TodoScope, *, now: datetime.datetime) -> QuerySet[StaffingNeed]:
    return needs_stale(now=now).filter(scope.platforms("employer__platform")).order_by("last_activity", "pk")


def _sections(scope: TodoScope) -> dict[str, QuerySet]:
    now = timezone.now()
    today = timezone.localdate(now)
    return {
        "follow_ups": follow_ups_due(scope, today=today),
        "employer_answers": employer_answers_waiting(scope),
        "unanswered": presentations_unanswered(scope, today=today),
        "links": links_answered(scope, now=now),
        "hand_offs": hand_offs_waiting(scope),
        "referrals": referrals_waiting(scope),
        "suggestions": strong_suggestions(scope, now=now),
        "retention": retention_notices(scope),
        "stale_needs": stale_needs(scope, now=now),
    }


_RELATED = {
    "follow_ups": ["candidate", "need__employer"],
    "employer_answers": ["candidate", "need__employer"],
    "unanswered": ["candidate", "need__employer"],
    "links": ["candidate", "presentation__need__employer"],
    "hand_offs": ["candidate", "need__employer", "requesting_platform"],
    "referrals": ["candidate", "partner"],
    "suggestions": ["candidate", "need__employer"],
    "retention": ["advisor"],
    "stale_needs": ["employer"],
}


def todo_sections(*, user: User, mine: bool = True) -> list[TodoSection]:
    """The page's sections in order, each read in one query (its first rows and, by a window, its total)."""
    sections = []
    for name, queryset in _sections(TodoScope(user=user, mine=mine)).items():
        rows = list(queryset.select_related(*_RELATED[name]).annotate(todo_total=Window(Count("pk")))[:SECTION_SIZE])
        sections.append(TodoSection(name=name, rows=rows, total=rows[0].todo_total if rows else 0))
    return sections


def todo_counts(*, user: User, mine: bool = True) -> dict[str, int]:
    """How many items each section holds, read in one query (the header of every staff page shows them)."""
    sections = _sections(TodoScope(user=user, mine=mine))
    selects, params = [], []
    for queryset in sections.values():
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS section)")  # noqa: S608 - Django's compiled SQL
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        counts = cursor.fetchone()
    return dict(zip(sections, counts, strict=True))

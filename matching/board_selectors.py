"""Reads of a need's review board: its rows by state, one page at a time, the counts of every state, the rows an
action names, and a candidate's contact log.

The board shows only what the user may work (``matching.access``): the need's suggestions of candidates who have no
presentation for it yet, and its presentations. Another platform's candidate stays a card on the review page until
handed off; on the board they are not listed at all, and an action naming them finds nothing (404). Every read is a
fixed number of queries, whatever the number of rows: the last contact-log entry, the suggestion's score and the
latest secure link are annotated on the page's rows, never read row by row.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from candidates.models import Candidate
from employers.models import RecruitingWave, StaffingNeed
from matching.access import workable_by_staff
from matching.enums import CandidateAnswer, ContactKind, DeclineScope, PresentationStatus
from matching.link_selectors import link_state, links_by_presentation
from matching.models import CandidateLink, ContactEntry, InterviewAssessment, MatchSuggestion, Presentation
from matching.review_selectors import SuggestionFilters, suggestions_for_review
from matching.session_selectors import mrs_passed_candidate_ids

Status = PresentationStatus
ROWS_PER_PAGE = 50
CONTACT_LOG_LENGTH = 50

SUGGESTED = "suggested"
# The board's states, in the order of the workflow: each a filter on the need's presentations, but the first.
STATE_FILTERS: dict[str, Q] = {
    "shortlisted": Q(status=Status.SHORTLISTED, candidate_answer=CandidateAnswer.NOT_CONTACTED),
    "contacted": Q(status=Status.SHORTLISTED, candidate_answer=CandidateAnswer.CONTACTED),
    "interested": Q(status=Status.SHORTLISTED, candidate_answer=CandidateAnswer.INTERESTED),
    "presented": Q(status=Status.PRESENTED),
    "interview": Q(status__in=[Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED]),
    "training": Q(status=Status.IN_TRAINING),
    "hired": Q(status=Status.HIRED),
    # Left unanswered by the employer past the platform's deadline: counted apart from the other ends.
    "expired": Q(status=Status.EXPIRED),
    "ended": Q(
        status__in=[s for s in Status.values if s not in Status.active() and s not in (Status.HIRED, Status.EXPIRED)]
    ),
}
STATE_LABELS = {
    SUGGESTED: pgettext_lazy("board state", "Suggested"),
    "shortlisted": pgettext_lazy("board state", "Shortlisted"),
    "contacted": pgettext_lazy("board state", "Contacted"),
    "interested": pgettext_lazy("board state", "Interested"),
    "presented": pgettext_lazy("board state", "Presented"),
    "interview": pgettext_lazy("board state", "Interview"),
    "training": pgettext_lazy("board state", "Training"),
    "hired": pgettext_lazy("board state", "Hired"),
    "expired": pgettext_lazy("board state", "Expired"),
    "ended": pgettext_lazy("board state", "Ended"),
}
STATES = list(STATE_LABELS)


@dataclass(frozen=True)
class BoardFilters:
    state: str = ""  # one of STATES; empty: the first state with rows
    wave_id: int | None = None


@dataclass(frozen=True)
class StateCount:
    state: str
    label: object
    count: int


@dataclass(frozen=True)
class LinkState:
    """The latest secure link sent for a presentation: what the board says of it."""

    label: object
    at: datetime.datetime


@dataclass(frozen=True)
class BoardRow:
    """A row of the board: a suggestion without presentation (``presentation`` none) or a presentation.

    ``key`` is what the row's checkbox posts: the candidate's id for a suggestion, the presentation's id otherwise.
    """

    key: int
    candidate: Candidate
    score: int | None  # hundredths of a point, as stored
    wave_id: int | None
    state_label: object
    presentation: Presentation | None = None
    is_proposed: bool = False
    last_contact_kind: str = ""
    last_contact_at: datetime.datetime | None = None
    link: LinkState | None = None
    # Passed an MRS test session serving the need: it stands in for the experience the need asks for.
    mrs_passed: bool = False

    @property
    def name(self) -> str:
        return f"{self.candidate.first_name} {self.candidate.last_name}"

    @property
    def last_contact_label(self) -> object:
        return ContactKind(self.last_contact_kind).label if self.last_contact_kind else ""

    @property
    def assessment(self) -> InterviewAssessment | None:
        """The employer's assessment after the interview, if recorded (selected with the presentation)."""
        # A missing reverse one-to-one raises an AttributeError subclass: no assessment.
        return getattr(self.presentation, "assessment", None) if self.presentation is not None else None

    @property
    def answer_label(self) -> object:
        if self.presentation is None:
            return ""
        return CandidateAnswer(self.presentation.candidate_answer).label


@dataclass(frozen=True)
class BoardPage:
    filters: BoardFilters
    state: str
    counts: list[StateCount]
    page: Page
    rows: list[BoardRow]
    waves: list[RecruitingWave] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(count.count for count in self.counts)


def _workable_presentations(need: StaffingNeed, user: User) -> QuerySet[Presentation]:
    """The need's presentations the user may work, but the ends "not for this wave" of a person who has another
    presentation since (history, not a row of the board)."""
    later = Presentation.objects.filter(need=OuterRef("need"), candidate=OuterRef("candidate"), pk__gt=OuterRef("pk"))
    return workable_by_staff(Presentation.objects.filter(need=need), user).exclude(
        Q(decline_scope=DeclineScope.WAVE) & Exists(later)
    )


def _suggested(need: StaffingNeed, user: User, wave_id: int | None) -> QuerySet[MatchSuggestion]:
    """Suggestions the user may work whose candidate has no presentation in force for the need (a person kept for a
    later wave is suggested again)."""
    in_workflow = Presentation.objects.filter(need=need, candidate=OuterRef("candidate")).exclude(
        decline_scope=DeclineScope.WAVE
    )
    suggestions = suggestions_for_review(need=need, filters=SuggestionFilters(wave_id=wave_id))
    return workable_by_staff(suggestions, user).filter(~Exists(in_workflow))


def _last_contact(field_name: str) -> Subquery:
    entries = ContactEntry.objects.filter(candidate=OuterRef("candidate")).order_by("-at", "-pk")
    return Subquery(entries.values(field_name)[:1])


LINK_STATE_LABELS = {
    "answered": _("Link answered"),
    "revoked": _("Link revoked"),
    "expired": _("Link expired"),
    "opened": _("Link opened"),
    "sent": _("Link sent"),
}


def _link_state(link: CandidateLink, now: datetime.datetime) -> LinkState:
    state = link_state(link, now=now)
    moments = {
        "answered": link.answered_at,
        "revoked": link.revoked_at,
        "expired": link.expires_at,
        "opened": link.opened_at,
        "sent": link.created_at,
    }
    return LinkState(label=LINK_STATE_LABELS[state], at=moments[state] or link.created_at)


def board_state_counts(*, need: StaffingNeed, user: User, wave_id: int | None = None) -> list[StateCount]:
    """How many rows each state holds: two queries."""
    presentations = _workable_presentations(need, user)
    if wave_id is not None:
        presentations = presentations.filter(wave_id=wave_id)
    counts = presentations.aggregate(
        **{state: Count("pk", filter=condition) for state, condition in STATE_FILTERS.items()}
    )
    counts[SUGGESTED] = _suggested(need, user, wave_id).count()
    return [StateCount(state=state, label=STATE_LABELS[state], count=counts[state] or 0) for state in STATES]


def _suggestion_rows(suggestions: list[MatchSuggestion]) -> list[BoardRow]:
    return [
        BoardRow(
            key=suggestion.candidate_id,
            candidate=suggestion.candidate,
            score=suggestion.score,
            wave_id=suggestion.proposed_wave_id or suggestion.first_wave_id,
            state_label=STATE_LABELS[SUGGESTED],
            is_proposed=suggestion.is_proposed,
            last_contact_kind=suggestion.last_contact_kind or "",
            last_contact_at=suggestion.last_contact_at,
        )
        for suggestion in suggestions
    ]


def _presentation_rows(presentations: list[Presentation], user: User) -> list[BoardRow]:
    """Rows of a page of presentations, with their latest link: one query for the page's links."""
    links = links_by_presentation(presentation_ids=[p.pk for p in presentations], user=user)
    latest = {presentation_id: found[0] for presentation_id, found in links.items()}
    now = timezone.now()
    return [
        BoardRow(
            key=presentation.pk,
            candidate=presentation.candidate,
            score=presentation.suggestion_score,
            wave_id=presentation.wave_id,
            state_label=Status(presentation.status).label,
            presentation=presentation,
            last_contact_kind=presentation.last_contact_kind or "",
            last_contact_at=presentation.last_contact_at,
            link=_link_state(latest[presentation.pk], now) if presentation.pk in latest else None,
        )
        for presentation in presentations
    ]


def _paginated(rows: QuerySet, per_page: int, page_number: object, count: int) -> Page:
    """A page of ``rows``, whose number is known from the state's count (the paginator does not count them again)."""
    paginator = Paginator(rows, per_page)
    paginator.__dict__["count"] = count  # ``count`` is a cached property: set, it is not computed
    return paginator.get_page(page_number)


def board_page(
    *,
    need: StaffingNeed,
    user: User,
    filters: BoardFilters,
    page_number: object = 1,
    per_page: int = ROWS_PER_PAGE,
    waves: list[RecruitingWave] | None = None,
) -> BoardPage:
    """One page of the board: the counts per state, the need's waves (``waves``, when the caller read them) and the
    rows of the chosen state (the first state with rows when none is chosen), in a fixed number of queries whatever
    the number of rows."""
    if waves is None:
        waves = need_waves(need)
    wave_id = filters.wave_id if filters.wave_id in {wave.pk for wave in waves} else None
    counts = board_state_counts(need=need, user=user, wave_id=wave_id)
    state = filters.state if filters.state in STATES else next((c.state for c in counts if c.count), SUGGESTED)
    count = next(c.count for c in counts if c.state == state)
    contact = {"last_contact_kind": _last_contact("kind"), "last_contact_at": _last_contact("at")}
    if state == SUGGESTED:
        suggestions = _suggested(need, user, wave_id).select_related("candidate").annotate(**contact)
        page = _paginated(suggestions, per_page, page_number, count)
        rows = _suggestion_rows(list(page.object_list))
    else:
        score = MatchSuggestion.objects.filter(need=OuterRef("need"), candidate=OuterRef("candidate"))
        presentations = _workable_presentations(need, user).filter(STATE_FILTERS[state])
        if wave_id is not None:
            presentations = presentations.filter(wave_id=wave_id)
        presentations = (
            presentations.select_related("candidate", "assessment")
            .annotate(suggestion_score=Subquery(score.values("score")[:1]), **contact)
            .order_by("created_at", "pk")
        )
        page = _paginated(presentations, per_page, page_number, count)
        rows = _presentation_rows(list(page.object_list), user)
    if rows:
        passed = mrs_passed_candidate_ids(need)
        rows = [replace(row, mrs_passed=row.candidate.pk in passed) for row in rows]
    return BoardPage(
        filters=BoardFilters(state=state, wave_id=wave_id),
        state=state,
        counts=counts,
        page=page,
        rows=rows,
        waves=waves,
    )


def need_waves(need: StaffingNeed) -> list[RecruitingWave]:
    """The need's waves in date order: one query."""
    return list(RecruitingWave.objects.filter(need=need).order_by("starts_on", "pk"))


def board_presentations(*, need: StaffingNeed, user: User, ids: list[int]) -> list[Presentation]:
    """The need's presentations with these ids, with their candidates, in the order of the ids; not found when any
    is not one the user may work."""
    unique = list(dict.fromkeys(ids))
    found = {
        presentation.pk: presentation
        for presentation in workable_by_staff(
            Presentation.objects.filter(need=need, pk__in=unique), user
        ).select_related("candidate", "need__employer")
    }
    if len(found) != len(unique):
        raise Http404
    return [found[pk] for pk in unique]


def board_suggested_candidates(*, need: StaffingNeed, user: User, ids: list[int]) -> list[Candidate]:
    """The candidates with these ids suggested for the need, in the order of the ids; not found when any is not
    suggested or not one the user may work."""
    unique = list(dict.fromkeys(ids))
    suggestions = workable_by_staff(MatchSuggestion.objects.filter(need=need, candidate_id__in=unique), user)
    found = {suggestion.candidate_id: suggestion.candidate for suggestion in suggestions.select_related("candidate")}
    if len(found) != len(unique):
        raise Http404
    return [found[pk] for pk in unique]


def board_wave(*, need: StaffingNeed, wave_id: int) -> RecruitingWave:
    """A wave of the need; any other is not found."""
    return get_object_or_404(RecruitingWave, need=need, pk=wave_id)


@dataclass(frozen=True)
class ContactLog:
    candidate: Candidate
    entries: list[ContactEntry]


def board_contact_log(*, need: StaffingNeed, user: User, candidate_id: int) -> ContactLog:
    """A candidate's contact log, newest first (the latest ``CONTACT_LOG_LENGTH`` entries), for a candidate the user
    may work for this need (suggested for it or in its workflow); anyone else is not found."""
    suggested = workable_by_staff(MatchSuggestion.objects.filter(need=need, candidate_id=candidate_id), user)
    presented = workable_by_staff(Presentation.objects.filter(need=need, candidate_id=candidate_id), user)
    if not (suggested.exists() or presented.exists()):
        raise Http404
    candidate = Candidate.objects.get(pk=candidate_id)
    entries = list(
        ContactEntry.objects.filter(candidate=candidate)
        .select_related("by")
        .order_by("-at", "-pk")[:CONTACT_LOG_LENGTH]
    )
    return ContactLog(candidate=candidate, entries=entries)

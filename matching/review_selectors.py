"""Reads of a need's review, for the staff pages and the staff API: the need, its suggestions as rows, its
presentations.

Access is decided here: a need outside the user's platforms, or any need for someone who is not platform staff, is
simply not found. A suggested candidate of another platform is a pseudonymised card until that platform hands them
over for this need (``matching.access``): their presentations are not found either. Every list is read in a fixed
number of queries, whatever its length.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts.access import is_platform_staff
from accounts.models import User
from candidates.pseudonyms import candidate_pseudonym_for_platform
from employers.models import RecruitingWave, StaffingNeed
from matching.access import workable_by_staff
from matching.engine.config import PART_NAMES
from matching.models import HandOff, MatchSuggestion, Presentation
from matching.reasons import PROPOSAL_REASONS, Reason, may_read_sensitive_situation, reasons_worded

PART_LABELS = {
    "skills": _("skills"),
    "occupation": _("occupation"),
    "commute": _("commute"),
    "availability": _("availability"),
    "experience": _("experience"),
}

# Distance bands: (key, label, lower bound included, upper bound excluded). The last band is open-ended.
DISTANCE_BANDS: tuple[tuple[str, object, float, float | None], ...] = (
    ("under_5", _("< 5 km"), 0.0, 5.0),
    ("5_to_15", _("5–15 km"), 5.0, 15.0),
    ("15_to_30", _("15–30 km"), 15.0, 30.0),
    ("over_30", _("> 30 km"), 30.0, None),
)
WIDTH_STEP = 5
SUGGESTIONS_PER_PAGE = 50
# Proposed first, then by rank: the page shows who the allocation puts forward before who it does not.
SUGGESTION_ORDER = ("-is_proposed", "rank")


@dataclass(frozen=True)
class ScorePart:
    name: str
    label: object
    points: float
    width: int  # share of the whole 100-point scale, rounded to the nearest WIDTH_STEP (a CSS class, no inline style)


@dataclass(frozen=True)
class SuggestionRow:
    """A suggestion as the page shows it; ``is_workable`` false: only the card fields may be shown (no name, no
    contact, no link to the profile, no date of availability)."""

    suggestion: MatchSuggestion
    parts: list[ScorePart]
    distance_band: object
    presentation: Presentation | None
    is_workable: bool = True
    pseudonym: str = ""
    platform_name: str = ""
    hand_off: HandOff | None = None  # the latest request of the user's platforms for this candidate and need
    reasons: list[Reason] = field(default_factory=list)  # why proposed or not, worded for the user (matching.reasons)


@dataclass(frozen=True)
class SuggestionFilters:
    proposed_only: bool = False
    not_proposed_only: bool = False
    wave_id: int | None = None  # proposed for that wave, or not proposed and able to make it
    training_only: bool = False
    min_score: int | None = None  # hundredths of a point, as stored
    distance_band: str = ""

    def codes(self) -> dict[str, object]:
        """The filters in use, as codes: what the access log keeps of a list viewed (``candidates.audit``)."""
        codes = {
            "proposed": self.proposed_only,
            "not_proposed": self.not_proposed_only,
            "wave": self.wave_id,
            "training": self.training_only,
            "min_score": self.min_score,
            "distance": self.distance_band,
        }
        return {key: value for key, value in codes.items() if value not in (None, False, "")}


def need_for_review(*, user: User, need_id: int) -> StaffingNeed:
    """The need, with what the page shows about it; not found for anyone but staff of the need's platform."""
    if not is_platform_staff(user):
        raise Http404
    needs = StaffingNeed.objects.for_platform_staff(user)
    need: StaffingNeed = get_object_or_404(
        needs.select_related("employer", "site__commune", "occupation").prefetch_related("training_skills"),
        pk=need_id,
    )
    return need


def distance_band_of(distance_km: float) -> object:
    for _key, label, lower, upper in DISTANCE_BANDS:
        if distance_km >= lower and (upper is None or distance_km < upper):
            return label
    return DISTANCE_BANDS[0][1]


def _width(centipoints: int) -> int:
    """A part's share of the 100-point scale, in steps of WIDTH_STEP percent (10000 centipoints = 100 %)."""
    share = max(0, min(100, centipoints / 100))
    return int(round(share / WIDTH_STEP) * WIDTH_STEP)


def score_parts(parts: dict[str, int]) -> list[ScorePart]:
    names = [name for name in PART_NAMES if name in parts] + [name for name in parts if name not in PART_NAMES]
    return [
        ScorePart(name=name, label=PART_LABELS.get(name, name), points=parts[name] / 100, width=_width(parts[name]))
        for name in names
    ]


def _filtered(suggestions: QuerySet[MatchSuggestion], filters: SuggestionFilters) -> QuerySet[MatchSuggestion]:
    if filters.proposed_only:
        suggestions = suggestions.filter(is_proposed=True)
    if filters.not_proposed_only:
        suggestions = suggestions.filter(is_proposed=False)
    if filters.wave_id is not None:
        wave_start = RecruitingWave.objects.filter(pk=filters.wave_id, need=OuterRef("need"))
        suggestions = suggestions.filter(
            Q(proposed_wave_id=filters.wave_id)
            | Q(is_proposed=False, first_wave__starts_on__lte=Subquery(wave_start.values("starts_on")[:1]))
        )
    if filters.training_only:
        suggestions = suggestions.filter(needs_training=True)
    if filters.min_score is not None:
        suggestions = suggestions.filter(score__gte=filters.min_score)
    for key, _label, lower, upper in DISTANCE_BANDS:
        if filters.distance_band == key:
            suggestions = suggestions.filter(distance_km__gte=lower)
            if upper is not None:
                suggestions = suggestions.filter(distance_km__lt=upper)
    return suggestions


def _presentations(*, need: StaffingNeed, user: User) -> QuerySet[Presentation]:
    """The need's presentations whose candidate the user may work."""
    return workable_by_staff(Presentation.objects.filter(need=need), user)


def presentation_list_for_review(*, need: StaffingNeed, user: User) -> list[Presentation]:
    """The need's presentations the user may work, oldest first, with their candidates, waves and proposed interview
    slots: two queries."""
    return list(
        _presentations(need=need, user=user)
        .select_related("candidate", "wave", "assessment")
        .prefetch_related("interview_slots")
        .order_by("created_at", "pk")
    )


def suggestions_for_review(*, need: StaffingNeed, filters: SuggestionFilters) -> QuerySet[MatchSuggestion]:
    """The need's suggestions, filtered, proposed first then by rank (not yet scoped: ``suggestion_rows_build``
    turns those the user may not work into cards)."""
    return _filtered(MatchSuggestion.objects.filter(need=need), filters).order_by(*SUGGESTION_ORDER)


def need_wave_dates(need: StaffingNeed) -> dict[int, date]:
    """The start date of each of the need's waves, by id: one query."""
    return dict(RecruitingWave.objects.filter(need=need).values_list("pk", "starts_on"))


def suggestion_rows_build(
    *,
    need: StaffingNeed,
    user: User,
    suggestions: list[MatchSuggestion],
    presentations: list[Presentation],
    waves: dict[int, date] | None = None,
) -> list[SuggestionRow]:
    """Rows for these suggestions of the need (a page of them), in their order, in a fixed number of queries.

    A candidate the user may not work comes as a card: the pseudonym the user's platform knows them by, their
    platform's name, the score and its parts, and the user's platforms' latest request for them. Reasons are worded
    for the user: a positive-action group only for those allowed to read the candidate's sensitive situation.
    """
    by_candidate = {presentation.candidate_id: presentation for presentation in presentations}
    ids = [suggestion.pk for suggestion in suggestions]
    workable = set(
        workable_by_staff(MatchSuggestion.objects.filter(pk__in=ids), user).values_list("candidate_id", flat=True)
    )
    requests: dict[int, HandOff] = {}
    for hand_off in HandOff.objects.filter(need=need, requesting_platform_id=need.employer.platform_id).order_by(
        "requested_at", "pk"
    ):
        requests[hand_off.candidate_id] = hand_off  # the latest wins
    if waves is None:
        waves = need_wave_dates(need) if any(suggestion.reasons for suggestion in suggestions) else {}
    rows = []
    for suggestion in suggestions:
        is_workable = suggestion.candidate_id in workable
        # Asked only of a proposal's reasons (the user's permissions are read once, on the first).
        may_read_group = any(
            isinstance(reason, dict) and reason.get("code") in PROPOSAL_REASONS for reason in suggestion.reasons or []
        ) and may_read_sensitive_situation(user=user, candidate_platform_id=suggestion.candidate.platform_id)
        rows.append(
            SuggestionRow(
                suggestion=suggestion,
                parts=score_parts(suggestion.parts or {}),
                distance_band=distance_band_of(suggestion.distance_km),
                presentation=by_candidate.get(suggestion.candidate_id) if is_workable else None,
                is_workable=is_workable,
                pseudonym=""
                if is_workable
                else candidate_pseudonym_for_platform(
                    platform_id=need.employer.platform_id, candidate_id=suggestion.candidate_id
                ),
                platform_name=suggestion.candidate.platform.name,
                hand_off=requests.get(suggestion.candidate_id),
                reasons=reasons_worded(suggestion.reasons, waves=waves, may_read_group=may_read_group),
            )
        )
    return rows


def suggestion_rows_for_review(
    *, need: StaffingNeed, user: User, filters: SuggestionFilters, presentations: list[Presentation]
) -> list[SuggestionRow]:
    """Every suggestion of the need, filtered, as rows (``suggestion_rows_build``): proposed first, then by rank."""
    suggestions = list(suggestions_for_review(need=need, filters=filters).select_related("candidate__platform"))
    return suggestion_rows_build(need=need, user=user, suggestions=suggestions, presentations=presentations)


@dataclass(frozen=True)
class SuggestionPage:
    page: Page
    rows: list[SuggestionRow]


def suggestion_page_for_review(
    *,
    need: StaffingNeed,
    user: User,
    filters: SuggestionFilters,
    presentations: list[Presentation],
    page_number: object = 1,
    per_page: int = SUGGESTIONS_PER_PAGE,
    waves: dict[int, date] | None = None,
) -> SuggestionPage:
    """One page of the need's suggestions as rows, proposed first then by rank; a page number out of range gives
    the last page. The same number of queries whatever the number of suggestions (a count, the page, and the
    rows' own reads)."""
    suggestions = suggestions_for_review(need=need, filters=filters).select_related("candidate__platform")
    page = Paginator(suggestions, per_page).get_page(page_number)
    rows = suggestion_rows_build(
        need=need, user=user, suggestions=list(page.object_list), presentations=presentations, waves=waves
    )
    return SuggestionPage(page=page, rows=rows)


def suggestion_for_review(*, need: StaffingNeed, user: User, candidate_id: int) -> MatchSuggestion:
    """The suggestion of that candidate for that need; not found when the candidate is not suggested for it or the
    user may not work them."""
    suggestions = workable_by_staff(MatchSuggestion.objects.filter(need=need), user)
    return get_object_or_404(suggestions.select_related("candidate"), candidate_id=candidate_id)


def suggestion_card_for_review(*, need: StaffingNeed, suggestion_id: int) -> MatchSuggestion:
    """A suggestion of that need, whoever its candidate belongs to: what a hand-off request names. Not found when it
    is another need's (or was replaced by a newer run)."""
    return get_object_or_404(MatchSuggestion.objects.select_related("candidate"), need=need, pk=suggestion_id)


def presentation_for_review(*, need: StaffingNeed, user: User, presentation_id: int) -> Presentation:
    """A presentation of that need the user may work; any other is not found."""
    return get_object_or_404(_presentations(need=need, user=user).select_related("candidate"), pk=presentation_id)


def presentations_for_review(*, need: StaffingNeed, user: User, presentation_ids: list[str]) -> list[Presentation]:
    """The presentations of that need with these ids, in order; not found when any id is not one the user may
    work."""
    try:
        ids = sorted({int(value) for value in presentation_ids})
    except ValueError as error:
        raise Http404 from error
    found = list(_presentations(need=need, user=user).filter(pk__in=ids).order_by("pk"))
    if len(found) != len(ids):
        raise Http404
    return found

"""The figures of ``manage.py outcome_report``: how well the current proposals cover the openings, and how fast.

Every function reads the current data in a fixed number of queries, whatever the number of needs or candidates,
and returns counts only: no name, no candidate id, nothing that points at a person.

- ``coverage_by_wave``: for each open need, each open wave (or the one implicit wave of a need without waves), its
  openings left, its proposals, and the target of k proposals per opening (``MATCHING_PROPOSALS_PER_OPENING``);
  ``coverage_total`` sums the rows, counting a wave's proposals only up to its target;
- ``proposals_per_candidate``: how many presentable people hold 0, 1, 2… proposals;
- ``days_to_first_proposal``: from a need's publication to its first proposal or presentation;
- ``needs_short_of_suggestions``: open needs with fewer than five suggestions, and the requirement that holds each
  back most (the largest of its near misses, worded by ``matching.reasons``).
"""

import datetime
import math
import statistics
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef

from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import NeedStatus, WaveStatus
from employers.models import NeedStatusChange, RecruitingWave, StaffingNeed
from matching.models import MatchSuggestion, Presentation
from matching.reasons import RequirementLabels, near_miss_count_text, requirement_labels_load

# A need of this headcount or more is mass hiring (docs: "Mass hiring").
MASS_HIRING_HEADCOUNT = 20
# A need with fewer suggestions than this is listed with what holds it back.
FEW_SUGGESTIONS = 5


@dataclass(frozen=True)
class WaveCoverage:
    """One wave of an open need: its openings left, its proposals and the target of k proposals per opening.

    ``wave_starts_on`` is the wave's date, or the need's start date for its implicit wave (``is_implicit``: the
    seats no wave plans, all of them for a need without waves); a need gets a row without a date for the proposals
    that name none of its open waves (proposed for a wave since filled or closed): no opening, no target.
    """

    need_id: int
    title: str
    headcount: int
    wave_starts_on: datetime.date | None
    is_implicit: bool
    openings_left: int
    proposals: int
    target: int

    @property
    def covered(self) -> int:
        """The proposals that count towards the target: a wave proposed beyond it covers no other."""
        return min(self.proposals, self.target)

    @property
    def share(self) -> float | None:
        return self.covered / self.target if self.target else None


@dataclass(frozen=True)
class CoverageTotal:
    waves: int
    openings_left: int
    proposals: int
    target: int
    covered: int

    @property
    def share(self) -> float | None:
        return self.covered / self.target if self.target else None


def coverage_by_wave(*, per_opening: int | None = None) -> list[WaveCoverage]:
    """The coverage of every open wave of every open need, need by need, waves in date order (three queries).

    As the allocation sees them (``matching.selectors.wave_specs``): a filled or closed wave takes no proposal, and
    the seats no wave plans form the need's implicit wave, at its start date, whose proposals name no wave.
    """
    k = settings.MATCHING_PROPOSALS_PER_OPENING if per_opening is None else per_opening
    needs = (
        StaffingNeed.objects.filter(status=NeedStatus.OPEN)
        .order_by("pk")
        .values_list("pk", "title", "headcount", "hires_count", "start_date")
    )
    waves: dict[int, list[tuple[int, datetime.date, int, int, str]]] = {}
    for wave_id, need_id, *wave in (
        RecruitingWave.objects.filter(need__status=NeedStatus.OPEN)
        .order_by("need_id", "starts_on", "pk")
        .values_list("pk", "need_id", "starts_on", "hires_planned", "hires_count", "status")
    ):
        waves.setdefault(need_id, []).append((wave_id, *wave))
    proposals: dict[int, Counter[int | None]] = {}
    for need_id, wave_id, count in (
        MatchSuggestion.objects.filter(is_proposed=True, need__status=NeedStatus.OPEN)
        .values("need_id", "proposed_wave_id")
        .annotate(count=Count("pk"))
        .values_list("need_id", "proposed_wave_id", "count")
    ):
        proposals.setdefault(need_id, Counter())[wave_id] = count
    rows = []
    for need_id, title, headcount, hires, start_date in needs:
        by_wave = proposals.get(need_id, Counter())
        need_waves = waves.get(need_id, [])
        listed = []
        for wave_id, starts_on, planned, hired, status in need_waves:
            if status == WaveStatus.OPEN:
                listed.append((starts_on, False, max(planned - hired, 0), by_wave.pop(wave_id, 0)))
        planned_in_waves = sum(wave[2] for wave in need_waves)
        unplanned_left = (headcount - planned_in_waves) - (hires - sum(wave[3] for wave in need_waves))
        if not need_waves or unplanned_left > 0:
            listed.append((start_date, True, max(unplanned_left, 0), by_wave.pop(None, 0)))
        for starts_on, is_implicit, openings, counted in sorted(listed, key=lambda wave: wave[0]):
            rows.append(
                WaveCoverage(need_id, title, headcount, starts_on, is_implicit, openings, counted, k * openings)
            )
        if by_wave.total():
            rows.append(WaveCoverage(need_id, title, headcount, None, False, 0, by_wave.total(), 0))
    return rows


def coverage_total(rows: list[WaveCoverage], *, min_headcount: int = 0) -> CoverageTotal:
    """The sum of the rows of needs of ``min_headcount`` or more; a wave counts its proposals up to its target."""
    kept = [row for row in rows if row.headcount >= min_headcount]
    return CoverageTotal(
        waves=sum(1 for row in kept if row.wave_starts_on is not None),
        openings_left=sum(row.openings_left for row in kept),
        proposals=sum(row.proposals for row in kept),
        target=sum(row.target for row in kept),
        covered=sum(row.covered for row in kept),
    )


@dataclass(frozen=True)
class ProposalSpread:
    """How many people hold each number of proposals (0 for the presentable people holding none)."""

    people_by_proposals: dict[int, int]

    @property
    def max_observed(self) -> int:
        return max((p for p, people in self.people_by_proposals.items() if people), default=0)


def proposals_per_candidate() -> ProposalSpread:
    """The distribution of proposals to open needs per person (two queries).

    People with no proposal are the presentable ones (active, consenting to be presented) who hold none.
    """
    proposed = MatchSuggestion.objects.filter(is_proposed=True, need__status=NeedStatus.OPEN)
    counts = Counter(
        proposed.values("candidate_id").annotate(count=Count("pk")).order_by().values_list("count", flat=True)
    )
    counts[0] = (
        Candidate.objects.filter(status=CandidateStatus.ACTIVE, consents_to_presentation=True)
        .exclude(Exists(proposed.filter(candidate_id=OuterRef("pk"))))
        .count()
    )
    return ProposalSpread(dict(sorted(counts.items())))


@dataclass(frozen=True)
class DelaySummary:
    needs: int
    median_days: float | None
    p90_days: float | None


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at or above ``share`` of the sorted values."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def days_to_first_proposal() -> DelaySummary:
    """Days from a need's publication to its first proposal, over the needs that have both (three queries).

    Publication is the need's first change to "open"; the first proposal is the earliest ``computed_at`` of its
    proposed suggestions, or its first presentation when that came earlier (a person shortlisted by hand). A first
    proposal before the publication (a presentation on a draft) counts as the day of publication.
    """
    published = dict(
        NeedStatusChange.objects.filter(to_status=NeedStatus.OPEN)
        .values("need_id")
        .annotate(at=Min("changed_at"))
        .values_list("need_id", "at")
    )
    proposed = dict(
        MatchSuggestion.objects.filter(is_proposed=True)
        .values("need_id")
        .annotate(at=Min("computed_at"))
        .values_list("need_id", "at")
    )
    presented = dict(
        Presentation.objects.values("need_id").annotate(at=Min("created_at")).order_by().values_list("need_id", "at")
    )
    days = []
    for need_id, published_at in published.items():
        firsts = [at for at in (proposed.get(need_id), presented.get(need_id)) if at is not None]
        if firsts:
            days.append(max((min(firsts) - published_at).total_seconds(), 0) / 86400)
    if not days:
        return DelaySummary(0, None, None)
    return DelaySummary(len(days), statistics.median(days), percentile(days, 0.9))


@dataclass(frozen=True)
class ShortNeed:
    need_id: int
    title: str
    commune: str
    suggestions: int
    limit: str  # the near miss that holds it back most, in words; empty when no sourcing check names one


def needs_short_of_suggestions(*, fewer_than: int = FEW_SUGGESTIONS) -> list[ShortNeed]:
    """Open needs with fewer than ``fewer_than`` suggestions, fewest first, each with its largest near miss.

    One query for the needs, then one per kind of referential item the near misses name (skills, certifications,
    languages): four at most.
    """
    needs = list(
        StaffingNeed.objects.filter(status=NeedStatus.OPEN)
        .annotate(suggestion_count=Count("suggestions"))
        .filter(suggestion_count__lt=fewer_than)
        .select_related("site__commune", "sourcing")
        .order_by("suggestion_count", "pk")
    )
    largest = {}
    for need in needs:
        misses = getattr(getattr(need, "sourcing", None), "near_misses", None)
        if misses:
            largest[need.pk] = max(misses, key=lambda miss: miss["count"])
    labels = requirement_labels_load((miss["requirement"], miss["id"]) for miss in largest.values())
    return [
        ShortNeed(
            need.pk,
            need.title,
            need.site.commune.name,
            need.suggestion_count,
            _limit_words(need, largest.get(need.pk), labels),
        )
        for need in needs
    ]


def _limit_words(need: StaffingNeed, miss: dict | None, labels: RequirementLabels) -> str:
    if miss is None:
        return ""
    return near_miss_count_text(
        code=miss["requirement"], item_id=miss["id"], count=miss["count"], need=need, labels=labels
    )

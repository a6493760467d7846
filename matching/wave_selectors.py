"""Reads of a need's waves: which wave a person can be put forward for, the pool, and each wave's progress.

The rule of a decline's scope, written once here for the workflow and the pages (the matching runs read the same
rule in ``matching.selectors.need_spec_build``):

- an end "not for this job" (``decline_scope`` need) of a decline (not hired, declined by the employer or by the
  candidate) rules the person out of the whole need;
- an end "not for this wave" (``decline_scope`` wave, any end) rules them out of that wave and of every wave that
  starts on or before it; they stay eligible for the later waves, and are in the need's pool until they are put
  forward again.

Seats no wave plans form the need's implicit wave: it starts at the need's start date and has no row.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce

from accounts.models import User
from candidates.models import Candidate
from employers.enums import WaveStatus
from employers.models import RecruitingWave, StaffingNeed
from matching.access import workable_by_staff
from matching.enums import DeclineScope, PresentationStatus
from matching.models import MatchSuggestion, Presentation

Status = PresentationStatus
# Ends that rule a person out of the whole need.
RULED_OUT_OF_NEED = Q(status__in=Status.declined()) & ~Q(decline_scope=DeclineScope.WAVE)
# Ends that rule a person out of one wave and the earlier ones only.
RULED_OUT_OF_WAVE = Q(decline_scope=DeclineScope.WAVE)


def ruled_out_until(*, need: StaffingNeed, candidate_id: int) -> datetime.date | None:
    """The start of the latest wave of ``need`` the person was ruled out of: they may make only later waves."""
    return Presentation.objects.filter(RULED_OUT_OF_WAVE, need=need, candidate_id=candidate_id).aggregate(
        until=Max("wave__starts_on")
    )["until"]


def wave_is_eligible(wave: RecruitingWave, *, ruled_out_until: datetime.date | None) -> bool:
    """An open wave with a seat left, later than every wave the person was ruled out of."""
    return (
        wave.status == WaveStatus.OPEN
        and wave.openings_left > 0
        and (ruled_out_until is None or wave.starts_on > ruled_out_until)
    )


def unplanned_openings_left(need: StaffingNeed, waves: list[RecruitingWave]) -> int:
    """The seats of the implicit wave (no wave plans them) not hired yet."""
    planned = sum(wave.hires_planned for wave in waves)
    hired_in_waves = sum(wave.hires_count for wave in waves)
    return (need.headcount - planned) - (need.hires_count - hired_in_waves)


@dataclass(frozen=True)
class WaveChoice:
    """The wave a new presentation is for: a row, or none (the implicit wave); ``is_possible`` false: no wave fits."""

    wave: RecruitingWave | None
    is_possible: bool = True


def wave_for_shortlist(*, need: StaffingNeed, candidate: Candidate) -> WaveChoice:
    """The wave a person shortlisted for ``need`` is put forward for.

    The suggestion's proposed wave, else the first wave it says they can make, else the earliest wave starting on
    or after the person's availability; each only while eligible (``wave_is_eligible``). A need without waves has
    none (its one implicit wave); when no wave fits, the implicit wave if it has a seat left and the person was not
    ruled out of a wave starting on or after it, else no choice.
    """
    waves = list(RecruitingWave.objects.filter(need=need).order_by("starts_on", "pk"))
    if not waves:
        return WaveChoice(wave=None)
    until = ruled_out_until(need=need, candidate_id=candidate.pk)
    by_id = {wave.pk: wave for wave in waves}
    suggestion = (
        MatchSuggestion.objects.filter(need=need, candidate=candidate)
        .values("proposed_wave_id", "first_wave_id")
        .first()
    )
    if suggestion is not None:
        for wave_id in (suggestion["proposed_wave_id"], suggestion["first_wave_id"]):
            if wave_id in by_id and wave_is_eligible(by_id[wave_id], ruled_out_until=until):
                return WaveChoice(wave=by_id[wave_id])
    for wave in waves:
        if wave.starts_on >= candidate.available_from and wave_is_eligible(wave, ruled_out_until=until):
            return WaveChoice(wave=wave)
    # The implicit wave starts at the need's start date: a person ruled out of a wave on or after it is out of it too.
    if unplanned_openings_left(need, waves) > 0 and (until is None or need.start_date > until):
        return WaveChoice(wave=None)
    return WaveChoice(wave=None, is_possible=False)


# The pool.


@dataclass(frozen=True)
class PoolEntry:
    """A person kept for a later wave of the need: the wave they were kept from, when, why, and who they are."""

    presentation: Presentation
    candidate: Candidate
    kept_from: datetime.date
    reason: str
    ended_at: datetime.datetime | None


def pool_for_need(*, need: StaffingNeed, user: User) -> list[PoolEntry]:
    """The need's pool: people whose last presentation for the need ended "not for this wave", with no presentation
    since (so none active), among those the user may work (``matching.access``), in the order they were kept.

    Two queries whatever the pool's size. Names are personal data: the callers log them as viewed; the employer's
    pages never read this.
    """
    later = Presentation.objects.filter(need=OuterRef("need"), candidate=OuterRef("candidate"), pk__gt=OuterRef("pk"))
    active = Presentation.objects.filter(
        need=OuterRef("need"), candidate=OuterRef("candidate"), status__in=Status.active()
    )
    kept = (
        workable_by_staff(Presentation.objects.filter(RULED_OUT_OF_WAVE, need=need), user)
        .filter(~Exists(later), ~Exists(active))
        .select_related("candidate", "wave")
        .order_by("closed_at", "pk")
    )
    return [
        PoolEntry(
            presentation=presentation,
            candidate=presentation.candidate,
            kept_from=presentation.wave.starts_on,
            reason=presentation.reason,
            ended_at=presentation.closed_at,
        )
        for presentation in kept
    ]


# Progress per wave.


@dataclass(frozen=True)
class WaveProgress:
    """Figures of one wave (``wave_id`` none: the implicit wave); counts only, never a person."""

    wave_id: int | None
    starts_on: datetime.date
    headcount: int
    status: str
    openings_left: int
    proposed: int
    presented: int
    in_training: int
    hired: int

    @property
    def is_implicit(self) -> bool:
        return self.wave_id is None

    @property
    def status_label(self) -> str:
        return str(WaveStatus(self.status).label)


def wave_progress_for_need(need: StaffingNeed) -> list[WaveProgress]:
    """Each wave of the need in date order, and the implicit wave when the need has no waves or seats outside them.

    Proposed: the suggestions the allocation proposes for the wave; presented: its presentations presented or
    later; in training: those in a pre-hiring cohort; hired: the wave's hires. Three queries whatever the number of
    waves. Access is the caller's: these are figures, which the employer sees too.
    """
    waves = list(RecruitingWave.objects.filter(need=need).order_by("starts_on", "pk"))
    proposed = dict(
        MatchSuggestion.objects.filter(need=need, is_proposed=True)
        .values("proposed_wave_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("proposed_wave_id", "count")
    )
    counts = {
        row["wave_id"]: row
        for row in Presentation.objects.filter(need=need)
        .values("wave_id")
        .annotate(
            presented=Coalesce(Count("pk", filter=Q(status__in=Status.presented_or_later())), 0),
            in_training=Coalesce(Count("pk", filter=Q(status=Status.IN_TRAINING)), 0),
        )
        .order_by()
    }
    empty = {"presented": 0, "in_training": 0}
    progress = [
        WaveProgress(
            wave_id=wave.pk,
            starts_on=wave.starts_on,
            headcount=wave.hires_planned,
            status=wave.status,
            openings_left=max(wave.openings_left, 0),
            proposed=proposed.get(wave.pk, 0),
            presented=counts.get(wave.pk, empty)["presented"],
            in_training=counts.get(wave.pk, empty)["in_training"],
            hired=wave.hires_count,
        )
        for wave in waves
    ]
    headcount = need.headcount - sum(wave.hires_planned for wave in waves)
    if not waves or headcount > 0:
        hired = need.hires_count - sum(wave.hires_count for wave in waves)
        left = max(headcount - hired, 0)
        progress.append(
            WaveProgress(
                wave_id=None,
                starts_on=need.start_date,
                headcount=headcount,
                status=WaveStatus.OPEN if left else WaveStatus.FILLED,
                openings_left=left,
                proposed=proposed.get(None, 0),
                presented=counts.get(None, empty)["presented"],
                in_training=counts.get(None, empty)["in_training"],
                hired=hired,
            )
        )
    return sorted(progress, key=lambda row: (row.starts_on, row.wave_id is not None, row.wave_id or 0))

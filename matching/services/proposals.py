"""Proposals: which suggestions are put forward, so that large needs are covered and no one is proposed everywhere.

Each wave of a need may receive k proposals per opening left, each candidate at most p active proposals, and at
most one per need whatever the wave. Positive-action quotas configured by staff reserve a share of each wave's
proposals for a priority group. Of all the work that computes suggestions and proposals, this is the only place
that reads a sensitive situation, and it never changes a score (the engine and its column loader never see one).
Staff pages, the dashboard's suppressed figures and the personal-data export read them elsewhere, never for
matching.

Allocation works on every eligible pair of the needs it decides, held in memory from their scoring, and returns
the optimum over all of them (``matching.engine.allocation.allocate_waves``); a need stores only its best
suggestions, so a chosen pair ranked beyond them is stored with the proposals. The previous proposals are passed as
kept: one is withdrawn only when a strictly better total requires it (ADR 0008).
"""

import json
import logging
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from candidates.models import SensitiveSituation
from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.engine.allocation import (
    REASON_POSITIVE_ACTION,
    AllocationWave,
    Caps,
    ListsTooShort,
    NeedCandidates,
    WaveAllocation,
    allocate_waves,
    proposal_slots,
)
from matching.engine.allocation_lists import complete_list
from matching.engine.columns import CandidateColumns, NeedSpec, effective_waves, positions_of
from matching.engine.config import SCORING
from matching.engine.scoring import NeedScores, score_need
from matching.models import MatchSuggestion, PositiveActionQuota
from matching.selectors import need_spec_build, needs_for_matching
from matching.services.suggestions import suggestion_rows, suggestions_depth, suggestions_with_reasons, tie_secret

logger = logging.getLogger(__name__)

# Reasons the allocation's caller adds to the engine's (matching.engine.allocation) codes.
REASON_KEPT = "kept"
REASON_DECLINED_FOR_WAVE = "declined_for_wave"


def allocation_list_depth(spec: NeedSpec) -> int:
    """How many of a need's best pairs a full refresh keeps for the allocation (``MATCHING_ALLOCATION_LIST_MARGIN``
    times its suggestions): the allocation needs a need's pairs beyond them only when others took its best."""
    return settings.MATCHING_ALLOCATION_LIST_MARGIN * suggestions_depth(spec)


@transaction.atomic
def proposals_allocate(
    *,
    need_ids: list[int] | None,
    columns: CandidateColumns,
    scored: Mapping[int, tuple[NeedSpec, NeedScores]] | None = None,
    lists: Mapping[int, NeedCandidates] | None = None,
    specs: Mapping[int, NeedSpec] | None = None,
) -> int:
    """Decide the proposals of the given open needs (all open needs when ``None``); return how many were chosen.

    ``scored`` holds needs already scored in full (no limit) by the caller; ``lists`` needs whose best pairs the
    caller kept (``allocation_lists.shortened_list``: a full refresh's shards), ``specs`` the specifications they
    were scored from. The others are scored here against ``columns``, and so is a listed need that changed since its
    list was kept (its specification read now differs) or whose list cannot prove the optimum. With a subset, the
    proposals each candidate holds on other needs count against their limit.
    """
    work = _AllocationWork(columns, scored or {}, lists or {}, specs or {}, need_ids)
    if not work.specs:
        return 0
    # Rows are locked in need order before they are rewritten: two allocations of overlapping needs take turns.
    StaffingNeed.objects.select_for_update(no_key=True).filter(pk__in=list(work.specs)).order_by("pk").values_list(
        "pk"
    )
    quotas = {quota.need_id: quota for quota in PositiveActionQuota.objects.filter(need_id__in=list(work.specs))}
    waves = [
        wave for need_id in sorted(work.specs) for wave in _allocation_waves(work.specs[need_id], quotas.get(need_id))
    ]
    kept = set(
        MatchSuggestion.objects.filter(need_id__in=list(work.specs), is_proposed=True).values_list(
            "need_id", "candidate_id"
        )
    )
    # A proposal made since a need's list was kept, ranked beyond it, must be weighed: that need is listed in full.
    work.list_in_full({need_id for need_id, candidate_id in kept if not work.lists_candidate(need_id, candidate_id)})
    depth = {need_id: suggestions_depth(spec) for need_id, spec in work.specs.items()}
    caps = _remaining_caps(set(work.specs), whole=need_ids is None)
    while True:
        members = _quota_members(work.candidates, quotas)
        candidates = [
            replace(entry, in_quota_group=np.isin(entry.candidate_ids, members[need]) if need in members else None)
            for need, entry in sorted(work.candidates.items())
        ]
        try:
            allocation = allocate_waves(
                needs=candidates,
                waves=waves,
                max_proposals_per_candidate=caps,
                kept=kept,
                start_depth=depth,
                reason_depth=depth,
            )
        except ListsTooShort as short:
            work.list_in_full(set(short.need_ids))
            continue
        break
    if lists:
        logger.info(
            "Allocation of %s needs: %s of them scored again in full, their kept pairs too few to prove it",
            len(work.specs),
            len(work.scored_again),
        )
    _store(work, allocation, kept, {need_id: quota.group for need_id, quota in quotas.items()})
    return len(allocation.pairs)


class _AllocationWork:
    """The needs an allocation decides: their specifications, the pairs it weighs, and their full scores, computed
    when a need is listed in full or when a chosen pair needs the explanation of its score to be stored."""

    def __init__(
        self,
        columns: CandidateColumns,
        scored: Mapping[int, tuple[NeedSpec, NeedScores]],
        lists: Mapping[int, NeedCandidates],
        specs: Mapping[int, NeedSpec],
        need_ids: list[int] | None,
    ) -> None:
        self.columns = columns
        self.secret = tie_secret()
        self.full: dict[int, NeedScores] = {need_id: scores for need_id, (_, scores) in scored.items()}
        self.specs: dict[int, NeedSpec] = {need_id: spec for need_id, (spec, _) in scored.items()}
        # Only the needs the caller has not scored are read (a need's reading brings its waves, skills and the
        # rest); a listed need is read again, since it may have changed since its list was kept.
        unscored = None if need_ids is None else [need_id for need_id in need_ids if need_id not in scored]
        if unscored is None or unscored:
            for need in needs_for_matching(unscored).order_by("pk"):
                if need.pk not in self.specs:  # all open needs were asked for: some the caller scored
                    self.specs[need.pk] = need_spec_build(need)
        open_ids = set(
            StaffingNeed.objects.filter(pk__in=list(self.specs), status=NeedStatus.OPEN).values_list("pk", flat=True)
        )
        self.specs = {need_id: spec for need_id, spec in self.specs.items() if need_id in open_ids}
        self.candidates: dict[int, NeedCandidates] = {}
        for need_id, spec in self.specs.items():
            if need_id in self.full:
                self.candidates[need_id] = complete_list(self.full[need_id])
            elif need_id in lists and specs.get(need_id) == spec:
                self.candidates[need_id] = _still_presentable(lists[need_id], columns)
            else:
                # Not listed, or changed since its list was kept (a decline, a wave, a hire): scored as it is now.
                self.candidates[need_id] = complete_list(self.scores(need_id))
        self._listed: dict[int, set[int]] = {}
        self.scored_again: set[int] = set()

    def scores(self, need_id: int) -> NeedScores:
        if need_id not in self.full:
            self.full[need_id] = score_need(self.columns, self.specs[need_id], SCORING, tie_secret=self.secret)
        return self.full[need_id]

    def lists_candidate(self, need_id: int, candidate_id: int) -> bool:
        """Whether the need's pairs as weighed hold the candidate, or need not (its list is complete)."""
        entry = self.candidates.get(need_id)
        if entry is None or entry.left_out_score is None:
            return True
        if need_id not in self._listed:
            self._listed[need_id] = set(entry.candidate_ids.tolist())
        return candidate_id in self._listed[need_id]

    def list_in_full(self, need_ids: set[int]) -> None:
        for need_id in need_ids & set(self.candidates):
            self.candidates[need_id] = complete_list(self.scores(need_id))
            self._listed.pop(need_id, None)
            self.scored_again.add(need_id)


def _still_presentable(entry: NeedCandidates, columns: CandidateColumns) -> NeedCandidates:
    """A kept list without the people no longer presentable in the current columns (fewer pairs: its bound on the
    pairs left out still holds)."""
    at = positions_of(columns.ids, entry.candidate_ids)
    keep = at >= 0
    keep[keep] = columns.is_presentable[at[keep]]
    if bool(keep.all()):
        return entry
    return replace(
        entry,
        candidate_ids=entry.candidate_ids[keep],
        scores=entry.scores[keep],
        first_wave=entry.first_wave[keep],
        tie_keys=entry.tie_keys[keep],
    )


def _allocation_waves(spec: NeedSpec, quota: PositiveActionQuota | None) -> list[AllocationWave]:
    waves = []
    for wave in effective_waves(spec):
        slots = proposal_slots(wave.openings_left, settings.MATCHING_PROPOSALS_PER_OPENING)
        reserved = min(slots, math.ceil(slots * quota.share_percent / 100)) if quota else 0
        waves.append(AllocationWave(need_id=spec.need_id, wave_id=wave.wave_id, slots=slots, reserved_slots=reserved))
    return waves


def _remaining_caps(allocated: set[int], *, whole: bool) -> Caps:
    """Each eligible candidate's limit, less the proposals they hold on open needs outside this allocation (the needs
    ``allocated``).

    One cap for all when every open need is allocated (their candidates are then not even gathered). Otherwise a
    function the engine asks for the candidates of the pairs it weighs, a few thousand at most, read when first
    asked: a large need's eligible candidates are a hundred thousand at a region's size, and reading what they all
    hold took half a second of a one-need run at 1,000,000 candidates.
    """
    limit = settings.MATCHING_MAX_PROPOSALS_PER_CANDIDATE
    if whole:
        return limit
    known: dict[int, int] = {}

    def caps(candidate_ids: npt.NDArray[np.int64]) -> list[int]:
        unknown = np.array([c for c in candidate_ids.tolist() if c not in known], dtype=np.int64)
        if len(unknown):
            held = _held_elsewhere(unknown, allocated)
            known.update({c: max(limit - held.get(c, 0), 0) for c in unknown.tolist()})
        return [known[c] for c in candidate_ids.tolist()]

    return caps


def _held_elsewhere(candidate_ids: npt.NDArray[np.int64], need_ids: set[int]) -> dict[int, int]:
    """How many proposals each of these candidates holds on open needs other than ``need_ids``; those who hold
    none are absent.

    Read through the proposals' partial index, in no order (the suggestions' default order sorted every proposal
    found first). On PostgreSQL the ids are one array parameter: written one by one, 4,400 of them took 195 ms to
    send and plan, against 35 ms (docs/benchmarks.md, "Measured costs behind the code").
    """
    ids = candidate_ids.tolist()
    asked = RawSQL("SELECT unnest(%s::bigint[])", [ids]) if connection.vendor == "postgresql" else ids
    held = (
        MatchSuggestion.objects.filter(is_proposed=True, candidate_id__in=asked, need__status=NeedStatus.OPEN)
        .exclude(need_id__in=need_ids)
        .order_by()
    )
    holding = np.array(list(held.values_list("candidate_id", flat=True)), dtype=np.int64)
    holders, counts = np.unique(holding, return_counts=True)
    return dict(zip(holders.tolist(), counts.tolist(), strict=True))


def _quota_members(
    candidates: Mapping[int, NeedCandidates], quotas: Mapping[int, PositiveActionQuota]
) -> dict[int, list[int]]:
    """For each need with a quota, its eligible candidates in the quota's group. Read for allocation only."""
    members: dict[int, list[int]] = {}
    for group in {quota.group for quota in quotas.values()}:
        need_ids = [need_id for need_id, quota in quotas.items() if quota.group == group]
        concerned = {int(c) for need_id in need_ids for c in candidates[need_id].candidate_ids}
        in_group = set(
            SensitiveSituation.objects.filter(candidate_id__in=concerned, **{group: True}).values_list(
                "candidate_id", flat=True
            )
        )
        for need_id in need_ids:
            members[need_id] = [int(c) for c in candidates[need_id].candidate_ids if int(c) in in_group]
    return members


# A suggestion's allocation fields as written: (id, proposed, proposed wave id or None, reasons).
Flags = tuple[int, bool, int | None, list[dict[str, int | str]]]


def _store(
    work: _AllocationWork,
    allocation: WaveAllocation,
    kept: set[tuple[int, int]],
    groups: Mapping[int, str],
) -> None:
    """Write the proposals, their waves and every stored suggestion's reasons; store chosen pairs ranked too low.

    Rows are read as tuples, not model instances: a thousand needs hold tens of thousands of suggestions.
    """
    chosen = {(need_id, candidate_id): wave_id for need_id, candidate_id, wave_id in allocation.pairs}
    stored: dict[tuple[int, int], Flags] = {
        (need_id, candidate_id): (pk, proposed, wave_id, reasons)
        for pk, need_id, candidate_id, proposed, wave_id, reasons in suggestions_with_reasons(
            MatchSuggestion.objects.filter(need_id__in=list(work.specs)),
            *("pk", "need_id", "candidate_id", "is_proposed", "proposed_wave_id"),
        )
    }
    missing = defaultdict(list)
    for need_id, candidate_id in chosen:
        if (need_id, candidate_id) not in stored:
            missing[need_id].append(candidate_id)
    now = timezone.now()
    for need_id, candidate_ids in missing.items():
        # Scored as they are now: someone chosen from a kept list who is no longer eligible is not proposed.
        scores = work.scores(need_id)
        eligible = set(scores.candidate_ids.tolist())
        rows = suggestion_rows(
            spec=work.specs[need_id],
            scores=scores,
            candidate_ids=[candidate_id for candidate_id in candidate_ids if candidate_id in eligible],
            computed_at=now,
            config=SCORING,
        )
        for row in MatchSuggestion.objects.bulk_create(rows):
            stored[(need_id, row.candidate_id)] = (row.pk, False, None, [])
    changed: list[Flags] = []
    for (need_id, candidate_id), (pk, *before) in stored.items():
        wave_id = chosen.get((need_id, candidate_id))
        is_proposed = wave_id is not None
        reasons = _reasons(
            code_and_value=allocation.reasons.get((need_id, candidate_id)),
            spec=work.specs[need_id],
            candidate_id=candidate_id,
            is_kept=is_proposed and (need_id, candidate_id) in kept,
            group=groups.get(need_id, ""),
        )
        after = (is_proposed, wave_id or None, reasons)
        if tuple(before) != after:
            changed.append((pk, *after))
    _flags_write(changed)


def _flags_write(rows: list[Flags]) -> None:
    """Write the proposal flags, waves and reasons of many suggestions at once.

    On PostgreSQL one ``UPDATE … FROM jsonb_to_recordset(…)`` per ten thousand rows, the rows sent as one JSON
    document: ``bulk_update``'s CASE expressions took 45 s for the 44,000 suggestions of a thousand needs, arrays of
    parameters 0.6 s of quoting for 52,000 (docs/benchmarks.md).
    """
    if connection.vendor != "postgresql":
        instances = [
            MatchSuggestion(pk=pk, is_proposed=proposed, proposed_wave_id=wave_id, reasons=reasons)
            for pk, proposed, wave_id, reasons in rows
        ]
        MatchSuggestion.objects.bulk_update(instances, ["is_proposed", "proposed_wave", "reasons"], batch_size=500)
        return
    table = MatchSuggestion._meta.db_table
    values = "jsonb_to_recordset(%s::jsonb) AS v(id bigint, proposed boolean, wave bigint, reasons jsonb)"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            document = json.dumps(
                [
                    {"id": pk, "proposed": proposed, "wave": wave_id, "reasons": reasons}
                    for pk, proposed, wave_id, reasons in rows[start : start + 10_000]
                ]
            )
            cursor.execute(
                f"UPDATE {table} AS s SET is_proposed = v.proposed, proposed_wave_id = v.wave, "  # noqa: S608 (a model's table)
                f"reasons = v.reasons FROM {values} "
                "WHERE s.id = v.id",
                [document],
            )


def _reasons(
    *, code_and_value: tuple[str, int] | None, spec: NeedSpec, candidate_id: int, is_kept: bool, group: str
) -> list[dict[str, int | str]]:
    """The stored reasons of one suggestion: the allocation's, the waves the person was ruled out of, and whether a
    proposal was kept from the previous allocation. A positive-action reason names its group, for the staff allowed
    to see it (``matching.reasons`` decides)."""
    reasons: list[dict[str, int | str]] = []
    if code_and_value is not None:
        code, value = code_and_value
        reason: dict[str, int | str] = {"code": code, "value": int(value)}
        if code == REASON_POSITIVE_ACTION:
            reason["group"] = group
        reasons.append(reason)
    for wave in spec.waves:
        if candidate_id in wave.declined_candidates:
            reasons.append({"code": REASON_DECLINED_FOR_WAVE, "value": wave.wave_id})
    if is_kept:
        reasons.append({"code": REASON_KEPT, "value": 0})
    return reasons


def proposals_withdraw(*, need: StaffingNeed) -> int:
    """A need that is no longer open proposes no one: its candidates are free for other needs."""
    return MatchSuggestion.objects.filter(need=need, is_proposed=True).update(
        is_proposed=False, proposed_wave=None, reasons=[]
    )

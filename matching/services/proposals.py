"""Proposals: which suggestions are put forward, so that large needs are covered and no one is proposed everywhere.

Each need may receive k proposals per opening left, each candidate at most p
active proposals. Positive-action quotas configured by staff reserve a share
of a need's proposals for a priority group. Of all the work that computes suggestions and proposals, this is the
only place that reads a sensitive situation, and it never changes a score (the engine and its column loader never
see one). Staff pages, the dashboard's suppressed figures and the personal-data export read them elsewhere, never
for matching.
"""

import math
from collections import defaultdict

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F

from candidates.models import SensitiveSituation
from employers.enums import NeedStatus
from employers.models import StaffingNeed
from matching.engine.allocation import AllocationNeed, allocate, proposal_slots
from matching.models import MatchSuggestion, PositiveActionQuota


@transaction.atomic
def proposals_allocate(*, need_ids: list[int] | None) -> int:
    """Decide the proposals of the given open needs (all open needs when ``None``); return how many were chosen.

    With a subset, the proposals each candidate holds on other needs count against their limit.
    """
    open_needs = StaffingNeed.objects.filter(status=NeedStatus.OPEN)
    if need_ids is not None:
        open_needs = open_needs.filter(pk__in=need_ids)
    openings = dict(open_needs.annotate(left=F("headcount") - F("hires_count")).values_list("pk", "left"))
    if not openings:
        return 0
    pairs = list(MatchSuggestion.objects.filter(need_id__in=openings).values_list("need_id", "candidate_id", "score"))
    rows = np.array(pairs, dtype=np.int64).reshape(-1, 3)
    candidate_ids = {int(candidate) for candidate in np.unique(rows[:, 1])}
    quotas = {quota.need_id: quota for quota in PositiveActionQuota.objects.filter(need_id__in=openings)}
    allocation = allocate(
        need_ids=rows[:, 0],
        candidate_ids=rows[:, 1],
        scores=rows[:, 2],
        needs=[_allocation_need(pk, left, quotas.get(pk)) for pk, left in openings.items()],
        max_proposals_per_candidate=_remaining_caps(candidate_ids, openings, whole=need_ids is None),
        pair_in_quota_group=_pair_in_quota_group(rows, quotas),
    )
    MatchSuggestion.objects.filter(need_id__in=openings, is_proposed=True).update(is_proposed=False)
    chosen = defaultdict(list)
    for need_id, candidate_id in allocation.pairs:
        chosen[need_id].append(candidate_id)
    for need_id, chosen_candidates in chosen.items():
        MatchSuggestion.objects.filter(need_id=need_id, candidate_id__in=chosen_candidates).update(is_proposed=True)
    return len(allocation.pairs)


def _allocation_need(need_id: int, openings_left: int, quota: PositiveActionQuota | None) -> AllocationNeed:
    slots = proposal_slots(openings_left, settings.MATCHING_PROPOSALS_PER_OPENING)
    reserved = min(slots, math.ceil(slots * quota.share_percent / 100)) if quota else 0
    return AllocationNeed(need_id=need_id, slots=slots, reserved_slots=reserved)


def _remaining_caps(candidate_ids: set[int], needs: dict[int, int], *, whole: bool) -> dict[int, int]:
    """Each candidate's limit, less the proposals they hold on needs outside this allocation."""
    limit = settings.MATCHING_MAX_PROPOSALS_PER_CANDIDATE
    held: dict[int, int] = defaultdict(int)
    if not whole:
        elsewhere = MatchSuggestion.objects.filter(
            is_proposed=True, candidate_id__in=candidate_ids, need__status=NeedStatus.OPEN
        ).exclude(need_id__in=needs)
        for candidate_id in elsewhere.values_list("candidate_id", flat=True):
            held[candidate_id] += 1
    return {candidate_id: max(limit - held[candidate_id], 0) for candidate_id in candidate_ids}


def _pair_in_quota_group(rows: np.ndarray, quotas: dict[int, PositiveActionQuota]) -> np.ndarray:
    """For each pair, whether its candidate belongs to the group its need's quota names. Read for allocation only."""
    in_group = np.zeros(len(rows), dtype=np.bool_)
    for group in {quota.group for quota in quotas.values()}:
        need_ids = [need_id for need_id, quota in quotas.items() if quota.group == group]
        concerned = np.isin(rows[:, 0], need_ids)
        members = SensitiveSituation.objects.filter(
            candidate_id__in=set(rows[concerned, 1].tolist()), **{group: True}
        ).values_list("candidate_id", flat=True)
        in_group |= concerned & np.isin(rows[:, 1], list(members))
    return in_group


def proposals_withdraw(*, need: StaffingNeed) -> int:
    """A need that is no longer open proposes no one: its candidates are free for other needs."""
    return MatchSuggestion.objects.filter(need=need, is_proposed=True).update(is_proposed=False)

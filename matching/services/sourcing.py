"""Sourcing checks: how many people a need can reach, and who misses it by exactly one requirement.

Every run stores the check of the needs it scores; a draft asks for one before it is published (the employer's
step 4 and the staff page), computed by a worker from the same engine function, never inside the request.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from employers.models import StaffingNeed
from matching.engine.config import SCORING
from matching.engine.near_misses import NearMisses, near_misses
from matching.models import NearMiss, NeedSourcing
from matching.selectors import need_spec_build, needs_for_matching
from matching.services.suggestions import needs_lock, tie_secret
from matching.warm_columns import candidate_columns_current
from referentials.copying import rows_copy

COMPUTE_TASK = "matching.tasks.need_sourcing_compute"


@dataclass(frozen=True)
class SourcingRecord:
    """What is stored of a need's sourcing check: the counts, and the near misses kept by name (their rows)."""

    need_id: int
    eligible_count: int
    eligible_thanks_to_training: int
    counts: list[dict[str, int | str]]
    named: list[tuple[int, str, int | None]]  # (candidate id, requirement, requirement id)


def sourcing_record(misses: NearMisses) -> SourcingRecord:
    """All are counted, and the first few of each requirement are kept by name
    (``MATCHING_NEAR_MISSES_PER_REQUIREMENT``), so that staff have people to call for every requirement without a
    refresh writing hundreds of thousands of rows."""
    named = misses.first_of_each_requirement(settings.MATCHING_NEAR_MISSES_PER_REQUIREMENT)
    return SourcingRecord(
        need_id=misses.need_id,
        eligible_count=misses.eligible_count,
        eligible_thanks_to_training=misses.eligible_thanks_to_training,
        counts=[{"requirement": code, "id": int(item), "count": int(count)} for code, item, count in misses.counts],
        named=[
            (candidate_id, misses.code_names[code], item or None)
            for candidate_id, code, item in zip(
                *(column[named].tolist() for column in (misses.candidate_ids, misses.codes, misses.items)),
                strict=True,
            )
        ],
    )


@transaction.atomic
def need_sourcing_store(*, need: StaffingNeed, misses: NearMisses) -> NeedSourcing:
    """Replace the need's sourcing check and its named near misses."""
    need_sourcing_store_many([sourcing_record(misses)])
    return NeedSourcing.objects.get(need=need)


@transaction.atomic
def need_sourcing_store_many(records: Iterable[SourcingRecord]) -> None:
    """Replace the sourcing checks and named near misses of several needs at once."""
    records = list(records)
    # Two stores of one need at once (a run's and a draft's check) would each delete, then insert the same rows.
    needs_lock([record.need_id for record in records])
    now = timezone.now()
    NeedSourcing.objects.bulk_create(
        [
            NeedSourcing(
                need_id=record.need_id,
                eligible_count=record.eligible_count,
                eligible_thanks_to_training=record.eligible_thanks_to_training,
                near_misses=record.counts,
                computed_at=now,
            )
            for record in records
        ],
        update_conflicts=True,
        unique_fields=["need"],
        update_fields=["eligible_count", "eligible_thanks_to_training", "near_misses", "computed_at"],
    )
    # Only the needs whose people named changed are rewritten: from one refresh to the next most are the same, and
    # they are three rows in four of what a refresh writes (25 a requirement, 165 a need at 1,000,000 candidates).
    stored: dict[int, set[tuple[int, str, int | None]]] = defaultdict(set)
    for need_id, *named in NearMiss.objects.filter(need_id__in=[record.need_id for record in records]).values_list(
        "need_id", "candidate_id", "requirement", "requirement_id"
    ):
        stored[need_id].add(tuple(named))
    changed = [record for record in records if set(record.named) != stored[record.need_id]]
    NearMiss.objects.filter(need_id__in=[record.need_id for record in changed]).delete()
    rows_copy(
        NearMiss,
        ("need_id", "candidate_id", "requirement", "requirement_id"),
        ((record.need_id, *named) for record in changed for named in record.named),
    )


def need_sourcing_request(*, need: StaffingNeed, by: object | None = None) -> None:
    """Ask a worker for the need's sourcing check, once the current transaction commits (ids only in the task)."""
    need_id = need.pk
    transaction.on_commit(lambda: current_app.send_task(COMPUTE_TASK, args=[need_id]), robust=True)


def need_sourcing_compute(*, need_id: int) -> NeedSourcing | None:
    """Compute and store one need's sourcing check, whatever its status (a draft's before it is published)."""
    need = needs_for_matching([need_id], open_only=False).first()
    if need is None:
        return None
    misses = near_misses(
        candidate_columns_current(),
        need_spec_build(need),
        SCORING,
        tie_secret=tie_secret(),
        named=settings.MATCHING_NEAR_MISSES_PER_REQUIREMENT,
    )
    return need_sourcing_store(need=need, misses=misses)

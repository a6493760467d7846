"""Benchmark 6: how well a full refresh covers the openings of mass hiring with proposals, beside the optimum of
the same objective over every eligible pair, solved in the same run.

Data: the database ``tremplin_bench`` of ``refresh_bench.py`` (the demo scenario, ``seed_demo --candidates 100000
--seed 11``, created and seeded here too when missing): its contact centres hire in waves, some trained first in
POEC cohorts.

Figure: a full refresh (``match_run_request(scope=RunScope.ALL)``) on 2 real Celery workers, then the share of the
mass-hiring openings (open needs of 20 people or more) that receive their k proposals: for each open wave (and the
implicit wave of the seats no wave plans), ``min(proposals, k × openings left)``, summed, over ``k × openings left``
summed (``matching.outcome_report``, what ``manage.py outcome_report`` prints).

Baseline: the same objective (``matching.engine.allocation.allocate_waves``: the largest total score, k proposals
per opening of each wave, at most p per person and one per need) solved in this process over all eligible pairs:
every open need scored against every presentable candidate without a limit (``score_need``), every pair handed to
the allocation, no previous proposal kept. The refresh's proposals should reach the same total score; their
coverage may differ among allocations of equal total only.

Usage: ``.venv/bin/python bench/coverage_bench.py`` (about a minute once seeded).
"""

import sys
import time
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench import benchdb  # noqa: E402  (sets the benchmark's environment before Django starts)
from bench.benchtable import print_table  # noqa: E402
from bench.refresh_bench import refresh_with_workers  # noqa: E402

MASS_HIRING_HEADCOUNT = 20
# The refresh may pick another allocation of the same total score (it keeps earlier proposals on ties).
TOLERANCE_POINTS = 1.0


def optimum_over_all_pairs() -> dict[str, object]:
    """Score every open need in full and allocate over every pair, in this process; coverage as the report's."""
    from django.conf import settings

    from employers.models import StaffingNeed
    from matching.columns_loader import candidate_columns_load
    from matching.engine.allocation import AllocationWave, NeedCandidates, allocate_waves, proposal_slots
    from matching.engine.columns import effective_waves
    from matching.engine.config import SCORING
    from matching.engine.scoring import score_need
    from matching.selectors import need_spec_build, needs_for_matching
    from matching.services.suggestions import tie_secret

    k, p = settings.MATCHING_PROPOSALS_PER_OPENING, settings.MATCHING_MAX_PROPOSALS_PER_CANDIDATE
    started = time.perf_counter()
    columns = candidate_columns_load()
    specs = [need_spec_build(need) for need in needs_for_matching().order_by("pk")]
    secret = tie_secret()
    scored = [(spec, score_need(columns, spec, SCORING, tie_secret=secret)) for spec in specs]
    scoring_seconds = time.perf_counter() - started
    slots = {
        (spec.need_id, wave.wave_id): proposal_slots(wave.openings_left, k)
        for spec in specs
        for wave in effective_waves(spec)
    }
    mark = time.perf_counter()
    allocation = allocate_waves(
        needs=[
            NeedCandidates(
                need_id=spec.need_id,
                candidate_ids=scores.candidate_ids,
                scores=scores.scores,
                first_wave=scores.first_wave,
                tie_keys=scores.tie_keys,
            )
            for spec, scores in scored
        ],
        waves=[AllocationWave(need_id=need_id, wave_id=wave_id, slots=n) for (need_id, wave_id), n in slots.items()],
        max_proposals_per_candidate=p,
    )
    allocation_seconds = time.perf_counter() - mark
    headcounts = dict(
        StaffingNeed.objects.filter(pk__in=[spec.need_id for spec in specs]).values_list("pk", "headcount")
    )
    covered = {"mass": 0, "all": 0}
    target = {"mass": 0, "all": 0}
    for need_id, wave_id, proposals in allocation.proposals_per_wave:
        wanted = slots[(need_id, wave_id)]
        for scope in ("mass", "all") if headcounts[need_id] >= MASS_HIRING_HEADCOUNT else ("all",):
            covered[scope] += min(proposals, wanted)
            target[scope] += wanted
    return {
        "pairs": int(sum(len(scores) for _spec, scores in scored)),
        "needs": len(specs),
        "total_score": allocation.total_score,
        "proposals": len(allocation.pairs),
        "mass_share": covered["mass"] / target["mass"] if target["mass"] else float("nan"),
        "all_share": covered["all"] / target["all"] if target["all"] else float("nan"),
        "mass_target": target["mass"],
        "scoring_seconds": scoring_seconds,
        "allocation_seconds": allocation_seconds,
        "rounds": allocation.rounds,
        "pairs_considered": allocation.pairs_considered,
    }


def refresh_coverage() -> dict[str, object]:
    """The coverage and total score of the proposals the refresh stored (``matching.outcome_report``)."""
    from django.db.models import Sum

    from employers.enums import NeedStatus
    from matching.models import MatchSuggestion
    from matching.outcome_report import coverage_by_wave, coverage_total

    rows = coverage_by_wave()
    mass = coverage_total(rows, min_headcount=MASS_HIRING_HEADCOUNT)
    every = coverage_total(rows)
    proposed = MatchSuggestion.objects.filter(is_proposed=True, need__status=NeedStatus.OPEN)
    return {
        "mass_share": mass.share if mass.share is not None else float("nan"),
        "all_share": every.share if every.share is not None else float("nan"),
        "mass_target": mass.target,
        "mass_waves": sum(1 for row in rows if row.headcount >= MASS_HIRING_HEADCOUNT and row.target),
        "total_score": proposed.aggregate(total=Sum("score"))["total"] or 0,
        "proposals": proposed.count(),
    }


def _percent(share: float) -> str:
    return "—" if np.isnan(share) else f"{100 * share:.1f} %"


def _ratio(figure: float, baseline: float) -> str:
    return f"{figure / baseline:.4f}" if baseline and not np.isnan(baseline) else "—"


def main() -> None:
    started = time.perf_counter()
    print("data:")
    benchdb.data_ready()
    print("full refresh:")
    refresh = refresh_with_workers()
    figure = refresh_coverage()
    print("baseline: every open need scored without a limit, allocate_waves over every pair, in this process")
    baseline = optimum_over_all_pairs()

    gap_points = 100 * (baseline["mass_share"] - figure["mass_share"])
    rows = [
        (
            f"mass-hiring openings with their k proposals ({figure['mass_waves']} waves, "
            f"{figure['mass_target']:,} proposals wanted)",
            _percent(figure["mass_share"]),
            _percent(baseline["mass_share"]),
            _ratio(figure["mass_share"], baseline["mass_share"]),
            f"≥ baseline − {TOLERANCE_POINTS:.0f} pt {'PASS' if gap_points <= TOLERANCE_POINTS else 'FAIL'}",
        ),
        (
            "every open need's openings with their k proposals",
            _percent(figure["all_share"]),
            _percent(baseline["all_share"]),
            _ratio(figure["all_share"], baseline["all_share"]),
            "—",
        ),
        (
            "total score of the proposals (centipoints)",
            f"{figure['total_score']:,}",
            f"{baseline['total_score']:,}",
            _ratio(figure["total_score"], baseline["total_score"]),
            f"equal {'PASS' if figure['total_score'] == baseline['total_score'] else 'FAIL'}",
        ),
        (
            "proposals",
            f"{figure['proposals']:,}",
            f"{baseline['proposals']:,}",
            _ratio(figure["proposals"], baseline["proposals"]),
            "—",
        ),
        (
            "time: refresh end to end vs scoring and allocation in one process",
            f"{refresh['seconds']:.1f} s",
            f"{baseline['scoring_seconds'] + baseline['allocation_seconds']:.1f} s",
            _ratio(refresh["seconds"], baseline["scoring_seconds"] + baseline["allocation_seconds"]),
            "—",
        ),
    ]
    print_table(rows)
    print(
        f"baseline: {baseline['needs']:,} needs, {baseline['pairs']:,} eligible pairs scored in "
        f"{baseline['scoring_seconds']:.1f} s; allocated in {baseline['allocation_seconds']:.1f} s "
        f"({baseline['rounds']} solve(s), {baseline['pairs_considered']:,} pairs in the last)"
    )
    print(f"run #{refresh['run'].pk}: timings {refresh['run'].timings}")
    print(f"benchmark wall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

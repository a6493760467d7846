"""Whether the SQL peer (``bench/sql_peer.py``) returns the engine's top 50, need by need.

``top_compare`` holds one need's answer from SQL against ``score_need``'s full list for the same need:

- identical: the same candidates in the same order, with the same scores, tie keys and number of eligible people;
- within tolerance: the engine's score of the candidate SQL puts at each rank is within ``TOLERANCE`` centipoints
  of the engine's own candidate at that rank (a tie group compared as a set), SQL's scores are within
  ``TOLERANCE`` of the engine's, and every candidate the engine ranks clearly above its 50th is there. A float8
  sine or arc sine may differ from numpy's in its last bit, which can move the rounding of the commute part by one
  centipoint;
- anything else is a difference, and the benchmark fails.

``rules_check`` covers what the benchmark's data lacks (declines for a need or a wave, MRS tests that stand in for
experience and skills): it writes such rows for a few needs in a transaction, compares there, and rolls back.
Django must be set up by the caller.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench import sql_peer
from matching.engine.scoring import NeedScores

TOLERANCE = 1  # centipoints


@dataclass(frozen=True)
class Verdict:
    need_id: int
    variant: str
    status: str  # "identical", "within tolerance" or "different"
    detail: str = ""


def top_compare(engine: NeedScores, rows: list[tuple], *, variant: str) -> Verdict:
    """One need's SQL rows ``(id, score, tie key, distance, eligible)`` against the engine's full list."""
    limit = min(sql_peer.LIMIT, len(engine))
    ids = [int(row[0]) for row in rows]
    scores = [int(row[1]) for row in rows]
    engine_ids = engine.candidate_ids[:limit].tolist()
    engine_scores = engine.scores[:limit].tolist()
    eligible = int(rows[0][4]) if rows else 0

    def verdict(status: str, detail: str = "") -> Verdict:
        return Verdict(engine.need_id, variant, status, detail)

    if len(ids) != limit:
        return verdict("different", f"{len(ids)} rows for the engine's {limit}")
    if len(set(ids)) != len(ids):
        return verdict("different", "a candidate listed twice")
    keys = np.array([int(row[2]) for row in rows], dtype=np.int64).astype(np.uint64).tolist()
    if ids == engine_ids and scores == engine_scores:
        if keys != engine.tie_keys[:limit].tolist():
            return verdict("different", "same order, other tie keys")
        if eligible != engine.eligible_count:
            return verdict("different", f"{eligible} eligible for the engine's {engine.eligible_count}")
        return verdict("identical")
    engine_score_of = dict(zip(engine.candidate_ids.tolist(), engine.scores.tolist(), strict=True))
    for rank, (candidate, score) in enumerate(zip(ids, scores, strict=True)):
        if candidate not in engine_score_of:
            return verdict("different", f"rank {rank + 1}: candidate {candidate} is not eligible for the engine")
        if abs(engine_score_of[candidate] - engine_scores[rank]) > TOLERANCE:
            return verdict("different", f"rank {rank + 1}: {candidate} scores {engine_score_of[candidate]}, the "
                           f"engine's {engine_ids[rank]} {engine_scores[rank]}")  # fmt: skip
        if abs(score - engine_score_of[candidate]) > TOLERANCE:
            return verdict("different", f"candidate {candidate}: {score} in SQL, {engine_score_of[candidate]}")
    floor = engine_scores[-1] + TOLERANCE if engine_scores else 0
    missing = {c for c, s in zip(engine_ids, engine_scores, strict=True) if s > floor} - set(ids)
    if missing:
        return verdict("different", f"missing {sorted(missing)[:5]}")
    if ids == engine_ids:
        return verdict("within tolerance", "same order, scores within the tolerance")
    first = next(rank for rank, (a, b) in enumerate(zip(ids, engine_ids, strict=True)) if a != b)
    return verdict("within tolerance", f"tied candidates in another order from rank {first + 1}")


def engine_tops(columns: Any, need_ids: list[int], secret: bytes) -> dict[int, NeedScores]:
    """Every given need scored in full by the engine, as a run scores it (its specification read from the tables)."""
    from matching.engine.config import SCORING
    from matching.engine.scoring import score_need
    from matching.selectors import need_spec_build, needs_for_matching

    return {
        need.pk: score_need(columns, need_spec_build(need), SCORING, tie_secret=secret)
        for need in needs_for_matching(need_ids).order_by("pk")
    }


def _rules_write(columns: Any, tops: dict[int, NeedScores]) -> dict[str, int]:
    """Declines (for the need, for a wave) and MRS passes on a few open needs; say how many rows of each."""
    from django.utils import timezone

    from accounts.models import Platform
    from employers.enums import NeedStatus, SkillImportance, WaveStatus
    from employers.models import RecruitingWave, StaffingNeed
    from matching.enums import DeclineScope, PresentationStatus, SessionKind
    from matching.models import CollectiveSession, Presentation, SessionSeat

    written = {"need declines": 0, "wave declines": 0, "MRS passes": 0}
    reason = "benchmark rules check"
    # Wave declines: on the k-th open wave of each need that has some, people 4k to 4k + 7 of its top are ruled
    # out of that wave (and so of the earlier ones).
    seen: dict[int, int] = {}
    waves = RecruitingWave.objects.filter(need__status=NeedStatus.OPEN, status=WaveStatus.OPEN)
    for wave in waves.order_by("need_id", "starts_on"):
        top = tops.get(wave.need_id)
        if top is None:
            continue
        k = seen[wave.need_id] = seen.get(wave.need_id, -1) + 1
        for candidate in top.candidate_ids[4 * k : 4 * k + 8].tolist():
            if not Presentation.objects.filter(need_id=wave.need_id, candidate_id=candidate).exists():
                Presentation.objects.create(
                    need_id=wave.need_id, candidate_id=candidate, wave=wave, reason=reason,
                    status=PresentationStatus.NOT_HIRED, decline_scope=DeclineScope.WAVE,
                )  # fmt: skip
                written["wave declines"] += 1
    # Need declines: the top three of every 50th need, by the employer, not hired without a scope, and a withdrawal
    # (which does not rule anyone out).
    ends = [
        (PresentationStatus.DECLINED_BY_EMPLOYER, DeclineScope.NEED),
        (PresentationStatus.NOT_HIRED, ""),
        (PresentationStatus.WITHDRAWN, DeclineScope.NEED),
    ]
    for need_id in sorted(tops)[::50]:
        for candidate, (status, scope) in zip(tops[need_id].candidate_ids[:3].tolist(), ends, strict=False):
            Presentation.objects.create(
                need_id=need_id, candidate_id=candidate, status=status, decline_scope=scope, reason=reason
            )
            written["need declines"] += status != PresentationStatus.WITHDRAWN
    # MRS: for needs asking experience and an untrainable must-have, a session passed by 150 people of the family
    # stands in for both; a cancelled session's passes must not count.
    platform = Platform.objects.order_by("pk").first()
    asking = StaffingNeed.objects.filter(
        pk__in=sorted(tops), accepts_beginners=False, minimum_experience_years__gt=0, offers_training=False
    ).order_by("pk")
    for index, need in enumerate(asking[:6]):
        skill = need.skill_requirements.filter(importance=SkillImportance.MUST_HAVE).values_list("skill_id", flat=True)
        if not skill:
            continue
        need.mrs_replaces_experience = True
        need.save(update_fields=["mrs_replaces_experience"])
        need.mrs_skills.add(skill[0])
        people = columns.ids[columns.positions_in_family(_family(need))].tolist()
        for cancelled, chosen in ((False, people[index::3][:150]), (True, people[index + 1 :: 3][:50])):
            starts = timezone.now() + datetime.timedelta(days=3)
            session = CollectiveSession.objects.create(
                kind=SessionKind.MRS, title=f"{reason} {need.pk}", starts_at=starts, place="Lens", capacity=200,
                ends_at=starts + datetime.timedelta(hours=2), platform=platform,
                cancelled_at=timezone.now() if cancelled else None,
            )  # fmt: skip
            session.needs.add(need)
            SessionSeat.objects.bulk_create(
                SessionSeat(session=session, session_kind=SessionKind.MRS, candidate_id=c, mrs_passed=True)
                for c in chosen
            )
            written["MRS passes"] += 0 if cancelled else len(chosen)
    return written


def _family(need: Any) -> int:
    from matching.engine.columns import family_key

    return family_key(need.occupation.rome_code)


def rules_check(columns: Any, tops: dict[int, NeedScores], secret: bytes) -> tuple[list[Verdict], str]:
    """Declines and MRS passes written for a few needs, then both variants against the engine on those needs, in
    one transaction rolled back at the end. Returns the verdicts and a line saying what was exercised."""
    from django.db import connection, transaction

    from matching.models import Presentation, SessionSeat

    with transaction.atomic():
        written = _rules_write(columns, tops)
        touched = set(Presentation.objects.values_list("need_id", flat=True))
        touched |= set(SessionSeat.objects.values_list("session__needs", flat=True))
        touched &= set(tops)
        after = engine_tops(columns, sorted(touched), secret)
        changed = sum(
            after[need_id].candidate_ids[: sql_peer.LIMIT].tolist()
            != tops[need_id].candidate_ids[: sql_peer.LIMIT].tolist()
            for need_id in after
        )
        verdicts = []
        raw = connection.connection  # the same session, so SQL sees the rows written above
        for variant in ("plain", "pool"):
            text = sql_peer.statement(variant)
            for need_id, engine in sorted(after.items()):
                rows = sql_peer.need_top(raw, text, sql_peer.statement_parameters(need_id, secret))
                verdicts.append(top_compare(engine, rows, variant=variant))
        transaction.set_rollback(True)
    counts = ", ".join(f"{count} {what}" for what, count in written.items())
    return verdicts, f"{counts} on {len(touched)} needs; the engine's top 50 changed on {changed} of them"

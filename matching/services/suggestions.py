"""Storing the engine's results: a need's best suggestions are replaced in one transaction.

A need keeps k × its openings left × a margin of suggestions (within a configured floor and bound), so that the
review page of a 280-seat need lists hundreds while storage stays bounded; the proposals chosen beyond them are
stored with the allocation (``matching.services.proposals``).
"""

import datetime
import json
import math
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.crypto import salted_hmac

from employers.models import StaffingNeed
from matching.engine.columns import NeedSpec, effective_waves
from matching.engine.config import PART_NAMES, ScoringConfig
from matching.engine.scoring import NeedScores
from matching.models import MatchRun, MatchSuggestion
from referentials.copying import rows_copy
from referentials.models import Skill


def tie_secret() -> bytes:
    """The key of the tie-breaking hash: derived from the site's secret, so identical across runs and processes
    and unknown outside, and never a person's id or registration order (ADR 0008)."""
    return salted_hmac("matching.ties", "tie-breaking key", algorithm="sha256").digest()


def suggestions_depth(spec: NeedSpec) -> int:
    """How many suggestions a need keeps: k × openings left × the margin, within the configured floor and bound."""
    wanted = math.ceil(
        settings.MATCHING_PROPOSALS_PER_OPENING * max(spec.openings_left, 0) * settings.MATCHING_SUGGESTIONS_MARGIN
    )
    return min(settings.MATCHING_SUGGESTIONS_MAX_PER_NEED, max(settings.MATCHING_SUGGESTIONS_PER_NEED, wanted))


def suggestion_rows(
    *,
    spec: NeedSpec,
    scores: NeedScores,
    candidate_ids: Iterable[int] | None = None,
    limit: int | None = None,
    run: MatchRun | None = None,
    computed_at: datetime.datetime,
    config: ScoringConfig,
) -> list[MatchSuggestion]:
    """Unsaved suggestions for the given candidates of ``scores`` (its best ``limit`` when none are given)."""
    values = suggestion_values(
        spec=spec,
        scores=scores,
        candidate_ids=candidate_ids,
        limit=limit,
        run_id=run.pk if run is not None else None,
        computed_at=computed_at,
        config=config,
    )
    return [MatchSuggestion(**row) for row in values]


def suggestion_values(
    *,
    spec: NeedSpec,
    scores: NeedScores,
    candidate_ids: Iterable[int] | None = None,
    limit: int | None = None,
    run_id: int | None,
    computed_at: datetime.datetime,
    config: ScoringConfig,
) -> list[dict[str, Any]]:
    """The column values (by attribute name) of the suggestions of ``suggestion_rows``: what a refresh writes, tens of
    thousands at a time, without building a model instance for each.

    The rank is the position in the need's full order (score, then tie key), so it stays unique and meaningful for
    a proposal stored from far down the list.
    """
    if candidate_ids is None:
        rows = list(range(min(len(scores), limit if limit is not None else len(scores))))
    else:
        position = {int(candidate): row for row, candidate in enumerate(scores.candidate_ids.tolist())}
        rows = sorted(position[int(candidate)] for candidate in candidate_ids)
    wave_ids = [wave.wave_id for wave in effective_waves(spec)]
    skills = {skill for row in rows for skill in scores.skills_to_train[row]}
    skill_labels = dict(Skill.objects.filter(pk__in=skills).values_list("pk", "label")) if skills else {}
    picked = np.asarray(rows, dtype=np.int64)
    columns = zip(
        rows,
        scores.candidate_ids[picked].tolist(),
        scores.scores[picked].tolist(),
        scores.parts[picked].tolist(),
        scores.distance_km[picked].tolist(),
        scores.is_related_occupation[picked].tolist(),
        scores.mrs_stands_in[picked].tolist(),
        scores.first_wave[picked].tolist(),
        strict=True,
    )
    return [
        {
            "need_id": spec.need_id,
            "candidate_id": candidate_id,
            "run_id": run_id,
            "rank": row + 1,
            "score": score,
            "parts": dict(zip(PART_NAMES, parts, strict=True)),
            "distance_km": round(distance, 1),
            "is_related_occupation": is_related,
            "skills_to_train": [
                {"id": skill, "label": skill_labels.get(skill, str(skill))} for skill in scores.skills_to_train[row]
            ],
            "needs_training": bool(scores.skills_to_train[row]),
            "mrs_stands_in": mrs_stands_in,
            "is_proposed": False,
            "first_wave_id": wave_ids[first_wave] or None,
            "proposed_wave_id": None,
            "reasons": [],
            "scoring_version": config.version,
            "computed_at": computed_at,
        }
        for row, candidate_id, score, parts, distance, is_related, mrs_stands_in, first_wave in columns
    ]


def suggestions_prepare(
    *,
    spec: NeedSpec,
    scores: NeedScores,
    proposed: Collection[int],
    run: MatchRun | None,
    computed_at: datetime.datetime,
    config: ScoringConfig,
) -> list[dict[str, Any]]:
    """The rows (``suggestion_values``) that replace a need's suggestions: its best ones, and each proposed person
    still eligible who ranks beyond them, so that the allocation that follows sees them as the proposals to keep
    (ADR 0008)."""
    run_id = run.pk if run is not None else None
    rows = suggestion_values(
        spec=spec, scores=scores, limit=suggestions_depth(spec), run_id=run_id, computed_at=computed_at, config=config
    )
    return rows + suggestions_beyond(
        rows, spec=spec, scores=scores, proposed=proposed, run_id=run_id, computed_at=computed_at, config=config
    )


def suggestions_beyond(
    rows: list[dict[str, Any]],
    *,
    spec: NeedSpec,
    scores: NeedScores,
    proposed: Collection[int],
    run_id: int | None,
    computed_at: datetime.datetime,
    config: ScoringConfig,
) -> list[dict[str, Any]]:
    """The rows of the proposed people still eligible whom ``rows`` do not list (ranked beyond them)."""
    listed = {row["candidate_id"] for row in rows}
    eligible = set(scores.candidate_ids.tolist())
    beyond = [candidate for candidate in proposed if candidate in eligible and candidate not in listed]
    if not beyond:
        return []
    return suggestion_values(
        spec=spec, scores=scores, candidate_ids=beyond, run_id=run_id, computed_at=computed_at, config=config
    )


def proposed_now(need_ids: Collection[int]) -> dict[int, dict[int, int | None]]:
    """Each need's proposed candidates and their waves, as stored."""
    proposed: dict[int, dict[int, int | None]] = {need_id: {} for need_id in need_ids}
    for need_id, candidate_id, wave_id in MatchSuggestion.objects.filter(
        need_id__in=list(need_ids), is_proposed=True
    ).values_list("need_id", "candidate_id", "proposed_wave_id"):
        proposed[need_id][candidate_id] = wave_id
    return proposed


def needs_lock(need_ids: Collection[int]) -> None:
    """Lock the needs' rows in id order until the transaction ends: two runs storing the same need (a task delivered
    twice, a need's and a candidate's run) replace one after the other; interleaved, the second would delete nothing
    and insert rows the first just stored."""
    StaffingNeed.objects.select_for_update(no_key=True).filter(pk__in=list(need_ids)).order_by("pk").values_list(
        "pk"
    ).last()


def suggestions_replace_prepared(
    rows_by_need: Mapping[int, list[dict[str, Any]]], *, proposed: Mapping[int, Mapping[int, int | None]]
) -> int:
    """Replace the suggestions of several needs by rows prepared for them (``suggestions_prepare``), in the caller's
    transaction, the needs locked (``needs_lock``) and ``proposed`` read after the lock.

    Each proposal still listed keeps its flag and wave; one whose person is no longer listed is dropped with its row.
    Each person still listed keeps the reasons of the last allocation until the allocation that follows decides
    again: when little changed, that allocation then rewrites few rows (it rewrote every suggestion of a refresh).
    """
    previous = {
        (need_id, candidate_id): reasons
        for need_id, candidate_id, reasons in suggestions_with_reasons(
            MatchSuggestion.objects.filter(need_id__in=list(rows_by_need)), "need_id", "candidate_id"
        )
    }
    MatchSuggestion.objects.filter(need_id__in=list(rows_by_need)).delete()
    for need_id, need_rows in rows_by_need.items():
        waves = proposed.get(need_id, {})
        for row in need_rows:
            if row["candidate_id"] in waves:
                row["is_proposed"], row["proposed_wave_id"] = True, waves[row["candidate_id"]]
            row["reasons"] = previous.get((need_id, row["candidate_id"]), row["reasons"])
    return rows_copy(
        MatchSuggestion,
        _WRITTEN,
        ([row[name] for name in _WRITTEN] for need_rows in rows_by_need.values() for row in need_rows),
    )


# Every column of a suggestion but its id, as ``suggestion_rows`` fills them.
_WRITTEN = tuple(field.attname for field in MatchSuggestion._meta.concrete_fields if not field.primary_key)


def suggestions_with_reasons(suggestions: QuerySet[MatchSuggestion], *names: str) -> Iterator[tuple[Any, ...]]:
    """``values_list(*names, reasons)`` of these suggestions, unordered, each distinct reasons text decoded once:
    tens of thousands of rows share a few hundred values, and decoding each row's took a third of the reading. The
    decoded values are shared between rows: read them, never change them."""
    decoded: dict[str, Any] = {}
    unseen = object()
    rows = (
        suggestions.order_by()
        .annotate(reasons_text=Cast("reasons", TextField()))
        .values_list(*names, "reasons_text")
        .iterator(chunk_size=10_000)
    )
    for *values, text in rows:
        reasons = decoded.get(text, unseen)
        if reasons is unseen:
            reasons = decoded[text] = json.loads(text)
        yield (*values, reasons)

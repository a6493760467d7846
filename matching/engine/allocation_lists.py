"""Allocation lists: a need's best eligible pairs, kept from its scoring for the allocation that follows.

A full refresh scores its needs in shards, on several workers, and allocates once all are scored. Keeping every
eligible pair until then would hold millions of them at a region's size; the allocation uses a few per need. So
each need keeps its best ``depth`` pairs and the ones it must weigh whatever their rank (the proposals to keep),
with the best pair left out (``NeedCandidates.left_out_score``): ``allocate_waves`` proves its optimum from them or
names the needs to list in full.

The lists travel between processes as bytes (``lists_pack``): numpy arrays in an ``.npz`` archive, no pickle, with
the needs' specifications as JSON (the allocation needs their waves; reading them again took a second for a
thousand needs).
"""

import dataclasses
import io
import json
from collections.abc import Collection, Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.engine.allocation_waves import NeedCandidates
from matching.engine.columns import NeedSpec, WaveSpec
from matching.engine.scoring import NeedScores

_NO_LEFT_OUT = -1


def shortened_list(scores: NeedScores, depth: int, also: Collection[int] = ()) -> NeedCandidates:
    """The need's best ``depth`` pairs and those of ``also`` (candidate ids) that are eligible, with the best pair
    left out; the whole list when nothing is left out. ``scores`` lists the need's eligible people best first."""
    count = len(scores)
    listed = np.zeros(count, dtype=np.bool_)
    listed[: max(depth, 0)] = True
    if also:
        listed |= np.isin(scores.candidate_ids, np.fromiter(also, dtype=np.int64, count=len(also)))
    left_out = np.flatnonzero(~listed)
    best = int(left_out[0]) if len(left_out) else None
    return NeedCandidates(
        need_id=scores.need_id,
        candidate_ids=scores.candidate_ids[listed],
        scores=scores.scores[listed],
        first_wave=scores.first_wave[listed],
        tie_keys=scores.tie_keys[listed],
        left_out_score=None if best is None else int(scores.scores[best]),
        left_out_tie_key=0 if best is None else int(scores.tie_keys[best]),
    )


def complete_list(scores: NeedScores) -> NeedCandidates:
    """Every eligible pair of the need."""
    return shortened_list(scores, len(scores))


def lists_pack(lists: Iterable[NeedCandidates], specs: Iterable[NeedSpec] = ()) -> bytes:
    """Several needs' lists as bytes, with the specifications they were scored from (their quota groups are not
    kept: the allocation reads them afresh)."""
    lists = list(lists)
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "specs": np.array(json.dumps([dataclasses.asdict(spec) for spec in specs])),
        "need_ids": np.array([entry.need_id for entry in lists], dtype=np.int64),
        "sizes": np.array([len(entry.candidate_ids) for entry in lists], dtype=np.int64),
        "left_out_scores": np.array(
            [_NO_LEFT_OUT if entry.left_out_score is None else entry.left_out_score for entry in lists],
            dtype=np.int64,
        ),
        "left_out_tie_keys": np.array([entry.left_out_tie_key for entry in lists], dtype=np.uint64),
    }
    for name, dtype in (("candidate_ids", np.int64), ("scores", np.int32), ("first_wave", np.int16),
                        ("tie_keys", np.uint64)):  # fmt: skip
        parts = [np.asarray(getattr(entry, name), dtype=dtype) for entry in lists]
        arrays[name] = np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


def lists_unpack(data: bytes) -> tuple[dict[int, NeedCandidates], dict[int, NeedSpec]]:
    """The lists and specifications packed by ``lists_pack``, by need id."""
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    specs = {spec.need_id: spec for spec in map(_spec_load, json.loads(str(arrays["specs"])))}
    bounds = np.concatenate([[0], np.cumsum(arrays["sizes"])]).tolist()
    lists = {}
    for index, need_id in enumerate(arrays["need_ids"].tolist()):
        rows = slice(bounds[index], bounds[index + 1])
        left_out = int(arrays["left_out_scores"][index])
        lists[need_id] = NeedCandidates(
            need_id=need_id,
            candidate_ids=arrays["candidate_ids"][rows],
            scores=arrays["scores"][rows],
            first_wave=arrays["first_wave"][rows],
            tie_keys=arrays["tie_keys"][rows],
            left_out_score=None if left_out == _NO_LEFT_OUT else left_out,
            left_out_tie_key=int(arrays["left_out_tie_keys"][index]),
        )
    return lists, specs


def _spec_load(fields: dict[str, Any]) -> NeedSpec:
    """A ``NeedSpec`` from ``dataclasses.asdict``'s reading of it, its lists made tuples again."""

    def frozen(value: Any) -> Any:
        return tuple(frozen(item) for item in value) if isinstance(value, list) else value

    waves = tuple(WaveSpec(**{name: frozen(value) for name, value in wave.items()}) for wave in fields["waves"])
    return NeedSpec(**{name: frozen(value) for name, value in fields.items() if name != "waves"}, waves=waves)

"""Why a ranked pair is, or is not, a proposal after ``allocation_waves``: one code and one integer per pair.

Chosen pairs:
- ``positive_action`` (value: the wave id): a group member on one of the wave's reserved slots (members take the
  reserved slots first, the lowest scores among them) while someone with a higher score for the need is left out;
- ``other_wave`` (value: the wave id): proposed for a later wave than the first one they can make;
- ``score`` (value: the score): proposed on the score, in their first eligible wave.
Pairs left out:
- ``holds_elsewhere`` (value: their cap): they already hold as many proposals as they may;
- ``slots_filled`` (value: the id of their first eligible wave): the waves they can make went to others with a
  better or equal contribution to the total.
A decline "not for this wave" is the caller's to add: the engine only sees who is eligible.
"""

import numpy as np
import numpy.typing as npt

from matching.engine.wave_flow import FlowInstance

REASON_SCORE = "score"
REASON_POSITIVE_ACTION = "positive_action"
REASON_OTHER_WAVE = "other_wave"
REASON_HOLDS_ELSEWHERE = "holds_elsewhere"
REASON_SLOTS_FILLED = "slots_filled"
REASON_CODES = (REASON_SCORE, REASON_POSITIVE_ACTION, REASON_OTHER_WAVE, REASON_HOLDS_ELSEWHERE, REASON_SLOTS_FILLED)

IntArray = npt.NDArray[np.int64]


def pair_reasons(
    instance: FlowInstance, chosen: IntArray, pair_wave: IntArray, pairs: IntArray
) -> dict[tuple[int, int], tuple[str, int]]:
    """The reason of each pair in ``pairs`` (global indices), given the chosen pairs and their waves."""
    is_chosen = np.zeros(instance.pair_count, dtype=np.bool_)
    is_chosen[chosen] = True
    wave_of = np.full(instance.pair_count, -1, dtype=np.int64)
    wave_of[chosen] = pair_wave
    on_reserved = _on_reserved_slots(instance, chosen, pair_wave)
    # The best score left out of each need, over all its pairs.
    best_left_out = np.full(len(instance.need_ids), -1, dtype=np.int64)
    starts, ends = instance.need_bounds[:-1], instance.need_bounds[1:]
    if instance.pair_count:
        # Pairs are grouped by need: one reduction per need that has pairs.
        left_out_scores = np.where(is_chosen, -1, instance.pair_scores)
        best_left_out[starts < ends] = np.maximum.reduceat(left_out_scores, starts[starts < ends])

    holders, held = np.unique(instance.pair_candidates[chosen], return_counts=True)
    pairs = np.unique(pairs)
    candidates = instance.pair_candidates[pairs]
    caps = instance.caps_of(candidates)
    holds = np.zeros(len(pairs), dtype=np.int64)
    if len(holders):
        position = np.minimum(np.searchsorted(holders, candidates), len(holders) - 1)
        match = holders[position] == candidates
        holds[match] = held[position[match]]
    need = instance.pair_need[pairs]
    scores = instance.pair_scores[pairs]
    first_wave = instance.need_wave_start[need] + instance.pair_first[pairs]
    wave = wave_of[pairs]
    chosen_here = is_chosen[pairs]
    positive = chosen_here & on_reserved[pairs] & (scores < best_left_out[need])
    later = chosen_here & ~positive & (wave > first_wave)
    full = ~chosen_here & (holds >= caps)
    codes = np.select(
        [positive, later, chosen_here, full],
        [REASON_CODES.index(code) for code in (REASON_POSITIVE_ACTION, REASON_OTHER_WAVE, REASON_SCORE)]
        + [REASON_CODES.index(REASON_HOLDS_ELSEWHERE)],
        REASON_CODES.index(REASON_SLOTS_FILLED),
    )
    values = np.select(
        [positive | later, chosen_here, full],
        [instance.wave_ids[np.maximum(wave, 0)], scores, caps],
        instance.wave_ids[first_wave],
    )
    keys = zip(instance.need_ids[need].tolist(), candidates.tolist(), strict=True)
    reasons = zip([REASON_CODES[code] for code in codes.tolist()], values.tolist(), strict=True)
    return dict(zip(keys, reasons, strict=True))


def _on_reserved_slots(instance: FlowInstance, chosen: IntArray, pair_wave: IntArray) -> npt.NDArray[np.bool_]:
    """Which chosen pairs hold a reserved slot: in each wave with a quota, its members of lowest score (then larger
    tie key), as many as the reserved slots."""
    on_reserved = np.zeros(instance.pair_count, dtype=np.bool_)
    members = chosen[instance.pair_member[chosen] & (instance.wave_reserved[pair_wave] > 0)]
    waves = pair_wave[instance.pair_member[chosen] & (instance.wave_reserved[pair_wave] > 0)]
    order = np.lexsort((~instance.pair_keys[members], instance.pair_scores[members], waves))
    members, waves = members[order], waves[order]
    starts = np.searchsorted(waves, waves, side="left")
    rank_in_wave = np.arange(len(waves)) - starts
    on_reserved[members[rank_in_wave < instance.wave_reserved[waves]]] = True
    return on_reserved

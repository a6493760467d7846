"""Candidate columns kept current: the rows of some candidates replaced by their fresh reading.

A worker keeps the columns between runs and reloads only the candidates whose matching data changed
(``matching.warm_columns``). This module applies such a reload, in pure numpy:

- a candidate already in the columns is overwritten in place, in every array, and the occupation families it left
  or joined are updated; a candidate gone (deleted, no longer presentable) stays as a row that is not presentable,
  which the engine skips. Arrays shared with other processes (loaded before a fork) stay shared but for the pages
  written;
- candidates new to the columns are appended: a new ``CandidateColumns``, ids still in ascending order;
- when a fresh row wants more occupations than the columns have room for, the columns are built again, wider.

The result reads exactly as columns loaded afresh would, but for the rows left not presentable
(``tests/matching/engine/test_column_updates.py`` compares the two on every need).
"""

from typing import Any

import numpy as np
import numpy.typing as npt

from matching.engine.columns import COLUMN_ARRAYS, COLUMN_VOCABULARIES, NO_ID, CandidateColumns, positions_of

_PADDED = ("occupations", "occupation_families")


class VocabularyChanged(ValueError):
    """The fresh rows were read over other skills, languages or certifications: the columns must be read again."""


def columns_with_changes(
    base: CandidateColumns, fresh: CandidateColumns, changed_ids: npt.NDArray[np.int64]
) -> CandidateColumns:
    """``base`` with the candidates of ``changed_ids`` as ``fresh`` reads them (an id missing from ``fresh`` is gone).

    ``fresh`` holds the changed candidates that still exist, presentable or not. ``base`` may be changed in place
    and returned, or a new object returned: use the result, not ``base``.
    """
    for name in COLUMN_VOCABULARIES:
        if getattr(base, name).ids != getattr(fresh, name).ids:
            raise VocabularyChanged(name)
    changed = np.unique(np.asarray(changed_ids, dtype=np.int64))
    in_base = positions_of(base.ids, changed)
    in_fresh = positions_of(fresh.ids, changed)
    new = (in_base < 0) & (in_fresh >= 0)
    new &= fresh.is_presentable[np.maximum(in_fresh, 0)] if len(fresh) else False
    if fresh.occupations.shape[1] > base.occupations.shape[1]:
        return _rebuilt(base, fresh, changed_base=in_base, changed_fresh=in_fresh)
    _overwrite(base, fresh, base_rows=in_base[in_base >= 0], fresh_rows=in_fresh[in_base >= 0])
    if not new.any():
        return base
    return _appended(base, fresh, rows=in_fresh[new])


def _overwrite(
    base: CandidateColumns,
    fresh: CandidateColumns,
    *,
    base_rows: npt.NDArray[np.int64],
    fresh_rows: npt.NDArray[np.int64],
) -> None:
    """Write the fresh reading over the base rows in place; a row with no fresh reading (-1) becomes not
    presentable and wants nothing."""
    if not len(base_rows):
        return
    families_before = np.unique(base.occupation_families[base_rows])
    gone, kept = base_rows[fresh_rows < 0], fresh_rows >= 0
    rows, sources = base_rows[kept], fresh_rows[kept]
    width = fresh.occupations.shape[1]
    for name in COLUMN_ARRAYS:
        target, source = getattr(base, name), getattr(fresh, name)
        if name in _PADDED:
            target[base_rows] = NO_ID
            target[rows, :width] = source[sources]
        else:
            target[rows] = source[sources]
    base.is_presentable[gone] = False
    families_after = np.unique(base.occupation_families[base_rows])
    touched = np.union1d(families_before, families_after)
    _families_update(base, base_rows, touched)
    base.views_forget(touched)


def _families_update(base: CandidateColumns, rows: npt.NDArray[np.int64], families: npt.NDArray[np.int32]) -> None:
    """The positions of each family the rows left or joined, computed again from those rows alone."""
    positions = base._family_positions
    rows = np.unique(rows)
    for family in families.tolist():
        if family == NO_ID:
            continue
        others = np.setdiff1d(positions.get(family, np.empty(0, dtype=np.int64)), rows, assume_unique=True)
        joined = rows[(base.occupation_families[rows] == family).any(axis=1)]
        members = np.union1d(others, joined).astype(np.int64)
        if len(members):
            positions[family] = members
        else:
            positions.pop(family, None)


def _padded(array: npt.NDArray[np.int32], width: int) -> npt.NDArray[np.int32]:
    if array.shape[1] == width:
        return array
    padded = np.full((array.shape[0], width), NO_ID, dtype=array.dtype)
    padded[:, : array.shape[1]] = array
    return padded


def _joined(
    base: CandidateColumns,
    base_rows: npt.NDArray[np.int64],
    fresh: CandidateColumns,
    fresh_rows: npt.NDArray[np.int64],
) -> CandidateColumns:
    """Columns of the base rows then the fresh rows, in ascending id order."""
    width = max(base.occupations.shape[1], fresh.occupations.shape[1])
    ids = np.concatenate((base.ids[base_rows], fresh.ids[fresh_rows]))
    order = np.argsort(ids, kind="stable")
    arrays: dict[str, Any] = {}
    for name in COLUMN_ARRAYS:
        left, right = getattr(base, name)[base_rows], getattr(fresh, name)[fresh_rows]
        if name in _PADDED:
            left, right = _padded(left, width), _padded(right, width)
        arrays[name] = np.concatenate((left, right))[order]
    vocabularies = {name: getattr(base, name) for name in COLUMN_VOCABULARIES}
    return CandidateColumns(**arrays, **vocabularies)


def _appended(base: CandidateColumns, fresh: CandidateColumns, *, rows: npt.NDArray[np.int64]) -> CandidateColumns:
    return _joined(base, np.arange(len(base), dtype=np.int64), fresh, rows)


def _rebuilt(
    base: CandidateColumns,
    fresh: CandidateColumns,
    *,
    changed_base: npt.NDArray[np.int64],
    changed_fresh: npt.NDArray[np.int64],
) -> CandidateColumns:
    """The base without the changed candidates, then their fresh rows that are presentable: wider columns."""
    dropped = np.zeros(len(base), dtype=np.bool_)
    dropped[changed_base[changed_base >= 0]] = True
    fresh_rows = changed_fresh[changed_fresh >= 0]
    fresh_rows = fresh_rows[fresh.is_presentable[fresh_rows]]
    return _joined(base, np.flatnonzero(~dropped).astype(np.int64), fresh, fresh_rows)

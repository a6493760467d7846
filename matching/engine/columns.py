"""The engine's input: candidates as column arrays, needs as frozen specifications.

Nothing here can hold a name, a birth date, an address or a sensitive
situation: the columns carry only what the law lets a match rest on (see
``ARCHITECTURE.md``). Dates are whole days since 1970-01-01; skills and
certifications are bit sets over a vocabulary index; occupations are padded
rows of ids.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import numpy.typing as npt

CONTRACT_BITS: Mapping[str, int] = {
    "cdi": 1,
    "cdd": 2,
    "temporary": 4,
    "apprenticeship": 8,
    "professionalisation": 16,
}
WORKING_TIME_BITS: Mapping[str, int] = {"full_time": 1, "part_time": 2}
NO_ID = -1


def family_key(rome_code: str) -> int:
    """An integer for a ROME family (letter and two digits): D1408 and D1406 share one."""
    return ord(rome_code[0]) * 100 + int(rome_code[1:3])


class VocabularyIndex:
    """Maps ids of a vocabulary (skills, languages, certifications) to dense column positions."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = tuple(sorted(set(ids)))
        self.positions = {identifier: position for position, identifier in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def words(self) -> int:
        """How many 64-bit words a bit set over this vocabulary takes."""
        return max(1, (len(self.ids) + 63) // 64)

    def bit_sets(
        self, rows: npt.NDArray[np.int64], ids: npt.NDArray[np.int64], row_count: int
    ) -> npt.NDArray[np.uint64]:
        """Bit sets of shape (row_count, words) with the bit of ``ids[i]`` set on row ``rows[i]``."""
        bits = np.zeros((row_count, self.words), dtype=np.uint64)
        if len(rows):
            lookup = np.full(max(self.ids) + 1 if self.ids else 1, -1, dtype=np.int64)
            lookup[list(self.ids)] = np.arange(len(self.ids))
            positions = lookup[ids]
            known = positions >= 0
            rows, positions = rows[known], positions[known]
            np.bitwise_or.at(
                bits, (rows, positions // 64), np.left_shift(np.uint64(1), (positions % 64).astype(np.uint64))
            )
        return bits


@dataclass(frozen=True)
class CandidateColumns:
    """Candidates, one position per candidate in every array."""

    ids: npt.NDArray[np.int64]
    is_presentable: npt.NDArray[np.bool_]
    latitude: npt.NDArray[np.float64]
    longitude: npt.NDArray[np.float64]
    max_distance_km: npt.NDArray[np.float32]
    available_day: npt.NDArray[np.int32]
    contract_mask: npt.NDArray[np.uint8]
    working_time_mask: npt.NDArray[np.uint8]
    accepts_related: npt.NDArray[np.bool_]
    experience_years: npt.NDArray[np.int16]
    education_level: npt.NDArray[np.int8]
    occupations: npt.NDArray[np.int32]  # (n, width), NO_ID where empty
    occupation_families: npt.NDArray[np.int32]  # (n, width), NO_ID where empty
    skills: VocabularyIndex
    skill_bits: npt.NDArray[np.uint64]  # (n, skills.words)
    languages: VocabularyIndex
    language_levels: npt.NDArray[np.uint8]  # (n, len(languages)), 0 where not spoken
    certifications: VocabularyIndex
    certification_bits: npt.NDArray[np.uint64]  # (n, certifications.words)
    # Built once: for each occupation family, the positions of the candidates who want one of its occupations.
    _family_positions: dict[int, npt.NDArray[np.int64]] = field(default_factory=dict, repr=False, compare=False)
    # Built on first use: a family's presentable candidates as columns of their own (``family_view``).
    _family_views: dict[int, "CandidateColumns"] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        families = self.occupation_families
        rows = np.repeat(np.arange(len(self.ids), dtype=np.int64), families.shape[1] if families.ndim == 2 else 0)
        flat = families.reshape(-1)
        keep = flat != NO_ID
        rows, flat = rows[keep], flat[keep]
        order = np.argsort(flat, kind="stable")
        rows, flat = rows[order], flat[order]
        keys, starts = np.unique(flat, return_index=True)
        ends = np.append(starts[1:], len(flat)) if len(starts) else starts
        for key, start, end in zip(keys.tolist(), starts.tolist(), ends.tolist(), strict=True):
            self._family_positions[key] = np.unique(rows[start:end])

    def __len__(self) -> int:
        return len(self.ids)

    def positions_in_family(self, family: int) -> npt.NDArray[np.int64]:
        """Sorted positions of the candidates who want an occupation of this family."""
        return self._family_positions.get(family, np.empty(0, dtype=np.int64))

    def family_view(self, family: int) -> "CandidateColumns":
        """The presentable candidates who want an occupation of this family, as columns of their own, in the same
        order; kept until a row of the family changes (``views_forget``).

        A need reads every column of its family's candidates, a quarter of a region's pool for the largest: gathered
        from the whole columns, each read touches nearly every cache line of each array; from the view, only the
        family's (a full refresh reads each family for tens of needs).
        """
        view = self._family_views.get(family)
        if view is None:
            rows = self.positions_in_family(family)
            view = self.rows_taken(rows[self.is_presentable[rows]])
            self._family_views[family] = view
        return view

    def family_views_build(self) -> None:
        """Build the view of every family now (a worker before it forks: its processes then share them)."""
        for family in self._family_positions:
            self.family_view(family)

    def rows_taken(self, rows: npt.NDArray[np.int64]) -> "CandidateColumns":
        """These rows alone, as new columns over the same vocabularies, read-only (a need reads them in place, see
        ``rows_at``); their tables (occupations, bit sets, levels) stored column by column, as a need reads them (a
        whole column of a row-major table is read strided)."""
        arrays: dict[str, Any] = {}
        for name in COLUMN_ARRAYS:
            array = np.asfortranarray(getattr(self, name)[rows])
            array.flags.writeable = False
            arrays[name] = array
        vocabularies = {name: getattr(self, name) for name in COLUMN_VOCABULARIES}
        return CandidateColumns(**arrays, **vocabularies)

    @property
    def families(self) -> tuple[int, ...]:
        """The occupation families someone wants."""
        return tuple(self._family_positions)

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays and the family index; the family views apart (``views_nbytes``)."""
        arrays: int = sum(getattr(self, name).nbytes for name in COLUMN_ARRAYS)
        return arrays + sum(positions.nbytes for positions in self._family_positions.values())

    @property
    def views_nbytes(self) -> int:
        """Bytes held by the family views built so far."""
        return sum(view.nbytes for view in self._family_views.values())

    def views_forget(self, families: npt.ArrayLike) -> None:
        """Forget the views of these families: rows of theirs were written in place."""
        for family in np.asarray(families).reshape(-1).tolist():
            self._family_views.pop(int(family), None)

    def count(self, positions: "Positions") -> int:
        """How many rows ``positions`` names."""
        return len(self.ids) if positions is None else len(positions)

    def wants_occupation(self, positions: "Positions", occupation_id: int) -> npt.NDArray[np.bool_]:
        """Whether each position wants this very occupation. Column by column, each column's rows gathered alone:
        ``(rows == id).any(axis=1)`` reduced along rows of a few entries was 3.7 times slower, and gathering whole
        rows 2.6 times."""
        wanted: npt.NDArray[np.bool_] = np.zeros(self.count(positions), dtype=np.bool_)
        for slot in range(self.occupations.shape[1] if self.occupations.ndim == 2 else 0):
            wanted |= rows_at(self.occupations[:, slot], positions) == occupation_id
        return wanted

    def has_skill(self, positions: "Positions", skill_id: int) -> npt.NDArray[np.bool_]:
        return _has_bit(self.skill_bits, self.skills, positions, skill_id)

    def has_certification(self, positions: "Positions", certification_id: int) -> npt.NDArray[np.bool_]:
        return _has_bit(self.certification_bits, self.certifications, positions, certification_id)

    def language_level(self, positions: "Positions", language_id: int) -> npt.NDArray[np.uint8]:
        column = self.languages.positions.get(language_id)
        if column is None:
            return np.zeros(self.count(positions), dtype=np.uint8)
        levels: npt.NDArray[np.uint8] = rows_at(self.language_levels[:, column], positions)
        return levels


# The fields of ``CandidateColumns``: its vocabularies, and its arrays (one row per candidate).
COLUMN_VOCABULARIES = ("skills", "languages", "certifications")
COLUMN_ARRAYS = tuple(
    item.name
    for item in fields(CandidateColumns)
    if item.name not in COLUMN_VOCABULARIES and not item.name.startswith("_")
)


def positions_of(ids: npt.NDArray[np.int64], wanted: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Where each wanted id stands in the sorted ``ids``; -1 where it is not there."""
    if not len(ids):
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.searchsorted(ids, wanted)
    found = (at < len(ids)) & (ids[np.minimum(at, len(ids) - 1)] == wanted)
    return np.where(found, at, -1).astype(np.int64)


# Rows of the columns: an array of positions, or None for every row (read in place, no copy).
Positions = npt.NDArray[np.int64] | None


def rows_at(array: npt.NDArray[Any], positions: Positions) -> npt.NDArray[Any]:
    """The rows of ``array`` at ``positions``; the array itself when ``positions`` is None: read it, never write
    into it (a family view's arrays are read-only, shared by a worker's processes)."""
    return array if positions is None else array.take(positions, axis=0)


def _has_bit(
    bits: npt.NDArray[np.uint64], index: VocabularyIndex, positions: Positions, identifier: int
) -> npt.NDArray[np.bool_]:
    position = index.positions.get(identifier)
    if position is None:
        return np.zeros(len(bits) if positions is None else len(positions), dtype=np.bool_)
    # The word's column first, then the rows: a two-axis gather took 1.8 times as long.
    word = rows_at(bits[:, position // 64], positions)
    held: npt.NDArray[np.bool_] = (word & np.uint64(1 << (position % 64))) != 0
    return held


@dataclass(frozen=True)
class WaveSpec:
    """One wave of a need: its start date and the openings it still has to fill.

    ``wave_id`` 0 is the need's implicit wave (a need without wave rows, or the seats no wave plans). A candidate
    in ``declined_candidates`` ended "not for this wave": they are eligible for no wave up to and including this one.
    """

    wave_id: int
    start_day: int
    openings_left: int
    declined_candidates: tuple[int, ...] = ()


@dataclass(frozen=True)
class NeedSpec:
    """What a staffing need asks, in the engine's terms. Only justified mandatory languages are listed."""

    need_id: int
    occupation_id: int
    occupation_family: int
    latitude: float
    longitude: float
    start_day: int
    contract_bit: int
    working_time_bit: int
    must_have_skills: tuple[int, ...] = ()
    nice_to_have_skills: tuple[int, ...] = ()
    training_skills: tuple[int, ...] = ()
    mandatory_languages: tuple[tuple[int, int], ...] = ()  # (language id, minimum CEFR level 1-6)
    mandatory_certifications: tuple[int, ...] = ()
    accepts_beginners: bool = False
    minimum_experience_years: int = 0
    minimum_education: int = 0
    # Candidates declined for this need (by the employer, by themselves, or not hired): never suggested again.
    excluded_candidates: tuple[int, ...] = ()
    # The need's waves in date order; none means one implicit wave at ``start_day`` (see ``effective_waves``).
    waves: tuple[WaveSpec, ...] = ()
    openings_left: int = 0
    # Candidates who passed an MRS test session serving the need, and what the employer lets that pass stand in for:
    # the experience asked, and some of the required skills (held by whoever passed).
    mrs_passed_candidates: tuple[int, ...] = ()
    mrs_replaces_experience: bool = False
    mrs_skills: tuple[int, ...] = ()


def effective_waves(need: NeedSpec) -> tuple[WaveSpec, ...]:
    """The waves a need hires in: its own, or one implicit wave (id 0) at its start date with its openings left."""
    if need.waves:
        return need.waves
    return (WaveSpec(wave_id=0, start_day=need.start_day, openings_left=need.openings_left),)

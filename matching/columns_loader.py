"""Build the engine's column arrays from the database, without loading model instances.

Each query returns its rows as one comma-separated text that numpy parses in
a single call: far faster than fetching tuples row by row. Only the matching
fields are selected: never a name, a birth date, an address or a sensitive
situation.
"""

import numpy as np
import numpy.typing as npt
from django.db import connection

from candidates.enums import CandidateStatus
from candidates.models import Candidate, CandidateLanguage, CandidateSkill
from matching.engine.columns import CONTRACT_BITS, NO_ID, CandidateColumns, VocabularyIndex, family_key
from referentials.models import Certification, Commune, Language, Occupation, Skill

# Up to this many candidates given by id, their child rows are read by index rather than by a read of the table.
FEW_CANDIDATES = 5000


def _rows_as_array(select_list: list[str], from_clause: str, params: list[object]) -> npt.NDArray[np.float64]:
    """Run ``SELECT <select_list> FROM <from_clause>`` and return its rows as a 2-D float array.

    The database packs every row into one value that numpy reads in a single call: on PostgreSQL, the
    big-endian binary of float8 columns, aggregated into one bytea; elsewhere, comma-separated text.
    """
    width = len(select_list)
    with connection.cursor() as cursor:
        # Only fragments written in this module reach the SQL text; values go through parameters.
        if connection.vendor == "postgresql":
            row = " || ".join(f"float8send(CAST({expression} AS float8))" for expression in select_list)
            cursor.execute(f"SELECT string_agg({row}, ''::bytea) FROM {from_clause}", params)  # noqa: S608
            (packed,) = cursor.fetchone()
            if not packed:
                return np.empty((0, width), dtype=np.float64)
            return np.frombuffer(packed, dtype=">f8").astype(np.float64).reshape(-1, width)
        row = " || ',' || ".join(f"CAST({expression} AS TEXT)" for expression in select_list)
        cursor.execute(f"SELECT group_concat({row}, ',') FROM {from_clause}", params)  # noqa: S608
        (text,) = cursor.fetchone()
    if not text:
        return np.empty((0, width), dtype=np.float64)
    return np.array(text.split(","), dtype=np.float64).reshape(-1, width)


def _epoch_days(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def _flag(condition: str) -> str:
    return f"(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _candidate_filter(candidate_ids: list[int] | None) -> tuple[str, list[object]]:
    """Which candidates to load: the presentable ones, or exactly those given."""
    if candidate_ids is not None:
        if not candidate_ids:
            return "1 = 0", []
        return f"c.id IN ({', '.join(['%s'] * len(candidate_ids))})", list(candidate_ids)
    return "c.status = %s AND c.consents_to_presentation", [CandidateStatus.ACTIVE]


def _child_rows(
    table: str,
    column: str,
    ids: npt.NDArray[np.int64],
    *,
    extra: str | None = None,
    candidate_ids: list[int] | None = None,
) -> npt.NDArray[np.float64]:
    """The rows of a candidate's child table that belong to the loaded candidates.

    For every candidate, the whole table is read without a join and filtered here: a sequential read is cheaper
    for the database than joining every row back to its candidate. For a few candidates given by id (a warm
    worker's changes), their rows are read through the table's candidate index instead.
    """
    select = ["t.candidate_id", f"t.{column}", *([extra] if extra else [])]
    if candidate_ids is not None and len(candidate_ids) <= FEW_CANDIDATES:
        placeholders = ", ".join(["%s"] * len(candidate_ids)) or "NULL"
        return _rows_as_array(select, f"{table} t WHERE t.candidate_id IN ({placeholders})", list(candidate_ids))
    rows = _rows_as_array(select, f"{table} t", [])
    return rows[np.isin(rows[:, 0].astype(np.int64), ids, assume_unique=False)]


def _bits(index: VocabularyIndex, ids: npt.NDArray[np.int64], rows: npt.NDArray[np.float64]) -> npt.NDArray[np.uint64]:
    positions = np.searchsorted(ids, rows[:, 0].astype(np.int64))
    return index.bit_sets(positions, rows[:, 1].astype(np.int64), len(ids))


def _padded_wishes(
    ids: npt.NDArray[np.int64], rows: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Desired occupations and their families as (n, width) arrays padded with NO_ID."""
    families_by_occupation = {pk: family_key(code) for pk, code in Occupation.objects.values_list("id", "rome_code")}
    positions = np.searchsorted(ids, rows[:, 0].astype(np.int64))
    order = np.lexsort((rows[:, 1], positions))
    positions, occupation_ids = positions[order], rows[order, 1].astype(np.int64)
    counts = np.bincount(positions, minlength=len(ids)) if len(positions) else np.zeros(len(ids), dtype=np.int64)
    width = max(1, int(counts.max()) if len(counts) else 1)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])) if len(counts) else np.empty(0, dtype=np.int64)
    slots = np.arange(len(positions)) - starts[positions] if len(positions) else np.empty(0, dtype=np.int64)
    occupations = np.full((len(ids), width), NO_ID, dtype=np.int32)
    families = np.full((len(ids), width), NO_ID, dtype=np.int32)
    occupations[positions, slots] = occupation_ids
    families[positions, slots] = [families_by_occupation[int(pk)] for pk in occupation_ids]
    return occupations, families


def candidate_columns_load(*, candidate_ids: list[int] | None = None) -> CandidateColumns:
    """The matching columns of every active candidate who consented to be presented (or of those given)."""
    where, params = _candidate_filter(candidate_ids)
    contract = " + ".join(f"{_flag(f'c.accepts_{name}')} * {bit}" for name, bit in CONTRACT_BITS.items())
    main = _rows_as_array(
        [
            "c.id",
            _flag("c.status = %s AND c.consents_to_presentation"),
            "m.latitude",
            "m.longitude",
            "c.max_distance_km",
            _epoch_days("c.available_from"),
            f"({contract})",
            f"({_flag('c.accepts_full_time')} + 2 * {_flag('c.accepts_part_time')})",
            _flag("c.accepts_related_occupations"),
            "c.experience_years",
            "COALESCE(c.education_level, 0)",
        ],
        f"{Candidate._meta.db_table} c JOIN {Commune._meta.db_table} m ON m.id = c.commune_id WHERE {where}",
        [CandidateStatus.ACTIVE, *params],
    )
    main = main[np.argsort(main[:, 0], kind="stable")]
    ids = main[:, 0].astype(np.int64)

    occupations, families = _padded_wishes(
        ids,
        _child_rows(
            Candidate.desired_occupations.through._meta.db_table, "occupation_id", ids, candidate_ids=candidate_ids
        ),
    )
    skills = VocabularyIndex(list(Skill.objects.values_list("id", flat=True)))
    languages = VocabularyIndex(list(Language.objects.values_list("id", flat=True)))
    certifications = VocabularyIndex(list(Certification.objects.values_list("id", flat=True)))
    language_rows = _child_rows(
        CandidateLanguage._meta.db_table, "language_id", ids, extra="t.level", candidate_ids=candidate_ids
    )
    language_levels = np.zeros((len(ids), len(languages)), dtype=np.uint8)
    if len(language_rows):
        lookup = np.full(max(languages.ids) + 1, 0, dtype=np.int64)
        lookup[list(languages.ids)] = np.arange(len(languages))
        language_levels[
            np.searchsorted(ids, language_rows[:, 0].astype(np.int64)), lookup[language_rows[:, 1].astype(np.int64)]
        ] = language_rows[:, 2].astype(np.uint8)

    return CandidateColumns(
        ids=ids,
        is_presentable=main[:, 1].astype(np.bool_),
        latitude=main[:, 2],
        longitude=main[:, 3],
        max_distance_km=main[:, 4].astype(np.float32),
        available_day=main[:, 5].astype(np.int32),
        contract_mask=main[:, 6].astype(np.uint8),
        working_time_mask=main[:, 7].astype(np.uint8),
        accepts_related=main[:, 8].astype(np.bool_),
        experience_years=main[:, 9].astype(np.int16),
        education_level=main[:, 10].astype(np.int8),
        occupations=occupations,
        occupation_families=families,
        skills=skills,
        skill_bits=_bits(
            skills, ids, _child_rows(CandidateSkill._meta.db_table, "skill_id", ids, candidate_ids=candidate_ids)
        ),
        languages=languages,
        language_levels=language_levels,
        certifications=certifications,
        certification_bits=_bits(
            certifications,
            ids,
            _child_rows(
                Candidate.certifications.through._meta.db_table, "certification_id", ids, candidate_ids=candidate_ids
            ),
        ),
    )

"""Writes demo candidates, block by block, with their child rows: by COPY on PostgreSQL, by ``bulk_create`` elsewhere.

Each block is one transaction. It first looks up which of its references
already exist and writes only the others, so a second run with the same
arguments adds nothing. On PostgreSQL the candidate ids are reserved from the
table's sequence before the COPY, so the child rows can be written in the same
pass without reading the candidates back.
"""

import datetime
import unicodedata

import numpy as np
from django.db import connection, transaction

from candidates.models import Candidate, CandidateLanguage, CandidateSkill, SensitiveSituation
from demo.seeding.names import FIRST_NAMES, LAST_NAMES
from demo.seeding.scenario import EMAIL_DOMAINS, STATUSES, CandidateBlock, birth_dates, candidate_reference
from demo.seeding.staffing_writer import ReferentialIds

BULK_BATCH_SIZE = 2_000


class DemoSeedError(Exception):
    """The demo cannot be written: the referentials are not loaded, or the candidate table changed."""


def _email_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_name).split())


# The candidate columns the writer fills, in COPY order (attnames). A new
# column on the model must be added here, or the writer refuses to run.
CANDIDATE_COLUMNS = (
    "id", "reference", "first_name", "last_name", "email", "phone", "birth_date", "commune_id", "max_distance_km",
    "travels_by_car", "travels_by_public_transport", "travels_by_bike", "travels_on_foot", "has_driving_licence",
    "accepts_related_occupations", "education_level", "experience_years", "available_from", "accepts_cdi",
    "accepts_cdd", "accepts_temporary", "accepts_apprenticeship", "accepts_professionalisation", "accepts_full_time",
    "accepts_part_time", "status", "platform_id", "advisor_id", "consents_to_processing", "consented_to_processing_at",
    "consents_to_presentation", "consented_to_presentation_at", "last_contact_at", "created_at", "updated_at",
    "retention_notice_sent_at", "anonymised_at", "consents_to_messages", "consented_to_messages_at",
)  # fmt: skip
SENSITIVE_FLAGS = (
    "is_under_26", "is_long_term_job_seeker", "has_disability_recognition", "lives_in_priority_neighbourhood",
    "is_50_or_over", "receives_minimum_income",
)  # fmt: skip


class _Columns:
    """The chosen rows of a block's candidate-level arrays, looked up by name."""

    def __init__(self, block: CandidateBlock, rows: np.ndarray) -> None:
        self.block, self.rows = block, rows

    def __getitem__(self, name: str) -> np.ndarray:
        return getattr(self.block, name)[self.rows]


class CandidateRowBuilder:
    """Turns blocks of the scenario into table rows, and writes them by COPY or by ``bulk_create``."""

    def __init__(
        self,
        *,
        seed: int,
        ids: ReferentialIds,
        platform_ids: np.ndarray,
        advisor_ids: np.ndarray,
        today: datetime.date,
        now: datetime.datetime,
    ) -> None:
        filled = set(CANDIDATE_COLUMNS)
        expected = {f.attname for f in Candidate._meta.concrete_fields}
        if filled != expected:
            raise DemoSeedError(f"The demo writer does not match the candidate table: {sorted(filled ^ expected)}.")
        self.seed, self.ids, self.today, self.now = seed, ids, today, now
        self.platform_ids, self.advisor_ids = platform_ids, advisor_ids
        self.first_names = np.array(FIRST_NAMES, dtype=object)
        self.last_names = np.array(LAST_NAMES, dtype=object)
        self.first_slugs = np.array([_email_slug(n) for n in FIRST_NAMES], dtype=object)
        self.last_slugs = np.array([_email_slug(n) for n in LAST_NAMES], dtype=object)
        self.domains = np.array(EMAIL_DOMAINS, dtype=object)
        self.statuses = np.array(STATUSES, dtype=object)
        occupations = Candidate._meta.get_field("desired_occupations")
        certifications = Candidate._meta.get_field("certifications")
        self.children = {
            # name: (model, attnames)
            "occupations": (
                occupations.remote_field.through, (occupations.m2m_column_name(), occupations.m2m_reverse_name())
            ),
            "skills": (CandidateSkill, ("candidate_id", "skill_id", "level")),
            "languages": (CandidateLanguage, ("candidate_id", "language_id", "level")),
            "certifications": (
                certifications.remote_field.through,
                (certifications.m2m_column_name(), certifications.m2m_reverse_name()),
            ),
            "sensitive situations": (SensitiveSituation, ("candidate_id", *SENSITIVE_FLAGS, "updated_at")),
        }  # fmt: skip

    def tables(self) -> list[str]:
        return [Candidate._meta.db_table] + [model._meta.db_table for model, _columns in self.children.values()]

    def _timestamps(self, days_ago: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        instants = (np.datetime64(self.today, "D") - days_ago.astype("timedelta64[D]")).astype("datetime64[s]")
        return np.datetime_as_string(instants + seconds.astype("timedelta64[s]"), unit="s", timezone="UTC")

    def candidate_rows(self, block: CandidateBlock, rows: np.ndarray, ids: list[int | None]) -> list[tuple]:
        b = _Columns(block, rows)
        numbers = (block.start + 1 + rows).tolist()
        first, last = b["first_name"], b["last_name"]
        today = np.datetime64(self.today, "D")
        consented = self._timestamps(b["consent_days_ago"], b["consent_second_of_day"])
        presented = np.where(b["consents_to_presentation"], consented, None)
        emails = [
            f"{f}.{s}.{k}@{d}"
            for f, s, k, d in zip(
                self.first_slugs[first], self.last_slugs[last], numbers, self.domains[b["email_domain"]], strict=True
            )
        ]
        columns = [
            ids,
            [candidate_reference(self.seed, k) for k in numbers],
            self.first_names[first].tolist(),
            self.last_names[last].tolist(),
            emails,
            [f"0{p}" for p in b["phone"].tolist()],
            birth_dates(self.today, b["age"], b["days_before_birthday"]).tolist(),
            self.ids.commune[b["commune"]].tolist(),
            b["max_distance_km"].tolist(),
            *(b[name].tolist() for name in CANDIDATE_COLUMNS[9:15]),
            b["education_level"].tolist(),
            b["experience_years"].tolist(),
            (today + b["available_offset_days"].astype("timedelta64[D]")).tolist(),
            *(b[name].tolist() for name in CANDIDATE_COLUMNS[18:25]),
            self.statuses[b["status"]].tolist(),
            self.platform_ids[b["platform"]].tolist(),
            self.advisor_ids[b["platform"]].tolist(),
            [True] * len(rows),
            consented.tolist(),
            b["consents_to_presentation"].tolist(),
            presented.tolist(),
            (today - b["last_contact_days_ago"].astype("timedelta64[D]")).tolist(),
            [self.now] * len(rows),
            [self.now] * len(rows),
            [None] * len(rows),
            [None] * len(rows),
            # Who agreed to be presented agreed to be contacted by message, on the same day.
            b["consents_to_presentation"].tolist(),
            presented.tolist(),
        ]
        return list(zip(*columns, strict=True))

    def child_rows(self, block: CandidateBlock, id_by_row: np.ndarray) -> dict[str, list[tuple]]:
        def child(row: np.ndarray, *values: np.ndarray) -> list[tuple]:
            kept = id_by_row[row] >= 0
            return list(zip(id_by_row[row[kept]].tolist(), *(v[kept].tolist() for v in values), strict=True))

        written = np.flatnonzero(id_by_row >= 0)
        sensitive = [getattr(block, flag)[written].tolist() for flag in SENSITIVE_FLAGS]
        return {
            "occupations": child(block.occupation_row, self.ids.occupation[block.occupation]),
            "skills": child(block.skill_row, self.ids.skill[block.skill], block.skill_level),
            "languages": child(block.language_row, self.ids.language[block.language], block.language_level),
            "certifications": child(block.certification_row, self.ids.certification[block.certification]),
            "sensitive situations": list(
                zip(id_by_row[written].tolist(), *sensitive, [self.now] * len(written), strict=True)
            ),
        }

    def copy(self, block: CandidateBlock, rows: np.ndarray) -> dict[str, int]:
        """Write by COPY (PostgreSQL), ids reserved from the table's sequence first."""
        quote = connection.ops.quote_name
        table = Candidate._meta.db_table
        with connection.cursor() as cursor:
            # nextval() is safe against concurrent inserts; the ids need not be contiguous.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
            )
            ids = [value for (value,) in cursor.fetchall()]
            id_by_row = np.full(len(block), -1, dtype=np.int64)
            id_by_row[rows] = ids
            tables = [(Candidate, CANDIDATE_COLUMNS, self.candidate_rows(block, rows, ids))]
            for name, values in self.child_rows(block, id_by_row).items():
                model, attnames = self.children[name]
                tables.append((model, attnames, values))
            counts = {}
            for model, attnames, values in tables:
                columns = ", ".join(quote(model._meta.get_field(a).column) for a in attnames)
                with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                    for value in values:
                        copy.write_row(value)
                counts[model._meta.db_table] = len(values)
        return counts

    def bulk_create(self, block: CandidateBlock, rows: np.ndarray, *, batch_size: int) -> dict[str, int]:
        """Write with the ORM (SQLite and other backends): the candidates first, to learn their ids."""
        attnames = CANDIDATE_COLUMNS[1:]
        candidates = [
            Candidate(**dict(zip(attnames, row[1:], strict=True)))
            for row in self.candidate_rows(block, rows, [None] * len(rows))
        ]
        Candidate.objects.bulk_create(candidates, batch_size=batch_size)
        id_by_row = np.full(len(block), -1, dtype=np.int64)
        id_by_row[rows] = [c.pk for c in candidates]
        counts = {Candidate._meta.db_table: len(candidates)}
        for name, values in self.child_rows(block, id_by_row).items():
            model, attnames = self.children[name]
            model.objects.bulk_create(
                [model(**dict(zip(attnames, value, strict=True))) for value in values], batch_size=batch_size
            )
            counts[model._meta.db_table] = len(values)
        return counts


def candidate_block_write(block: CandidateBlock, builder: CandidateRowBuilder) -> tuple[int, dict[str, int]]:
    """Write the candidates of a block that do not exist yet.

    Returns how many already existed, and the rows written per table.
    """
    first, last = block.start + 1, block.start + len(block)
    with transaction.atomic():
        # One range query per block: the references are zero-padded, so their
        # text order is their number order.
        existing = Candidate.objects.filter(
            reference__range=(candidate_reference(builder.seed, first), candidate_reference(builder.seed, last))
        ).values_list("reference", flat=True)
        keep = np.ones(len(block), dtype=bool)
        for reference in existing:
            keep[int(reference.rsplit("-", 1)[1]) - first] = False
        rows = np.flatnonzero(keep)
        if len(rows) == 0:
            return len(block), {}
        if connection.vendor == "postgresql":
            return len(block) - len(rows), builder.copy(block, rows)
        return len(block) - len(rows), builder.bulk_create(block, rows, batch_size=BULK_BATCH_SIZE)

"""An employer's presentations and hires as a CSV or XLSX file, for its members (the portal and the employer API).

One row per presentation the employer received (presented or later), need by need: the need, the wave, the status,
the dates (presented, interview, hire start) and the contract. The candidate is their pseudonym for this employer,
with their name and contact only where the employer may know them (``employer_selectors.identity_is_revealed``);
never a sensitive situation. Each such reveal is logged as an export (``candidates.audit``) before the file is
handed over.

The rows are read in chunks (``iterator``) and written to a temporary file that spills to disk past a few
megabytes, so that a large employer's export holds one chunk in memory, not the whole history. Every text cell a
spreadsheet would read as a formula is prefixed with a quote (``candidates.exports.spreadsheet_safe``).
"""

import csv
import io
import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.models import User
from candidates.audit import personal_data_access_record
from candidates.exports import spreadsheet_safe
from candidates.models import Candidate, PersonalDataAccess
from candidates.pseudonyms import candidate_pseudonym_for_employer
from employers.enums import ContractType
from matching.employer_selectors import (
    CONTACT_FIELDS,
    employer_id_for_member,
    identity_is_revealed,
    need_for_employer,
    with_hired_elsewhere,
)
from matching.enums import PresentationStatus
from matching.models import Presentation

Status = PresentationStatus

CHUNK_SIZE = 500
# Past this size the file is written to disk rather than kept in memory.
SPOOL_BYTES = 4 * 1024 * 1024
FILE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _headers() -> list[str]:
    return [
        _("Need"),
        _("Wave"),
        _("Candidate"),
        _("Email"),
        _("Phone"),
        _("Status"),
        _("Presented on"),
        _("Interview"),
        _("Hire starts on"),
        _("Contract"),
        _("Contract length (months)"),
    ]


@dataclass(frozen=True)
class ExportRow:
    candidate_id: int
    is_revealed: bool
    cells: list[object]


def _local(moment: object) -> object:
    return timezone.localtime(moment).replace(tzinfo=None) if moment is not None else None


def presentation_export_rows(*, user: User, need_id: int | None = None) -> Iterator[ExportRow]:
    """The rows of the user's employer (one need's when ``need_id`` is given: another employer's is not found, at
    once, before any row is read), read ``CHUNK_SIZE`` at a time: one query per chunk for the rows, one for the
    revealed contacts in it."""
    employer_id = employer_id_for_member(user=user)
    presentations = Presentation.objects.filter(need__employer_id=employer_id, status__in=Status.presented_or_later())
    if need_id is not None:
        presentations = presentations.filter(need=need_for_employer(user=user, need_id=need_id))
    rows = (
        with_hired_elsewhere(presentations)
        .annotate(need_title=F("need__title"), wave_starts_on=F("wave__starts_on"))
        .order_by("need__start_date", "need_id", "presented_at", "pk")
        .values(
            "candidate_id",
            "status",
            "interview_accepted_at",
            "is_hired_elsewhere",
            "need_title",
            "wave_starts_on",
            "presented_at",
            "interview_at",
            "hire_starts_on",
            "contract_type",
            "contract_duration_months",
        )
    )
    return _export_rows(rows, employer_id=employer_id)


def _export_rows(rows: QuerySet, *, employer_id: int) -> Iterator[ExportRow]:
    for chunk in itertools.batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        revealed = [
            identity_is_revealed(
                status=row["status"],
                interview_accepted_at=row["interview_accepted_at"],
                is_hired_elsewhere=row["is_hired_elsewhere"],
            )
            for row in chunk
        ]
        named_ids = {row["candidate_id"] for row, is_revealed in zip(chunk, revealed, strict=True) if is_revealed}
        contacts = (
            {
                contact["pk"]: contact
                for contact in Candidate.objects.filter(pk__in=named_ids).values("pk", *CONTACT_FIELDS)
            }
            if named_ids
            else {}
        )
        for row, is_revealed in zip(chunk, revealed, strict=True):
            contact = contacts.get(row["candidate_id"]) if is_revealed else None
            name = (
                f"{contact['first_name']} {contact['last_name']}"
                if contact
                else candidate_pseudonym_for_employer(employer_id=employer_id, candidate_id=row["candidate_id"])
            )
            cells = [
                row["need_title"],
                row["wave_starts_on"],
                name,
                contact["email"] if contact else "",
                contact["phone"] if contact else "",
                str(Status(row["status"]).label),
                _local(row["presented_at"]),
                _local(row["interview_at"]),
                row["hire_starts_on"],
                str(ContractType(row["contract_type"]).label) if row["contract_type"] else "",
                row["contract_duration_months"],
            ]
            yield ExportRow(
                candidate_id=row["candidate_id"],
                is_revealed=contact is not None,
                cells=[spreadsheet_safe(cell) for cell in cells],
            )


@dataclass(frozen=True)
class ExportFile:
    file: tempfile.SpooledTemporaryFile
    filename: str
    content_type: str


def employer_presentations_export(*, user: User, file_format: str, need_id: int | None = None) -> ExportFile:
    """The file (``csv`` or ``xlsx``), rewound; the candidates named in it are logged as exported by ``user``."""
    if file_format not in FILE_FORMATS:
        raise ValueError(file_format)
    named: set[int] = set()
    found = presentation_export_rows(user=user, need_id=need_id)  # not found: raised before any file is opened

    def rows() -> Iterator[list[object]]:
        yield _headers()
        for row in found:
            if row.is_revealed:
                named.add(row.candidate_id)
            yield row.cells

    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - the response closes it
    if file_format == "csv":
        text = io.TextIOWrapper(spooled, encoding="utf-8", newline="")
        text.write("\ufeff")  # so that spreadsheet software reads accented letters correctly
        csv.writer(text).writerows(_cells_as_text(row) for row in rows())
        text.flush()
        text.detach()
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=_("Presentations")[:31])
        for row in rows():
            sheet.append(row)
        workbook.save(spooled)
    spooled.seek(0)
    if named:
        personal_data_access_record(
            actor=user, candidate_ids=named, action=PersonalDataAccess.Action.EXPORTED, fields=CONTACT_FIELDS
        )
    scope = f"-{need_id}" if need_id is not None else ""
    filename = f"presentations{scope}-{timezone.localdate().isoformat()}.{file_format}"
    return ExportFile(file=spooled, filename=filename, content_type=FILE_FORMATS[file_format])


def _cells_as_text(row: list[object]) -> list[object]:
    return [cell.isoformat(sep=" ", timespec="minutes") if hasattr(cell, "hour") else cell for cell in row]

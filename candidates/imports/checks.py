"""Checking a whole file (bad rows, duplicates in the platform and in the file) and importing it in one transaction."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.access import platform_ids_for
from accounts.models import PartnerOrganisation, Platform, User
from candidates.duplicates import KEY_LABELS, DuplicateIndex, duplicate_index_for_platform, duplicate_keys
from candidates.enums import ConsentMethod
from candidates.imports.columns import _columns_map, expected_columns_text
from candidates.imports.occupations import CHOSEN, MAPPED, TO_CONFIRM, OccupationValue
from candidates.imports.reading import MAX_ROWS, CandidateFileRefused, _cell_text, _table_rows
from candidates.imports.rows import _ReadRow, _RowReader
from candidates.models import Candidate, CandidateReferral
from candidates.referrals import referral_propose_check

PROGRESS_EVERY = 1_000
WRITE_BATCH = 1_000


@dataclass(frozen=True)
class RowIssue:
    line: int
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}"


@dataclass
class PendingCandidate:
    """A checked row, ready to be saved."""

    line: int
    candidate: Candidate
    occupation_ids: list[int]
    consent_on: datetime.date | None = None


@dataclass
class CandidateImportReport:
    source: str
    platform: Platform
    partner: PartnerOrganisation | None = None
    rows_read: int = 0
    pending: list[PendingCandidate] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    skipped: list[RowIssue] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    created: list[Candidate] = field(default_factory=list)
    # The distinct values of the occupation column in words, by what became of them.
    occupations_mapped: list[OccupationValue] = field(default_factory=list)
    occupations_chosen: list[OccupationValue] = field(default_factory=list)
    occupations_to_confirm: list[OccupationValue] = field(default_factory=list)

    @property
    def is_importable(self) -> bool:
        return not self.errors and not self.occupations_to_confirm and bool(self.pending)


def candidate_import_platform_check(
    *, platform: Platform, by: User | None, partner: PartnerOrganisation | None = None
) -> None:
    """Only a superuser or the platform's own staff may import into it; a partner's file, only the partner's
    advisors, to a platform the partner works with (``PermissionDenied`` for anyone else, and for another platform:
    the form offers only the partner's)."""
    if partner is not None:
        if by is None:
            return
        try:
            referral_propose_check(partner=partner, platform=platform, by=by)
        except ValidationError as error:
            raise PermissionDenied from error
        return
    if by is None or by.is_superuser:
        return
    if platform.pk not in platform_ids_for(by):
        raise PermissionDenied


def candidate_import_check(
    *,
    content: bytes,
    filename: str,
    platform: Platform,
    by: User | None,
    progress: Callable[[int, int], None] | None = None,
    occupation_choices: dict[str, str] | None = None,
    partner: PartnerOrganisation | None = None,
) -> CandidateImportReport:
    """Read the whole file and say what an import would do; write nothing.

    Raises ``CandidateFileRefused`` when the file as a whole cannot be read (size, format, encoding, columns,
    number of rows, size of cells; for an XLSX, its unpacked size and shared strings); bad rows are listed in the
    report's ``errors``, duplicates in its ``skipped``. ``progress(rows checked, rows)`` is called every
    ``PROGRESS_EVERY`` rows and once at the end. ``occupation_choices`` are staff's codes for the values of the
    occupation column in words (by search form, "" for none); the other values are mapped when the suggester is
    confident, and listed in ``occupations_to_confirm`` otherwise. With a ``partner``, the file proposes people to
    the platform: each row needs its consent date, and a duplicate is said to be known without naming the profile.
    """
    candidate_import_platform_check(platform=platform, by=by, partner=partner)
    report = CandidateImportReport(source=filename, platform=platform, partner=partner)
    rows = _table_rows(content=content, filename=filename)
    header = next(rows, None)
    if header is None or not any(_cell_text(cell) for cell in header[1]):
        raise CandidateFileRefused(
            f"Le fichier est vide : la première ligne doit nommer les colonnes. Colonnes attendues : "
            f"{expected_columns_text()}.",
            show_expected_columns=True,
        )
    positions, report.ignored_columns = _columns_map(header[1])
    reader = _RowReader(
        positions=positions,
        platform=platform,
        by=by,
        occupation_choices=occupation_choices,
        for_partner=partner is not None,
    )

    # Counted before any row is checked, so that an oversized file is refused at once.
    lines: list[tuple[int, list[object]]] = []
    for line, cells in rows:
        if any(_cell_text(cell) for cell in cells):
            lines.append((line, cells))
            if len(lines) > MAX_ROWS:
                raise CandidateFileRefused(
                    f"Le fichier compte plus de {MAX_ROWS:_} lignes : découpez-le en plusieurs fichiers.".replace(
                        "_", " "
                    )
                )
    report.rows_read = len(lines)
    read_rows: list[_ReadRow] = []
    for done, (line, cells) in enumerate(lines, start=1):
        row, problems = reader.read(line, cells)
        report.errors.extend(RowIssue(line, problem) for problem in problems)
        if row is not None:
            read_rows.append(row)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, report.rows_read)
    report.occupations_mapped = reader.occupation_words.by_status(MAPPED)
    report.occupations_chosen = reader.occupation_words.by_status(CHOSEN)
    report.occupations_to_confirm = reader.occupation_words.by_status(TO_CONFIRM)
    if report.rows_read == 0:
        report.errors.append(RowIssue(2, "le fichier ne contient aucun candidat"))

    references = [row.reference for row in read_rows if row.reference]
    known_references: dict[str, tuple[int, int]] = {}
    for start in range(0, len(references), 5000):
        known_references.update(
            (reference, (pk, platform_id))
            for reference, pk, platform_id in Candidate.objects.filter(
                reference__in=references[start : start + 5000]
            ).values_list("reference", "pk", "platform_id")
        )
    existing = duplicate_index_for_platform(platform_id=platform.pk)
    in_file = DuplicateIndex()
    for row in read_rows:
        if row.reference and row.reference in known_references:
            pk, platform_id = known_references[row.reference]
            # Another platform's file is not named, nor said to be another platform's: only that it is known.
            where = f"déjà présent (#{pk})" if platform_id == platform.pk and partner is None else "déjà connu"
            report.skipped.append(RowIssue(row.line, f"n° de dossier {row.reference} {where} : rien n'est modifié"))
            continue
        keys = duplicate_keys(
            email=row.candidate.email,
            phone=row.candidate.phone,
            last_name=row.candidate.last_name,
            first_name=row.candidate.first_name,
            birth_date=row.candidate.birth_date,
        )
        if row.reference:
            keys.append(("reference", row.reference))
        found = existing.find(keys)
        if found is not None:
            (pk, key) = found
            # A partner is not told which profile of the platform the person matches.
            known = "personne déjà connue de la plateforme" if partner is not None else f"doublon de #{pk}"
            report.skipped.append(RowIssue(row.line, f"{known} ({KEY_LABELS[key[0]]}) : ligne ignorée"))
            continue
        found = in_file.find(keys)
        if found is not None:
            (earlier, key) = found
            reason = KEY_LABELS.get(key[0], "même n° de dossier")
            report.skipped.append(RowIssue(row.line, f"doublon de la ligne {earlier} ({reason}) : ligne ignorée"))
            continue
        in_file.add(keys, row.line)
        report.pending.append(PendingCandidate(row.line, row.candidate, row.occupation_ids, row.consent_on))
    if progress is not None:
        progress(report.rows_read, report.rows_read)
    return report


def candidate_import(
    *,
    content: bytes,
    filename: str,
    platform: Platform,
    by: User | None,
    occupation_choices: dict[str, str] | None = None,
    partner: PartnerOrganisation | None = None,
) -> CandidateImportReport:
    """Check the file and, when no row is bad and no occupation waits for staff's choice, create its candidates in
    one transaction, with the occupations chosen (``occupation_choices``) or mapped.

    The report's ``created`` lists the candidates created; it is empty when the report has errors, and then
    nothing was written. Matching the candidates created is the caller's to request
    (``matching.services.candidate_changes.candidates_matching_changed``), in the same transaction. A partner's file
    creates proposed candidates, each with its referral (``CandidateReferral``, its consent recorded from the file).
    """
    with transaction.atomic():
        report = candidate_import_check(
            content=content,
            filename=filename,
            platform=platform,
            by=by,
            occupation_choices=occupation_choices,
            partner=partner,
        )
        if not report.is_importable:
            return report
        # In batches: one INSERT per thousand candidates rather than three queries per row.
        report.created = Candidate.objects.bulk_create(
            [pending.candidate for pending in report.pending], batch_size=WRITE_BATCH
        )
        Wish = Candidate.desired_occupations.through
        Wish.objects.bulk_create(
            [
                Wish(candidate_id=pending.candidate.pk, occupation_id=occupation_id)
                for pending in report.pending
                for occupation_id in pending.occupation_ids
            ],
            batch_size=WRITE_BATCH * 5,
        )
        if partner is not None:
            CandidateReferral.objects.bulk_create(
                [
                    CandidateReferral(
                        partner=partner,
                        proposed_by=by,
                        platform=platform,
                        candidate=pending.candidate,
                        consent_recorded_on=pending.consent_on,
                        consent_method=ConsentMethod.FILE,
                    )
                    for pending in report.pending
                ],
                batch_size=WRITE_BATCH,
            )
    return report

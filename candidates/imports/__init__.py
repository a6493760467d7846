"""Importing candidates from partners' CSV and XLSX files, all or nothing.

``candidate_import_check`` reads a file and writes nothing: it returns a
report that lists every bad row with its line number and the reason, in
French (the files and the staff who read the report are French), the rows
skipped as duplicates, and the rows that would be created.
``candidate_import`` runs the same check inside one transaction and creates
the candidates only when no row is bad; the write task,
``matching.tasks.candidate_import_job_write``, then asks for their matching
in the same transaction (a run each, or one full run beyond 50 candidates).
Neither runs in a web request: ``candidates.imports.jobs`` stores the upload
as a ``CandidateImport`` and runs them in Celery tasks, with a progress page.

Columns
-------
A header is recognised whatever its case, accents and punctuation
("Date de naissance", "DATE_DE_NAISSANCE" and "date-de-naissance" are one
column). Our own column names (those of ``candidates.exports``) and the
usual partner headers are accepted:

======================================  ============================================================
column (our name)                       partner headers also accepted
======================================  ============================================================
reference                               Identifiant, N° dossier, Numéro de dossier, Référence
last_name (required)                    Nom, Nom de famille, Nom d'usage
first_name (required)                   Prénom
email                                   Courriel, Email, E-mail, Mail, Adresse électronique
phone                                   Téléphone, Tél, Portable, Mobile
birth_date                              Date de naissance — dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or ISO
insee_code                              Code INSEE, Code commune
postcode                                Code postal, CP
commune                                 Commune, Ville, Commune de résidence
rome_codes                              Code ROME, Codes ROME, Métiers recherchés — several codes
                                        separated by ";", "," or spaces
occupation_text                         Métier, Métier recherché, Emploi recherché, Profession, Intitulé du
                                        poste, Poste recherché — one occupation in words, mapped to its
                                        ROME code (below); added to ``rome_codes``, without duplicates
max_distance_km                         Rayon de mobilité (km), Mobilité (km), Distance maximale (km)
available_from                          Disponible le, Date de disponibilité
has_driving_licence                     Permis B, Permis
consents_to_processing                  Consentement traitement, Consentement RGPD
consented_to_processing_at              Date consentement traitement, Date consentement RGPD
consents_to_presentation                Consentement présentation
consented_to_presentation_at            Date consentement présentation
experience_years                        Années d'expérience, Expérience (années)
education_level                         Niveau de formation (1 to 8, as in the admin)
travels_by_car, travels_by_public_transport, travels_by_bike, travels_on_foot, accepts_related_occupations,
accepts_cdi, accepts_cdd, accepts_temporary, accepts_apprenticeship, accepts_professionalisation,
accepts_full_time, accepts_part_time    (our names only)
======================================  ============================================================

The commune comes from the INSEE code when there is one; otherwise from the
postcode, with the commune's name to choose when the postcode covers several
communes; otherwise from the "commune" column alone, read like the admin's
commune field (an INSEE code, a postcode, "59000 Lille") or as a name.
Columns not listed are ignored and named in the report; a file without
``last_name``, ``first_name`` or any commune column, or with two columns for
one field ("Email" and "Courriel"), is refused with the list of expected
columns. Yes/no cells read oui/non, o/n, yes/no, 1/0, x, vrai/faux; an empty
cell takes the admin's default.

Occupations in words
--------------------
Each distinct value of ``occupation_text`` is asked once of the suggester
(``referentials.suggest.occupation_suggest``, see ``candidates.imports.occupations``). A confident answer (the
text is a job title, a code, or the beginning of a title, and no other code comes close) is applied to every row
holding the value and listed in the report as mapped; any other value is listed "to confirm" with its rows and
the three best suggestions. On the job's page, staff choose once per value a suggestion, another ROME code or
none (``candidates.imports.jobs.candidate_import_occupations_confirm``); the choices are stored on the job, and
the write, which checks the file again, applies them. Nothing is written while a value waits for its choice.

Rules
-----
- A file is refused as a whole beyond 10 MB, 50,000 rows (60,000 lines with
  the blank ones), 200 columns or 1,000 characters in a cell, in a format
  other than CSV or XLSX, or, for a CSV, in an encoding other than UTF-8
  (with or without BOM) or Windows-1252. CSV cells may be separated by ";",
  "," or tabs. An XLSX is also refused beyond 150 MB unpacked or 1,000,000
  shared strings: its parts are streamed and counted before openpyxl reads
  it (read-only), so that a small crafted file cannot take minutes.
- XLSX cells are read as stored: a formula is kept as its text, never
  evaluated.
- Consent: "oui" needs its date, either in the date column or in the same cell
  ("oui 12/03/2025"); the import date is never used in its place, since a
  consent is recorded with the day it was given. A consent to be presented
  needs the consent to data processing.
- Duplicates: a row whose e-mail, phone (digits only, +33 → 0) or last name,
  first name and birth date (case- and accent-insensitive) match a candidate
  of the platform, or an earlier row of the file, is reported as a duplicate
  ("doublon de #12" or "doublon de la ligne 4") and skipped; so is a row whose
  file reference already exists (nothing of that profile is updated; another
  platform's profile is only said to be "déjà connu", never named). They do
  not block the import.
- Every candidate is created on the importing platform; its advisor is the
  person who imports. Only a superuser or the platform's staff may import.
"""

from candidates.imports.checks import (
    CandidateImportReport,
    PendingCandidate,
    RowIssue,
    candidate_import,
    candidate_import_check,
    candidate_import_platform_check,
)
from candidates.imports.columns import COLUMN_BY_NAME, COLUMNS, Column, expected_columns_text
from candidates.imports.form import CandidateImportForm
from candidates.imports.reading import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_LINES,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_XLSX_UNPACKED_BYTES,
    CandidateFileRefused,
)

__all__ = [
    "COLUMNS",
    "COLUMN_BY_NAME",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_LINES",
    "MAX_ROWS",
    "MAX_SHARED_STRINGS",
    "MAX_XLSX_UNPACKED_BYTES",
    "CandidateFileRefused",
    "CandidateImportForm",
    "CandidateImportReport",
    "Column",
    "PendingCandidate",
    "RowIssue",
    "candidate_import",
    "candidate_import_check",
    "candidate_import_platform_check",
    "expected_columns_text",
]

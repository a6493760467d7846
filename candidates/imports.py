"""Importing candidates from partners' CSV and XLSX files, all or nothing.

``candidate_import_check`` reads a file and writes nothing: it returns a
report that lists every bad row with its line number and the reason, in
French (the files and the staff who read the report are French), the rows
skipped as duplicates, and the rows that would be created.
``candidate_import`` runs the same check inside one transaction and creates
the candidates only when no row is bad; it then queues a matching run for
each candidate created (after commit).

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

Rules
-----
- A file is refused as a whole beyond 10 MB or 50,000 rows, in a format other
  than CSV or XLSX, or, for a CSV, in an encoding other than UTF-8 (with or
  without BOM) or Windows-1252. CSV cells may be separated by ";", "," or tabs.
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
  file reference already exists (nothing of that profile is updated). They do
  not block the import.
- Every candidate is created on the importing platform; its advisor is the
  person who imports. Only a superuser or the platform's staff may import.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.access import platform_ids_for
from accounts.models import Platform, User
from candidates.duplicates import KEY_LABELS, DuplicateIndex, duplicate_index_for_platform, duplicate_keys
from candidates.duplicates import name_normalise as _fold
from candidates.forms import CandidateForm
from candidates.models import Candidate
from candidates.services import candidate_matching_changed
from referentials.models import INSEE_CODE_PATTERN, POSTCODE_PATTERN, ROME_CODE_PATTERN, Commune, Occupation

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
CSV_ENCODINGS = ("utf-8-sig", "cp1252")
TRUE_WORDS = {"oui", "o", "yes", "y", "1", "x", "vrai", "true"}
FALSE_WORDS = {"non", "n", "no", "0", "faux", "false"}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    aliases: tuple[str, ...] = ()


COLUMNS = [
    Column("reference", "n° de dossier", ("identifiant", "n° dossier", "n° de dossier", "numéro de dossier",
                                          "numero dossier", "no dossier", "référence", "reference dossier")),
    Column("last_name", "nom", ("nom", "nom de famille", "nom d'usage")),
    Column("first_name", "prénom", ("prénom",)),
    Column("email", "courriel", ("courriel", "email", "e-mail", "mail", "adresse e-mail", "adresse mail",
                                 "adresse électronique")),
    Column("phone", "téléphone", ("téléphone", "tél", "tel", "téléphone portable", "portable", "mobile")),
    Column("birth_date", "date de naissance", ("date de naissance", "né le", "née le", "né(e) le")),
    Column("insee_code", "code INSEE", ("code insee", "code commune", "insee")),
    Column("postcode", "code postal", ("code postal", "cp")),
    Column("commune", "commune", ("ville", "commune de résidence")),
    Column("rome_codes", "code ROME", ("code rome", "codes rome", "métiers recherchés", "métier recherché",
                                       "desired_occupations")),
    Column("max_distance_km", "rayon de mobilité", ("rayon de mobilité (km)", "rayon de mobilité", "mobilité (km)",
                                                    "distance maximale (km)")),
    Column("available_from", "date de disponibilité", ("disponible le", "date de disponibilité", "disponibilité")),
    Column("has_driving_licence", "permis B", ("permis b", "permis")),
    Column("consents_to_processing", "consentement traitement", ("consentement traitement", "consentement rgpd",
                                                                 "consentement traitement des données")),
    Column("consented_to_processing_at", "date du consentement traitement", (
        "date consentement traitement", "date du consentement traitement", "date consentement rgpd")),
    Column("consents_to_presentation", "consentement présentation", ("consentement présentation",)),
    Column("consented_to_presentation_at", "date du consentement présentation", (
        "date consentement présentation", "date du consentement présentation")),
    Column("experience_years", "années d'expérience", ("années d'expérience", "expérience (années)")),
    Column("education_level", "niveau de formation", ("niveau de formation",)),
    Column("travels_by_car", "se déplace en voiture"),
    Column("travels_by_public_transport", "se déplace en transports en commun"),
    Column("travels_by_bike", "se déplace à vélo"),
    Column("travels_on_foot", "se déplace à pied"),
    Column("accepts_related_occupations", "accepte les métiers proches"),
    Column("accepts_cdi", "accepte un CDI"),
    Column("accepts_cdd", "accepte un CDD"),
    Column("accepts_temporary", "accepte l'intérim"),
    Column("accepts_apprenticeship", "accepte l'apprentissage"),
    Column("accepts_professionalisation", "accepte le contrat de professionnalisation"),
    Column("accepts_full_time", "accepte le temps plein"),
    Column("accepts_part_time", "accepte le temps partiel"),
]  # fmt: skip
COLUMN_BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED_COLUMNS = ["last_name", "first_name"]
COMMUNE_COLUMNS = ["insee_code", "postcode", "commune"]
BOOLEAN_FORM_FIELDS = [
    "has_driving_licence",
    "travels_by_car",
    "travels_by_public_transport",
    "travels_by_bike",
    "travels_on_foot",
    "accepts_related_occupations",
    "accepts_cdi",
    "accepts_cdd",
    "accepts_temporary",
    "accepts_apprenticeship",
    "accepts_professionalisation",
    "accepts_full_time",
    "accepts_part_time",
]


def _header_key(text: object) -> str:
    """Headers compared without case, accents or punctuation: "Rayon de mobilité (km)" → "rayon de mobilite km"."""
    return re.sub(r"[^a-z0-9]+", " ", _fold(str(text or "")).replace("°", " ").replace("º", "o")).strip()


HEADER_TO_COLUMN: dict[str, str] = {}
for _column in COLUMNS:
    for _header in (_column.name, *_column.aliases):
        HEADER_TO_COLUMN.setdefault(_header_key(_header), _column.name)


def expected_columns_text() -> str:
    """The accepted columns, for the messages that refuse a file."""
    parts = []
    for column in COLUMNS:
        aliases = ", ".join(f"« {alias} »" for alias in column.aliases)
        parts.append(f"{column.name}" + (f" ({aliases})" if aliases else ""))
    return " ; ".join(parts)


class CandidateFileRefused(ValueError):
    """The whole file is refused, before any row is read: too big, unreadable, or without the needed columns."""

    def __init__(self, message: str, *, show_expected_columns: bool = False) -> None:
        self.message = message
        self.show_expected_columns = show_expected_columns
        super().__init__(message)


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


@dataclass
class CandidateImportReport:
    source: str
    platform: Platform
    rows_read: int = 0
    pending: list[PendingCandidate] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    skipped: list[RowIssue] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    created: list[Candidate] = field(default_factory=list)

    @property
    def is_importable(self) -> bool:
        return not self.errors and bool(self.pending)


# Reading the file


def _cell_text(value: object) -> str:
    """A cell as text. XLSX numbers lose nothing ("59350.0" → "59350"); dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _csv_decode(content: bytes) -> str:
    if b"\x00" in content:
        raise CandidateFileRefused(
            "Encodage non pris en charge (le fichier semble en UTF-16) : enregistrez-le en CSV UTF-8 ou Windows-1252."
        )
    for encoding in CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
            return text
    raise CandidateFileRefused(
        "Encodage non pris en charge : le fichier n'est ni en UTF-8 ni en Windows-1252. "
        "Enregistrez-le en « CSV UTF-8 » depuis votre tableur."
    )


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[object]]]:
    text = _csv_decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    try:
        for row in reader:
            # A quoted cell may span lines: a row is numbered by the line it starts on.
            start, previous_end = previous_end + 1, reader.line_num
            yield start, list(row)
    except csv.Error as error:
        raise CandidateFileRefused(f"CSV illisible à la ligne {reader.line_num} : {error}.") from error


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[object]]]:
    import openpyxl

    try:
        # data_only=False: a formula is read as its text and never evaluated.
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise CandidateFileRefused(
            "Fichier XLSX illisible : enregistrez-le à nouveau depuis votre tableur."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            yield line, list(row)
    finally:
        workbook.close()


def _table_rows(*, content: bytes, filename: str) -> Iterator[tuple[int, list[object]]]:
    if len(content) > MAX_FILE_BYTES:
        raise CandidateFileRefused(
            f"Le fichier pèse {len(content) / 1024 / 1024:.1f} Mo : la limite est de "
            f"{MAX_FILE_BYTES // 1024 // 1024} Mo. Découpez-le en plusieurs fichiers."
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        return _csv_rows(content)
    if extension == "xlsx":
        return _xlsx_rows(content)
    raise CandidateFileRefused(f"Format non pris en charge « .{extension} » : envoyez un fichier CSV ou XLSX.")


def _columns_map(headers: list[object]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    ignored: list[str] = []
    doubled: list[str] = []
    for position, header in enumerate(headers):
        text = _cell_text(header)
        name = HEADER_TO_COLUMN.get(_header_key(text))
        if name is None:
            if text:
                ignored.append(text)
        elif name in positions:
            doubled.append(f"« {text} » ({name})")
        else:
            positions[name] = position
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if not any(name in positions for name in COMMUNE_COLUMNS):
        missing.append("code INSEE, code postal ou commune")
    if missing or doubled:
        problems = []
        if missing:
            problems.append(f"colonne(s) manquante(s) : {', '.join(missing)}")
        if doubled:
            problems.append(f"colonne(s) en double : {', '.join(doubled)}")
        raise CandidateFileRefused(
            f"Colonnes incorrectes ({' ; '.join(problems)}). Colonnes attendues : {expected_columns_text()}.",
            show_expected_columns=True,
        )
    return positions, ignored


# Reading one row


class _BadCell(ValueError):
    pass


def _date(text: str, label: str) -> datetime.date | None:
    if not text:
        return None
    candidate = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$", text) else text
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(candidate, date_format).date()
        except ValueError:
            continue
    raise _BadCell(f"{label} illisible « {text} » (attendu jj/mm/aaaa)")


def _yes_no(text: str, label: str) -> bool | None:
    word = _fold(text)
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _BadCell(f"{label} : valeur « {text} » non reconnue (oui ou non attendu)")


def _consent(text: str, date_text: str, label: str) -> tuple[bool, datetime.datetime | None]:
    """A consent cell ("oui", "non", "oui 12/03/2025") and its date column: (given, when)."""
    match = re.match(r"^\s*(\S+)\s*(?:le\s+)?(\d[\d/.\-]+\d)?\s*$", text, flags=re.IGNORECASE)
    word, inline_date = (match.group(1), match.group(2) or "") if match else (text, "")
    given = _yes_no(word, label)
    if not given:
        return False, None
    day = _date(date_text or inline_date, f"date du {label}")
    if day is None:
        raise _BadCell(f"{label} « oui » sans date : indiquez la date à laquelle il a été donné")
    if day > timezone.localdate():
        raise _BadCell(f"date du {label} dans le futur « {date_text or inline_date} »")
    return True, timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _whole_number(text: str, label: str) -> str:
    if not text:
        return ""
    cleaned = re.sub(r"\s*(km|ans?)\s*$", "", text.strip(), flags=re.IGNORECASE).replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        raise _BadCell(f"{label} illisible « {text} »") from None
    if not number.is_integer():
        raise _BadCell(f"{label} : nombre entier attendu, pas « {text} »")
    return str(int(number))


class _CommuneFinder:
    """Resolves communes once per distinct value: a file of 50,000 rows names a few hundred communes."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str, str], Commune | str] = {}
        self._by_name: dict[str, list[int]] | None = None

    def __call__(self, insee_code: str, postcode: str, name: str) -> Commune:
        key = (insee_code.upper(), postcode, _fold(name))
        if key not in self._cache:
            self._cache[key] = self._find(*key, raw_name=name)
        found = self._cache[key]
        if isinstance(found, str):
            raise _BadCell(found)
        return found

    def _find(self, insee_code: str, postcode: str, folded_name: str, *, raw_name: str) -> Commune | str:
        if insee_code:
            code = insee_code.zfill(5) if insee_code.isdigit() else insee_code
            if not re.match(INSEE_CODE_PATTERN, code):
                return f"code INSEE mal formé « {insee_code} »"
            return Commune.objects.filter(insee_code=code).first() or f"code INSEE inconnu {code}"
        if postcode:
            code = postcode.zfill(5) if postcode.isdigit() else postcode
            if not re.match(POSTCODE_PATTERN, code):
                return f"code postal mal formé « {postcode} »"
            return self._by_postcode(code, folded_name, raw_name)
        if not folded_name:
            return "commune manquante (code INSEE, code postal ou nom)"
        # The "commune" column alone: an INSEE code, a postcode, "59000 Lille", or a name.
        match = re.match(r"^(\d[\dab]\d{3})\s*(.*)$", folded_name)
        if match:
            code, rest = match.group(1).upper(), match.group(2).strip()
            if not rest:
                commune = Commune.objects.filter(insee_code=code).first()
                if commune is not None:
                    return commune
            if re.match(POSTCODE_PATTERN, code):
                return self._by_postcode(code, rest, raw_name[len(code) :].strip())
            return f"commune inconnue « {raw_name} »"
        named = self._names().get(folded_name, [])
        if len(named) == 1:
            return Commune.objects.get(pk=named[0])
        if not named:
            return f"commune inconnue « {raw_name} »"
        return f"plusieurs communes s'appellent « {raw_name} » : donnez le code postal ou le code INSEE"

    def _names(self) -> dict[str, list[int]]:
        """Every commune's id by its folded name, read once, for files that give a name alone."""
        if self._by_name is None:
            self._by_name = {}
            for pk, name in Commune.objects.values_list("pk", "name").iterator(chunk_size=5000):
                self._by_name.setdefault(_fold(name), []).append(pk)
        return self._by_name

    def _by_postcode(self, code: str, folded_name: str, raw_name: str) -> Commune | str:
        communes = list(Commune.objects.filter(postcodes__code=code).distinct())
        if not communes:
            return f"code postal inconnu {code}"
        if folded_name:
            named = [commune for commune in communes if _fold(commune.name) == folded_name]
            if not named:
                names = ", ".join(commune.name for commune in communes[:5])
                return f"la commune « {raw_name} » ne correspond pas au code postal {code} ({names})"
            communes = named
        if len(communes) > 1:
            names = ", ".join(commune.name for commune in communes[:5])
            return (
                f"le code postal {code} couvre plusieurs communes ({names}) : "
                "ajoutez la colonne commune ou donnez le code INSEE"
            )
        return communes[0]


class CandidateImportForm(CandidateForm):
    """The admin's candidate form, without its commune field (resolved once per distinct value by the reader)."""

    commune = None

    class Meta(CandidateForm.Meta):
        fields = [name for name in CandidateForm.Meta.fields if name != "commune"]

    def validate_unique(self) -> None:
        # Skipped on purpose: one query per row and per constraint would make a 50,000-row file take minutes.
        # The file reference is checked for the whole file at once, Candidate.clean() and the reader's consent
        # rules cover the check constraints, and the database still enforces all of them when rows are saved.
        return


def _form_defaults() -> dict[str, object]:
    defaults: dict[str, object] = {}
    for name in CandidateImportForm.Meta.fields:
        model_field = Candidate._meta.get_field(name)
        value = model_field.get_default()
        if name in BOOLEAN_FORM_FIELDS:
            defaults[name] = "on" if value else ""
        elif isinstance(value, datetime.date):
            defaults[name] = value.isoformat()
        else:
            defaults[name] = "" if value is None else value
    return defaults


@dataclass
class _ReadRow:
    line: int
    candidate: Candidate
    occupation_ids: list[int]
    reference: str


class _RowReader:
    def __init__(self, *, positions: dict[str, int], platform: Platform, by: User | None) -> None:
        self.positions = positions
        self.platform = platform
        self.advisor = by if getattr(by, "pk", None) else None
        self.defaults = _form_defaults()
        self.communes = _CommuneFinder()
        self.occupations = dict(Occupation.objects.values_list("rome_code", "pk"))

    def value(self, cells: list[object], name: str) -> str:
        position = self.positions.get(name)
        return _cell_text(cells[position]) if position is not None and position < len(cells) else ""

    def read(self, line: int, cells: list[object]) -> tuple[_ReadRow | None, list[str]]:
        problems: list[str] = []

        def attempt(function, *args):
            try:
                return function(*args)
            except _BadCell as error:
                problems.append(str(error))
                return None

        def value(name: str) -> str:
            return self.value(cells, name)

        data = dict(self.defaults)
        for name in ("first_name", "last_name", "email", "phone"):
            data[name] = value(name)
        if re.fullmatch(r"[1-9]\d{8}", data["phone"]):
            # A spreadsheet that stored the number as a number dropped its leading zero.
            data["phone"] = "0" + data["phone"]
        # A cell that cannot be read is reported once, in the file's terms; the form then sees the default.
        for name in ("birth_date", "available_from"):
            day = attempt(_date, value(name), COLUMN_BY_NAME[name].label)
            if day is not None:
                data[name] = day.isoformat()
        for name in ("max_distance_km", "experience_years", "education_level"):
            number = attempt(_whole_number, value(name), COLUMN_BY_NAME[name].label)
            if number:
                data[name] = number
        for name in BOOLEAN_FORM_FIELDS:
            flag = attempt(_yes_no, value(name), COLUMN_BY_NAME[name].label)
            if flag is not None:
                data[name] = "on" if flag else ""

        commune = attempt(self.communes, value("insee_code"), value("postcode"), value("commune"))
        occupation_ids = []
        for code in filter(None, re.split(r"[\s;,/|]+", value("rome_codes").upper())):
            if not re.match(ROME_CODE_PATTERN, code):
                problems.append(f"code ROME mal formé « {code} » (une lettre et 4 chiffres, comme D1408)")
            elif code not in self.occupations:
                problems.append(f"code ROME inconnu {code}")
            elif self.occupations[code] not in occupation_ids:
                occupation_ids.append(self.occupations[code])

        processing = attempt(
            _consent,
            value("consents_to_processing"),
            value("consented_to_processing_at"),
            "consentement traitement",
        )
        presentation = attempt(
            _consent,
            value("consents_to_presentation"),
            value("consented_to_presentation_at"),
            "consentement présentation",
        )
        if presentation and presentation[0] and not (processing and processing[0]):
            problems.append(
                "consentement présentation sans consentement au traitement des données : "
                "le second est nécessaire au premier"
            )

        reference = value("reference")
        if len(reference) > Candidate._meta.get_field("reference").max_length:
            problems.append(f"n° de dossier trop long « {reference} »")

        instance = Candidate(platform=self.platform, advisor=self.advisor, reference=reference or None)
        if commune is not None:
            instance.commune = commune
        if processing and processing[0]:
            instance.consents_to_processing, instance.consented_to_processing_at = processing
        if presentation and presentation[0] and instance.consents_to_processing:
            instance.consents_to_presentation, instance.consented_to_presentation_at = presentation
        form = CandidateImportForm(data=data, instance=instance)
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = COLUMN_BY_NAME[name].label if name in COLUMN_BY_NAME else ""
                for message in messages:
                    problems.append(f"{label} : {message}" if label else str(message))
        if problems:
            return None, problems
        return _ReadRow(line, form.instance, occupation_ids, reference), []


# Checking and importing


def candidate_import_platform_check(*, platform: Platform, by: User | None) -> None:
    """Only a superuser or the platform's own staff may import into it."""
    if by is None or by.is_superuser:
        return
    if platform.pk not in platform_ids_for(by):
        raise PermissionDenied


def candidate_import_check(
    *, content: bytes, filename: str, platform: Platform, by: User | None
) -> CandidateImportReport:
    """Read the whole file and say what an import would do; write nothing.

    Raises ``CandidateFileRefused`` when the file as a whole cannot be read (size, format, encoding, columns,
    number of rows); bad rows are listed in the report's ``errors``, duplicates in its ``skipped``.
    """
    candidate_import_platform_check(platform=platform, by=by)
    report = CandidateImportReport(source=filename, platform=platform)
    rows = _table_rows(content=content, filename=filename)
    header = next(rows, None)
    if header is None or not any(_cell_text(cell) for cell in header[1]):
        raise CandidateFileRefused(
            f"Le fichier est vide : la première ligne doit nommer les colonnes. Colonnes attendues : "
            f"{expected_columns_text()}.",
            show_expected_columns=True,
        )
    positions, report.ignored_columns = _columns_map(header[1])
    reader = _RowReader(positions=positions, platform=platform, by=by)

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
    for line, cells in lines:
        row, problems = reader.read(line, cells)
        report.errors.extend(RowIssue(line, problem) for problem in problems)
        if row is not None:
            read_rows.append(row)
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
            where = f"#{pk}" if platform_id == platform.pk else "un dossier d'une autre plateforme"
            report.skipped.append(
                RowIssue(row.line, f"n° de dossier {row.reference} déjà présent ({where}) : rien n'est modifié")
            )
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
            report.skipped.append(RowIssue(row.line, f"doublon de #{pk} ({KEY_LABELS[key[0]]}) : ligne ignorée"))
            continue
        found = in_file.find(keys)
        if found is not None:
            (earlier, key) = found
            reason = KEY_LABELS.get(key[0], "même n° de dossier")
            report.skipped.append(RowIssue(row.line, f"doublon de la ligne {earlier} ({reason}) : ligne ignorée"))
            continue
        in_file.add(keys, row.line)
        report.pending.append(PendingCandidate(row.line, row.candidate, row.occupation_ids))
    return report


def candidate_import(*, content: bytes, filename: str, platform: Platform, by: User | None) -> CandidateImportReport:
    """Check the file and, when no row is bad, create its candidates in one transaction.

    The report's ``created`` lists the candidates created; it is empty when the report has errors, and then
    nothing was written. Each candidate created gets a matching run, queued after commit.
    """
    with transaction.atomic():
        report = candidate_import_check(content=content, filename=filename, platform=platform, by=by)
        if not report.is_importable:
            return report
        for pending in report.pending:
            candidate = pending.candidate
            candidate.save()
            if pending.occupation_ids:
                candidate.desired_occupations.set(pending.occupation_ids)
            report.created.append(candidate)
        for candidate in report.created:
            candidate_matching_changed(candidate=candidate, by=by)
    return report

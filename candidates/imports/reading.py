"""Reading a CSV or XLSX file into numbered rows of cells: size and format limits, CSV encodings and separators."""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# Lines of a sheet, blank ones included: a few thousand blank lines pass, a sheet stretched to a million does not.
MAX_LINES = MAX_ROWS + 10_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000
# An XLSX is a zip: its parts unpacked, and the strings of its shared table, are capped before openpyxl reads it,
# since a small file may unpack to gigabytes or hold millions of strings that openpyxl would load at once.
MAX_XLSX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_XLSX_PARTS = 1_000
MAX_SHARED_STRINGS = 1_000_000
CSV_ENCODINGS = ("utf-8-sig", "cp1252")
_XLSX_CHUNK = 1024 * 1024
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=[\"'](\d{1,9})")
_SHARED_STRING_TAG = re.compile(rb"<(?:\w+:)?si[\s>/]")


class CandidateFileRefused(ValueError):
    """The whole file is refused, before any row is read: too big, unreadable, or without the needed columns."""

    def __init__(self, message: str, *, show_expected_columns: bool = False) -> None:
        self.message = message
        self.show_expected_columns = show_expected_columns
        super().__init__(message)


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


def _number_text(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _lines_refusal() -> CandidateFileRefused:
    return CandidateFileRefused(
        f"Le fichier compte plus de {_number_text(MAX_LINES)} lignes, lignes vides comprises : supprimez les "
        f"lignes vides en fin de feuille, ou découpez-le en fichiers de {_number_text(MAX_ROWS)} lignes au plus."
    )


def _xlsx_inspect(content: bytes) -> None:
    """Refuse a workbook that would cost too much to read, before openpyxl parses any of it.

    Every part is unpacked as a stream, counting the bytes really produced (the sizes a zip declares may lie),
    the lines of the sheets (``<row>`` elements, and the highest row number, since openpyxl fills the gaps
    with blank rows) and the strings of the shared table (``<si>`` elements). Each count stops the reading as soon
    as it passes its limit, so a bomb is refused after reading only its first megabytes.
    """
    unreadable = CandidateFileRefused("Fichier XLSX illisible : enregistrez-le à nouveau depuis votre tableur.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise unreadable from error
    too_big = CandidateFileRefused(
        f"Le classeur décompressé dépasse {MAX_XLSX_UNPACKED_BYTES // 1024 // 1024} Mo : enregistrez-le en CSV, "
        "ou découpez-le en plusieurs fichiers."
    )
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_XLSX_PARTS:
            raise unreadable
        if sum(part.file_size for part in parts) > MAX_XLSX_UNPACKED_BYTES:
            raise too_big
        unpacked = 0
        for part in parts:
            rows, highest_row, strings, pending = 0, 0, 0, b""
            try:
                with archive.open(part) as stream:
                    while chunk := stream.read(_XLSX_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > MAX_XLSX_UNPACKED_BYTES:
                            raise too_big
                        # Tags never hold "<": the text before the last "<" holds only whole tags.
                        text = pending + chunk
                        cut = text.rfind(b"<")
                        whole, pending = (text, b"") if cut < 0 else (text[:cut], text[cut:])
                        if len(pending) > _XLSX_CHUNK:
                            whole, pending = text, b""
                        rows += len(_ROW_TAG.findall(whole))
                        highest_row = max([highest_row, *map(int, _ROW_NUMBER.findall(whole))])
                        strings += len(_SHARED_STRING_TAG.findall(whole))
                        if rows > MAX_LINES or highest_row > MAX_LINES:
                            raise _lines_refusal()
                        if strings > MAX_SHARED_STRINGS:
                            raise CandidateFileRefused(
                                f"Le classeur compte plus de {_number_text(MAX_SHARED_STRINGS)} textes différents "
                                "(table des chaînes partagées) : enregistrez-le en CSV, ou découpez-le en plusieurs "
                                "fichiers."
                            )
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
                raise unreadable from error


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[object]]]:
    import openpyxl

    _xlsx_inspect(content)
    try:
        # data_only=False: a formula is read as its text and never evaluated.
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise CandidateFileRefused(
            "Fichier XLSX illisible : enregistrez-le à nouveau depuis votre tableur."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        # One column more than allowed: a cell found there refuses the file (see _table_rows).
        for line, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1):
            yield line, list(row)
    finally:
        workbook.close()


def _table_rows(*, content: bytes, filename: str) -> Iterator[tuple[int, list[object]]]:
    if len(content) > MAX_FILE_BYTES:
        raise CandidateFileRefused(
            f"Le fichier pèse {len(content) / 1024 / 1024:.1f} Mo : la limite est de "
            f"{MAX_FILE_BYTES // 1024 // 1024} Mo. Découpez-le en plusieurs fichiers."
        )
    extension = file_extension_check(filename)
    rows = _csv_rows(content) if extension == "csv" else _xlsx_rows(content)
    return _capped(rows)


def file_extension_check(filename: str) -> str:
    """The file's format from its name ("csv" or "xlsx"); any other is refused."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in {"csv", "xlsx"}:
        raise CandidateFileRefused(f"Format non pris en charge « .{extension} » : envoyez un fichier CSV ou XLSX.")
    return extension


def _capped(rows: Iterator[tuple[int, list[object]]]) -> Iterator[tuple[int, list[object]]]:
    """The rows, refusing the file at the first line past ``MAX_LINES``, column past ``MAX_COLUMNS`` or cell
    longer than ``MAX_CELL_CHARS``."""
    for count, (line, cells) in enumerate(rows, start=1):
        if count > MAX_LINES or line > MAX_LINES:
            raise _lines_refusal()
        if len(cells) > MAX_COLUMNS and any(_cell_text(cell) for cell in cells[MAX_COLUMNS:]):
            raise CandidateFileRefused(
                f"La ligne {line} compte plus de {MAX_COLUMNS} colonnes : gardez les colonnes attendues."
            )
        for position, cell in enumerate(cells[:MAX_COLUMNS], start=1):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise CandidateFileRefused(
                    f"La cellule de la ligne {line}, colonne {position}, dépasse {_number_text(MAX_CELL_CHARS)} "
                    "caractères : vérifiez le fichier."
                )
        yield line, cells[:MAX_COLUMNS]

"""Reading a CSV or XLSX file into numbered rows of cells: size and format limits, CSV encodings and separators."""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
CSV_ENCODINGS = ("utf-8-sig", "cp1252")


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

"""The dashboard as CSV or XLSX: the same tables as the page, one line per figure, headers in the user's language."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from staff.dashboard.tables import FigureTable

SHEET_TITLE = gettext_lazy("Dashboard")
"""The name of the XLSX file's one sheet (a spreadsheet allows 31 characters)."""

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dashboard_csv_rows(*, scope: str, period: str, tables: list[FigureTable]) -> list[list]:
    """Lines of (table, row, column, value); a suppressed count is written as shown on the page ("< 5"), a share
    of one left blank. Values stay numbers: the CSV writes them as text, the XLSX as numbers."""
    rows: list[list] = [
        [_("Scope"), scope],
        [_("Period"), period],
        [_("Table"), _("Figure"), _("Column"), _("Value")],
    ]
    for table in tables:
        for label, values in table.rows:
            for column, value in zip(table.columns, values, strict=True):
                rows.append([str(table.caption), str(label), str(column), "" if value is None else value])
    return rows


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def dashboard_csv_response(*, filename: str, rows: list[list]) -> HttpResponse:
    """A CSV download with a byte-order mark, so that spreadsheet software reads accented letters correctly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    csv.writer(response).writerows(rows)
    return _attachment(response, filename)


def dashboard_xlsx_response(*, filename: str, rows: list[list]) -> HttpResponse:
    """An XLSX download of the same lines, on one sheet named for what it holds; every text cell is written as
    text, never as a formula."""
    # Loaded here as ``candidates.imports.reading`` does: only the downloads of a workbook pay for it.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(SHEET_TITLE)[:31]
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for letter, width in zip("ABCD", (45, 55, 35, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)

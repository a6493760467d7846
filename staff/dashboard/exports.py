"""The dashboard as CSV: the same tables as the page, one line per figure."""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from staff.dashboard.tables import FigureTable


def dashboard_csv_rows(*, scope: str, period: str, tables: list[FigureTable]) -> list[list[str]]:
    """Lines of (table, row, column, value); a suppressed figure is written as shown on the page ("< 5")."""
    rows = [[_("Scope"), scope], [_("Period"), period], [_("Table"), _("Figure"), _("Column"), _("Value")]]
    for table in tables:
        for label, values in table.rows:
            for column, value in zip(table.columns, values, strict=True):
                rows.append([str(table.caption), str(label), str(column), "" if value is None else str(value)])
    return rows


def dashboard_csv_response(*, filename: str, rows: list[list[str]]) -> HttpResponse:
    """A CSV download with a byte-order mark, so that spreadsheet software reads accented letters correctly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    csv.writer(response).writerows(rows)
    return response

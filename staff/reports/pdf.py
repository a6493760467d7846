"""The printed monthly report as a PDF, drawn by fpdf2 from the same tables as the page (``tables.report_tables``).

The PDF core fonts read Latin-1, which holds French letters but not the typographic dashes, quotes and ligatures:
those become their plain forms; any other character becomes "?", never dropped silently. Wide tables are cut into
blocks of columns, each repeating the line labels.
"""

from fpdf import FPDF
from fpdf.fonts import FontFace

from staff.dashboard.tables import FigureTable

COLUMNS_PER_BLOCK = 8
HIDDEN = "-"


_PLAIN_FORMS = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "œ": "oe",
        "Œ": "OE",
        "\u202f": " ",
        "\u2009": " ",
    }
)


def _text(value: object) -> str:
    text = str(value).translate(_PLAIN_FORMS)
    return text.encode("latin-1", errors="replace").decode("latin-1")


def _cell(value: object) -> str:
    if value is None:
        return HIDDEN
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return _text(value)


def report_pdf(*, title: str, subtitle: list[str], tables: list[FigureTable], legend: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_title(_text(title))
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=15)
    pdf.multi_cell(0, 8, _text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    for line in subtitle:
        pdf.multi_cell(0, 5, _text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, _text(legend), new_x="LMARGIN", new_y="NEXT")
    for table in tables:
        _table(pdf, table)
    return bytes(pdf.output())


def _table(pdf: FPDF, table: FigureTable) -> None:
    for start in range(0, len(table.columns), COLUMNS_PER_BLOCK):
        columns = table.columns[start : start + COLUMNS_PER_BLOCK]
        pdf.ln(3)
        pdf.set_font("Helvetica", style="B", size=11)
        pdf.multi_cell(0, 6, _text(table.caption), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=7)
        widths = (50, *([(pdf.epw - 50) / len(columns)] * len(columns)))
        with pdf.table(
            col_widths=widths,
            text_align=("LEFT", *(["RIGHT"] * len(columns))),
            headings_style=FontFace(emphasis="BOLD"),
            line_height=4,
        ) as grid:
            heading = grid.row()
            heading.cell("")
            for column in columns:
                heading.cell(_text(column))
            for label, values in table.rows:
                row = grid.row()
                row.cell(_text(label))
                for value in values[start : start + COLUMNS_PER_BLOCK]:
                    row.cell(_cell(value))

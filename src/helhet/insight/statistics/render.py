"""A figure as a picture (SVG), as CSV and as an Excel workbook: the same numbers everywhere."""

import csv
import io

import xlsxwriter
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from helhet.core.plots import series_plot
from helhet.core.spreadsheet import safe_cell
from helhet.insight.statistics.figures import Figure, cell_number, cell_text

MAX_BARS = 15


def _plotted_rows(figure: Figure) -> list[list]:
    """The rows drawn: without the total row, and at most 15 for horizontal bars (the table has them all)."""
    rows = [row for row in figure.rows if row[0] not in (_("I alt"), _("Hele perioden"))]
    return rows[:MAX_BARS] if figure.kind == "hbar" else rows


def svg(figure: Figure) -> SafeString | None:
    """The plot, or None when there are no rows or every plotted number is hidden or missing."""
    rows = _plotted_rows(figure)
    if not rows:
        return None
    series = [(figure.columns[i], [cell_number(row[i]) for row in rows]) for i in figure.plotted]
    if all(value is None for _label, values in series for value in values):
        return None  # nothing to draw: an empty axis says nothing; the page and the report say why instead
    hidden = any(value is None for _label, values in series for value in values)
    description = figure.description
    if hidden:
        description += " " + _("Tall som er skjult eller mangler, er ikke tegnet.")
    description += " " + _("Tallene står i tabellen under figuren.")
    return series_plot(
        [str(row[0]) for row in rows],
        series,
        kind=figure.kind,
        title=figure.title,
        description=description,
        y_label=figure.unit_label,
    )


def csv_bytes(figure: Figure) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([figure.title])
    writer.writerow(figure.columns)
    for row in figure.rows:
        writer.writerow([_safe(cell_text(cell)) for cell in row])
    for note in figure.notes:
        writer.writerow([note])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe(text: str) -> str:
    """No formula injection when a spreadsheet opens the CSV (a unit name could start with «=»)."""
    return text if _numeric(text) else safe_cell(text)


def _numeric(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def xlsx_bytes(figures: list[Figure]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True})
    used: set[str] = set()
    for figure in figures:
        name = figure.title[:31].replace("/", "-").replace(":", "")
        for ch in "[]*?\\":
            name = name.replace(ch, "")
        while name in used:
            name = name[:28] + str(len(used))
        used.add(name)
        sheet = book.add_worksheet(name)
        sheet.write(0, 0, figure.title, bold)
        for col, header in enumerate(figure.columns):
            sheet.write(1, col, header, bold)
        for r, row in enumerate(figure.rows, start=2):
            for col, cell in enumerate(row):
                number = cell_number(cell) if col else None
                if number is not None:
                    sheet.write_number(r, col, number)
                else:
                    sheet.write_string(r, col, cell_text(cell))
        for offset, note in enumerate(figure.notes):
            sheet.write_string(len(figure.rows) + 3 + offset, 0, note)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, max(1, len(figure.columns) - 1), 16)
    book.close()
    return buffer.getvalue()

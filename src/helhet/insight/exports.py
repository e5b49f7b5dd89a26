"""Insight's background exports: the council's org-chart PDF and the span-of-control CSV for a date.

Both read organisation data only (units, leaders, head counts), no person register data. They are made by a
job (`helhet.insight.tasks`) so a large municipality's PDF never holds a web worker; the user gets a page that
says when the file is ready.
"""

import csv
import datetime
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from helhet.core.models import Export
from helhet.core.spreadsheet import safe_cell
from helhet.organisation.chart import chart_on, spans
from helhet.organisation.chart_layout import chart_picture

CHART_PDF = "chart_pdf"
SPAN_CSV = "span_csv"
KINDS = (CHART_PDF, SPAN_CSV)


def chart_pdf_bytes(municipality, day: datetime.date) -> bytes:
    from weasyprint import HTML

    chart = chart_on(municipality, day)
    html = render_to_string(
        "insight/chart_print.html",
        {
            "chart": chart,
            "picture": chart_picture(chart, municipality.span_of_control_limit),
            "day": day,
            "municipality": municipality,
        },
    )
    return HTML(string=html).write_pdf()


def span_csv_bytes(municipality, day: datetime.date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [_("Leder"), _("Enhet"), _("Nivå"), _("Direkte underordnede"), _("Årsverk direkte"), _("Alle under")]
    )
    rows = sorted(spans(chart_on(municipality, day)), key=lambda s: (-s.direct_heads, s.unit.name))
    for s in rows:
        writer.writerow(
            [
                safe_cell(s.leader),
                safe_cell(s.unit.name),
                s.level,
                s.direct_heads,
                f"{s.direct_fte:.1f}",
                s.total_heads,
            ]
        )
    # Excel opens a semicolon CSV with a BOM as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def make(export: Export) -> tuple[str, str, bytes]:
    day = datetime.date.fromisoformat(export.params["date"])
    if export.kind == CHART_PDF:
        return (
            f"organisasjonskart-{day.isoformat()}.pdf",
            "application/pdf",
            chart_pdf_bytes(export.municipality, day),
        )
    if export.kind == SPAN_CSV:
        return (
            f"lederspenn-{day.isoformat()}.csv",
            "text/csv; charset=utf-8",
            span_csv_bytes(export.municipality, day),
        )
    raise ValueError(f"unknown insight export kind {export.kind!r}")


def title_of(kind: str, day: datetime.date) -> str:
    day_text = day.strftime("%d.%m.%Y")
    if kind == CHART_PDF:
        return _("Organisasjonskart per %(day)s (PDF)") % {"day": day_text}
    return _("Lederspenn per %(day)s (CSV)") % {"day": day_text}

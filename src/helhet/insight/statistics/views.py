"""The statistics page, its downloads and the politicians' yearly report. Thin: parse, build, render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from helhet.access.policy import may_view_statistics
from helhet.catalogue.models import Service
from helhet.insight.statistics import render as output
from helhet.insight.statistics import yearly
from helhet.insight.statistics.filters import parse
from helhet.insight.statistics.registry import FIGURES, all_figures
from helhet.organisation.models import Unit


def _reader(request) -> None:
    if not may_view_statistics(request.user):
        raise PermissionDenied(_("Statistikken er for analytikere, ledere og administratorer."))


@login_required
def page(request):
    _reader(request)
    municipality = request.user.municipality
    filters = parse(request.GET, municipality)
    figures = [(figure, output.svg(figure)) for figure in all_figures(filters)]
    return render(
        request,
        "insight/statistics/page.html",
        {
            "filters": filters,
            "figures": figures,
            "units": Unit.objects.filter(municipality=municipality).order_by("name").only("pk", "name"),
            "services": Service.objects.filter(municipality=municipality).order_by("name").only("pk", "name"),
            "query": filters.query(),
        },
    )


@login_required
def download(request, fmt: str):
    """?figur=<key> (or «alle» for every figure in one workbook) with the page's filters."""
    _reader(request)
    key = request.GET.get("figur", "")
    if key != "alle" and key not in FIGURES or key == "alle" and fmt != "xlsx":
        raise Http404
    filters = parse(request.GET, request.user.municipality)
    stem = f"statistikk-{key}-{filters.start.isoformat()}-{filters.end.isoformat()}"
    if fmt == "csv":
        response = HttpResponse(
            output.csv_bytes(FIGURES[key](filters)), content_type="text/csv; charset=utf-8"
        )
    else:
        figures = all_figures(filters) if key == "alle" else [FIGURES[key](filters)]
        response = HttpResponse(
            output.xlsx_bytes(figures),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
def yearly_report(request):
    _reader(request)
    year, error = yearly.year_param(request.GET.get("ar"))
    if error or "ar" not in request.GET:
        return render(request, "insight/statistics/yearly_form.html", {"error": error, "year": year})
    pdf = yearly.report_pdf(request, request.user.municipality, year)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="arsrapport-{year}.pdf"'
    return response

"""The collaboration analysis page: weights, partners, the silo index and a suggested grouping of units
within the span of control, as a network picture drawn on the server with its numbers in tables."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from helhet.core.plots import draw
from helhet.core.spreadsheet import safe_cell
from helhet.insight.dates import date_param
from helhet.insight.views import _reader, _span_limit
from helhet.organisation.models import Frequency
from helhet.organisation.network import CONTACTS_PER_YEAR, Analysis, collaboration_analysis

# Okabe–Ito colours (told apart with most colour-vision deficiencies), each with its own marker shape,
# and every node carries its group number: the grouping never rests on colour alone.
GROUP_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
GROUP_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "p")


def _style(number: int) -> tuple[str, str]:
    return GROUP_COLOURS[(number - 1) % len(GROUP_COLOURS)], GROUP_MARKERS[(number - 1) % len(GROUP_MARKERS)]


def _picture(analysis: Analysis):
    """Nodes sized by staff, lines by weight, coloured and shaped by suggested group."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    rows = {row.unit.pk: row for row in analysis.units}
    where = analysis.positions
    heaviest = max((pair.weight for pair in analysis.pairs), default=1)

    def build(fig):
        ax = fig.add_subplot()
        ax.set_axis_off()
        lines = [(where[p.unit.pk], where[p.partner.pk]) for p in analysis.pairs]
        widths = [0.6 + 5 * (p.weight / heaviest) ** 0.5 for p in analysis.pairs]
        ax.add_collection(LineCollection(lines, linewidths=widths, colors="#6a7d93", alpha=0.6, zorder=1))
        handles = []
        for group in analysis.groups:
            colour, marker = _style(group.number)
            members = [rows[unit.pk] for unit in group.units]
            ax.scatter(
                [where[r.unit.pk][0] for r in members],
                [where[r.unit.pk][1] for r in members],
                s=[80 + 25 * min(r.heads, 40) for r in members],
                c=colour,
                marker=marker,
                edgecolors="#1e2b3c",
                linewidths=0.8,
                zorder=2,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="",
                    marker=marker,
                    markersize=9,
                    markerfacecolor=colour,
                    markeredgecolor="#1e2b3c",
                    label=_("Gruppe %(n)d (%(heads)d ansatte)") % {"n": group.number, "heads": group.heads},
                )
            )
        for row in analysis.units:
            x, y = where[row.unit.pk]
            ax.annotate(
                f"{row.group}: {row.unit.name}",
                (x, y),
                xytext=(0, 12),
                textcoords="offset points",
                ha="center",
                fontsize=9,
                zorder=3,
            )
        ax.margins(0.15)
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)

    return draw(
        build,
        title=_("Samarbeidsnettverk med foreslåtte grupper"),
        description=_(
            "%(units)d enheter og %(pairs)d samarbeidende par. Større punkt betyr flere ansatte, tykkere "
            "linje mer samarbeid; farge, form og tallet foran navnet viser foreslått gruppe. "
            "Tabellene under viser de samme tallene."
        )
        % {"units": len(analysis.units), "pairs": len(analysis.pairs)},
        width=10,
        height=6.5,
    )


def _analysis(request) -> tuple[Analysis, list[str]]:
    day, date_error = date_param(request.GET.get("dato"))
    limit, limit_error = _span_limit(request)
    analysis = collaboration_analysis(request.user.municipality, day, limit=limit)
    return analysis, [e for e in (date_error, limit_error) if e]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


@login_required
def collaboration_analysis_page(request):
    _reader(request)
    analysis, errors = _analysis(request)
    return render(
        request,
        "insight/collaboration_analysis.html",
        {
            "analysis": analysis,
            "day": analysis.day,
            "limit": analysis.limit,
            "errors": errors,
            "picture": _picture(analysis) if analysis.units else None,
            "silo_today": _percent(analysis.silo_today),
            "silo_suggested": _percent(analysis.silo_suggested),
            "weights": [(Frequency(value).label, contacts) for value, contacts in CONTACTS_PER_YEAR.items()],
        },
    )


def _yes(value: bool) -> str:
    return _("ja") if value else _("nei")


@login_required
def collaboration_analysis_csv(request):
    """The pairs by weight with today's and the suggested groups (semicolon CSV, UTF-8 with BOM)."""
    _reader(request)
    analysis, _errors = _analysis(request)
    group_of = analysis.group_of
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            _("Enhet"),
            _("Samarbeidspartner"),
            _("Vekt (kontakter per år)"),
            _("Hyppighet"),
            _("Daglig"),
            _("Samme gruppe i dag"),
            _("Foreslått gruppe for enheten"),
            _("Foreslått gruppe for partneren"),
        ]
    )
    for pair in analysis.pairs:
        writer.writerow(
            [
                safe_cell(pair.unit.name),
                safe_cell(pair.partner.name),
                pair.weight,
                ", ".join(pair.frequency_labels),
                _yes(pair.daily),
                _yes(pair.same_group_today),
                group_of[pair.unit.pk],
                group_of[pair.partner.pk],
            ]
        )
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="samarbeidsanalyse-{analysis.day.isoformat()}.csv"'
    )
    return response

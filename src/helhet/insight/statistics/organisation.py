"""Handoffs by unit pair (the kasteball measure) and caseload per team."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from helhet.casework import workflow
from helhet.casework.models import Case
from helhet.core.disclosure import shown
from helhet.insight.statistics.figures import Figure, suppress_column, suppression_note
from helhet.insight.statistics.filters import Filters
from helhet.insight.statistics.inquiries import bounds
from helhet.intake.models import Handoff


def handoffs_by_pair(filters: Filters) -> Figure:
    low, high = bounds(filters.start, filters.end)
    rows = Handoff.objects.filter(municipality=filters.municipality, at__gte=low, at__lt=high)
    if filters.unit_ids is not None:
        rows = rows.filter(Q(from_unit_id__in=filters.unit_ids) | Q(to_unit_id__in=filters.unit_ids))
    pairs = list(
        rows.values("from_unit__name", "to_unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "from_unit__name", "to_unit__name")
    )
    cells = suppress_column([pair["n"] for pair in pairs])
    table = [
        [f"{pair['from_unit__name'] or _('Mottaket')} → {pair['to_unit__name']}", cell]
        for pair, cell in zip(pairs, cells, strict=True)
    ]
    if table:
        table.append([_("I alt"), shown(sum(pair["n"] for pair in pairs))])
    notes = [suppression_note(), _("Figuren tegner de 15 parene med flest overføringer; tabellen har alle.")]
    if filters.service is not None:
        notes.append(_("En overføring gjelder ingen bestemt tjeneste, så tjenestefilteret brukes ikke her."))
    return Figure(
        key="overforinger",
        title=_("Overføringer mellom enheter"),
        description=_(
            "Liggende søyler: hvor mange ganger ansvaret ble flyttet fra en enhet til en annen i perioden."
        ),
        columns=[_("Fra → til"), _("Overføringer")],
        rows=table,
        kind="hbar",
        plotted=(1,),
        unit_label=_("Overføringer"),
        notes=notes,
    )


def caseload_per_team(filters: Filters) -> Figure:
    cases = Case.objects.filter(municipality=filters.municipality, received_on__lte=filters.end)
    if filters.unit_ids is not None:
        cases = cases.filter(team_id__in=filters.unit_ids)
    is_open = Q(status__in=workflow.OPEN)
    table = []
    for row in (
        cases.values("team__name")
        .annotate(
            received=Count("pk", filter=Q(received_on__gte=filters.start)),
            open=Count("pk", filter=is_open),
            owners=Count("owner", distinct=True, filter=is_open),
        )
        .order_by("team__name")
    ):
        open_cell = shown(row["open"])
        per_owner = (
            round(row["open"] / row["owners"], 1) if row["owners"] and not open_cell.suppressed else None
        )
        table.append([row["team__name"], shown(row["received"]), open_cell, row["owners"], per_owner])
    table = [row for row in table if row[1].value != 0 or row[2].value != 0]
    notes = [suppression_note(), _("«Åpne nå» er saker som ikke er avsluttet eller trukket i dag.")]
    if filters.service is not None:
        notes.append(_("Saksmengden gjelder alle tjenester; tjenestefilteret brukes ikke her."))
    return Figure(
        key="saksmengde",
        title=_("Saksmengde per team"),
        description=_("Søylene viser per team saker mottatt i perioden og saker som er åpne nå."),
        columns=[
            _("Team"),
            _("Mottatt i perioden"),
            _("Åpne nå"),
            _("Saksbehandlere med åpne saker"),
            _("Åpne saker per saksbehandler"),
        ],
        rows=table,
        kind="bar",
        plotted=(1, 2),
        unit_label=_("Saker"),
        notes=notes,
    )

"""Applications, decisions by outcome and service, time to decision (and the share decided within one month,
a service target), interim replies and appeals."""

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from helhet.casework.deadlines import interim_reply_due
from helhet.casework.models import Appeal, AppealState, Case, Decision, DecisionState, Outcome
from helhet.core.disclosure import Shown, shown
from helhet.insight.statistics.figures import (
    Figure,
    enough,
    month_label,
    months,
    percentile,
    share,
    suppress_column,
    suppression_note,
)
from helhet.insight.statistics.filters import Filters
from helhet.intake.models import Application


def _month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _month_key(value) -> datetime.date:
    """TruncMonth gives a date on PostgreSQL and SQLite alike for a DateField; be tolerant of datetimes."""
    if isinstance(value, datetime.datetime):
        return value.date().replace(day=1)
    return value.replace(day=1)


def sent_decisions(filters: Filters) -> QuerySet[Decision]:
    rows = Decision.objects.filter(
        case__municipality=filters.municipality,
        state=DecisionState.SENT,
        sent_on__gte=filters.start,
        sent_on__lte=filters.end,
    )
    if filters.unit_ids is not None:
        rows = rows.filter(case__team_id__in=filters.unit_ids)
    if filters.service is not None:
        rows = rows.filter(service=filters.service)
    return rows


def applications_by_month(filters: Filters) -> Figure:
    rows = Application.objects.filter(
        municipality=filters.municipality, received_on__gte=filters.start, received_on__lte=filters.end
    )
    if filters.unit_ids is not None:
        rows = rows.filter(routed_to_id__in=filters.unit_ids)
    if filters.service is not None:
        rows = rows.filter(wished_services=filters.service)
    counts = {
        _month_key(row["month"]): row["n"]
        for row in rows.annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    periods = months(filters.start, filters.end)
    cells = suppress_column([counts.get(first.replace(day=1), 0) for first, _last in periods])
    table = [[month_label(first), cell] for (first, _last), cell in zip(periods, cells, strict=True)]
    if any(counts.values()):
        table.append([_("I alt"), shown(sum(counts.values()))])
    else:
        table = []
    return Figure(
        key="soknader",
        title=_("Søknader mottatt per måned"),
        description=_("Linjen viser hvor mange søknader som kom inn hver måned i perioden."),
        columns=[_("Måned"), _("Søknader")],
        rows=table,
        kind="line",
        plotted=(1,),
        unit_label=_("Antall"),
        notes=[suppression_note()],
    )


OUTCOMES = [Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.DENIED, Outcome.REJECTED, Outcome.REVERSED]


def decisions_by_service(filters: Filters) -> Figure:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in sent_decisions(filters).values("service__name", "outcome").annotate(n=Count("pk")).order_by():
        counts[row["service__name"] or _("Uten tjeneste")][row["outcome"]] = row["n"]
    table = []
    for service in sorted(counts):
        values = [counts[service].get(outcome, 0) for outcome in OUTCOMES]
        total = sum(values)
        total_cell = shown(total)
        cells = suppress_column(values, also=range(len(values)) if total_cell.suppressed else ())
        table.append([service, *cells, total_cell])
    return Figure(
        key="vedtak",
        title=_("Vedtak etter utfall og tjeneste"),
        description=_("Stablede søyler: vedtak sendt i perioden per tjeneste, delt etter utfall."),
        columns=[_("Tjeneste"), *[str(outcome.label) for outcome in OUTCOMES], _("I alt")],
        rows=table,
        kind="stacked",
        plotted=tuple(range(1, len(OUTCOMES) + 1)),
        unit_label=_("Vedtak"),
        notes=[
            suppression_note(),
            _(
                "Hver rad summerer til sin egen sum; er ett tall skjult, skjules også det nest minste i raden."
            ),
        ],
    )


def decision_durations(filters: Filters) -> dict[datetime.date, list[tuple[int, int, bool]]]:
    """Per month of sending: (days from receipt to decision, count, decided within one month of receipt), from
    the case's first decisions. One query grouped by (received, sent): bounded by the days of the period."""
    rows = (
        sent_decisions(filters)
        .filter(supersedes__isnull=True)
        .values("case__received_on", "sent_on")
        .annotate(n=Count("case", distinct=True))
        .order_by()
    )
    found: dict[datetime.date, list[tuple[int, int, bool]]] = defaultdict(list)
    for row in rows:
        received, sent = row["case__received_on"], row["sent_on"]
        found[_month_of(sent)].append(((sent - received).days, row["n"], sent <= interim_reply_due(received)))
    return found


def within_counts(items: list[tuple[int, int, bool]]) -> tuple[int, int]:
    """(cases, of them decided within one month)."""
    return (
        sum(count for _days, count, _within in items),
        sum(count for _days, count, ok in items if ok),
    )


def within_share(n: int, within: int) -> float | None:
    """Per cent decided within one month, shown only when both the cases within and those after are 0 or at
    least 5: otherwise the share and the count together give a small count back."""
    if not enough(n) or shown(within).suppressed or shown(n - within).suppressed:
        return None
    return round(100.0 * within / n, 1)


def time_summary(items: list[tuple[int, int, bool]]) -> tuple[int, float | None, float | None, float | None]:
    """(cases, median days, 90th percentile days, per cent within one month), None where too few."""
    n, within = within_counts(items)
    if not enough(n):
        return n, None, None, None
    histogram = [(days, count) for days, count, _within in items]
    return n, percentile(histogram, 0.5), percentile(histogram, 0.9), within_share(n, within)


def within_one_month_label() -> str:
    return _(
        "Andel avgjort innen én måned (tjenestemål, etter én måned skal søkeren ha fått foreløpig svar, "
        "fvl. § 11 a)"
    )


def time_to_decision(filters: Filters) -> Figure:
    durations = decision_durations(filters)
    periods = months(filters.start, filters.end)
    summaries = [time_summary(durations.get(first.replace(day=1), [])) for first, _last in periods]
    # The months add up to «Hele perioden»: complementary suppression, as for every column with a total.
    cells = suppress_column([n for n, _median, _p90, _within in summaries])
    table: list[list] = []
    for (first, _last), cell, (_n, median, p90, within) in zip(periods, cells, summaries, strict=True):
        if cell.suppressed:
            median = p90 = within = None
        table.append([month_label(first), cell, median, p90, within])
    everything = [item for items in durations.values() for item in items]
    if everything:
        n, median, p90, within = time_summary(everything)
        table.append([_("Hele perioden"), shown(n), median, p90, within])
    else:
        table = []
    return Figure(
        key="saksbehandlingstid",
        title=_("Tid fra søknad mottatt til vedtak sendt"),
        description=_(
            "Linjene viser median og 90-persentil i dager per måned vedtaket ble sendt. "
            "Tabellen viser også andelen avgjort innen én måned. Det er et tjenestemål: forvaltningsloven "
            "§ 11 a krever vedtak uten ugrunnet opphold, og etter én måned skal søkeren ha fått foreløpig svar."
        ),
        columns=[
            _("Måned"),
            _("Saker"),
            _("Median (dager)"),
            _("90-persentil (dager)"),
            within_one_month_label(),
        ],
        rows=table,
        kind="line",
        plotted=(2, 3),
        unit_label=_("Dager"),
        notes=[
            suppression_note(),
            _("Gjelder sakens første vedtak. Median og persentil vises bare for måneder med minst 5 saker."),
            _(
                "Forvaltningsloven § 11 a krever vedtak uten ugrunnet opphold. Én måned er ingen frist for "
                "vedtaket, men tidspunktet da søkeren skal ha fått foreløpig svar."
            ),
            _(
                "Månedene summerer til hele perioden; er én måned skjult, skjules også den nest minste. "
                "Andelen innen én måned vises bare når både sakene innen og sakene etter én måned er 0 eller "
                "minst 5."
            ),
        ],
    )


def interim_replies(filters: Filters) -> Figure:
    rows = Case.objects.filter(
        municipality=filters.municipality,
        interim_reply_sent_on__gte=filters.start,
        interim_reply_sent_on__lte=filters.end,
    )
    if filters.unit_ids is not None:
        rows = rows.filter(team_id__in=filters.unit_ids)
    if filters.service is not None:
        rows = rows.filter(
            Exists(Decision.objects.filter(case_id=OuterRef("pk"), service=filters.service))
            | Q(application__wished_services=filters.service)
        ).distinct()
    counts = {
        _month_key(row["month"]): (row["n"], row["in_time"])
        for row in rows.annotate(month=TruncMonth("interim_reply_sent_on"))
        .values("month")
        .annotate(
            n=Count("pk", distinct=True),
            in_time=Count("pk", distinct=True, filter=Q(interim_reply_late=False)),
        )
        .order_by()
    }
    periods = months(filters.start, filters.end)
    sent = [counts.get(first.replace(day=1), (0, 0))[0] for first, _last in periods]
    in_time = [counts.get(first.replace(day=1), (0, 0))[1] for first, _last in periods]
    sent_cells = suppress_column(sent)
    # A month's replies in time are hidden too when its late ones are 1–4: the difference would tell.
    hidden = [i for i, n in enumerate(sent) if sent_cells[i].suppressed or shown(n - in_time[i]).suppressed]
    in_time_cells = suppress_column(in_time, also=hidden)
    table: list[list] = [
        [
            month_label(first),
            sent_cells[i],
            in_time_cells[i],
            share(in_time[i], sent[i]) if not in_time_cells[i].suppressed else None,
        ]
        for i, (first, _last) in enumerate(periods)
    ]
    if sum(sent):
        total, total_in_time = sum(sent), sum(in_time)
        late_hidden = shown(total - total_in_time).suppressed
        table.append(
            [
                _("I alt"),
                shown(total),
                shown(total_in_time) if not late_hidden else Shown(None),
                share(total_in_time, total) if not late_hidden else None,
            ]
        )
    else:
        table = []
    return Figure(
        key="forelopig-svar",
        title=_("Foreløpige svar"),
        description=_(
            "Søylene viser foreløpige svar sendt per måned, og hvor mange av dem som ble sendt i tide."
        ),
        columns=[_("Måned"), _("Foreløpige svar"), _("Sendt i tide"), _("Andel i tide (%)")],
        rows=table,
        kind="bar",
        plotted=(1, 2),
        unit_label=_("Antall"),
        notes=[
            suppression_note(),
            _("«Sendt i tide» vises bare når også antallet sendt for sent er minst 5 eller 0."),
        ],
    )


def appeals(filters: Filters) -> Figure:
    rows = Appeal.objects.filter(
        decision__case__municipality=filters.municipality,
        received_on__gte=filters.start,
        received_on__lte=filters.end,
    )
    if filters.unit_ids is not None:
        rows = rows.filter(decision__case__team_id__in=filters.unit_ids)
    if filters.service is not None:
        rows = rows.filter(decision__service=filters.service)
    counts: dict[str, int] = {}
    for row in rows.values("state", "authority_outcome").annotate(n=Count("pk")).order_by():
        if row["state"] == AppealState.CLOSED and row["authority_outcome"]:
            label = _("Statsforvalteren: %(outcome)s") % {"outcome": Outcome(row["authority_outcome"]).label}
        else:
            label = str(AppealState(row["state"]).label)
        counts[label] = counts.get(label, 0) + row["n"]
    labels = sorted(counts)
    cells = suppress_column([counts[label] for label in labels])
    table = [[label, cell] for label, cell in zip(labels, cells, strict=True)]
    if table:
        table.append([_("I alt"), shown(sum(counts.values()))])
    return Figure(
        key="klager",
        title=_("Klager og utfall"),
        description=_("Søylene viser klager mottatt i perioden etter hvor de står eller hvordan de endte."),
        columns=[_("Utfall"), _("Klager")],
        rows=table,
        kind="hbar",
        plotted=(1,),
        unit_label=_("Klager"),
        notes=[suppression_note()],
    )

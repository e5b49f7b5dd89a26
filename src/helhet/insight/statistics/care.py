"""Persons by care-ladder step month by month, granted against delivered, waiting lists and deviations."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from helhet.care.models import ExtraTask, TaskRecord, TaskStatus
from helhet.care.models.quality import Deviation, DeviationKind, Severity
from helhet.casework.models import GRANTING, Case, Decision, DecisionState, ScopeUnit, Status
from helhet.core.calendar import add_months
from helhet.core.disclosure import THRESHOLD, Shown, shown
from helhet.insight.statistics.figures import Figure, month_label, months, suppress_column, suppression_note
from helhet.insight.statistics.filters import Filters
from helhet.insight.statistics.inquiries import bounds


def _granted(filters: Filters):
    rows = Decision.objects.filter(
        case__municipality=filters.municipality, state=DecisionState.SENT, outcome__in=GRANTING
    )
    if filters.unit_ids is not None:
        rows = rows.filter(provider_unit_id__in=filters.unit_ids)
    if filters.service is not None:
        rows = rows.filter(service=filters.service)
    return rows


def in_force_on(day: datetime.date) -> Q:
    """A sent grant in force on `day`: started, not ended, and not yet replaced by a decision that has begun."""
    return (
        Q(start_date__lte=day)
        & (Q(end_date__isnull=True) | Q(end_date__gte=day))
        & (
            Q(superseded_by__isnull=True)
            | ~Q(superseded_by__state=DecisionState.SENT)
            | Q(superseded_by__start_date__gt=day)
        )
    )


def care_ladder(filters: Filters) -> Figure:
    """Persons with a grant in force at each step on the last day of each month; one query, one aggregate
    per month (the period is at most ten years)."""
    periods = months(filters.start, filters.end)
    aggregates = {
        f"m{i}": Count("case__person", distinct=True, filter=in_force_on(last))
        for i, (_first, last) in enumerate(periods)
    }
    rows = (
        _granted(filters)
        .filter(service__care_level__isnull=False, start_date__lte=filters.end)
        .values("service__care_level__position", "service__care_level__name")
        .annotate(**aggregates)
        .order_by("service__care_level__position")
    )
    steps = [(row["service__care_level__name"], row) for row in rows]
    table = [
        [month_label(first), *[shown(row[f"m{i}"]) for _name, row in steps]]
        for i, (first, _last) in enumerate(periods)
    ]
    if not any(row[f"m{i}"] for _name, row in steps for i in range(len(periods))):
        table = []
    return Figure(
        key="omsorgstrappen",
        title=_("Personer per trinn i omsorgstrappen"),
        description=_(
            "Linjene viser, for hvert trinn, hvor mange personer som hadde et vedtak i kraft ved utgangen av hver måned."
        ),
        columns=[_("Måned"), *[str(name) for name, _row in steps]],
        rows=table,
        kind="line",
        plotted=tuple(range(1, len(steps) + 1)),
        unit_label=_("Personer"),
        notes=[
            suppression_note(),
            _(
                "En person med vedtak på to trinn telles på begge. Radene har ingen sum, så bare små tall skjules."
            ),
        ],
    )


def delivery_week(end: datetime.date) -> datetime.date:
    """The Monday of the last whole week of the period (the week ending on or before `end`)."""
    sunday = end - datetime.timedelta(days=(end.weekday() + 1) % 7)
    return sunday - datetime.timedelta(days=6)


def granted_against_delivered(filters: Filters) -> Figure:
    """As the care delivery report (care.selectors.delivery_report) counts it, summed per service: granted
    per week in the decisions in force that week, against what the documentation shows delivered (done and
    partly done tasks plus extra help), in hours or visits. Three queries."""
    monday = delivery_week(filters.end)
    sunday = monday + datetime.timedelta(days=6)
    decisions = (
        _granted(filters)
        .filter(
            superseded_by__isnull=True,
            start_date__lte=sunday,
            scope_unit__in=[ScopeUnit.HOURS_PER_WEEK, ScopeUnit.VISITS_PER_WEEK],
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=monday))
    )
    granted = {
        (row["service__name"], row["scope_unit"]): (row["persons"], row["granted"] or Decimal(0))
        for row in decisions.values("service__name", "scope_unit")
        .annotate(persons=Count("case__person", distinct=True), granted=Sum("scope_amount"))
        .order_by()
    }
    delivered: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    ids = decisions.values("pk")
    for row in (
        TaskRecord.objects.filter(measure__decision_id__in=ids, day__gte=monday, day__lte=sunday)
        .exclude(status=TaskStatus.NOT_DONE)
        .values("measure__decision__service__name", "measure__decision__scope_unit")
        .annotate(n=Count("pk"), minutes=Sum("measure__minutes"))
        .order_by()
    ):
        key = (row["measure__decision__service__name"], row["measure__decision__scope_unit"])
        delivered[key] += _amount(key[1], row["n"], row["minutes"])
    for row in (
        ExtraTask.objects.filter(decision_id__in=ids, day__gte=monday, day__lte=sunday)
        .values("decision__service__name", "decision__scope_unit")
        .annotate(n=Count("pk"), minutes=Sum("minutes"))
        .order_by()
    ):
        key = (row["decision__service__name"], row["decision__scope_unit"])
        delivered[key] += _amount(key[1], row["n"], row["minutes"])
    table = []
    for (service, unit), (persons, amount) in sorted(granted.items()):
        small = persons < THRESHOLD
        done = delivered.get((service, unit), Decimal(0))
        table.append(
            [
                f"{service} ({ScopeUnit(unit).label})",
                shown(persons),
                None if small else amount.quantize(Decimal("0.1")),
                None if small else done.quantize(Decimal("0.1")),
                None if small or not amount else round(float(100 * done / amount), 1),
            ]
        )
    return Figure(
        key="innvilget-levert",
        title=_("Innvilget mot levert, uke %(week)d") % {"week": monday.isocalendar()[1]},
        description=_(
            "Søylene viser, per tjeneste, omfanget innvilget per uke mot det som ble dokumentert levert "
            "i uken %(from)s–%(to)s, i timer eller besøk."
        )
        % {"from": monday.strftime("%d.%m.%Y"), "to": sunday.strftime("%d.%m.%Y")},
        columns=[
            _("Tjeneste (enhet for omfang)"),
            _("Personer"),
            _("Innvilget"),
            _("Levert"),
            _("Levert av innvilget (%)"),
        ],
        rows=table,
        kind="bar",
        plotted=(2, 3),
        unit_label=_("Timer eller besøk per uke"),
        notes=[
            _("Omfanget vises bare for tjenester med minst 5 personer i uken."),
            _("Vedtak med omfang i døgn er ikke med (de leveres ikke som besøk)."),
        ],
    )


def _amount(scope_unit: str, count: int, minutes: int | None) -> Decimal:
    if scope_unit == ScopeUnit.HOURS_PER_WEEK:
        return Decimal(minutes or 0) / 60
    return Decimal(count)


def waiting_lists(filters: Filters) -> Figure:
    """On the period's last day: cases still waiting for their first decision, by team, and persons granted
    a service that has not started yet (such as a long-term place), by service. Two queries."""
    end = filters.end
    month_back = add_months(end, -1)  # received before this: waited more than a month
    decided = Decision.objects.filter(case_id=OuterRef("pk"), state=DecisionState.SENT, sent_on__lte=end)
    cases = Case.objects.filter(municipality=filters.municipality, received_on__lte=end).exclude(
        status=Status.WITHDRAWN
    )
    if filters.unit_ids is not None:
        cases = cases.filter(team_id__in=filters.unit_ids)
    if filters.service is not None:
        cases = cases.filter(application__wished_services=filters.service)
    rows = []
    for row in (
        cases.filter(~Exists(decided))
        .values("team__name")
        .annotate(
            n=Count("pk", distinct=True), old=Count("pk", distinct=True, filter=Q(received_on__lt=month_back))
        )
        .order_by("team__name")
    ):
        rows.append(
            [_("Venter på vedtak: %(team)s") % {"team": row["team__name"]}, *_pair(row["n"], row["old"])]
        )
    not_started = _granted(filters).filter(superseded_by__isnull=True, sent_on__lte=end, start_date__gt=end)
    for row in (
        not_started.values("service__name")
        .annotate(
            n=Count("case__person", distinct=True),
            old=Count("case__person", distinct=True, filter=Q(sent_on__lt=month_back)),
        )
        .order_by("service__name")
    ):
        rows.append(
            [
                _("Venter på oppstart: %(service)s") % {"service": row["service__name"]},
                *_pair(row["n"], row["old"]),
            ]
        )
    return Figure(
        key="ventelister",
        title=_("Ventelister ved periodens slutt"),
        description=_(
            "Søylene viser saker som ventet på vedtak per team, og personer med innvilget tjeneste som ennå ikke "
            "hadde startet (for eksempel langtidsplass), per tjeneste, den %(day)s."
        )
        % {"day": end.strftime("%d.%m.%Y")},
        columns=[_("Venteliste"), _("Venter"), _("Har ventet mer enn én måned")],
        rows=rows,
        kind="hbar",
        plotted=(1, 2),
        unit_label=_("Antall"),
        notes=[
            suppression_note(),
            _("«Har ventet mer enn én måned» skjules når resten av køen er 1–4."),
        ],
    )


def _pair(n: int, old: int) -> list[Shown]:
    total = shown(n)
    if total.suppressed or shown(n - old).suppressed:
        return [total, Shown(None) if old else Shown(0)]
    return [total, shown(old)]


SEVERITIES = [Severity.LOW, Severity.MEDIUM, Severity.HIGH]


def deviations(filters: Filters) -> Figure:
    low, high = bounds(filters.start, filters.end)
    rows = Deviation.objects.filter(
        municipality=filters.municipality, happened_at__gte=low, happened_at__lt=high
    )
    if filters.unit_ids is not None:
        rows = rows.filter(unit_id__in=filters.unit_ids)
    if filters.service is not None:
        rows = rows.filter(measure__decision__service=filters.service)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows.values("kind", "severity").annotate(n=Count("pk")).order_by():
        counts[row["kind"]][row["severity"]] = row["n"]
    table = []
    for kind in DeviationKind:
        if kind.value not in counts:
            continue
        values = [counts[kind.value].get(severity.value, 0) for severity in SEVERITIES]
        total = shown(sum(values))
        table.append(
            [str(kind.label), *suppress_column(values, also=range(3) if total.suppressed else ()), total]
        )
    notes = [suppression_note()]
    if filters.service is not None:
        notes.append(
            _("Med tjenestefilter telles bare avvik knyttet til et tiltak etter vedtak om tjenesten.")
        )
    return Figure(
        key="avvik",
        title=_("Avvik etter type og alvorlighet"),
        description=_("Stablede søyler: avvik som skjedde i perioden, per type, delt etter alvorlighet."),
        columns=[_("Type"), *[str(severity.label) for severity in SEVERITIES], _("I alt")],
        rows=table,
        kind="stacked",
        plotted=(1, 2, 3),
        unit_label=_("Avvik"),
        notes=notes,
    )

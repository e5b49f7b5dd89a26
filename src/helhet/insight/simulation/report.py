"""Two runs side by side: the rows of the results table, the distributions and the typical week, as plots."""

import math
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from helhet.core.plots import COLOURS, draw
from helhet.insight.simulation.forms import WEEKDAYS
from helhet.insight.simulation.model import Result
from helhet.insight.simulation.parameters import DAYS, HOURS, Rates


def fmt(value: float | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return number_format(value, decimal_pos=decimals, use_l10n=True)


def pct(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return fmt(value * 100, 0) + " %"


@dataclass(frozen=True)
class Row:
    label: str
    a: str
    b: str


def _team_use(result: Result) -> float:
    teams = result.scenario.teams
    staff = sum(t.staff for t in teams)
    if not staff:
        return math.nan
    return sum(use * t.staff for (_name, use), t in zip(result.team_utilisation, teams, strict=True)) / staff


def summary_rows(a: Result, b: Result) -> list[Row]:
    def row(label: str, get: Any) -> Row:
        return Row(label, get(a), get(b))

    return [
        row(_("Ansatte i alt"), lambda r: str(r.scenario.total_staff())),
        row(_("Henvendelser målt"), lambda r: fmt(r.arrivals, 0)),
        row(_("Ventetid i mottak, snitt (minutter)"), lambda r: fmt(r.reception_wait_minutes.mean)),
        row(_("Ventetid i mottak, 90-persentil (minutter)"), lambda r: fmt(r.reception_wait_minutes.p90)),
        row(_("Lengste ventetid i mottak (minutter)"), lambda r: fmt(r.reception_wait_minutes.maximum, 0)),
        row(_("Kø i mottak, snitt (personer)"), lambda r: fmt(r.reception_queue_mean, 2)),
        row(_("Kø i mottak, lengste (personer)"), lambda r: str(r.reception_queue_max)),
        row(
            _("Utnyttelse av ansatte i mottak (av åpningstiden)"),
            lambda r: pct(r.reception_staff_utilisation),
        ),
        row(_("Utnyttelse av samtalerom (av åpningstiden)"), lambda r: pct(r.room_utilisation)),
        row(_("Ventetid i bakkontoret, snitt (timer)"), lambda r: fmt(r.backoffice_wait_hours.mean)),
        row(_("Ventetid i bakkontoret, 90-persentil (timer)"), lambda r: fmt(r.backoffice_wait_hours.p90)),
        row(_("Kø i bakkontoret, snitt (saker)"), lambda r: fmt(r.backoffice_queue_mean)),
        row(_("Kø i bakkontoret, lengste (saker)"), lambda r: str(r.backoffice_queue_max)),
        row(_("Utnyttelse av fagteamene (av arbeidstiden)"), lambda r: pct(_team_use(r))),
        row(
            _("Ventetid til fellessamtale, snitt (dager)"),
            lambda r: fmt(r.joint_wait_days.mean) if r.joint_wait_days else _("ingen fellessamtaledag"),
        ),
        row(_("Brukte plasser på fellessamtaledagen"), lambda r: pct(r.joint_slot_use)),
        row(_("Tid til vedtak, snitt (dager)"), lambda r: fmt(r.decision_days.mean)),
        row(_("Tid til vedtak, median (dager)"), lambda r: fmt(r.decision_days.median)),
        row(_("Tid til vedtak, 90-persentil (dager)"), lambda r: fmt(r.decision_days.p90)),
        row(_("Andel avgjort innen 30 dager"), lambda r: pct(r.decided_within_month)),
        row(_("Saker ikke avgjort da simuleringen sluttet"), lambda r: str(r.undecided)),
        row(_("Kjøretid (sekunder)"), lambda r: fmt(r.elapsed_seconds, 2)),
    ]


def wait_labels() -> list[str]:
    return [
        _("Under 1 min"),
        _("1–5 min"),
        _("5–10 min"),
        _("10–20 min"),
        _("20–30 min"),
        _("30–60 min"),
        _("Over 60 min"),
    ]


def decision_labels() -> list[str]:
    return [
        _("Under 1 dag"),
        _("1–3 dager"),
        _("3–7 dager"),
        _("7–14 dager"),
        _("14–30 dager"),
        _("30–60 dager"),
        _("Over 60 dager"),
    ]


@dataclass(frozen=True)
class Distribution:
    title: str
    svg: SafeString
    rows: list[tuple[str, str, str, str, str]]  # label, count a, share a, count b, share b


def _shares(counts: tuple[int, ...]) -> list[float]:
    total = sum(counts)
    return [n / total * 100 if total else 0.0 for n in counts]


def distribution(
    title: str, description: str, labels: list[str], a: Result, b: Result, attr: str
) -> Distribution:
    counts_a, counts_b = getattr(a, attr), getattr(b, attr)
    shares_a, shares_b = _shares(counts_a), _shares(counts_b)

    def build(fig: Figure) -> None:
        ax = fig.subplots()
        x = range(len(labels))
        ax.bar([i - 0.2 for i in x], shares_a, width=0.4, label=a.scenario.name, color=COLOURS[0])
        ax.bar([i + 0.2 for i in x], shares_b, width=0.4, label=b.scenario.name, color=COLOURS[1], hatch="//")
        ax.set_xticks(list(x), labels, rotation=20)
        ax.set_ylabel(_("Andel (%)"))
        ax.legend()

    rows = [
        (label, str(counts_a[i]), fmt(shares_a[i]), str(counts_b[i]), fmt(shares_b[i]))
        for i, label in enumerate(labels)
    ]
    return Distribution(title, draw(build, title=title, description=description), rows)


@dataclass(frozen=True)
class Week:
    svg: SafeString
    rows: list[tuple[str, str, str]]


def _week_plot(
    title: str, description: str, ylabel: str, a: list[float], b: list[float], names: tuple[str, str]
) -> SafeString:
    def build(fig: Figure) -> None:
        ax = fig.subplots()
        hours = list(range(DAYS * HOURS))
        ax.plot(hours, a, label=names[0], color=COLOURS[0])
        ax.plot(hours, b, label=names[1], color=COLOURS[1], linestyle="--")
        ax.set_xticks([d * HOURS for d in range(DAYS)], [str(WEEKDAYS[d])[:3] for d in range(DAYS)])
        ax.set_xlim(0, DAYS * HOURS)
        ax.set_ylabel(ylabel)
        ax.legend()

    return draw(build, title=title, description=description)


def reception_week(a: Result, b: Result, rates: Rates) -> Week:
    names = (a.scenario.name, b.scenario.name)
    svg = _week_plot(
        _("Kø i mottak gjennom en typisk uke"),
        _(
            "Gjennomsnittlig antall som venter i mottak, time for time fra mandag til søndag, for begge scenarioene."
        ),
        _("Personer i kø"),
        list(a.reception_queue_by_hour),
        list(b.reception_queue_by_hour),
        names,
    )
    rows = [
        (
            _("%(day)s kl. %(hour)02d") % {"day": WEEKDAYS[d], "hour": h},
            fmt(a.reception_queue_by_hour[d * HOURS + h], 2),
            fmt(b.reception_queue_by_hour[d * HOURS + h], 2),
        )
        for d in range(DAYS)
        for h in range(HOURS)
        if rates[d][h] > 0
    ]
    return Week(svg, rows)


def backoffice_week(a: Result, b: Result) -> Week:
    names = (a.scenario.name, b.scenario.name)
    svg = _week_plot(
        _("Kø i bakkontoret gjennom en typisk uke"),
        _("Gjennomsnittlig antall saker som venter på et fagteam, time for time fra mandag til søndag."),
        _("Saker i kø"),
        list(a.backoffice_queue_by_hour),
        list(b.backoffice_queue_by_hour),
        names,
    )

    def day_mean(result: Result, day: int) -> float:
        values = result.backoffice_queue_by_hour[day * HOURS : (day + 1) * HOURS]
        return sum(values) / HOURS

    rows = [(str(WEEKDAYS[d]), fmt(day_mean(a, d)), fmt(day_mean(b, d))) for d in range(DAYS)]
    return Week(svg, rows)


def comparison(a: Result, b: Result, rates: Rates) -> dict[str, Any]:
    return {
        "a": a,
        "b": b,
        "rows": summary_rows(a, b),
        "wait": distribution(
            _("Ventetid i mottak"),
            _("Andel av henvendelsene i hvert ventetidsintervall i mottak, for begge scenarioene."),
            wait_labels(),
            a,
            b,
            "reception_wait_histogram",
        ),
        "decision": distribution(
            _("Tid fra henvendelse til vedtak"),
            _("Andel av sakene sendt videre til bakkontoret etter hvor mange dager det tok til vedtak."),
            decision_labels(),
            a,
            b,
            "decision_histogram",
        ),
        "reception_week": reception_week(a, b, rates),
        "backoffice_week": backoffice_week(a, b),
        "teams": list(zip(a.team_utilisation, b.team_utilisation, strict=False)),
    }

"""The politicians' yearly report (issue 12 §6): the main plots of a year with comments in plain language
generated from the numbers, compared with the year before, as one printable PDF.

The comments never invent a trend: a number that is suppressed, or that rests on too few cases, is said to
be missing, a change is only told when both years have a number, and it is called an improvement or a
worsening only with at least 20 cases on both sides and a real difference. A year still running is compared
with the same days of the year before and labelled as partial; a previous year without any data is «ingen
tall», never 0.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from helhet.casework.models import Case
from helhet.core.calendar import local_today
from helhet.core.disclosure import shown
from helhet.core.models import Municipality
from helhet.insight.statistics import care, casework, inquiries
from helhet.insight.statistics import render as output
from helhet.insight.statistics.filters import Filters

MIN_CASES = 20  # cases on both sides before a change is called an improvement or a worsening


@dataclass(frozen=True)
class Measure:
    """One number of the report for two years. `before`/`after` None: missing, suppressed or too few."""

    subject: str  # «Saksbehandlingstiden»
    unit: str  # «dager», «prosent», «» for a count
    before: float | None
    after: float | None
    suffix: str = ""  # «(median)»
    lower_is_better: bool | None = None  # None: neither direction is better (e.g. inquiries)
    before_cases: int | None = (
        None  # the cases the number rests on; a change is judged only with 20 on both sides
    )
    after_cases: int | None = None
    min_difference: float = 0.0  # a real difference: at least this much (days, percentage points) ...
    min_relative: float = 0.0  # ... and at least this share of the earlier number
    before_empty: bool = False  # the previous period has no data at all (before Helhet was in use)


@dataclass(frozen=True)
class ReportPeriod:
    """The period of the report and the one it is compared with: the whole year, or for a year still
    running, 1 January to today against the same days of the year before."""

    year: int
    start: datetime.date
    end: datetime.date
    previous_start: datetime.date
    previous_end: datetime.date
    partial: bool


def _same_day_a_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def report_period(year: int, today: datetime.date | None = None) -> ReportPeriod:
    today = today or local_today()
    end = datetime.date(year, 12, 31)
    partial = end >= today
    if partial:
        end = max(today, datetime.date(year, 1, 1))
    return ReportPeriod(
        year=year,
        start=datetime.date(year, 1, 1),
        end=end,
        previous_start=datetime.date(year - 1, 1, 1),
        previous_end=_same_day_a_year_before(end),
        partial=partial,
    )


def period_text(period: ReportPeriod) -> str:
    if not period.partial:
        return _(
            "Tallene gjelder 1. januar–31. desember %(year)d og sammenlignes med året før. "
            "Tall fra 1 til 4 vises ikke, for å verne enkeltpersoner."
        ) % {"year": period.year}
    return _(
        "Året %(year)d er ikke over: tallene er foreløpige og gjelder %(start)s–%(end)s. De sammenlignes med "
        "samme periode året før, %(previous_start)s–%(previous_end)s. "
        "Tall fra 1 til 4 vises ikke, for å verne enkeltpersoner."
    ) % {
        "year": period.year,
        "start": period.start.strftime("%d.%m.%Y"),
        "end": period.end.strftime("%d.%m.%Y"),
        "previous_start": period.previous_start.strftime("%d.%m.%Y"),
        "previous_end": period.previous_end.strftime("%d.%m.%Y"),
    }


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def _with_unit(text: str, measure: Measure) -> str:
    return f"{text} {measure.unit}".strip()


def _judgement(measure: Measure) -> str:
    """«Det er en forbedring.» only with enough cases on both sides and a real difference; else a neutral
    sentence saying why not."""
    assert measure.before is not None and measure.after is not None  # noqa: S101  # checked by the caller
    if measure.lower_is_better is None:
        return ""
    cases = (measure.before_cases, measure.after_cases)
    if any(n is None or n < MIN_CASES for n in cases):
        return _("Med færre enn %(n)d saker i ett av årene kan endringen være tilfeldig.") % {"n": MIN_CASES}
    difference = abs(measure.after - measure.before)
    if difference < measure.min_difference or difference < measure.min_relative * abs(measure.before):
        return _("Forskjellen er liten og kan være tilfeldig.")
    better = (measure.after < measure.before) == measure.lower_is_better
    return _("Det er en forbedring.") if better else _("Det er en forverring.")


def comment(measure: Measure, year: int) -> str:
    """One sentence about the measure, e.g. «Saksbehandlingstiden gikk ned fra 24 til 19 dager (median).»"""
    suffix = f" {measure.suffix}" if measure.suffix else ""
    if measure.after is None:
        return _("%(subject)s%(suffix)s: for lite data i %(year)d til å si noe sikkert.") % {
            "subject": measure.subject,
            "suffix": suffix,
            "year": year,
        }
    after = _with_unit(_number(measure.after), measure)
    values = {
        "subject": measure.subject,
        "after": after,
        "suffix": suffix,
        "year": year,
        "previous": year - 1,
    }
    if measure.before_empty:
        return (
            _("%(subject)s var %(after)s%(suffix)s i %(year)d. For %(previous)d finnes ingen tall.") % values
        )
    if measure.before is None:
        return (
            _(
                "%(subject)s var %(after)s%(suffix)s i %(year)d. For %(previous)d er det for lite data til å sammenligne."
            )
            % values
        )
    before = _number(measure.before)
    if _number(measure.before) == _number(measure.after):
        return _("%(subject)s var uendret, %(after)s%(suffix)s.") % values
    if measure.after < measure.before:
        text = _("%(subject)s gikk ned fra %(before)s til %(after)s%(suffix)s.")
    else:
        text = _("%(subject)s økte fra %(before)s til %(after)s%(suffix)s.")
    text = text % {**values, "before": before}
    judgement = _judgement(measure)
    return f"{text} {judgement}" if judgement else text


def _count(value: int) -> float | None:
    return None if shown(value).suppressed else float(value)


def _year_values(filters: Filters) -> tuple[dict[str, float | None], dict[str, int], bool]:
    """(the numbers, the cases each rests on, whether the period has any data at all)."""
    durations = [item for items in casework.decision_durations(filters).values() for item in items]
    n, median, _p90, within = casework.time_summary(durations)
    channels = inquiries.channel_counts(filters)
    total = sum(count for count, _answered in channels.values())
    answered = sum(a for _count, a in channels.values())
    decisions = casework.sent_decisions(filters).aggregate(n=Count("pk"))["n"] or 0
    deviation_rows = care.deviations(filters).rows
    deviations = sum(int(row[-1].value or 0) for row in deviation_rows if row[-1].value is not None)
    hidden_deviation = any(row[-1].value is None for row in deviation_rows)
    received = Case.objects.filter(
        municipality=filters.municipality, received_on__gte=filters.start, received_on__lte=filters.end
    ).exists()
    answered_hidden = not total or _count(answered) is None or _count(total - answered) is None
    values = {
        "median": median,
        "within": within,
        "inquiries": _count(total),
        "answered": None if _count(total) is None or answered_hidden else round(100 * answered / total, 1),
        "decisions": _count(decisions),
        "deviations": None if hidden_deviation else _count(deviations),
    }
    cases = {"median": n, "within": n, "answered": total}
    has_data = bool(received or durations or total or decisions or deviation_rows)
    return values, cases, has_data


def measures(municipality: Municipality, year: int, today: datetime.date | None = None) -> list[Measure]:
    """The report's numbers for the period and the same period of the year before (a fixed number of
    queries). A previous period without any data at all gives «ingen tall», never 0."""
    period = report_period(year, today)
    before, before_cases, before_has_data = _year_values(
        Filters(municipality=municipality, start=period.previous_start, end=period.previous_end)
    )
    after, after_cases, _has_data = _year_values(
        Filters(municipality=municipality, start=period.start, end=period.end)
    )
    empty = not before_has_data

    def measure(key: str, subject: str, unit: str, **options) -> Measure:
        return Measure(
            subject,
            unit,
            None if empty else before[key],
            after[key],
            before_cases=before_cases.get(key),
            after_cases=after_cases.get(key),
            before_empty=empty,
            **options,
        )

    return [
        measure(
            "median",
            _("Saksbehandlingstiden"),
            _("dager"),
            suffix=_("(median)"),
            lower_is_better=True,
            min_difference=1.0,
            min_relative=0.1,
        ),
        measure(
            "within",
            _("Andelen saker avgjort innen én måned (tjenestemål)"),
            _("prosent"),
            lower_is_better=False,
            min_difference=5.0,
        ),
        measure("inquiries", _("Antallet henvendelser"), ""),
        measure(
            "answered",
            _("Andelen henvendelser besvart med en gang"),
            _("prosent"),
            lower_is_better=False,
            min_difference=5.0,
        ),
        measure("decisions", _("Antallet vedtak"), ""),
        measure("deviations", _("Antallet meldte avvik"), ""),
    ]


FIGURES = (
    inquiries.inquiries_by_channel,
    casework.decisions_by_service,
    casework.time_to_decision,
    care.care_ladder,
    care.deviations,
    casework.appeals,
)


def year_param(raw: str | None, today: datetime.date | None = None) -> tuple[int, str | None]:
    """The year asked for; a year that has not begun is refused (a running one is reported as partial)."""
    this_year = (today or local_today()).year
    default = this_year - 1
    if raw is None or not raw.strip():
        return default, None
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 4 or not 2000 <= int(raw) <= 2100:
        return default, _("Året må være et årstall mellom 2000 og 2100.")
    if int(raw) > this_year:
        return default, _("Året %(year)s har ikke begynt ennå, så det finnes ingen tall for det.") % {
            "year": raw
        }
    return int(raw), None


def report_pdf(request, municipality: Municipality, year: int) -> bytes:
    from weasyprint import HTML

    period = report_period(year)
    filters = Filters(municipality=municipality, start=period.start, end=period.end)
    figures = [(figure, output.svg(figure)) for figure in (build(filters) for build in FIGURES)]
    html = render_to_string(
        "insight/statistics/yearly_print.html",
        {
            "municipality": municipality,
            "year": year,
            "partial": period.partial,
            "period_text": period_text(period),
            "comments": [comment(measure, year) for measure in measures(municipality, year)],
            "figures": figures,
        },
        request=request,
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()

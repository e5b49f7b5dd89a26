"""The KPR check page and the export download. Thin: parse the year, ask the policy, run the check, render."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access.models import AccessAction
from helhet.access.policy import may_export_kpr, may_read_kpr_check
from helhet.access.services import access_log_write_many
from helhet.access.shown import person_logged
from helhet.core.calendar import local_today
from helhet.core.disclosure import shown, shown_table
from helhet.insight import kpr
from helhet.insight.kpr_rules import FIX_CASE, FIX_CATALOGUE, FIX_PERSON, RULES, SPEC_VERSION, usable
from helhet.organisation.selectors import units_for_user

PER_PAGE = 50
# The check page reads the whole year in bigger batches than the download: a page holds no lines.
CHECK_BATCH = 2000


def default_year(today: datetime.date) -> int:
    """The year being reported: the year before, which is sent (and checked, re-sent) 1–15 January."""
    return today.year - 1


def year_param(raw: str | None, today: datetime.date) -> tuple[int, str | None]:
    """The year asked for, or the default year with a Norwegian message when it cannot be used."""
    fallback = default_year(today)
    if raw is None or raw == "":
        return fallback, None
    text = raw.strip()[:10]
    if not text.isdigit() or len(text) != 4:
        return fallback, _("Året «%(raw)s» kunne ikke leses. Skriv det med fire siffer; viser %(year)s.") % {
            "raw": raw[:10].replace("\x00", ""),
            "year": fallback,
        }
    year = int(text)
    if not kpr.FIRST_YEAR <= year <= today.year:
        return fallback, _(
            "KPR-rapporteringen gjelder årene fra %(first)s til i år (%(now)s); viser %(year)s."
        ) % {"first": kpr.FIRST_YEAR, "now": today.year, "year": fallback}
    return year, None


def _reader(request) -> None:
    if not may_read_kpr_check(request.user):
        raise PermissionDenied(_("Rollen din gir ikke tilgang til KPR-kontrollen."))


def _page_number(raw: str | None) -> int:
    if raw and raw.isdigit() and len(raw) <= 6:
        return max(int(raw), 1)
    return 1


@dataclass
class _Page:
    """What includes/pagination.html reads from a Django page."""

    number: int
    num_pages: int

    @property
    def paginator(self):
        return self

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _fix_link(problem, person_id: int) -> tuple[str, str] | None:
    if problem.fix == FIX_PERSON:
        return reverse("people:detail", args=[person_id]), _("Rett personopplysningene")
    if problem.fix == FIX_CASE and problem.case_id:
        return reverse("casework:case", args=[problem.case_id]), _("Åpne saken")
    if problem.fix == FIX_CATALOGUE:
        return reverse("catalogue:index"), _("Se tjenestekatalogen")
    return None


def _reason(user, today: datetime.date) -> str:
    """Why the access-log row was written: the user's own unit(s) today and the legal basis."""
    units = ", ".join(unit.name for unit in units_for_user(user, today)) or _("ingen enhet")
    return _("Saksbehandler i %(units)s: KPR-forskriften, årlig rapportering") % {"units": units}


def _counts(summary: kpr.Summary, exact: bool) -> dict:
    """The page's counts; for those who see counts only (analysts, leaders, the administrator) through
    `helhet.core.disclosure` (1–4 becomes «færre enn 5»; the three parts of the total are one table)."""
    if exact:
        total: object = summary.recipients
        parts: list = [summary.valid, summary.with_errors, summary.held_back]
        rules: list[tuple[object, object]] = [(label, summary.by_rule[code]) for code, label in RULES.items()]
    else:
        total = shown(summary.recipients)
        parts = shown_table([summary.valid, summary.with_errors, summary.held_back])
        rules = [(label, shown(summary.by_rule[code])) for code, label in RULES.items()]
    return {"total": total, "valid": parts[0], "with_errors": parts[1], "held_back": parts[2], "rules": rules}


@login_required
def kpr_check(request):
    _reader(request)
    today = local_today()
    year, error = year_param(request.GET.get("ar"), today)
    may_export = may_export_kpr(request.user)
    page_number = _page_number(request.GET.get("side"))
    summary = kpr.check_year(
        request.user.municipality, year, page=page_number, per_page=PER_PAGE, batch=CHECK_BATCH
    )
    rows = []
    if may_export:
        for item in summary.page_rows:
            rows.append(
                {
                    "name": item.recipient.name,
                    "masked_id": item.person.masked_national_id,
                    "held_back": not usable(item.problems),
                    "problems": [(p, _fix_link(p, item.person.pk)) for p in item.problems],
                }
            )
        persons = [item.person for item in summary.page_rows]
        if persons:
            # The rows show what is wrong in each person's case file: a read, as the download is.
            access_log_write_many(
                user=request.user,
                persons=persons,
                what=_("KPR-kontroll %(year)s: rader med feil") % {"year": year},
                reason=_reason(request.user, today),
                action=AccessAction.READ,
                channel="web",
            )
            for person in persons:
                person_logged(request.user, person)
    pages = max((summary.failing + PER_PAGE - 1) // PER_PAGE, 1)
    context = {
        "year": year,
        "year_error": error,
        "years": list(range(today.year, kpr.FIRST_YEAR - 1, -1)),
        "summary": summary,
        "counts": _counts(summary, exact=may_export),
        "may_export": may_export,
        "rows": rows,
        "page": _Page(min(page_number, pages), pages),
        "query_string": f"ar={year}",
        "year_running": year == today.year,
        "window_year": year + 1,
        "spec": SPEC_VERSION,
    }
    return render(request, "insight/kpr.html", context, status=400 if error else 200)


@login_required
def kpr_export(request):
    """The year's recipients (with their errors) as JSON Lines, streamed a batch at a time; each batch's persons are
    access-logged (one insert per batch) before its lines are sent."""
    _reader(request)
    if not may_export_kpr(request.user):
        raise PermissionDenied(
            _(
                "KPR-filen viser personer med vedtak og funksjonsvurdering; bare saksbehandlere i helse og omsorg kan laste den ned."
            )
        )
    today = local_today()
    year, error = year_param(request.GET.get("ar"), today)
    if error:
        summary = kpr.Summary(year=year)
        return render(
            request,
            "insight/kpr.html",
            {
                "year": year,
                "year_error": error,
                "summary": summary,
                "counts": _counts(summary, exact=True),
                "may_export": True,
                "rows": [],
                "years": list(range(today.year, kpr.FIRST_YEAR - 1, -1)),
                "page": _Page(1, 1),
                "query_string": f"ar={year}",
                "window_year": year + 1,
                "spec": SPEC_VERSION,
                "unchecked": True,
            },
            status=400,
        )
    user = request.user
    what = _("KPR-eksport for %(year)s") % {"year": year}
    reason = _reason(user, today)

    def log(persons) -> None:
        access_log_write_many(
            user=user, persons=persons, what=what, reason=reason, action=AccessAction.READ, channel="web"
        )

    lines = kpr.export_lines(user.municipality, year, created=timezone.localtime(), before_batch=log)
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kpr-{user.municipality.number}-{year}.jsonl"'
    response["Cache-Control"] = "no-store"
    return response

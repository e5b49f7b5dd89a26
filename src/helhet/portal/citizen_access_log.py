"""Hvem har sett opplysningene mine: the person's access log in plain words, newest first, a page at a time:
when, who (name, unit and role as on the day, or «du selv» / «din representant»), what, and why (the
ground said as people say it), with emergency accesses (nødtilgang) marked and explained, refused attempts
marked, and how to complain (the municipality's personvernombud, Datatilsynet).

Reading this page is itself logged, one row per page shown; the citizen's repeated reads of the same page on
the same day are shown as one line with a count, so the log does not drown in its own reading."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhet.access.models import EMERGENCY_PREFIX, AccessAction, CitizenAccount
from helhet.access.selectors import AccessLogRow, access_log_for_person, access_log_rows
from helhet.people.models import Relative
from helhet.portal.acting import Acting, acting_for
from helhet.portal.citizen_reads import citizen_read, logged_as
from helhet.portal.citizen_views import citizen_required, person_context
from helhet.portal.models import PublicProfile
from helhet.portal.representation import Capability

PAGE_SIZE = 50
_RESPONSIBILITY = re.compile(r"^Ansvar \((?P<holder>.+?)\): (?P<reason>.*)$")
_GROUNDS = {
    "Saksbehandler i helse og omsorg (tjenestekontoret)": gettext_lazy(
        "Jobber på tjenestekontoret, som behandler søknadene dine om helse- og omsorgstjenester."
    ),
    "Saksbehandler i NAV (sosiale tjenester)": gettext_lazy(
        "Jobber i NAV, som behandler søknadene dine om sosiale tjenester."
    ),
    "Resepsjon: veiledning og henvendelser til kommunen": gettext_lazy(
        "Jobber i kommunens resepsjon og hjelper dem som tar kontakt med kommunen."
    ),
    "Kommunal administrator: forvaltning av personregisteret": gettext_lazy(
        "Er administrator og holder kommunens register over innbyggere i orden."
    ),
    "Innbyggerens egen innsyn": gettext_lazy("Så på egne opplysninger på Min side."),
}


def plain_ground(reason: str) -> str:
    """A stored ground as people say it: «Jobber i Hjemmesykepleien, som har ansvar for hjelpen din (…)»."""
    parts = []
    for part in (p.strip() for p in reason.split(";")):
        if not part or part == "-":
            continue
        if part.startswith(EMERGENCY_PREFIX):
            parts.append(_("Nødtilgang: %(why)s") % {"why": part[len(EMERGENCY_PREFIX) :]})
        elif match := _RESPONSIBILITY.match(part):
            parts.append(
                _("Jobber i %(holder)s, som har ansvar for hjelpen din (%(reason)s).")
                % {"holder": match["holder"], "reason": match["reason"]}
            )
        elif part in _GROUNDS:
            parts.append(str(_GROUNDS[part]))
        elif part.startswith(("Som fullmektig for ", "Som verge for ", "Med foreldreansvar for ")):
            parts.append(_("Som representant på Min side (%(ground)s).") % {"ground": part})
        elif part.startswith("Avvist: "):
            parts.append(_("Fikk ikke se noe: %(why)s") % {"why": part[len("Avvist: ") :]})
        else:
            parts.append(part)
    return " ".join(parts)


@dataclass
class Line:
    row: AccessLogRow
    who: str
    ground: str
    refused: bool
    count: int = 1


def _citizen_readers(acting: Acting, user_ids: set[int]) -> dict[int, str]:
    """Who each citizen reader is, from the page's point of view: the person, or their representative."""
    accounts = dict(CitizenAccount.objects.filter(user_id__in=user_ids).values_list("user_id", "pid"))
    if not accounts:
        return {}
    relatives = dict(
        Relative.objects.filter(person=acting.person, national_id__in=accounts.values()).values_list(
            "national_id", "name"
        )
    )
    me = acting.account.user_id
    found: dict[int, str] = {}
    for user_id, pid in accounts.items():
        if pid == acting.person.national_id:
            found[user_id] = (
                _("Du selv")
                if not acting.on_behalf
                else _("%(name)s selv") % {"name": acting.person.full_name}
            )
        elif user_id == me:
            found[user_id] = _("Du (som representant)")
        else:
            name = relatives.get(pid, "")
            found[user_id] = (
                _("Din representant %(name)s") % {"name": name} if name else _("Din representant")
            )
    return found


def lines_for(acting: Acting, entries: list) -> list[Line]:
    rows = access_log_rows(entries)
    citizens = _citizen_readers(acting, {entry.user_id for entry in entries})
    lines: list[Line] = []
    for entry, row in zip(entries, rows, strict=True):
        who = citizens.get(entry.user_id) or ", ".join(part for part in (row.who, row.unit, row.role) if part)
        line = Line(
            row=row, who=who, ground=plain_ground(row.why), refused=row.action == AccessAction.REFUSED
        )
        previous = lines[-1] if lines else None
        if (
            previous is not None
            and entry.user_id in citizens
            and previous.who == who
            and previous.row.what == row.what
            and timezone.localtime(previous.row.at).date() == timezone.localtime(row.at).date()
        ):
            previous.count += 1
            continue
        lines.append(line)
    return lines


@citizen_required
def access_log(request: HttpRequest, person_id: int) -> HttpResponse:
    """Innsyn i logg: who has read the person's data, when and why."""
    acting = acting_for(request, person_id, Capability.ACCESS_LOG)
    # What others read first: the person's own reading of Min side is shown only when asked for, so it does not
    # bury the staff's reads (both are in the log).
    with_own = request.GET.get("vis") == "alle"
    entries_all = access_log_for_person(acting.person)
    if not with_own:
        own = CitizenAccount.objects.filter(pid=acting.person.national_id).values("user_id")
        entries_all = entries_all.exclude(user_id__in=own)
    paginator = Paginator(entries_all, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("side"))
    entries = list(page.object_list)
    citizen_read(acting, what=logged_as("Min side: innsyn i logg"))
    context = person_context(request, acting)
    context.update(
        {
            "lines": lines_for(acting, entries),
            "with_own": with_own,
            "page": page,
            "profile": PublicProfile.objects.filter(municipality_id=acting.person.municipality_id).first(),
            "title": _("Hvem har sett opplysningene om %(name)s") % {"name": acting.person.full_name}
            if acting.on_behalf
            else _("Hvem har sett opplysningene mine"),
        }
    )
    return render(request, "portal/citizen/access_log.html", context)

"""The statistics page's filters: period, unit (with its sub-units) and service, read from the query string.

Anything that cannot be used gives a Norwegian message and falls back to the default, never an error page.
The period is always whole months (from the 1st to the last day of the month, or to today): with free days,
two periods a day apart could be subtracted to give back a small count that the suppression hides.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from helhet.catalogue.models import Service
from helhet.core.calendar import local_today, within_supported_range
from helhet.core.models import Municipality
from helhet.organisation.models import Unit, UnitParent

MAX_YEARS = 10


@dataclass
class Filters:
    municipality: Municipality
    start: datetime.date
    end: datetime.date
    unit: Unit | None = None
    unit_ids: frozenset[int] | None = None  # the unit and its sub-units; None: the whole municipality
    service: Service | None = None
    errors: list[str] = field(default_factory=list)

    def query(self) -> str:
        """The filters as a query string, for the download links."""
        parts = [f"fra={self.start.isoformat()}", f"til={self.end.isoformat()}"]
        if self.unit is not None:
            parts.append(f"enhet={self.unit.pk}")
        if self.service is not None:
            parts.append(f"tjeneste={self.service.pk}")
        return "&".join(parts)


def _date(raw: str, label: str, errors: list[str]) -> datetime.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        day = datetime.date.fromisoformat(raw[:10]) if len(raw) <= 10 else None
    except ValueError:
        day = None
    if day is None:
        errors.append(
            _("%(label)s «%(raw)s» kunne ikke leses. Skriv datoen som ÅÅÅÅ-MM-DD.")
            % {"label": label, "raw": raw[:20]}
        )
        return None
    if not within_supported_range(day):
        errors.append(_("%(label)s må være mellom 01.01.1900 og 31.12.2100.") % {"label": label})
        return None
    return day


def _id(raw: str) -> int | None:
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 12:
        return None
    return int(raw)


def descendants(municipality_id: int, unit_id: int, on: datetime.date) -> frozenset[int]:
    """The unit and every unit below it in the tree on `on` (one query)."""
    children: dict[int, list[int]] = {}
    for child, parent in (
        UnitParent.objects.valid_on(on)
        .filter(unit__municipality_id=municipality_id)
        .values_list("unit_id", "parent_id")
    ):
        children.setdefault(parent, []).append(child)
    found, todo = {unit_id}, [unit_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve whole months and this month so far."""
    return datetime.date(today.year - 1, today.month, 1), today


def whole_months(
    start: datetime.date, end: datetime.date, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """From the first day of the start's month to the last day of the end's month, but not past today (unless
    the whole period is in the future)."""
    following = (end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last = following - datetime.timedelta(days=1)
    if end <= today < last:
        last = today
    return start.replace(day=1), last


def parse(params, municipality: Municipality) -> Filters:
    errors: list[str] = []
    today = local_today()
    default_start, default_end = default_period(today)
    start = _date(params.get("fra", ""), _("Fra-datoen"), errors) or default_start
    end = _date(params.get("til", ""), _("Til-datoen"), errors) or default_end
    if start > end:
        errors.append(_("Fra-datoen kan ikke være etter til-datoen; viser standardperioden."))
        start, end = default_start, default_end
    elif (end - start).days > MAX_YEARS * 366:
        errors.append(_("Perioden kan være høyst %(n)d år; viser standardperioden.") % {"n": MAX_YEARS})
        start, end = default_start, default_end
    snapped = whole_months(start, end, today)
    if snapped != (start, end):
        start, end = snapped
        errors.append(
            _("Statistikken gjelder hele måneder, så perioden er utvidet til %(start)s–%(end)s.")
            % {"start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")}
        )
    filters = Filters(municipality=municipality, start=start, end=end, errors=errors)
    raw_unit = params.get("enhet", "")
    if raw_unit.strip():
        unit_id = _id(raw_unit)
        unit = Unit.objects.filter(municipality=municipality, pk=unit_id).first() if unit_id else None
        if unit is None:
            errors.append(_("Fant ingen enhet med det nummeret i kommunen; viser hele kommunen."))
        else:
            filters.unit = unit
            filters.unit_ids = descendants(municipality.pk, unit.pk, end)
    raw_service = params.get("tjeneste", "")
    if raw_service.strip():
        service_id = _id(raw_service)
        service = (
            Service.objects.filter(municipality=municipality, pk=service_id).first() if service_id else None
        )
        if service is None:
            errors.append(_("Fant ingen tjeneste med det nummeret i kommunen; viser alle tjenester."))
        else:
            filters.service = service
    return filters

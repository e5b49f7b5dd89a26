"""Reads for the tenant itself: the change history shown on object pages."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from helhet.core.models import ChangeRecord, Municipality

HISTORY_LIMIT = 50


@dataclass(frozen=True)
class History:
    rows: list[ChangeRecord]
    more: bool
    limit: int


def _bounded(queryset: QuerySet[ChangeRecord], limit: int) -> History:
    rows = list(queryset.order_by("-at", "-id")[: limit + 1])
    return History(rows=rows[:limit], more=len(rows) > limit, limit=limit)


def history_for(obj: Model | None, *, limit: int = HISTORY_LIMIT) -> History:
    """The newest changes to `obj` and to what belongs to it (one query). The caller's page has already
    checked that the user may see the object."""
    if obj is None or obj.pk is None:
        return History(rows=[], more=False, limit=limit)
    return _bounded(ChangeRecord.objects.for_object(obj), limit)


def history_for_types(
    municipality: Municipality, object_types: Iterable[str], *, limit: int = HISTORY_LIMIT
) -> History:
    """The newest changes in `municipality` to objects of the given kinds ("organisation.unit", ...),
    for pages that show a whole register (the org chart, the care ladder) rather than one object."""
    queryset = ChangeRecord.objects.filter(municipality=municipality, object_type__in=list(object_types))
    return _bounded(queryset, limit)

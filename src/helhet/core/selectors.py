"""Reads for the tenant itself: the change history shown on object pages."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

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


def history_for(
    obj: Model | None,
    *,
    own_app: bool = False,
    also: Iterable[tuple[str, int | None]] = (),
    limit: int = HISTORY_LIMIT,
) -> History:
    """The newest changes to `obj` and to what belongs to it (one query). The caller's page has already
    checked that the user may see the object.

    With `own_app`, only the objects of `obj`'s own app: a person's page shows the changes to the person and
    the relatives, never an application, a service's appointment or an inbox item that also names the person
    as their scope (those follow their own access rules). `also` adds the changes to further objects the
    page has shown the user may read, as (object type, id): a case page adds the application it came from."""
    if obj is None or obj.pk is None:
        return History(rows=[], more=False, limit=limit)
    queryset = ChangeRecord.objects.for_object(obj)
    if own_app:
        queryset = queryset.filter(object_type__startswith=f"{obj._meta.app_label}.")
    extra = Q()
    for object_type, object_id in also:
        if object_id is not None:
            extra |= Q(object_type=object_type, object_id=object_id)
    if extra:
        queryset = queryset | ChangeRecord.objects.filter(extra)
    return _bounded(queryset, limit)


def history_for_types(
    municipality: Municipality, object_types: Iterable[str], *, limit: int = HISTORY_LIMIT
) -> History:
    """The newest changes in `municipality` to objects of the given kinds ("organisation.unit", ...),
    for pages that show a whole register (the org chart, the care ladder) rather than one object."""
    queryset = ChangeRecord.objects.filter(municipality=municipality, object_type__in=list(object_types))
    return _bounded(queryset, limit)

"""Reads of the quality system: the procedure library and the deviations with their statistics."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth

from helhet.care.models import Deviation, DeviationState, Procedure, ProcedureVersion


def current_version(procedure: Procedure, on: datetime.date) -> ProcedureVersion | None:
    """The version staff follow on `on`: the newest that has come into force."""
    return _in_force(procedure.versions.all(), on)


def _in_force(versions: Iterable[ProcedureVersion], on: datetime.date) -> ProcedureVersion | None:
    return max(
        (v for v in versions if v.valid_from <= on), key=lambda v: (v.valid_from, v.number), default=None
    )


def procedure_library(
    unit_ids: Iterable[int], on: datetime.date, *, pk: int | None = None
) -> list[Procedure]:
    """The units' procedures (or just the one with `pk`), each with the version in force (`current`) and its
    history."""
    found = Procedure.objects.filter(unit_id__in=unit_ids)
    if pk is not None:
        found = found.filter(pk=pk)
    procedures = list(
        found.select_related("unit")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ProcedureVersion.objects.select_related("approved_by").order_by("-number"),
            )
        )
        .order_by("title")
    )
    for procedure in procedures:
        setattr(procedure, "current", _in_force(procedure.versions.all(), on))  # noqa: B010  # for the page
    return procedures


def deviations_for_leader(unit_ids: Iterable[int], *, state: str = "") -> QuerySet[Deviation]:
    deviations = (
        Deviation.objects.filter(unit_id__in=unit_ids)
        .select_related("unit", "person", "reported_by", "measure")
        .order_by("state", "-happened_at")
    )
    if state:
        deviations = deviations.filter(state=state)
    return deviations


def deviations_per_month(
    unit_ids: Iterable[int], *, months: int = 12, today: datetime.date
) -> list[tuple[datetime.date, int]]:
    """Deviations reported in the units per month, the last `months` months with empty months as 0."""
    first = today.replace(day=1)
    for _step in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    counts = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row["n"]
        for row in Deviation.objects.filter(unit_id__in=list(unit_ids), happened_at__date__gte=first)
        .annotate(month=TruncMonth("happened_at"))
        .values("month")
        .annotate(n=Count("pk"))
    }
    result = []
    month = first
    for _step in range(months):
        result.append((month, counts.get(month, 0)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return result


def deviation_statistics(municipality_id: int, *, since: datetime.date) -> list[dict[str, Any]]:
    """Deviations per unit since a date: reported, by severity, still open."""
    return list(
        Deviation.objects.filter(municipality_id=municipality_id, happened_at__date__gte=since)
        .values("unit__name")
        .annotate(
            total=Count("pk"),
            high=Count("pk", filter=Q(severity="high")),
            not_done=Count("pk", filter=Q(kind="not_done")),
            open=Count("pk", filter=~Q(state=DeviationState.CLOSED)),
        )
        .order_by("-total", "unit__name")
    )

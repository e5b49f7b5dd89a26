"""Reads of the organisation."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from helhet.core.models import User
from helhet.organisation.models import Engagement, Leadership, ServiceArea, Staff, Unit, UnitParent, Workshop


def normalise_name(name: str) -> str:
    """The key names are matched on: case, spacing and punctuation do not matter."""
    return re.sub(r"[\s\-–—_.,/]+", " ", name.casefold()).strip()


def staff_for_user(user: User) -> Staff | None:
    try:
        return user.staff
    except (Staff.DoesNotExist, AttributeError):
        return None


def unit_ids_for_user(user: User, on: datetime.date) -> set[int]:
    """Units the user works in or leads on `on` (the basis of unit-level need-to-know)."""
    staff = staff_for_user(user)
    return set() if staff is None else unit_ids_for_staff(staff, on)


def unit_ids_for_staff(staff: Staff, on: datetime.date) -> set[int]:
    """Units the member of staff works in or leads on `on`."""
    engaged = Engagement.objects.valid_on(on).filter(staff=staff).values_list("unit_id", flat=True)
    led = Leadership.objects.valid_on(on).filter(staff=staff).values_list("unit_id", flat=True)
    return set(engaged) | set(led)


def units_for_user(user: User, on: datetime.date) -> list[Unit]:
    return list(Unit.objects.filter(pk__in=unit_ids_for_user(user, on)).order_by("name"))


def ancestors_on(unit: Unit, on: datetime.date) -> list[int]:
    """Ids of the unit's parent, grandparent, … on `on` (stops on a cycle rather than looping)."""
    links = dict(
        UnitParent.objects.valid_on(on)
        .filter(unit__municipality_id=unit.municipality_id)
        .values_list("unit_id", "parent_id")
    )
    found: list[int] = []
    current = links.get(unit.pk)
    while current is not None and current not in found:
        found.append(current)
        current = links.get(current)
    return found


def staff_of_unit(unit_id: int, on: datetime.date) -> models.QuerySet[Staff]:
    """Everyone engaged in or leading the unit on `on`, by name."""
    engaged = Engagement.objects.valid_on(on).filter(unit_id=unit_id).values("staff_id")
    led = Leadership.objects.valid_on(on).filter(unit_id=unit_id).values("staff_id")
    return Staff.objects.filter(models.Q(pk__in=engaged) | models.Q(pk__in=led)).order_by(
        "last_name", "first_name"
    )


def service_areas_of_units(unit_ids: Iterable[int], on: datetime.date) -> dict[int, str]:
    """Each unit's service area on `on`: its own, or the nearest ancestor's (empty when none is set)."""
    unit_ids = set(unit_ids)
    if not unit_ids:
        return {}
    municipality_ids = set(Unit.objects.filter(pk__in=unit_ids).values_list("municipality_id", flat=True))
    own = dict(
        Unit.objects.filter(municipality_id__in=municipality_ids)
        .exclude(service_area="")
        .values_list("pk", "service_area")
    )
    parents = dict(
        UnitParent.objects.valid_on(on)
        .filter(unit__municipality_id__in=municipality_ids)
        .values_list("unit_id", "parent_id")
    )
    found = {}
    for unit_id in unit_ids:
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in own and current not in seen:
            seen.add(current)
            current = parents.get(current)
        found[unit_id] = own.get(current, "") if current is not None else ""
    return found


def service_area_of_unit(unit_id: int, on: datetime.date) -> str:
    return service_areas_of_units({unit_id}, on).get(unit_id, "")


def service_areas_for_user(user: User, on: datetime.date) -> frozenset[str]:
    """The service areas the user works in, through the units they work in or lead."""
    areas = service_areas_of_units(unit_ids_for_user(user, on), on).values()
    return frozenset(area for area in areas if area in ServiceArea.values)


# --- Workshop priorities -------------------------------------------------------------------------------


@dataclass
class ThemeResult:
    theme: Any
    total: Any  # borda.Standing
    by_group: list[Any]  # borda.Standing or None per group, in the order of `WorkshopResults.groups`
    considerations: list[Any]


@dataclass
class WorkshopResults:
    workshop: Any
    groups: list[Any]
    themes: list[ThemeResult]  # best first; ties share a rank
    unranked_groups: list[Any]
    places: dict[int, dict[int, int]]  # group id -> theme id -> place
    considerations: list[Any]


def workshop_results(workshop: Workshop) -> WorkshopResults:
    """Themes by Borda count in total and per group (see `helhet.organisation.borda`). Four queries."""
    from helhet.organisation.borda import borda
    from helhet.organisation.models import Consideration, ThemeRanking

    groups = list(workshop.groups.all())
    themes = list(workshop.themes.all())
    places: dict[int, dict[int, int]] = {group.pk: {} for group in groups}
    for group_id, theme_id, place in ThemeRanking.objects.filter(group__workshop=workshop).values_list(
        "group_id", "theme_id", "place"
    ):
        places[group_id][theme_id] = place
    considerations = list(
        Consideration.objects.filter(workshop=workshop).select_related("group").order_by("group__name", "pk")
    )
    ranked = {pk: p for pk, p in places.items() if p}
    totals, per_group = borda([t.pk for t in themes], ranked)
    by_theme: dict[int | None, list[Any]] = {}
    for consideration in considerations:
        by_theme.setdefault(consideration.theme_id, []).append(consideration)
    results = [
        ThemeResult(
            theme=theme,
            total=totals[theme.pk],
            by_group=[per_group[g.pk][theme.pk] if g.pk in per_group else None for g in groups],
            considerations=by_theme.get(theme.pk, []),
        )
        for theme in themes
    ]
    results.sort(key=lambda r: (r.total.rank, r.theme.name))
    return WorkshopResults(
        workshop=workshop,
        groups=groups,
        themes=results,
        unranked_groups=[g for g in groups if g.pk not in ranked],
        places=places,
        considerations=considerations,
    )

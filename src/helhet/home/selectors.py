"""What each role's start page shows. Aggregates for analysts never name a person."""

import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

from helhet.access import roles
from helhet.access.models import AccessLog
from helhet.access.policy import visible_persons
from helhet.casework.selectors import handoff_statistics
from helhet.core.calendar import local_today
from helhet.core.counting import capped_count, count_label
from helhet.core.disclosure import shown, shown_table
from helhet.core.models import Municipality, User
from helhet.organisation.models import Engagement, Leadership, Staff, Unit
from helhet.organisation.selectors import units_for_user
from helhet.people.models import Person

AGE_GROUPS = ((0, 17), (18, 49), (50, 66), (67, 79), (80, 89), (90, 130))


def recently_read_persons(user: User, limit: int = 10) -> list[Person]:
    """Persons this user opened lately (from their own access log rows), newest first."""
    person_ids = []
    for person_id in (
        AccessLog.objects.filter(user=user, action="read")
        .order_by("-at")
        .values_list("person_id", flat=True)[:200]
    ):
        if person_id not in person_ids:
            person_ids.append(person_id)
        if len(person_ids) == limit:
            break
    persons = {p.pk: p for p in visible_persons(user, Person.objects.filter(pk__in=person_ids))}
    return [persons[pk] for pk in person_ids if pk in persons]


def caseload_count(user: User) -> int:
    return visible_persons(user, Person.objects.all()).count()


def my_units(user: User, on: datetime.date | None = None) -> list[dict[str, Any]]:
    """The units the user works in or leads, with today's head count and FTE."""
    on = on or local_today()
    units = units_for_user(user, on)
    staff_totals = {
        row["unit_id"]: row
        for row in Engagement.objects.valid_on(on)
        .filter(unit__in=units)
        .values("unit_id")
        .annotate(heads=Count("staff_id", distinct=True), fte=Sum("fte"))
    }
    led = set(
        Leadership.objects.valid_on(on)
        .filter(unit__in=units, staff__user=user)
        .values_list("unit_id", flat=True)
    )
    return [
        {
            "unit": unit,
            "heads": staff_totals.get(unit.pk, {}).get("heads", 0),
            "fte": staff_totals.get(unit.pk, {}).get("fte") or 0,
            "leads": unit.pk in led,
        }
        for unit in units
    ]


def population_overview(municipality: Municipality, on: datetime.date | None = None) -> dict[str, Any]:
    """Counts by zone and age group: no person-level data.

    One pass over the municipality's persons: a row per zone with the age groups as filtered counts; the
    total and the age table are the sums of those rows.
    """
    on = on or local_today()
    rows = list(
        Person.objects.filter(municipality=municipality)
        .values("zone__name")
        .annotate(
            count=Count("pk"),
            **{
                f"age_{low}_{high}": Count(
                    "pk",
                    filter=Q(
                        birth_date__gt=_years_before(on, high + 1), birth_date__lte=_years_before(on, low)
                    ),
                )
                for low, high in AGE_GROUPS
            },
        )
        .order_by("zone__name")
    )
    by_zone = [{"zone__name": row["zone__name"], "count": row["count"]} for row in rows]
    by_age = [
        {
            "label": f"{low}–{high}" if high < 130 else f"{low}+",
            "count": sum(row[f"age_{low}_{high}"] for row in rows),
        }
        for low, high in AGE_GROUPS
    ]
    return {"total": sum(row["count"] for row in rows), "by_zone": by_zone, "by_age": by_age}


# The analyst's start page counts the whole register (700 000 persons in a large municipality) and every
# case: one pass over each is still far more than a page view should cost, so the figures are kept as a
# summary for a few minutes and the page says of when they are.
FIGURES_FRESH = datetime.timedelta(minutes=10)


def analyst_figures(municipality: Municipality, on: datetime.date | None = None) -> dict[str, Any]:
    """The analyst start page's population and case figures, small counts suppressed, with `as_of`: the
    time they were counted (a summary at most FIGURES_FRESH old, counted anew after that or the next day)."""
    on = on or local_today()
    key = f"home:analyst-figures:{municipality.pk}:{on.isoformat()}"
    figures: dict[str, Any] | None = cache.get(key)
    if figures is None:
        figures = {
            "population": population_for_analysts(municipality, on),
            "handoffs": {k: shown(v) for k, v in handoff_statistics(municipality).items()},
            "as_of": timezone.now(),
        }
        cache.set(key, figures, FIGURES_FRESH.total_seconds())
    return figures


def population_for_analysts(municipality: Municipality, on: datetime.date | None = None) -> dict[str, Any]:
    """population_overview with small counts suppressed (core.disclosure), secondary cells included."""
    overview = population_overview(municipality, on)
    total = shown(overview["total"])
    for key in ("by_zone", "by_age"):
        cells = shown_table([row["count"] for row in overview[key]], total_shown=not total.suppressed)
        overview[key] = [{**row, "count": cell} for row, cell in zip(overview[key], cells, strict=True)]
    overview["total"] = total
    return overview


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def municipality_overview(municipality: Municipality, on: datetime.date | None = None) -> dict[str, Any]:
    on = on or local_today()
    users_by_role = {
        row["groups__name"]: row["count"]
        for row in municipality.users.filter(is_active=True, groups__name__in=roles.ALL)
        .values("groups__name")
        .annotate(count=Count("pk"))
    }
    return {
        "persons": count_label(capped_count(Person.objects.filter(municipality=municipality))),
        "units": Unit.objects.valid_on(on).filter(municipality=municipality).count(),
        "staff": Staff.objects.filter(
            municipality=municipality, engagements__in=Engagement.objects.valid_on(on)
        )
        .distinct()
        .count(),
        "roles": [{"label": roles.LABELS[role], "count": users_by_role.get(role, 0)} for role in roles.ALL],
    }

"""Arrival rates from recorded inquiries: counted by weekday and hour in the database (an aggregate only)."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay

from helhet.core.calendar import OSLO
from helhet.core.models import Municipality
from helhet.insight.simulation.parameters import DAYS, Rates, rates_from_grid
from helhet.intake.models import Channel, Inquiry


def weekday_occurrences(start: datetime.date, end: datetime.date) -> list[int]:
    """How many Mondays, Tuesdays, … lie in [start, end]."""
    days = (end - start).days + 1
    whole, rest = divmod(days, DAYS)
    counts = [whole] * DAYS
    for offset in range(rest):
        counts[(start.weekday() + offset) % DAYS] += 1
    return counts


def recorded_rates(
    municipality: Municipality, start: datetime.date, end: datetime.date, *, in_person_only: bool = False
) -> tuple[Rates, int]:
    """Mean inquiries per hour for each weekday and hour (Europe/Oslo) in the period, and how many in all."""
    zone = ZoneInfo(OSLO)
    inquiries = Inquiry.objects.filter(
        municipality=municipality,
        received_at__gte=datetime.datetime.combine(start, datetime.time.min, zone),
        received_at__lt=datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone),
    )
    if in_person_only:
        inquiries = inquiries.filter(channel=Channel.IN_PERSON)
    rows = (
        inquiries.annotate(
            weekday=ExtractIsoWeekDay("received_at", tzinfo=zone),
            hour=ExtractHour("received_at", tzinfo=zone),
        )
        .values("weekday", "hour")
        .annotate(n=Count("id"))
        .order_by()
    )
    occurrences = weekday_occurrences(start, end)
    grid: dict[tuple[int, int], float] = {}
    total = 0
    for row in rows:
        day = row["weekday"] - 1
        grid[(day, row["hour"])] = row["n"] / max(1, occurrences[day])
        total += row["n"]
    return rates_from_grid(grid), total

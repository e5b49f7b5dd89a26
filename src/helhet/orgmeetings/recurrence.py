"""When a series meets: every N weeks on a weekday, at a wall-clock time in Norway (Europe/Oslo), so a
meeting at 09:00 stays at 09:00 across the changes to and from summer time."""

import datetime

from django.utils import timezone

# At most this many meetings are made ahead at once (a year of weekly meetings).
MAX_AHEAD = 53


def first_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def occurrence_days(
    *, starts_on: datetime.date, weekday: int, every_weeks: int, until: datetime.date, limit: int = MAX_AHEAD
) -> list[datetime.date]:
    """The days from the first `weekday` on or after `starts_on`, every `every_weeks` weeks, to `until`."""
    days: list[datetime.date] = []
    day = first_on_or_after(starts_on, weekday)
    while day <= until and len(days) < limit:
        days.append(day)
        day += datetime.timedelta(weeks=every_weeks)
    return days


def local_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The aware moment `time` o'clock on `day` in Norway."""
    return timezone.make_aware(datetime.datetime.combine(day, time))

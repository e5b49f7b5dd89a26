"""When a measure's tasks fall: times of day on given weekdays, or every n days."""

import datetime
from collections.abc import Iterable
from decimal import Decimal


def parse_times(values: Iterable[datetime.time | str]) -> list[datetime.time]:
    times = []
    for value in values:
        times.append(value if isinstance(value, datetime.time) else datetime.time.fromisoformat(str(value)))
    return sorted(set(times))


def occurs_on(measure, day: datetime.date) -> bool:
    if day < measure.valid_from or (measure.valid_to is not None and day > measure.valid_to):
        return False
    if measure.every_n_days:
        return (day - measure.valid_from).days % measure.every_n_days == 0
    if measure.weekdays:
        return day.weekday() in measure.weekdays
    return True


def per_week(measure) -> Decimal:
    """How many times a week the measure's tasks fall, on average."""
    if measure.every_n_days:
        days = Decimal(7) / Decimal(measure.every_n_days)
    else:
        days = Decimal(len(measure.weekdays) if measure.weekdays else 7)
    return days * len(measure.times)


def shift_ends_at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """When the shift that holds the task at `time` on `day` ends (local time, naive): day 15:00, evening
    23:00, night 07:00 the next morning (or the same morning for a task after midnight)."""
    if 7 <= time.hour < 15:
        return datetime.datetime.combine(day, datetime.time(15))
    if 15 <= time.hour < 23:
        return datetime.datetime.combine(day, datetime.time(23))
    morning = day + datetime.timedelta(days=1) if time.hour >= 23 else day
    return datetime.datetime.combine(morning, datetime.time(7))

"""The legal calendar: workdays, Norwegian public holidays and statutory deadlines.

Every legal deadline in Helhet comes from `deadline()`, which follows domstolloven §§ 148–149:
the start day is not counted; a deadline in weeks ends on the same weekday, one in months on the
same date (or the month's last day when that date does not exist); a deadline that ends on a
Saturday, Sunday or public holiday moves to the next working day.
"""

import calendar as _stdlib_calendar
import datetime
from functools import lru_cache

import holidays
from django.utils.translation import gettext_lazy

OSLO = "Europe/Oslo"


@lru_cache(maxsize=256)
def _holidays_of(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Norway(years=year, language="no").keys())


def holiday_name(day: datetime.date) -> str | None:
    """The Norwegian name of the public holiday on `day`, or None."""
    return holidays.Norway(years=day.year, language="no").get(day)


def is_public_holiday(day: datetime.date) -> bool:
    return day in _holidays_of(day.year)


def is_workday(day: datetime.date) -> bool:
    """Monday to Friday and not a public holiday (24 and 31 December are workdays)."""
    return day.weekday() < 5 and not is_public_holiday(day)


def next_workday(day: datetime.date) -> datetime.date:
    """`day` itself if it is a workday, otherwise the first workday after it."""
    while not is_workday(day):
        day += datetime.timedelta(days=1)
    return day


def add_workdays(day: datetime.date, count: int) -> datetime.date:
    """The date `count` workdays after `day` (the start day is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same date `months` later; the month's last day when that date does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def deadline(start: datetime.date, *, weeks: int = 0, months: int = 0, days: int = 0) -> datetime.date:
    """The last day of a statutory deadline that starts running on `start`.

    Give exactly one of `weeks`, `months` or `days` (a positive whole number).
    """
    given = [(name, value) for name, value in (("weeks", weeks), ("months", months), ("days", days)) if value]
    if len(given) != 1:
        raise ValueError("give exactly one of weeks, months or days")
    unit, amount = given[0]
    if amount < 0:
        raise ValueError("a deadline cannot run backwards")
    if unit == "weeks":
        end = start + datetime.timedelta(weeks=amount)
    elif unit == "months":
        end = add_months(start, amount)
    else:
        end = start + datetime.timedelta(days=amount)
    return next_workday(end)


def local_today() -> datetime.date:
    """Today's date in Norway, whatever the server's clock zone."""
    from django.utils import timezone

    return timezone.localdate()


MONTH_NAMES = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def long_date(day: datetime.date) -> str:
    """The date as Norwegian prose, whatever the active language: «12. november 2026»."""
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


BROWSE_YEARS = 20

# The dates Helhet accepts anywhere (API fields and parameters, forms, page parameters): outside them a date
# is a typo or a probe, and day arithmetic near year 9999 would overflow. Pages fall back to today; the API
# and forms answer with OUT_OF_RANGE_MESSAGE.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
OUT_OF_RANGE_MESSAGE = gettext_lazy("Datoen må være mellom 01.01.1900 og 31.12.2100.")


def within_supported_range(day: datetime.date) -> bool:
    """1 January 1900 to 31 December 2100: the dates any field or parameter may hold."""
    return EARLIEST_DATE <= day <= LATEST_DATE


def within_browsing_window(day: datetime.date) -> bool:
    """Dates a page or list may be asked for: twenty years either side of today (year 9999 is a typo or a probe)."""
    return within_supported_range(day) and abs(day.year - local_today().year) <= BROWSE_YEARS

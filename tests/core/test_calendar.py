"""The legal calendar: domstolloven §§ 148–149 as applied to deadlines in Helhet."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helhet.core.calendar import add_months, add_workdays, deadline, is_workday, next_workday

D = datetime.date

CASES = [
    # (start, unit, amount, expected last day, why)
    (D(2027, 1, 31), "months", 1, D(2027, 3, 1), "31 Jan + 1 month = 28 Feb 2027, a Sunday -> Monday 1 Mar"),
    (D(2028, 1, 31), "months", 1, D(2028, 2, 29), "leap year: 29 Feb 2028 is a Tuesday"),
    (D(2026, 1, 31), "months", 1, D(2026, 3, 2), "28 Feb 2026 is a Saturday -> Monday 2 Mar"),
    (
        D(2027, 2, 26),
        "weeks",
        4,
        D(2027, 3, 30),
        "Fri 26 Mar -> Good Friday 26 Mar, Easter: next workday Tue 30 Mar",
    ),
    (
        D(2027, 2, 25),
        "months",
        1,
        D(2027, 3, 30),
        "Maundy Thu 25 Mar 2027 through Easter Monday -> Tue 30 Mar",
    ),
    (
        D(2027, 4, 19),
        "weeks",
        4,
        D(2027, 5, 18),
        "Mon 17 May 2027: Constitution Day and Whit Monday -> Tue 18 May",
    ),
    (D(2026, 4, 17), "weeks", 4, D(2026, 5, 15), "Fri 15 May 2026 is a plain workday"),
    (D(2026, 4, 16), "weeks", 4, D(2026, 5, 15), "Thu 14 May 2026 is Ascension Day -> Fri 15 May"),
    (D(2027, 4, 8), "weeks", 4, D(2027, 5, 7), "Thu 6 May 2027 is Ascension Day -> Fri 7 May"),
    (
        D(2026, 11, 25),
        "months",
        1,
        D(2026, 12, 28),
        "Fri 25 Dec -> Sat, Sun -> Mon 28 Dec; 26 Dec is a holiday too",
    ),
    (D(2026, 11, 24), "months", 1, D(2026, 12, 24), "24 Dec (Christmas Eve) is not a legal holiday"),
    (D(2026, 12, 1), "months", 1, D(2027, 1, 4), "Fri 1 Jan 2027 -> Mon 4 Jan"),
    (
        D(2026, 11, 14),
        "weeks",
        1,
        D(2026, 11, 23),
        "Sat 21 Nov -> Mon 23 Nov: a deadline landing on a Saturday",
    ),
    (D(2026, 11, 15), "weeks", 4, D(2026, 12, 14), "Sun 13 Dec -> Mon 14 Dec"),
    (D(2026, 3, 31), "months", 1, D(2026, 4, 30), "31 Mar + 1 month = 30 Apr (April has 30 days)"),
    (D(2026, 8, 31), "months", 6, D(2027, 3, 1), "31 Aug + 6 months = 28 Feb 2027 (Sunday) -> 1 Mar"),
    (D(2026, 11, 23), "days", 10, D(2026, 12, 3), "days: the start day is not counted"),
    (D(2026, 4, 27), "days", 4, D(2026, 5, 4), "1 May 2026 a Friday, 2-3 May weekend -> Mon 4 May"),
    (D(2026, 5, 10), "days", 7, D(2026, 5, 18), "17 May 2026 is a Sunday -> Mon 18 May"),
]


@pytest.mark.parametrize(("start", "unit", "amount", "expected", "why"), CASES)
def test_deadline_table(start, unit, amount, expected, why):
    assert deadline(start, **{unit: amount}) == expected, why


def test_four_weeks_from_thursday_before_easter_lands_after_easter_monday():
    # 25 Feb 2027 + 4 weeks = Thu 25 Mar 2027 (Maundy Thursday); Good Friday, weekend and Easter Monday follow.
    assert deadline(D(2027, 2, 25), weeks=4) == D(2027, 3, 30)


def test_exactly_one_unit_must_be_given():
    with pytest.raises(ValueError):
        deadline(D(2026, 1, 1))
    with pytest.raises(ValueError):
        deadline(D(2026, 1, 1), weeks=1, days=1)


def test_workdays_skip_weekends_and_holidays():
    assert not is_workday(D(2026, 5, 17))
    assert not is_workday(D(2026, 5, 14))  # Ascension Day
    assert is_workday(D(2026, 12, 24))
    assert add_workdays(D(2026, 12, 23), 2) == D(2026, 12, 28)  # 24th, then 25th-27th are not workdays


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)), st.integers(1, 60))
def test_deadline_is_a_workday_never_before_the_plain_date(start, weeks):
    end = deadline(start, weeks=weeks)
    plain = start + datetime.timedelta(weeks=weeks)
    assert is_workday(end)
    assert plain <= end <= plain + datetime.timedelta(days=6)
    assert next_workday(plain) == end


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)), st.integers(1, 36))
def test_month_deadline_keeps_the_day_or_uses_the_last_day_of_month(start, months):
    plain = add_months(start, months)
    assert (plain.year * 12 + plain.month) - (start.year * 12 + start.month) == months
    assert plain.day == start.day or (plain + datetime.timedelta(days=1)).month != plain.month
    assert deadline(start, months=months) == next_workday(plain)

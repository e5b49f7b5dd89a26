"""When a series meets: weekly and every N weeks, at the same wall-clock time across summer time and year ends."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from helhet.orgmeetings.recurrence import local_moment, occurrence_days

OSLO = ZoneInfo("Europe/Oslo")


def test_weekly_on_wednesdays_from_a_friday_starts_the_next_wednesday():
    days = occurrence_days(
        starts_on=datetime.date(2026, 12, 25), weekday=2, every_weeks=1, until=datetime.date(2027, 1, 20)
    )
    assert days == [
        datetime.date(2026, 12, 30),
        datetime.date(2027, 1, 6),
        datetime.date(2027, 1, 13),
        datetime.date(2027, 1, 20),
    ]


def test_every_sixth_week_over_the_year_end():
    days = occurrence_days(
        starts_on=datetime.date(2026, 11, 2), weekday=0, every_weeks=6, until=datetime.date(2027, 3, 1)
    )
    assert (
        days
        == [
            datetime.date(2026, 11, 2),
            datetime.date(2026, 12, 14),
            datetime.date(2027, 1, 25),
            datetime.date(2027, 3, 8),
        ][:3]
    )


def test_nine_oclock_stays_nine_oclock_over_the_change_to_summer_time():
    # Summer time starts on Sunday 28 March 2027 in Norway.
    before = local_moment(datetime.date(2027, 3, 24), datetime.time(9))
    after = local_moment(datetime.date(2027, 3, 31), datetime.time(9))
    assert before.astimezone(datetime.UTC).hour == 8
    assert after.astimezone(datetime.UTC).hour == 7
    assert after.astimezone(datetime.UTC) - before.astimezone(datetime.UTC) == datetime.timedelta(
        days=7, hours=-1
    )


@settings(max_examples=200, deadline=None)
@given(
    starts_on=st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2035, 12, 31)),
    weekday=st.integers(0, 6),
    every_weeks=st.integers(1, 8),
    span_days=st.integers(0, 800),
    hour=st.integers(6, 21),
    minute=st.sampled_from([0, 15, 30, 45]),
)
def test_recurrence_properties(starts_on, weekday, every_weeks, span_days, hour, minute):
    until = starts_on + datetime.timedelta(days=span_days)
    days = occurrence_days(
        starts_on=starts_on, weekday=weekday, every_weeks=every_weeks, until=until, limit=10_000
    )
    # Every day is the weekday, within the period, the first within a week of the start, evenly spaced.
    assert all(d.weekday() == weekday and starts_on <= d <= until for d in days)
    if days:
        assert (days[0] - starts_on).days < 7
        assert all((b - a).days == 7 * every_weeks for a, b in zip(days, days[1:], strict=False))
        assert (until - days[-1]).days < 7 * every_weeks
    else:
        assert span_days < 7
    # The wall-clock time in Norway is the series' time on every day, summer or winter.
    time = datetime.time(hour, minute)
    for day in days[:60]:
        moment = local_moment(day, time)
        local = timezone.localtime(moment, OSLO)
        assert (local.date(), local.time()) == (day, time)

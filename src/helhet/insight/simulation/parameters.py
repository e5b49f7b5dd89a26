"""What a capacity scenario is: arrivals, reception, back-office teams, the joint-conversation day.

Times inside the model are minutes from Monday 00:00 of the first simulated week; arrival rates are
expected arrivals per hour for each weekday (0 = Monday) and hour (0–23), Europe/Oslo wall-clock.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_noop

DAYS = 7
HOURS = 24
WEEK_MINUTES = DAYS * HOURS * 60

# Bounds that keep one request within seconds (the page checks them before running).
MAX_WEEKS = 52
MAX_EXPECTED_ARRIVALS = 60_000
MAX_RATE_PER_HOUR = 500.0


class Distribution(StrEnum):
    EXPONENTIAL = "exponential"
    LOGNORMAL = "lognormal"
    GAMMA = "gamma"
    FIXED = "fixed"


@dataclass(frozen=True)
class TimeSpec:
    """A duration: its distribution, mean (minutes) and coefficient of variation (ignored where fixed)."""

    mean_minutes: float
    distribution: Distribution = Distribution.EXPONENTIAL
    cv: float = 1.0


@dataclass(frozen=True)
class Team:
    """A back-office team (fagteam): its staff and the work time of one case."""

    name: str
    staff: int
    case_time: TimeSpec
    share: float = 1.0  # relative share of the cases passed on from reception


@dataclass(frozen=True)
class JointDay:
    """The weekly joint-conversation day (fellessamtaledag): cases needing several services meet there.

    The conversations use the office's conversation rooms (those of the first reception), one after
    another from the start of the working day, at most `slots_per_room` in each of `rooms` rooms.
    """

    weekday: int  # 0 = Monday
    rooms: int
    slots_per_room: int
    minutes: float = 60.0


@dataclass(frozen=True)
class Scenario:
    """One way of organising the office, to be compared with another on the same arrivals."""

    name: str
    doors: int  # separate receptions; arrivals go to a door in proportion to its staff
    reception_staff: int  # in total, shared out over the doors as evenly as possible
    reception_rooms: int  # in total, likewise
    reception_time: TimeSpec
    room_share: float  # share of reception visits that are conversations needing a room
    answered_share: float  # share answered at once at reception; the rest go to the back office
    teams: tuple[Team, ...]
    complex_share: float = 0.0  # share of passed-on cases needing several services
    services_per_complex: int = 2  # teams a complex case goes through one after another without a joint day
    handoff_days: float = 0.0  # calendar days a case waits between two teams (referral, new appointment)
    joint_day: JointDay | None = None

    def staff_per_door(self) -> list[int]:
        return split_evenly(self.reception_staff, self.doors)

    def rooms_per_door(self) -> list[int]:
        return split_evenly(self.reception_rooms, self.doors)

    def total_staff(self) -> int:
        return self.reception_staff + sum(team.staff for team in self.teams)


@dataclass(frozen=True)
class WorkingHours:
    """When the back office works: Monday–Friday from `start_hour`, `hours_per_day` hours."""

    start_hour: float = 8.0
    hours_per_day: float = 7.5
    workdays: int = 5


@dataclass(frozen=True)
class Settings:
    """How long and with which seed; statistics are kept from the end of the warm-up."""

    weeks: int = 26
    seed: int = 1
    warmup_weeks: int = 1
    working_hours: WorkingHours = field(default_factory=WorkingHours)
    drain_weeks: int = 8  # after the last arrival the office works on until the open cases are decided


Rates = tuple[tuple[float, ...], ...]  # [weekday][hour] expected arrivals per hour


def split_evenly(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def constant_rates(per_hour: float) -> Rates:
    """The same rate every hour of the week: the Poisson arrivals of an M/M/c queue."""
    return tuple(tuple(per_hour for _ in range(HOURS)) for _ in range(DAYS))


def rates_from_grid(grid: dict[tuple[int, int], float]) -> Rates:
    return tuple(tuple(float(grid.get((day, hour), 0.0)) for hour in range(HOURS)) for day in range(DAYS))


def expected_arrivals_per_week(rates: Rates) -> float:
    return sum(sum(day) for day in rates)


# A weekday in a city-district NAV office of about 60 staff (domain.md §0 E): visits per hour, 09–15.
TYPICAL_DAY = {9: 14.0, 10: 18.0, 11: 16.0, 12: 13.0, 13: 14.0, 14: 10.0}
TYPICAL_WEEK: Rates = rates_from_grid(
    {
        (day, hour): rate * (1.15 if day == 0 else 1.0)
        for day in range(5)
        for hour, rate in TYPICAL_DAY.items()
    }
)


def default_teams() -> tuple[Team, ...]:
    case = TimeSpec(mean_minutes=6 * 60, distribution=Distribution.LOGNORMAL, cv=0.8)
    return tuple(
        Team(name=name, staff=14, case_time=case, share=share)
        for name, share in (
            (gettext_noop("Team dag 1–10"), 10),
            (gettext_noop("Team dag 11–20"), 10),
            (gettext_noop("Team dag 21–31"), 11),
        )
    )


def three_doors() -> Scenario:
    """Before the merger: three agencies' receptions, staff and rooms not shared, no joint day."""
    return Scenario(
        name=gettext_noop("Tre separate dører"),
        doors=3,
        reception_staff=7,
        reception_rooms=4,
        reception_time=TimeSpec(mean_minutes=12, distribution=Distribution.LOGNORMAL, cv=0.7),
        room_share=0.5,
        answered_share=0.6,
        teams=default_teams(),
        complex_share=0.07,
        services_per_complex=2,
        handoff_days=5.0,
        joint_day=None,
    )


def one_reception() -> Scenario:
    """The merged office: one reception of 7 staff with 4 conversation rooms and a joint day on Wednesday."""
    return Scenario(
        name=gettext_noop("Ett felles mottak"),
        doors=1,
        reception_staff=7,
        reception_rooms=4,
        reception_time=TimeSpec(mean_minutes=12, distribution=Distribution.LOGNORMAL, cv=0.7),
        room_share=0.5,
        answered_share=0.6,
        teams=default_teams(),
        complex_share=0.07,
        services_per_complex=2,
        joint_day=JointDay(weekday=2, rooms=2, slots_per_room=7, minutes=60),
    )

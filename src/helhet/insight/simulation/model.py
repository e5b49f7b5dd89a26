"""The one-door office as a discrete-event model in SimPy.

A citizen arrives (Poisson within each hour at that hour's rate), goes to a reception door, waits for a
member of staff and, for a conversation, also a room; is answered at once or passed on to a back-office
team, which works Monday–Friday in working hours. A case needing several services either waits for the
weekly joint-conversation day (decided in the conversation) or goes from team to team. The run is
seeded: the same scenario, arrivals and settings give the same numbers.
"""

import bisect
import math
import random
import time
from collections import deque
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from helhet.insight.simulation.parameters import (
    DAYS,
    HOURS,
    WEEK_MINUTES,
    Distribution,
    Rates,
    Scenario,
    Settings,
    TimeSpec,
    WorkingHours,
)

DAY_MINUTES = 24 * 60
SAMPLE_EVERY = 15.0  # minutes between the samples of the queue lengths for the typical week
EPSILON = 1e-6

# Bucket edges for the distributions shown on the page.
RECEPTION_WAIT_EDGES = (1.0, 5.0, 10.0, 20.0, 30.0, 60.0)  # minutes
DECISION_EDGES = (1.0, 3.0, 7.0, 14.0, 30.0, 60.0)  # days


@dataclass(frozen=True)
class Summary:
    count: int
    mean: float
    median: float
    p90: float
    maximum: float

    @classmethod
    def of(cls, values: Sequence[float], scale: float = 1.0) -> "Summary":
        if not values:
            return cls(0, math.nan, math.nan, math.nan, math.nan)
        array = np.asarray(values, dtype=float) / scale
        return cls(
            count=int(array.size),
            mean=float(array.mean()),
            median=float(np.percentile(array, 50)),
            p90=float(np.percentile(array, 90)),
            maximum=float(array.max()),
        )


@dataclass(frozen=True)
class Result:
    """What one run of one scenario gives; times in the unit named in each field."""

    scenario: Scenario
    seed: int
    weeks: int
    arrivals: int
    reception_wait_minutes: Summary
    reception_queue_mean: float
    reception_queue_max: int
    reception_staff_utilisation: float
    room_utilisation: float
    backoffice_wait_hours: Summary
    backoffice_queue_mean: float
    backoffice_queue_max: int
    team_utilisation: tuple[tuple[str, float], ...]
    joint_wait_days: Summary | None
    joint_slot_use: float | None
    decision_days: Summary
    decided_within_month: float
    undecided: int
    reception_wait_histogram: tuple[int, ...]
    decision_histogram: tuple[int, ...]
    reception_queue_by_hour: tuple[float, ...]  # 168 values, Monday 00–01 first
    backoffice_queue_by_hour: tuple[float, ...]
    elapsed_seconds: float
    arrival_rate_per_minute: float  # over the measured period, for Little's law


class Level:
    """A time-weighted level (a queue length) with its maximum, measured from `reset` to `freeze`."""

    def __init__(self) -> None:
        self.level = 0
        self.area = 0.0
        self.maximum = 0
        self.last = 0.0
        self.frozen = False

    def change(self, now: float, delta: int) -> None:
        if not self.frozen:
            self.area += self.level * (now - self.last)
            self.last = now
        self.level += delta
        if not self.frozen and self.level > self.maximum:
            self.maximum = self.level

    def reset(self, now: float) -> None:
        self.area, self.last, self.maximum = 0.0, now, self.level

    def freeze(self, now: float) -> None:
        self.area += self.level * (now - self.last)
        self.last = now
        self.frozen = True


class Shifts:
    """The back office's working time: weekdays `workdays`, from `start` for `length` minutes."""

    def __init__(self, hours: WorkingHours) -> None:
        self.start = hours.start_hour * 60
        self.end = self.start + hours.hours_per_day * 60
        self.workdays = hours.workdays

    def _working(self, day: int, minute_of_day: float) -> bool:
        return day % DAYS < self.workdays and self.start <= minute_of_day < self.end - EPSILON

    def next_start(self, now: float) -> float:
        """`now` if it is working time, else when it next begins."""
        day = int(now // DAY_MINUTES)
        minute = now - day * DAY_MINUTES
        if self._working(day, minute):
            return now
        if day % DAYS < self.workdays and minute < self.start:
            return day * DAY_MINUTES + self.start
        day += 1
        while day % DAYS >= self.workdays:
            day += 1
        return day * DAY_MINUTES + self.start

    def end_of(self, now: float) -> float:
        return int(now // DAY_MINUTES) * DAY_MINUTES + self.end

    def minutes_between(self, start: float, end: float) -> float:
        total = 0.0
        first, last = int(start // DAY_MINUTES), int(end // DAY_MINUTES)
        for day in range(first, last + 1):
            if day % DAYS >= self.workdays:
                continue
            lo = max(start, day * DAY_MINUTES + self.start)
            hi = min(end, day * DAY_MINUTES + self.end)
            total += max(0.0, hi - lo)
        return total


def sampler(spec: TimeSpec, rng: random.Random) -> Callable[[], float]:
    """A function drawing durations (minutes) of the given distribution, mean and coefficient of variation."""
    mean = spec.mean_minutes
    if spec.distribution == Distribution.FIXED or spec.cv <= 0:
        return lambda: mean
    if spec.distribution == Distribution.EXPONENTIAL:
        rate = 1 / mean
        return lambda: rng.expovariate(rate)
    if spec.distribution == Distribution.LOGNORMAL:
        sigma = math.sqrt(math.log(1 + spec.cv**2))
        mu = math.log(mean) - sigma**2 / 2
        return lambda: rng.lognormvariate(mu, sigma)
    shape = 1 / spec.cv**2
    scale = mean / shape
    return lambda: rng.gammavariate(shape, scale)


class Busy:
    """Busy minutes of a group of servers, counted only inside the measured window."""

    def __init__(self, window: tuple[float, float]) -> None:
        self.lo, self.hi = window
        self.minutes = 0.0

    def add(self, start: float, end: float) -> None:
        self.minutes += max(0.0, min(end, self.hi) - max(start, self.lo))


@dataclass
class Door:
    staff: simpy.Resource
    rooms: simpy.Resource | None
    staff_busy: Busy
    room_busy: Busy


@dataclass
class TeamState:
    name: str
    store: simpy.Store
    duration: Callable[[], float]
    staff: int
    busy: Busy


@dataclass
class Case:
    arrived: float
    teams: list[int]
    entered: float = 0.0


@dataclass
class Records:
    reception_waits: list[float] = field(default_factory=list)
    backoffice_waits: list[float] = field(default_factory=list)
    joint_waits: list[float] = field(default_factory=list)
    decisions: list[float] = field(default_factory=list)
    arrivals: int = 0
    forwarded: int = 0
    joint_slots_used: int = 0
    joint_slots_offered: int = 0


class Office:
    def __init__(self, scenario: Scenario, rates: Rates, settings: Settings) -> None:
        self.scenario, self.rates, self.settings = scenario, rates, settings
        self.env = simpy.Environment()
        self.warmup = settings.warmup_weeks * WEEK_MINUTES
        self.horizon = (settings.warmup_weeks + settings.weeks) * WEEK_MINUTES
        window = (self.warmup, self.horizon)
        self.shifts = Shifts(settings.working_hours)
        streams = {
            name: random.Random(f"{settings.seed}:{name}") for name in ("arrive", "route", "serve", "case")
        }
        self.arrive_rng, self.route_rng = streams["arrive"], streams["route"]
        self.reception_time = sampler(scenario.reception_time, streams["serve"])
        self.doors = [
            Door(
                staff=simpy.Resource(self.env, capacity=staff),
                rooms=simpy.Resource(self.env, capacity=rooms) if rooms else None,
                staff_busy=Busy(window),
                room_busy=Busy(window),
            )
            for staff, rooms in zip(scenario.staff_per_door(), scenario.rooms_per_door(), strict=True)
        ]
        weights = scenario.staff_per_door()
        self.door_cumulative = list(np.cumsum(weights) / sum(weights))
        self.teams = [
            TeamState(
                team.name,
                simpy.Store(self.env),
                sampler(team.case_time, streams["case"]),
                team.staff,
                Busy(window),
            )
            for team in scenario.teams
        ]
        shares = [team.share for team in scenario.teams] or [1.0]
        self.team_cumulative = list(np.cumsum(shares) / sum(shares))
        self.reception_queue = Level()
        self.backoffice_queue = Level()
        self.joint_queue: deque[Case] = deque()
        self.records = Records()
        self.queue_samples = np.zeros((2, DAYS * HOURS))
        self.sample_counts = np.zeros(DAYS * HOURS)

    # Arrivals and reception

    def arrivals(self) -> Generator[Any, Any, None]:
        env, rng = self.env, self.arrive_rng
        for hour_index in range(int(self.horizon // 60)):
            rate = self.rates[(hour_index // HOURS) % DAYS][hour_index % HOURS]
            if rate <= 0:
                continue
            hour_start, hour_end = hour_index * 60.0, hour_index * 60.0 + 60.0
            at = hour_start + rng.expovariate(rate / 60)
            while at < hour_end:
                yield env.timeout(at - env.now)
                env.process(self.visit(at))
                at += rng.expovariate(rate / 60)

    def visit(self, arrived: float) -> Generator[Any, Any, None]:
        env, rng, scenario = self.env, self.route_rng, self.scenario
        measured = self.warmup <= arrived < self.horizon
        door = self.doors[bisect.bisect_left(self.door_cumulative, rng.random())]
        needs_room = door.rooms is not None and rng.random() < scenario.room_share
        forwarded = rng.random() >= scenario.answered_share
        is_complex = forwarded and rng.random() < scenario.complex_share
        team_draws = [rng.random() for _ in range(max(1, scenario.services_per_complex))]
        self.reception_queue.change(env.now, +1)
        staff_request = door.staff.request()
        yield staff_request
        room_request = None
        if needs_room:
            assert door.rooms is not None
            room_request = door.rooms.request()
            yield room_request
        self.reception_queue.change(env.now, -1)
        started = env.now
        if measured:
            self.records.arrivals += 1
            self.records.reception_waits.append(started - arrived)
        yield env.timeout(self.reception_time())
        door.staff.release(staff_request)
        door.staff_busy.add(started, env.now)
        if room_request is not None:
            assert door.rooms is not None
            door.rooms.release(room_request)
            door.room_busy.add(started, env.now)
        if forwarded and self.teams:
            self.pass_on(arrived, is_complex, team_draws, measured)

    # Back office

    def pass_on(self, arrived: float, is_complex: bool, draws: list[float], measured: bool) -> None:
        if measured:
            self.records.forwarded += 1
        if is_complex and self.scenario.joint_day is not None:
            self.joint_queue.append(Case(arrived=arrived, teams=[], entered=self.env.now))
            return
        count = min(len(self.teams), self.scenario.services_per_complex) if is_complex else 1
        chosen: list[int] = []
        for draw in draws:
            index = bisect.bisect_left(self.team_cumulative, draw)
            while index in chosen:
                index = (index + 1) % len(self.teams)
            chosen.append(min(index, len(self.teams) - 1))
            if len(chosen) == count:
                break
        self.to_team(Case(arrived=arrived, teams=chosen))

    def to_team(self, case: Case) -> None:
        case.entered = self.env.now
        self.backoffice_queue.change(self.env.now, +1)
        self.teams[case.teams[0]].store.put(case)

    def worker(self, team: TeamState) -> Generator[Any, Any, None]:
        env, shifts = self.env, self.shifts
        while True:
            case = yield team.store.get()
            start = shifts.next_start(env.now)
            if start > env.now:
                yield env.timeout(start - env.now)
            self.backoffice_queue.change(env.now, -1)
            if self.warmup <= case.arrived < self.horizon:
                self.records.backoffice_waits.append(env.now - case.entered)
            remaining = team.duration()
            while True:
                chunk = min(remaining, shifts.end_of(env.now) - env.now)
                begun = env.now
                yield env.timeout(chunk)
                team.busy.add(begun, env.now)
                remaining -= chunk
                if remaining <= EPSILON:
                    break
                yield env.timeout(shifts.next_start(env.now + EPSILON) - env.now)
            case.teams.pop(0)
            if case.teams and self.scenario.handoff_days > 0:
                env.process(self.hand_off(case))
            elif case.teams:
                self.to_team(case)
            else:
                self.decide(case)

    def hand_off(self, case: Case) -> Generator[Any, Any, None]:
        yield self.env.timeout(self.scenario.handoff_days * DAY_MINUTES)
        self.to_team(case)

    def decide(self, case: Case) -> None:
        if self.warmup <= case.arrived < self.horizon:
            self.records.decisions.append(self.env.now - case.arrived)

    # The joint-conversation day

    def joint_days(self) -> Generator[Any, Any, None]:
        joint = self.scenario.joint_day
        assert joint is not None
        weeks = self.settings.warmup_weeks + self.settings.weeks + self.settings.drain_weeks
        for week in range(weeks):
            at = week * WEEK_MINUTES + joint.weekday * DAY_MINUTES + self.shifts.start
            yield self.env.timeout(at - self.env.now)
            for _ in range(joint.rooms):
                self.env.process(self.joint_room(joint.slots_per_room, joint.minutes, at < self.horizon))

    def joint_room(self, slots: int, minutes: float, measured: bool) -> Generator[Any, Any, None]:
        door = self.doors[0]
        if measured and self.env.now >= self.warmup:
            self.records.joint_slots_offered += slots
        if not self.joint_queue or door.rooms is None:
            return
        request = door.rooms.request()
        yield request
        begun = self.env.now
        for _ in range(slots):
            if not self.joint_queue:
                break
            case = self.joint_queue.popleft()
            if self.warmup <= case.arrived < self.horizon:
                self.records.joint_waits.append(self.env.now - case.entered)
            if measured and self.env.now >= self.warmup:
                self.records.joint_slots_used += 1
            yield self.env.timeout(minutes)
            self.decide(case)
        door.rooms.release(request)
        door.room_busy.add(begun, self.env.now)

    # Measuring

    def sample_queues(self) -> Generator[Any, Any, None]:
        yield self.env.timeout(self.warmup)
        self.reception_queue.reset(self.env.now)
        self.backoffice_queue.reset(self.env.now)
        while self.env.now < self.horizon:
            slot = int((self.env.now % WEEK_MINUTES) // 60)
            self.queue_samples[0, slot] += self.reception_queue.level
            self.queue_samples[1, slot] += self.backoffice_queue.level
            self.sample_counts[slot] += 1
            yield self.env.timeout(SAMPLE_EVERY)
        self.reception_queue.freeze(self.env.now)
        self.backoffice_queue.freeze(self.env.now)

    def run(self) -> Result:
        began = time.perf_counter()
        env = self.env
        env.process(self.arrivals())
        env.process(self.sample_queues())
        for team in self.teams:
            for _ in range(team.staff):
                env.process(self.worker(team))
        if self.scenario.joint_day is not None and self.scenario.joint_day.rooms > 0:
            env.process(self.joint_days())
        env.run(until=self.horizon + self.settings.drain_weeks * WEEK_MINUTES)
        return self.result(time.perf_counter() - began)

    def result(self, elapsed: float) -> Result:
        records, settings, scenario = self.records, self.settings, self.scenario
        measured = self.horizon - self.warmup
        open_hours = sum(1 for day in self.rates for rate in day if rate > 0) * settings.weeks
        open_minutes = max(open_hours * 60.0, EPSILON)
        staff_busy = sum(door.staff_busy.minutes for door in self.doors)
        room_busy = sum(door.room_busy.minutes for door in self.doors)
        working = self.shifts.minutes_between(self.warmup, self.horizon)
        decisions = records.decisions
        counts = np.bincount(
            np.digitize(np.asarray(records.reception_waits), RECEPTION_WAIT_EDGES), minlength=7
        )
        decision_counts = np.bincount(
            np.digitize(np.asarray(decisions) / DAY_MINUTES, DECISION_EDGES), minlength=7
        )
        samples = np.divide(
            self.queue_samples,
            self.sample_counts,
            out=np.zeros_like(self.queue_samples),
            where=self.sample_counts > 0,
        )
        joint = scenario.joint_day is not None
        return Result(
            scenario=scenario,
            seed=settings.seed,
            weeks=settings.weeks,
            arrivals=records.arrivals,
            reception_wait_minutes=Summary.of(records.reception_waits),
            reception_queue_mean=self.reception_queue.area / measured,
            reception_queue_max=self.reception_queue.maximum,
            reception_staff_utilisation=staff_busy / (scenario.reception_staff * open_minutes),
            room_utilisation=room_busy / (scenario.reception_rooms * open_minutes)
            if scenario.reception_rooms
            else 0.0,
            backoffice_wait_hours=Summary.of(records.backoffice_waits, 60.0),
            backoffice_queue_mean=self.backoffice_queue.area / measured,
            backoffice_queue_max=self.backoffice_queue.maximum,
            team_utilisation=tuple(
                (team.name, team.busy.minutes / (team.staff * working) if team.staff and working else 0.0)
                for team in self.teams
            ),
            joint_wait_days=Summary.of(records.joint_waits, DAY_MINUTES) if joint else None,
            joint_slot_use=(records.joint_slots_used / records.joint_slots_offered)
            if joint and records.joint_slots_offered
            else None,
            decision_days=Summary.of(decisions, DAY_MINUTES),
            decided_within_month=(sum(1 for d in decisions if d <= 30 * DAY_MINUTES) / records.forwarded)
            if records.forwarded
            else math.nan,
            undecided=max(0, records.forwarded - len(decisions)),
            reception_wait_histogram=tuple(int(n) for n in counts[:7]),
            decision_histogram=tuple(int(n) for n in decision_counts[:7]),
            reception_queue_by_hour=tuple(float(x) for x in samples[0]),
            backoffice_queue_by_hour=tuple(float(x) for x in samples[1]),
            elapsed_seconds=elapsed,
            arrival_rate_per_minute=records.arrivals / measured,
        )


def simulate(scenario: Scenario, rates: Rates, settings: Settings) -> Result:
    """Run one scenario on the given arrivals; deterministic for a given seed."""
    return Office(scenario, rates, settings).run()

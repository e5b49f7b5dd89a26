"""The capacity model against queueing theory, its reproducibility, and the pooling effect."""

import math

import pytest

from helhet.insight.simulation.erlang import erlang_b, erlang_c, mmc_mean_wait, mmc_utilisation
from helhet.insight.simulation.model import Shifts, simulate
from helhet.insight.simulation.parameters import (
    TYPICAL_WEEK,
    WEEK_MINUTES,
    Distribution,
    Scenario,
    Settings,
    TimeSpec,
    WorkingHours,
    constant_rates,
    one_reception,
    three_doors,
)

pytestmark = pytest.mark.db_independent  # pure Python: the queueing model

# Erlang C: textbook values.


def test_erlang_b_and_c_match_textbook_values():
    # Two servers, one erlang: B = 0.2, C = 1/3, and Wq = 1/3 of a service time (M/M/2 at ρ = 0.5).
    assert erlang_b(2, 1.0) == pytest.approx(0.2)
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert mmc_mean_wait(1.0, 1.0, 2) == pytest.approx(1 / 3)
    # Three servers, two erlangs: C = 4/9.
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9)
    # The classic call-centre table: 10 erlangs on 11 agents wait with probability 0.6821.
    assert erlang_c(11, 10.0) == pytest.approx(0.6821, abs=1e-4)
    # M/M/1: P(wait) = ρ and Wq = ρ / (μ − λ).
    assert erlang_c(1, 0.8) == pytest.approx(0.8)
    assert mmc_mean_wait(0.8, 1.0, 1) == pytest.approx(4.0)


def test_erlang_c_of_an_overloaded_queue_is_certain_wait_and_infinite_mean():
    assert erlang_c(3, 3.0) == 1.0
    assert mmc_mean_wait(3.0, 1.0, 3) == math.inf
    assert mmc_utilisation(3.0, 2.0, 2) == pytest.approx(0.75)
    with pytest.raises(ValueError):
        erlang_c(0, 1.0)
    with pytest.raises(ValueError):
        mmc_mean_wait(-1.0, 1.0, 2)


# The M/M/c special case of the model.


def mmc(per_hour: float, mean_minutes: float, servers: int) -> Scenario:
    """One door, no rooms, exponential conversations, everyone answered at once: an M/M/c queue."""
    return Scenario(
        name="M/M/c",
        doors=1,
        reception_staff=servers,
        reception_rooms=0,
        reception_time=TimeSpec(mean_minutes, Distribution.EXPONENTIAL),
        room_share=0.0,
        answered_share=1.0,
        teams=(),
    )


@pytest.mark.parametrize(
    ("per_hour", "mean_minutes", "servers", "weeks"),
    [
        (30.0, 4.0, 3, 60),  # ρ = 0.67, about 300 000 arrivals
        (60.0, 4.0, 5, 30),  # ρ = 0.80, about 300 000 arrivals
    ],
)
def test_a_long_seeded_mmc_run_waits_as_erlang_c_says(per_hour, mean_minutes, servers, weeks):
    result = simulate(
        mmc(per_hour, mean_minutes, servers),
        constant_rates(per_hour),
        Settings(weeks=weeks, seed=7, drain_weeks=0),
    )
    expected = mmc_mean_wait(per_hour / 60, 1 / mean_minutes, servers)
    assert result.arrivals > 290_000
    assert result.reception_wait_minutes.mean == pytest.approx(expected, rel=0.04)
    # Utilisation ρ = λ / (cμ).
    assert result.reception_staff_utilisation == pytest.approx(
        mmc_utilisation(per_hour, 60 / mean_minutes, servers), rel=0.01
    )
    # Little's law: the mean queue length is the arrival rate times the mean wait.
    assert result.reception_queue_mean == pytest.approx(
        result.arrival_rate_per_minute * result.reception_wait_minutes.mean, rel=0.01
    )


# Reproducibility.


def test_the_same_seed_gives_identical_results_and_another_seed_does_not():
    settings = Settings(weeks=4, seed=42)
    first = simulate(one_reception(), TYPICAL_WEEK, settings)
    again = simulate(one_reception(), TYPICAL_WEEK, settings)
    other = simulate(one_reception(), TYPICAL_WEEK, Settings(weeks=4, seed=43))

    def numbers(result):
        return {k: v for k, v in vars(result).items() if k != "elapsed_seconds"}

    assert numbers(first) == numbers(again)
    assert first.seed == 42
    assert numbers(first) != numbers(other)


# The default pair.


def test_one_pooled_reception_waits_less_than_three_separate_doors():
    settings = Settings(weeks=26, seed=3)
    doors = simulate(three_doors(), TYPICAL_WEEK, settings)
    pooled = simulate(one_reception(), TYPICAL_WEEK, settings)
    assert doors.arrivals == pooled.arrivals  # the same arrivals for both (common random numbers)
    assert pooled.reception_wait_minutes.mean < doors.reception_wait_minutes.mean / 2
    assert pooled.reception_wait_minutes.p90 < doors.reception_wait_minutes.p90
    assert pooled.reception_queue_mean < doors.reception_queue_mean
    # Same staff, same work: the utilisation of reception staff is the same.
    assert pooled.reception_staff_utilisation == pytest.approx(doors.reception_staff_utilisation, rel=0.05)
    # Complex cases decided in a joint conversation instead of passed between teams.
    assert pooled.decision_days.p90 < doors.decision_days.p90
    assert pooled.joint_wait_days is not None and doors.joint_wait_days is None
    assert 0 < (pooled.joint_slot_use or 0) <= 1
    assert pooled.undecided == doors.undecided == 0


def test_more_staff_shortens_the_wait_and_lowers_utilisation():
    base = one_reception()
    settings = Settings(weeks=8, seed=5)
    few = simulate(base, TYPICAL_WEEK, settings)
    more = simulate(Scenario(**{**vars(base), "reception_staff": 10}), TYPICAL_WEEK, settings)
    assert more.reception_wait_minutes.mean < few.reception_wait_minutes.mean
    assert more.reception_staff_utilisation < few.reception_staff_utilisation


def test_an_overloaded_back_office_leaves_cases_undecided():
    base = one_reception()
    slow = Scenario(
        **{**vars(base), "teams": tuple(type(t)(t.name, 2, TimeSpec(20 * 60), t.share) for t in base.teams)}
    )
    result = simulate(slow, TYPICAL_WEEK, Settings(weeks=4, seed=1, drain_weeks=1))
    assert result.undecided > 0
    assert min(use for _name, use in result.team_utilisation) > 0.95


def test_the_back_office_works_only_in_working_hours():
    shifts = Shifts(WorkingHours(start_hour=8, hours_per_day=7.5))
    friday_evening = 4 * 1440 + 17 * 60
    assert shifts.next_start(friday_evening) == 7 * 1440 + 8 * 60  # Monday 08:00
    assert shifts.next_start(2 * 1440 + 9 * 60) == 2 * 1440 + 9 * 60
    assert shifts.minutes_between(0, WEEK_MINUTES) == 5 * 7.5 * 60

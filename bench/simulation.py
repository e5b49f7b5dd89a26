"""Time a year of the 60-staff office (domain.md §0 E) in the capacity simulation, both default scenarios.

    PYTHONPATH=src .venv/bin/python bench/simulation.py [--weeks 52] [--seed 1] [--repeat 3]

The office: a reception of 7, three professional teams of 15 and an economy/service team of 8 (60 staff),
about 440 visits a week. Prints the wall time of each run and the best of the repeats.
"""

import argparse
import dataclasses
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
django.setup()

from helhet.insight.simulation.model import simulate  # noqa: E402
from helhet.insight.simulation.parameters import (  # noqa: E402
    TYPICAL_WEEK,
    Scenario,
    Settings,
    Team,
    TimeSpec,
    one_reception,
    three_doors,
)


def sixty_staff(scenario: Scenario) -> Scenario:
    case = scenario.teams[0].case_time
    teams = (
        Team("Team dag 1–10", 15, case, 10),
        Team("Team dag 11–20", 15, case, 10),
        Team("Team dag 21–31", 15, case, 11),
        Team("Økonomi og service", 8, TimeSpec(3 * 60, case.distribution, case.cv), 5),
    )
    return dataclasses.replace(scenario, teams=teams)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings(weeks=args.weeks, seed=args.seed)
    for scenario in (sixty_staff(three_doors()), sixty_staff(one_reception())):
        assert scenario.total_staff() == 60
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            result = simulate(scenario, TYPICAL_WEEK, settings)
            times.append(time.perf_counter() - began)
        print(
            f"{scenario.name}: {args.weeks} weeks, {result.arrivals} visits, "
            f"{result.decision_days.count} decisions, seed {args.seed}: "
            f"best {min(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)}); "
            f"mean wait at reception {result.reception_wait_minutes.mean:.2f} min, "
            f"to decision {result.decision_days.mean:.2f} days"
        )


if __name__ == "__main__":
    main()

"""A reorganisation scenario in the demo: home-based services and the nursing home as one unit, on paper."""

import datetime

from helhet.access import roles
from helhet.core.models import User
from helhet.organisation import scenario_services
from helhet.organisation.models import Scenario, ScenarioUnit

NAME = "Helse og mestring samlet"
MERGED = ("Hjemmebaserte tjenester", "Demo sykehjem")


def load(municipality, today: datetime.date) -> None:
    if Scenario.objects.filter(municipality=municipality, name=NAME).exists():
        return
    actor = User.objects.filter(username=roles.LEADER, municipality=municipality).first()
    if actor is None:
        return
    scenario = scenario_services.scenario_create(municipality=municipality, name=NAME, actor=actor, on=today)
    units = list(ScenarioUnit.objects.filter(scenario=scenario, name__in=MERGED))
    if len(units) == len(MERGED):
        leader = next((unit.leader for unit in units if unit.name == MERGED[0]), None)
        scenario_services.scenario_units_merge(
            scenario=scenario, units=units, name="Helse og mestring", kind="unit", leader=leader, actor=actor
        )

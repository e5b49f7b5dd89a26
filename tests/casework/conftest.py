import datetime

import pytest

from helhet.access import roles
from helhet.catalogue.models import Service
from helhet.catalogue.services import catalogue_install_defaults
from helhet.intake.models import RoutingRule
from tests import factories

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def office(municipality):
    return factories.unit(municipality, "Tjenestekontoret")


@pytest.fixture
def world(municipality, office, home_care, case_worker, leader):
    """A municipality with a catalogue, routing rules and a case worker at the service office."""
    catalogue_install_defaults(municipality=municipality, on=TODAY)
    team_a = factories.unit(municipality, "Team 1 (1–15)", kind="team")
    team_b = factories.unit(municipality, "Team 2 (16–31)", kind="team")
    service = Service.objects.get(municipality=municipality, name="Helsetjenester i hjemmet")
    RoutingRule.objects.create(
        municipality=municipality,
        position=1,
        kind="service",
        service=Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp"),
        team=factories.unit(municipality, "NAV Demo"),
    )
    RoutingRule.objects.create(
        municipality=municipality, position=2, kind="birth_day", day_from=1, day_to=15, team=team_a
    )
    RoutingRule.objects.create(
        municipality=municipality, position=3, kind="birth_day", day_from=16, day_to=31, team=team_b
    )
    RoutingRule.objects.create(municipality=municipality, position=9, kind="fallback", team=office)
    leader = factories.user(municipality, roles.CASE_WORKER, username="kontorleder", unit=office, leads=True)
    return {
        "office": office,
        "team_a": team_a,
        "team_b": team_b,
        "home_health": service,
        "office_leader": leader,
        "home_care": home_care,
    }

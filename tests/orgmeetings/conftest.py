import datetime

import pytest

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.organisation.models import Staff
from tests import factories


@pytest.fixture
def nav(municipality):
    return factories.unit(municipality, "NAV Demo")


@pytest.fixture
def team(municipality, nav):
    return factories.unit(municipality, "Oppfølgingsteam 1", kind="team", parent=nav)


@pytest.fixture
def nav_leader(municipality, nav):
    return factories.user(municipality, roles.LEADER, username="navleder", unit=nav, leads=True)


@pytest.fixture
def adviser(municipality, team):
    """A member of the team, with a login."""
    return factories.user(municipality, roles.CASE_WORKER, username="veileder", unit=team)


@pytest.fixture
def stranger(municipality):
    """A provider in a unit that takes part in none of the meetings."""
    elsewhere = factories.unit(municipality, "Et annet sted")
    return factories.user(municipality, roles.PROVIDER, username="fremmed", unit=elsewhere)


@pytest.fixture
def next_monday():
    today = local_today()
    return today + datetime.timedelta(days=7 - today.weekday())


def staff_of(user) -> Staff:
    return Staff.objects.get(user=user)

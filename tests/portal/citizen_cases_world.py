"""A citizen with a case in every status, built by the demo's own builder on the test world (tests/conftest.py)."""

import datetime

from helhet.catalogue.models import Service
from helhet.demo.citizens import Office, cases_in_every_status
from tests import factories
from tests.conftest import CATALOGUE_DAY


def office_of(world, case_worker, municipality) -> Office:
    return Office(
        case_worker=case_worker,
        nav_worker=world["nav_leader"],
        provider_unit=world["home_care"],
        home_care=world["home_health"],
        social_assistance=Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp"),
    )


def citizen_with_cases(world, case_worker, municipality, *, first_name="Anne", today):
    person = factories.person(
        municipality, first_name=first_name, last_name="Innbygger", birth_date=datetime.date(1961, 4, 17)
    )
    cases = cases_in_every_status(
        person, office_of(world, case_worker, municipality), today=today, earliest=CATALOGUE_DAY
    )
    return person, cases

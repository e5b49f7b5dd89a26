"""Shared set-up of the providers' tests: a person with a granted decision the home-care department delivers."""

import datetime

import pytest

from helhet.care import services
from helhet.casework import services as casework
from helhet.core.calendar import local_today
from tests import factories

TODAY = local_today()


def grant(world, case_worker, person, *, amount=3, unit="visits_week", start=None):
    """A sent decision granting home health care to the person, delivered by the home-care department, from
    `start` (default a week ago)."""
    case = casework.application_receive(
        acting_user=case_worker,
        municipality=person.municipality,
        person=person,
        need="Stell",
        signed_by="person",
        received_on=TODAY,
    )
    casework.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="home_visit",
        held_on=TODAY,
        scores={"personlig_hygiene": 4},
        sources="Hjemmebesøk",
        chosen_services=[world["home_health"]],
    )
    draft = casework.decision_draft_create(
        acting_user=case_worker,
        case=case,
        service=world["home_health"],
        outcome="INNVILGET",
        scope_amount=amount,
        scope_unit=unit,
        content="Morgenstell",
        start_date=start or TODAY - datetime.timedelta(days=7),
        review_date=TODAY + datetime.timedelta(days=90),
        facts="x",
        considerations="y",
        payment="Gratis",
        provider_unit=world["home_care"],
    )
    return casework.decision_send(acting_user=case_worker, decision=draft, sent_on=TODAY)


@pytest.fixture
def granted(world, case_worker, municipality, leader):
    """Ragnhild has home health care, 3 visits a week, delivered by the home-care department."""
    person = factories.person(
        municipality, first_name="Ragnhild", last_name="Berg", street_address="Storgata 3"
    )
    return person, grant(world, case_worker, person)


def plan_with_measure(nurse, person, decision, **extra):
    plan = services.plan_for(acting_user=nurse, person=person, unit=decision.provider_unit)
    fields = {
        "what": "Morgenstell",
        "times": ["08:00"],
        "weekdays": [0, 2, 4],
        "valid_from": TODAY - datetime.timedelta(days=7),
    }
    fields.update(extra)
    return plan, services.measure_add(acting_user=nurse, plan=plan, decision=decision, **fields)

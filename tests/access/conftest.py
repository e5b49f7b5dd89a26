"""One person with every kind of person data, and a user for every role, for the service-area tests."""

import datetime

import pytest
from django.utils import timezone

from helhet.access import roles
from helhet.care import services as care
from helhet.care.models import MeetingKind
from helhet.casework import services as casework
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.organisation.models import Staff
from tests import factories
from tests.care.conftest import grant, plan_with_measure

TODAY = local_today()


def nav_case(world, person, *, acting_user, consent_share=False, received_on=TODAY):
    """An application for financial assistance: routed to NAV, a case in NAV's social services."""
    return casework.application_receive(
        acting_user=acting_user,
        municipality=person.municipality,
        person=person,
        need="Trenger penger til mat og husleie",
        signed_by="person",
        wished_services=[Service.objects.get(municipality=person.municipality, name="Økonomisk sosialhjelp")],
        consent_share=consent_share,
        received_on=received_on,
    )


def health_case(world, person, *, acting_user, consent_share=False, received_on=TODAY):
    return casework.application_receive(
        acting_user=acting_user,
        municipality=person.municipality,
        person=person,
        need="Hjelp med stell om morgenen",
        signed_by="person",
        wished_services=[world["home_health"]],
        consent_share=consent_share,
        received_on=received_on,
    )


@pytest.fixture
def nav_worker(world, municipality):
    """A case worker in a NAV follow-up team (NAV's social services, inherited from the NAV office)."""
    team = factories.unit(municipality, "Oppfølgingsteam 1", kind="team", parent=world["nav"])
    return factories.user(municipality, roles.CASE_WORKER, username="nav-veileder", unit=team)


@pytest.fixture
def coordinating_unit(municipality, office):
    return factories.unit(municipality, "Koordinerende enhet", kind="team", parent=office)


@pytest.fixture
def coordinator(municipality, coordinating_unit):
    return factories.user(municipality, roles.COORDINATOR, username="koordinator", unit=coordinating_unit)


@pytest.fixture
def full_person(world, municipality, case_worker, reception, nurse, leader, coordinator, coordinating_unit):
    """Kari with a health case (a sent grant of home health care), a NAV case, a goal and action plan in home
    care, a message about her, a responsibility-group meeting and an individual plan."""
    kari = factories.person(
        municipality, first_name="Kari", last_name="Nordmann", street_address="Storgata 1"
    )
    decision = grant(world, case_worker, kari, amount=7)
    health = decision.case
    social = nav_case(world, kari, acting_user=reception)
    plan, measure = plan_with_measure(nurse, kari, decision, weekdays=[])
    message = care.message_post(acting_user=nurse, unit=world["home_care"], text="Husk nøkkelen", person=kari)
    factories.responsibility(kari, unit=coordinating_unit, reason="Vurderer koordinator")
    individual_plan = care.coordinator_appoint(
        acting_user=coordinator,
        person=kari,
        coordinating_unit=coordinating_unit,
        coordinator=Staff.objects.get(user=coordinator),
    )
    meeting = care.meeting_schedule(
        acting_user=leader,
        person=kari,
        kind=MeetingKind.GROUP,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        organiser=world["home_care"],
        units=[coordinating_unit],
        individual_plan=individual_plan,
    )
    return {
        "person": kari,
        "health_case": health,
        "nav_case": social,
        "decision": decision,
        "plan": plan,
        "message": message,
        "meeting": meeting,
        "individual_plan": individual_plan,
    }


@pytest.fixture
def every_role(reception, case_worker, nav_worker, nurse, leader, coordinator, analyst, admin_user, outsider):
    return {
        "reception": reception,
        "case_worker_health": case_worker,
        "case_worker_nav": nav_worker,
        "provider": nurse,
        "leader": leader,
        "coordinator": coordinator,
        "analyst": analyst,
        "admin": admin_user,
        "outsider": outsider,
    }

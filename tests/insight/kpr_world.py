"""Recipients of services for the KPR tests, built in bulk (a person, an application, a health-and-care case,
sent granting decisions and an IPLOS assessment each)."""

import datetime
from decimal import Decimal

from helhet.casework.models import Assessment, Case, Decision
from helhet.catalogue.models import FunctionalVariable, Service
from helhet.catalogue.services import catalogue_install_defaults
from helhet.intake.models import Application
from helhet.organisation.models import ServiceArea
from helhet.people.models import Person
from tests import factories

D = datetime.date
SCORES = {"personlig_hygiene": 4, "kle_seg": 3, "hukommelse": 2}
BULK_START = D(2025, 3, 1)


def catalogue(municipality) -> None:
    if (
        not FunctionalVariable.objects.exists()
        or not Service.objects.filter(municipality=municipality).exists()
    ):
        catalogue_install_defaults(municipality=municipality, on=D(2026, 11, 23))


def service(municipality, name: str) -> Service:
    return Service.objects.get(municipality=municipality, name=name)


def case_for(person: Person, *, worker, team, area=ServiceArea.HEALTH_CARE) -> Case:
    application = Application.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        need="Hjelp hjemme",
        signed_by="person",
        received_on=D(2025, 1, 2),
        expected_answer_by=D(2025, 2, 2),
        routed_to=team,
        routing_explanation="test",
    )
    return Case.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        application=application,
        owner=worker,
        team=team,
        received_on=D(2025, 1, 2),
        service_area=area,
        status="follow_up",
    )


def decision(
    case: Case, svc: Service, *, start, end=None, hours="7.5", unit="hours_week", **extra
) -> Decision:
    return Decision.objects.create(
        case=case,
        service=svc,
        state="sent",
        outcome=extra.pop("outcome", "INNVILGET"),
        start_date=start,
        end_date=end,
        scope_amount=Decimal(hours) if hours is not None else None,
        scope_unit=unit if hours is not None else "",
        sent_on=start,
        **extra,
    )


def assessment(case: Case, *, held_on, scores=None, worker) -> Assessment:
    return Assessment.objects.create(
        case=case,
        kind="home_visit",
        held_on=held_on,
        scores=SCORES if scores is None else scores,
        sources="Samtale",
        performed_by=worker,
    )


def bulk(municipality, count: int, *, worker, team, svc: Service, start=BULK_START) -> list[Person]:
    """`count` valid recipients in a handful of bulk inserts."""
    persons = []
    for i in range(count):
        p = Person(
            municipality=municipality,
            national_id=factories.synthetic_id(),
            first_name=f"Mottaker{i}",
            last_name="Test",
        )
        p.derive_from_national_id()
        persons.append(p)
    persons = Person.objects.bulk_create(persons)
    applications = Application.objects.bulk_create(
        Application(
            municipality=municipality,
            person=p,
            need="x",
            signed_by="person",
            received_on=D(2025, 1, 2),
            expected_answer_by=D(2025, 2, 2),
            routed_to=team,
            routing_explanation="test",
        )
        for p in persons
    )
    cases = Case.objects.bulk_create(
        Case(
            municipality=municipality,
            person_id=a.person_id,
            application=a,
            owner=worker,
            team=team,
            received_on=a.received_on,
            status="follow_up",
        )
        for a in applications
    )
    Decision.objects.bulk_create(
        Decision(
            case=c,
            service=svc,
            state="sent",
            outcome="INNVILGET",
            start_date=start,
            scope_amount=Decimal("5.0"),
            scope_unit="hours_week",
            sent_on=start,
        )
        for c in cases
    )
    Assessment.objects.bulk_create(
        Assessment(
            case=c, kind="home_visit", held_on=D(2025, 6, 1), scores=SCORES, sources="x", performed_by=worker
        )
        for c in cases
    )
    return persons

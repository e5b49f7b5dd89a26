"""The demo case worker's own desk: health and care cases owned by `saksbehandler` in every early status, so
her start page and the queue show real work on her first login (the routed cases go to the service office's
leader). Everything goes through the casework services."""

import datetime

from django.db import transaction

from helhet.access import roles
from helhet.casework import services as casework
from helhet.casework.models import Case
from helhet.catalogue.models import Service
from helhet.core.models import User
from helhet.people.models import Person

HOME_CARE_SERVICE = "Helsetjenester i hjemmet"
PRACTICAL_HELP = "Praktisk bistand – daglige gjøremål"


def _persons(municipality, count: int) -> list[Person]:
    """Older demo persons without cases, the likeliest applicants for help at home."""
    return list(
        Person.objects.filter(
            municipality=municipality, birth_date__lte=datetime.date(1950, 12, 31), cases__isnull=True
        ).order_by("birth_date", "pk")[:count]
    )


def load(municipality, today: datetime.date) -> None:
    case_worker = User.objects.get(username=roles.CASE_WORKER)
    if Case.objects.filter(municipality=municipality, owner=case_worker).exists():
        return
    home_care = Service.objects.filter(municipality=municipality, name=HOME_CARE_SERVICE).first()
    practical = Service.objects.filter(municipality=municipality, name=PRACTICAL_HELP).first() or home_care
    persons = _persons(municipality, 6)
    if home_care is None or len(persons) < 6:
        return
    with transaction.atomic():
        _desk(municipality, case_worker, home_care, practical, persons, today)


def _receive(case_worker, municipality, person, need, service, received_on) -> Case:
    case = casework.application_receive(
        acting_user=case_worker,
        municipality=municipality,
        person=person,
        need=need,
        wished_services=[service],
        signed_by="person",
        received_on=received_on,
    )
    return casework.case_assign(acting_user=case_worker, case=case, owner=case_worker)


def _assess(case_worker, case, service, held_on, **extra) -> None:
    casework.assessment_record(
        acting_user=case_worker,
        case=case,
        kind="home_visit",
        held_on=held_on,
        scores={"personlig_hygiene": 3, "husarbeid": 4},
        sources="Hjemmebesøk med personen; samtale med sønnen på telefon",
        chosen_services=[service],
        **extra,
    )


def _desk(municipality, case_worker, home_care, practical, persons, today) -> None:
    waiting, overdue, assessed, review, drafting, withdrawn = persons
    day = datetime.timedelta(days=1)
    # Just in: waiting for the first contact.
    _receive(
        case_worker,
        municipality,
        waiting,
        "Klarer ikke lenger å handle og vaske selv.",
        practical,
        today - 2 * day,
    )
    # Received almost four weeks ago and not answered: the interim reply (fvl. § 11 a) is due.
    _receive(
        case_worker,
        municipality,
        overdue,
        "Trenger hjelp med medisinene etter sykehusoppholdet.",
        home_care,
        today - 26 * day,
    )
    # Assessed at a home visit, the decision still to be written.
    case = _receive(
        case_worker,
        municipality,
        assessed,
        "Hjelp til dusj og påkledning om morgenen.",
        home_care,
        today - 12 * day,
    )
    _assess(case_worker, case, home_care, today - 5 * day)
    # Assessed, and an interdisciplinary review asked for (the need spans home care and rehabilitation).
    case = _receive(
        case_worker,
        municipality,
        review,
        "Falt hjemme i høst og er redd for å gå alene; vil gjerne trene seg opp igjen.",
        home_care,
        today - 15 * day,
    )
    _assess(case_worker, case, home_care, today - 8 * day, review_requested=True)
    # A decision being drafted.
    case = _receive(
        case_worker,
        municipality,
        drafting,
        "Trenger hjelp til rengjøring hver uke.",
        practical,
        today - 20 * day,
    )
    _assess(case_worker, case, practical, today - 14 * day)
    casework.decision_draft_create(
        acting_user=case_worker,
        case=case,
        service=practical,
        outcome="INNVILGET",
        scope_amount=2,
        scope_unit="hours_week",
        start_date=today + 7 * day,
    )
    # Withdrawn by the applicant: the family has arranged the help themselves.
    case = _receive(
        case_worker, municipality, withdrawn, "Hjelp til å handle en gang i uken.", practical, today - 9 * day
    )
    casework.case_transition(
        acting_user=case_worker,
        case=case,
        to="withdrawn",
        note="Søkeren ringte og trakk søknaden: datteren handler for henne fra nå av.",
    )

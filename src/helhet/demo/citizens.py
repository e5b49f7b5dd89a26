"""The demo's citizens for Min side (/innbygger/): persons who log in with the development login and find
their own cases there. Everything goes through the services, so the letters are real stored PDFs.

`load` returns (fødselsnummer, description) for `helhet demo` to print. Each citizen is one entry of
CITIZENS: add a builder there (a relative with fullmakt, a parent of a 13-year-old, …) and it is loaded
and printed with the others.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from helhet.access import roles
from helhet.casework import services as casework
from helhet.casework.models import Case, Status
from helhet.catalogue.models import Service
from helhet.core.models import Municipality, User
from helhet.organisation.models import Unit
from helhet.people import national_id
from helhet.people.models import Person
from helhet.people.services import person_register

# Every demo citizen made here has this last name, so the demo's other counts can leave them out.
LAST_NAME = "Innbygger"
HOME_CARE_SERVICE = "Helsetjenester i hjemmet"
SOCIAL_ASSISTANCE = "Økonomisk sosialhjelp"
HOME_CARE_UNIT = "Hjemmesykepleien sone Nord"


@dataclass(frozen=True)
class Office:
    """Who does the work in the citizen's cases: a health and care case worker, a NAV case worker, the home
    care unit that provides what is granted, and the two services applied for."""

    case_worker: User
    nav_worker: User
    provider_unit: Unit
    home_care: Service
    social_assistance: Service


def _health_case(office: Office, person: Person, need: str, received_on: datetime.date) -> Case:
    case = casework.application_receive(
        acting_user=office.case_worker,
        municipality=person.municipality,
        person=person,
        need=need,
        wished_services=[office.home_care],
        signed_by="person",
        received_on=received_on,
    )
    if case.owner_id != office.case_worker.pk:
        case = casework.case_assign(acting_user=office.case_worker, case=case, owner=office.case_worker)
    return case


def _health_assess(office: Office, case: Case, held_on: datetime.date) -> None:
    casework.assessment_record(
        acting_user=office.case_worker,
        case=case,
        kind="home_visit",
        held_on=held_on,
        scores={"personlig_hygiene": 3, "kle_seg": 3},
        sources="Hjemmebesøk og samtale med personen",
        chosen_services=[office.home_care],
    )


def _nav_case(office: Office, person: Person, need: str, received_on: datetime.date) -> Case:
    case = casework.application_receive(
        acting_user=office.nav_worker,
        municipality=person.municipality,
        person=person,
        need=need,
        wished_services=[office.social_assistance],
        signed_by="person",
        received_on=received_on,
    )
    casework.social_assessment_record(
        acting_user=office.nav_worker,
        case=case,
        kind="conversation",
        held_on=received_on,
        household_adults=1,
        household_children=0,
        income=[{"what": "Ingen fast inntekt", "amount": "0"}],
        expenses=[{"what": "Husleie", "amount": "8200"}, {"what": "Strøm", "amount": "800"}],
        resources="Ingen oppsparte penger.",
        other_benefits="Ingen andre ytelser kan utbetales nå.",
        sources="Samtale på NAV-kontoret og kontoutskrift for siste måned.",
        chosen_services=[office.social_assistance],
    )
    return case


def _nav_grant(
    office: Office, case: Case, *, sent_on: datetime.date, end_date: datetime.date | None = None
) -> None:
    draft = casework.decision_draft_create(
        acting_user=office.nav_worker,
        case=case,
        service=office.social_assistance,
        outcome="INNVILGET",
        economic_basis="sotjl_18",
        benefit_form="grant",
        amount=Decimal("3200"),
        amount_period="once" if end_date is None else "monthly",
        start_date=sent_on,
        end_date=end_date,
        content="Stønad til mat og strøm.",
        facts="Du har ingen inntekt denne måneden og ingen penger til mat og strøm.",
        considerations="Stønaden dekker det du trenger til livsopphold til annen inntekt kommer.",
    )
    casework.decision_send(acting_user=office.nav_worker, decision=draft, sent_on=sent_on)


def cases_in_every_status(
    person: Person, office: Office, *, today: datetime.date, earliest: datetime.date
) -> dict[str, Case]:
    """One case of `person` in each status a citizen meets: received, interim reply sent, decided and sent
    with its letter (NAV, three weeks to appeal), appealed (health and care, four weeks), withdrawn and
    closed. `earliest` is the first day the catalogue's legal regimes are in force."""
    day = datetime.timedelta(days=1)
    start = max(earliest, today - 20 * day)
    found: dict[str, Case] = {}
    found["received"] = _health_case(office, person, "Trenger hjelp til å dusje to ganger i uken.", today)
    case = _health_case(office, person, "Trenger hjelp med medisinene morgen og kveld.", start)
    found["interim"] = casework.interim_reply_send(
        acting_user=office.case_worker,
        case=case,
        reason="Vi venter på opplysninger fra fastlegen om medisinene dine.",
        expected_by=today + 21 * day,
        sent_on=today,
    )
    case = _nav_case(office, person, "Penger til mat og strøm denne måneden.", today)
    _nav_grant(office, case, sent_on=today)
    found["decided"] = case
    case = _health_case(office, person, "Trenger hjelp til morgenstell hver dag.", start)
    _health_assess(office, case, start)
    draft = casework.decision_draft_create(
        acting_user=office.case_worker,
        case=case,
        service=office.home_care,
        outcome="AVSLATT",
        facts="Du klarer morgenstellet selv med hjelpemidler, men bruker lang tid.",
        considerations="Hjelpemidler og trening gir deg det du trenger; hjelp hver dag er ikke nødvendig nå.",
    )
    decision = casework.decision_send(acting_user=office.case_worker, decision=draft, sent_on=start)
    casework.appeal_register(
        acting_user=office.case_worker,
        decision=decision,
        received_on=today,
        change_wanted="Jeg vil ha hjelp til morgenstell hver dag.",
        reasons="Jeg er redd for å falle i dusjen når jeg er alene.",
    )
    found["appealed"] = case
    case = _health_case(office, person, "Hjelp til å handle en gang i uken.", start)
    casework.case_transition(
        acting_user=office.case_worker,
        case=case,
        to=Status.WITHDRAWN,
        note="Personen trakk søknaden: naboen handler for henne.",
    )
    found["withdrawn"] = case
    case = _nav_case(office, person, "Stønad til husleie mens jeg venter på lønn.", start)
    _nav_grant(office, case, sent_on=start, end_date=max(start, today - day))
    if start < today:
        casework.case_transition(
            acting_user=office.nav_worker,
            case=case,
            to=Status.ENDED,
            note="Stønadsperioden er over.",
        )
    found["closed"] = case
    return found


# --- The demo municipality's citizens. ---

ANNE_BIRTH_DATE = datetime.date(1961, 4, 17)


def _free_number(birth_date: datetime.date, sex: str, seed: int) -> str:
    for step in range(200):
        number = national_id.make_synthetic(birth_date, seed=seed + 2 * step, sex=sex)
        if not Person.objects.filter(national_id=number).exists():
            return number
    raise RuntimeError("no free synthetic national id")  # pragma: no cover: 200 numbers a day


def _office(municipality: Municipality) -> Office | None:
    case_worker = User.objects.filter(username=roles.CASE_WORKER).first()
    nav_worker = User.objects.filter(username="navleder").first()
    provider_unit = Unit.objects.filter(municipality=municipality, name=HOME_CARE_UNIT).first()
    home_care = Service.objects.filter(municipality=municipality, name=HOME_CARE_SERVICE).first()
    social = Service.objects.filter(municipality=municipality, name=SOCIAL_ASSISTANCE).first()
    if None in (case_worker, nav_worker, provider_unit, home_care, social):
        return None
    return Office(case_worker, nav_worker, provider_unit, home_care, social)  # type: ignore[arg-type]


def _anne(
    municipality: Municipality, today: datetime.date, earliest: datetime.date
) -> tuple[str, str] | None:
    """An adult with her own login and a case in every status, in health and care and at NAV."""
    description = "Anne Innbygger: egne saker i alle statuser (helse og omsorg og NAV), vedtaksbrev og klage"
    existing = Person.objects.filter(
        municipality=municipality, first_name="Anne", last_name=LAST_NAME, birth_date=ANNE_BIRTH_DATE
    ).first()
    if existing is not None:
        return existing.national_id, description
    office = _office(municipality)
    reception = User.objects.filter(username=roles.RECEPTION).first()
    if office is None or reception is None:
        return None
    with transaction.atomic():
        anne = person_register(
            acting_user=reception,
            municipality=municipality,
            national_id=_free_number(ANNE_BIRTH_DATE, "K", 11),
            first_name="Anne",
            last_name=LAST_NAME,
            street_address="Storgata 12",
            postal_code="9990",
            postal_place="Demo",
            phone="41234567",
        )
        cases_in_every_status(anne, office, today=today, earliest=earliest)
    return anne.national_id, description


# Each builder gives the municipality one citizen (or none if the demo lacks what it needs) and says who.
CITIZENS: list[Callable[[Municipality, datetime.date, datetime.date], tuple[str, str] | None]] = [_anne]


def load(
    municipality: Municipality, today: datetime.date, *, earliest: datetime.date
) -> list[tuple[str, str]]:
    """The demo's citizens, loaded once: [(fødselsnummer, description)] for `helhet demo` to print."""
    return [entry for builder in CITIZENS if (entry := builder(municipality, today, earliest)) is not None]

"""Demo citizens who act for someone else on Min side: a son with a fullmakt for everything for his old mother
who has cases, and a mother with foreldreansvar for a 13-year-old with a case about a support contact, where the
girl, for reasons that should be respected, does not want her parents told about her talks with the school
nurse (pbrl § 3-4 second ledd), so the mother sees what parental responsibility needs and not more.

`load` returns (fødselsnummer, description) pairs for the printed list of demo logins (the development login
takes the number). Safe to run again: it adds only what is missing."""

from __future__ import annotations

import datetime

from django.db import transaction

from helhet.access import roles
from helhet.casework import services as casework
from helhet.catalogue.models import Service
from helhet.core.models import User
from helhet.people import national_id, services
from helhet.people.models import (
    ParentInformationGround,
    ParentInformationLimit,
    Person,
    PowerOfAttorneyScope,
    Relative,
    Representation,
)

CHILD_FIRST, CHILD_LAST = "Emma", "Berg"
CHILD_SERVICE = "Støttekontakt"
SON_BORN = datetime.date(1962, 4, 11)
MOTHER_BORN = datetime.date(1984, 9, 23)


def _free_number(birth_date: datetime.date, *, sex: str, start: int) -> str:
    """A synthetic number nobody in the register has, as person or representative (stable from run to run)."""
    for seed in range(start, start + 500):
        number = national_id.make_synthetic(birth_date, seed=seed, sex=sex)
        if not Person.objects.filter(national_id=number).exists() and not (
            Relative.objects.filter(national_id=number).exists()
        ):
            return number
    raise RuntimeError("no free synthetic number")


def _representative(person: Person, *, representation: str) -> Relative | None:
    return (
        Relative.objects.filter(person=person, representation=representation)
        .exclude(national_id="")
        .order_by("pk")
        .first()
    )


def _old_person_with_fullmakt(municipality, case_worker: User) -> tuple[str, str] | None:
    elder = (
        Person.objects.filter(
            municipality=municipality, birth_date__lte=datetime.date(1945, 12, 31), cases__isnull=False
        )
        .order_by("birth_date", "pk")
        .distinct()
        .first()
    )
    if elder is None:
        return None
    son = _representative(elder, representation=Representation.POWER_OF_ATTORNEY)
    if son is None:
        son = services.relative_add(
            acting_user=case_worker,
            person=elder,
            name=f"Per {elder.last_name}",
            relation="child",
            phone="91234567",
            representation=Representation.POWER_OF_ATTORNEY,
            scope=PowerOfAttorneyScope.EVERYTHING,
            national_id=_free_number(SON_BORN, sex="M", start=7100),
            channel="demo",
        )
    return son.national_id, f"{son.name}, fullmektig for {elder.full_name} (har saker)"


def _child_with_parent(municipality, case_worker: User, today: datetime.date) -> list[tuple[str, str]]:
    child = Person.objects.filter(
        municipality=municipality, first_name=CHILD_FIRST, last_name=CHILD_LAST
    ).first()
    if child is None:
        born = today.replace(year=today.year - 13) - datetime.timedelta(days=75)
        child = services.person_register(
            acting_user=case_worker,
            municipality=municipality,
            national_id=_free_number(born, sex="K", start=7300),
            first_name=CHILD_FIRST,
            last_name=CHILD_LAST,
            street_address="Skoleveien 4",
            channel="demo",
        )
    mother = _representative(child, representation=Representation.PARENTAL_RESPONSIBILITY)
    if mother is None:
        mother = services.relative_add(
            acting_user=case_worker,
            person=child,
            name=f"Lene {CHILD_LAST}",
            relation="parent",
            phone="92345678",
            is_next_of_kin=True,
            representation=Representation.PARENTAL_RESPONSIBILITY,
            national_id=_free_number(MOTHER_BORN, sex="K", start=7500),
            channel="demo",
        )
    service = Service.objects.filter(municipality=municipality, name=CHILD_SERVICE).first()
    if service is not None and not child.cases.exists():
        casework.application_receive(
            acting_user=case_worker,
            municipality=municipality,
            person=child,
            need="Emma trenger noen å gjøre ting sammen med etter skolen. Hun har lite venner her.",
            what_matters="Å få være med på fotball og kino.",
            wished_services=[service],
            signed_by="representative",
            representative=mother,
            received_on=today - datetime.timedelta(days=12),
        )
    if not ParentInformationLimit.objects.active().filter(person=child).exists():
        services.parent_information_limit_record(
            acting_user=case_worker,
            person=child,
            ground=ParentInformationGround.CHILD_WISH,
            about="Samtaler med helsesykepleier",
            reason="Emma har bedt om at foreldrene ikke får vite om samtalene; grunnene bør respekteres.",
            channel="demo",
        )
    return [
        (
            mother.national_id,
            f"{mother.name}, mor med foreldreansvar for {child.full_name} (13 år; etter Emmas ønske ser moren ikke sakene hennes)",
        )
    ]


def load(municipality, today: datetime.date) -> list[tuple[str, str]]:
    """Add the family representatives; returns (fødselsnummer, description) for the list of demo logins."""
    case_worker = User.objects.filter(username=roles.CASE_WORKER, municipality=municipality).first()
    if case_worker is None:
        return []
    with transaction.atomic():
        logins: list[tuple[str, str]] = []
        elder = _old_person_with_fullmakt(municipality, case_worker)
        if elder is not None:
            logins.append(elder)
        logins += _child_with_parent(municipality, case_worker, today)
    return logins

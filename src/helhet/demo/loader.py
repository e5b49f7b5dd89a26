"""Builds the demo municipality `Demo kommune` (9999). Safe to run again: it adds only what is missing."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from helhet.access import roles
from helhet.access.models import Responsibility
from helhet.catalogue.models import LegalRegimeVersion, Service, ServiceOffice
from helhet.catalogue.search_services import service_office_update
from helhet.catalogue.services import catalogue_install_defaults
from helhet.core.models import Municipality, User
from helhet.demo import (
    care,
    citizens,
    citizens_family,
    health_cases,
    inbox,
    nav,
    organisation,
    partners,
    population,
)
from helhet.demo import orgmeetings as org_meetings
from helhet.demo import scenarios as demo_scenarios
from helhet.demo import workshop as demo_workshop
from helhet.intake.models import RoutingKind, RoutingRule
from helhet.organisation import services as org_services
from helhet.organisation.collaboration import collaboration_import
from helhet.organisation.models import CollaborationLink, ServiceArea, Staff, Unit, UnitAlias
from helhet.organisation.selectors import normalise_name
from helhet.people.models import Person, Zone

NUMBER = "9999"
NAME = "Demo kommune"
ZONES = ("Nord", "Sentrum", "Sør", "Vest")
DEMO_SOURCE = "demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    unit: str
    title: str
    role: str = ""

    @property
    def group(self) -> str:
        return self.role or self.username


DEMO_USERS = (
    DemoUser("tjenestekontorleder", "Tjenestekontoret", "Leder tjenestekontoret", roles.CASE_WORKER),
    DemoUser("navleder", "NAV Demo", "NAV-leder", roles.CASE_WORKER),
    DemoUser(roles.RECEPTION, "Servicetorget", "Resepsjonist"),
    DemoUser(roles.CASE_WORKER, "Tjenestekontoret", "Saksbehandler"),
    DemoUser(roles.PROVIDER, "Hjemmesykepleien sone Nord", "Sykepleier"),
    DemoUser(roles.LEADER, "Hjemmesykepleien sone Nord", "Avdelingsleder"),
    DemoUser(roles.COORDINATOR, "Koordinerende enhet", "Koordinator"),
    DemoUser(roles.ANALYST, "Helse og velferd", "Rådgiver analyse"),
    DemoUser(roles.ADMIN, "Helse og velferd", "Systemansvarlig"),
)

# Which units are responsible for which demo persons, standing in for the decisions that the case
# process writes: (unit, zone or None, minimum age, maximum age, how many, reason).
DEMO_RESPONSIBILITIES = (
    ("Hjemmesykepleien sone Nord", "Nord", 67, 200, 30, "Mottar helsetjenester i hjemmet"),
    ("Hjemmesykepleien sone Sør", "Sør", 67, 200, 30, "Mottar helsetjenester i hjemmet"),
    ("Praktisk bistand", None, 75, 200, 15, "Mottar praktisk bistand"),
    ("Bofellesskap Solsiden", None, 20, 60, 8, "Bor i bofellesskap med heldøgns tjenester"),
    ("Langtidsavdelingen", None, 85, 200, 15, "Langtidsopphold i sykehjem"),
    ("Psykisk helse og rus", None, 18, 66, 12, "Mottar oppfølging fra psykisk helse og rus"),
)


def _municipality() -> Municipality:
    municipality, _ = Municipality.objects.get_or_create(number=NUMBER, defaults={"name": NAME})
    for zone in ZONES:
        Zone.objects.get_or_create(municipality=municipality, name=zone)
    return municipality


def _organisation(municipality) -> None:
    if not Unit.objects.filter(municipality=municipality).exists():
        organisation.build(municipality)


# Which units work under which body of law, and each deciding office's letterhead (fictional addresses).
SERVICE_AREAS = (("Helse og velferd", ServiceArea.HEALTH_CARE), ("NAV Demo", ServiceArea.SOCIAL))
LETTERHEADS = {
    "health_care": {
        "office_name": "Tjenestekontoret i Demo kommune",
        "street_address": "Rådhusgata 1",
        "postal_code": "9990",
        "postal_place": "Demo",
        "phone": "12 34 56 00",
        "email": "tjenestekontoret@demo.kommune.example",
    },
    "social": {
        "office_name": "NAV Demo",
        "deciding_office": "NAV Demo",
        "appeal_lodged_with": "NAV Demo",
        "street_address": "Torget 2",
        "postal_code": "9990",
        "postal_place": "Demo",
        "phone": "55 55 33 33",
        "email": "nav.demo@demo.kommune.example",
    },
}


# Where citizens apply, as the citizens' page and the footer show it (fictional numbers, as the letterheads).
DEMO_OFFICES = {
    "health_care": {
        "name": "Tjenestekontoret",
        "phone": "12 34 56 00",
        "email": "tjenestekontoret@demo.kommune.example",
        "street_address": "Rådhusgata 1",
        "postal_code": "9990",
        "postal_place": "Demo",
        "opening_hours": "Mandag–fredag 08.00–15.30",
    },
    "social": {
        "name": "NAV Demo",
        "phone": "55 55 33 33",
        "street_address": "Torget 2",
        "postal_code": "9990",
        "postal_place": "Demo",
        "opening_hours": "Mandag–fredag 09.00–15.00, timeavtale etter 12.00",
    },
}


def _offices(municipality) -> None:
    """The administrator fills in the offices' phone, address and opening hours."""
    admin = User.objects.get(username=roles.ADMIN)
    for office in ServiceOffice.objects.filter(municipality=municipality, phone=""):
        values = DEMO_OFFICES.get(office.service_area)
        if values:
            service_office_update(actor=admin, office=office, values=values)


def _legal_settings(municipality) -> None:
    for name, area in SERVICE_AREAS:
        Unit.objects.filter(municipality=municipality, name=name, service_area="").update(service_area=area)
    for code, letterhead in LETTERHEADS.items():
        LegalRegimeVersion.objects.filter(
            regime__municipality=municipality, regime__code=code, street_address=""
        ).update(**letterhead)


DEMO_ALIASES = (("Tildelingskontoret", "Tjenestekontoret"), ("Tildelingskontor", "Tjenestekontoret"))
COLLABORATION_SOURCE = "Workshop 2018 (demo)"


def _collaboration(municipality, today: datetime.date) -> None:
    """The workshop list of §0 C, with the spelling variants the municipalities use."""
    if CollaborationLink.objects.filter(municipality=municipality, source=COLLABORATION_SOURCE).exists():
        return
    for alias, unit_name in DEMO_ALIASES:
        if not UnitAlias.objects.filter(municipality=municipality, alias_key=normalise_name(alias)).exists():
            unit = Unit.objects.valid_on(today).get(municipality=municipality, name=unit_name)
            org_services.unit_alias_save(municipality=municipality, alias=alias, unit=unit, actor=None)
    text = (Path(__file__).parent / "collaboration.csv").read_text(encoding="utf-8")
    collaboration_import(
        municipality=municipality, csv_text=text, source=COLLABORATION_SOURCE, on=today, actor=None
    )


NAV_SERVICES = ("Økonomisk sosialhjelp", "Kvalifiseringsprogram", "Midlertidig botilbud")
NAV_TEAMS = (
    (1, 10, "Oppfølgingsteam 1 (fødselsdag 1–10)"),
    (11, 20, "Oppfølgingsteam 2 (fødselsdag 11–20)"),
    (21, 31, "Oppfølgingsteam 3 (fødselsdag 21–31)"),
)


def _routing(municipality, today: datetime.date) -> None:
    """NAV's municipal services by birth day to three teams (§0 E); everything else to the service office."""
    if RoutingRule.objects.filter(municipality=municipality).exists():
        return
    units = {unit.name: unit for unit in Unit.objects.valid_on(today).filter(municipality=municipality)}
    services = {s.name: s for s in Service.objects.filter(municipality=municipality, name__in=NAV_SERVICES)}
    position = 0
    for service_name in NAV_SERVICES:
        for low, high, team in NAV_TEAMS:
            position += 1
            RoutingRule.objects.create(
                municipality=municipality,
                position=position,
                kind=RoutingKind.BIRTH_DAY,
                service=services[service_name],
                day_from=low,
                day_to=high,
                team=units[team],
            )
    RoutingRule.objects.create(
        municipality=municipality,
        position=position + 1,
        kind=RoutingKind.FALLBACK,
        team=units["Tjenestekontoret"],
    )


def _users(municipality) -> None:
    password = settings.HELHET_DEMO_PASSWORD
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            staff = (
                Staff.objects.filter(
                    municipality=municipality,
                    user__isnull=True,
                    engagements__unit__name=demo.unit,
                    engagements__valid_to__isnull=True,
                    title=demo.title,
                )
                .order_by("pk")
                .first()
            )
            assert staff is not None, f"the demo organisation has no {demo.title} in {demo.unit}"
            user = User.objects.create_user(
                username=demo.username,
                password=password,
                municipality=municipality,
                first_name=staff.first_name,
                last_name=staff.last_name,
            )
            staff.user = user
            staff.save(update_fields=["user"])
        user.groups.add(Group.objects.get_or_create(name=demo.group)[0])


def _responsibilities(municipality, today: datetime.date) -> None:
    if Responsibility.objects.filter(municipality=municipality, source=DEMO_SOURCE).exists():
        return
    units = {unit.name: unit for unit in Unit.objects.filter(municipality=municipality)}
    rows = []
    for unit_name, zone, min_age, max_age, count, reason in DEMO_RESPONSIBILITIES:
        persons = Person.objects.filter(
            municipality=municipality,
            birth_date__lte=population.REFERENCE_DATE.replace(year=population.REFERENCE_DATE.year - min_age),
            birth_date__gt=population.REFERENCE_DATE.replace(
                year=population.REFERENCE_DATE.year - max_age - 1
            ),
        )
        if zone:
            persons = persons.filter(zone__name=zone)
        for person in persons.order_by("pk")[:count]:
            rows.append(
                Responsibility(
                    municipality=municipality,
                    person=person,
                    unit=units[unit_name],
                    reason=reason,
                    source=DEMO_SOURCE,
                    valid_from=organisation.START,
                )
            )
    Responsibility.objects.bulk_create(rows)


def load(
    *, persons: int = 200, today: datetime.date, progress: Callable[[str], None] = lambda m: None
) -> dict:
    with transaction.atomic():
        municipality = _municipality()
        _organisation(municipality)
        _users(municipality)
        _collaboration(municipality, today)
        partners.load(municipality, today)
        catalogue_install_defaults(municipality=municipality, on=today)
        _legal_settings(municipality)
        _offices(municipality)
        _routing(municipality, today)
    added = population.load(municipality, persons, progress=progress)
    with transaction.atomic():
        _responsibilities(municipality, today)
    progress("Vedtak, planer, møter og koordinatorer …")
    care.load(municipality, today)
    nav.load(municipality, today)
    health_cases.load(municipality, today)
    inbox.load(municipality, today)
    demo_scenarios.load(municipality, today)
    org_meetings.load(municipality, today)
    demo_workshop.load(municipality)
    demo_citizens = citizens.load(municipality, today, earliest=today - datetime.timedelta(days=20))
    demo_citizens += citizens_family.load(municipality, today)
    return {"municipality": municipality, "added": added, "citizens": demo_citizens}

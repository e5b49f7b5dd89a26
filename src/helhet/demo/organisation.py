"""The demo municipality's welfare area, after the accounts in domain.md §0.

Each node: (name, kind, leader title or None, [(role, profession, count), ...], children).
A unit without a leader title inherits its parent's leader.
"""

import datetime
import random
from decimal import Decimal

from helhet.demo import names
from helhet.organisation.models import Engagement, Leadership, Staff, Unit, UnitKind, UnitParent

START = datetime.date(2020, 3, 1)

AREA = (
    "Helse og velferd",
    UnitKind.AREA,
    "Kommunalsjef helse og velferd",
    [
        ("Rådgiver analyse", "Samfunnsviter", 1),
        ("Systemansvarlig", "IT-rådgiver", 1),
        ("Rådgiver", "Jurist", 1),
    ],
    [
        (
            "Tjenestekontoret",
            UnitKind.UNIT,
            "Leder tjenestekontoret",
            [
                ("Saksbehandler", "Sykepleier", 3),
                ("Saksbehandler", "Vernepleier", 2),
                ("Saksbehandler", "Ergoterapeut", 1),
                ("Saksbehandler", "Sosionom", 1),
                ("Saksbehandler", "Jurist", 1),
            ],
            [
                ("Servicetorget", UnitKind.OFFICE, None, [("Resepsjonist", "Helsesekretær", 4)], []),
                (
                    "Koordinerende enhet",
                    UnitKind.TEAM,
                    None,
                    [("Koordinator", "Sykepleier", 2), ("Barnekoordinator", "Barnevernspedagog", 1)],
                    [],
                ),
            ],
        ),
        (
            "Hjemmebaserte tjenester",
            UnitKind.UNIT,
            "Virksomhetsleder",
            [("Fagutviklingssykepleier", "Sykepleier", 2), ("Merkantil", "Kontormedarbeider", 2)],
            [
                (
                    "Hjemmesykepleien sone Nord",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [
                        ("Sykepleier", "Sykepleier", 14),
                        ("Helsefagarbeider", "Helsefagarbeider", 20),
                        ("Assistent", "Assistent", 5),
                    ],
                    [],
                ),
                (
                    "Hjemmesykepleien sone Sør",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [
                        ("Sykepleier", "Sykepleier", 13),
                        ("Helsefagarbeider", "Helsefagarbeider", 20),
                        ("Assistent", "Assistent", 5),
                    ],
                    [],
                ),
                (
                    "Praktisk bistand",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [("Hjemmehjelp", "Assistent", 18), ("Helsefagarbeider", "Helsefagarbeider", 5)],
                    [],
                ),
                (
                    "Bolig, rehabilitering og aktivisering",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [("Miljøarbeider", "Vernepleier", 6)],
                    [
                        (
                            "Hverdagsrehabilitering",
                            UnitKind.TEAM,
                            None,
                            [
                                ("Fysioterapeut", "Fysioterapeut", 2),
                                ("Ergoterapeut", "Ergoterapeut", 2),
                                ("Helsefagarbeider", "Helsefagarbeider", 4),
                            ],
                            [],
                        ),
                        ("Dagsenter", UnitKind.TEAM, None, [("Aktivitør", "Aktivitør", 6)], []),
                    ],
                ),
                (
                    "Nattpatruljen",
                    UnitKind.TEAM,
                    None,
                    [("Sykepleier", "Sykepleier", 4), ("Helsefagarbeider", "Helsefagarbeider", 5)],
                    [],
                ),
            ],
        ),
        (
            "Barn, ungdom og familie",
            UnitKind.UNIT,
            "Enhetsleder",
            [
                ("Fysioterapeut", "Fysioterapeut", 1),
                ("Konsulent for barn med bistandsbehov", "Vernepleier", 1),
                ("Psykolog", "Psykolog", 1),
            ],
            [
                (
                    "Helsestasjon og skolehelsetjeneste",
                    UnitKind.TEAM,
                    None,
                    [
                        ("Fagleder", "Helsesykepleier", 1),
                        ("Helsesykepleier", "Helsesykepleier", 6),
                        ("Jordmor", "Jordmor", 1),
                    ],
                    [],
                ),
                (
                    "Barnevern og familietjeneste",
                    UnitKind.TEAM,
                    None,
                    [
                        ("Fagleder", "Barnevernspedagog", 1),
                        ("Kontaktperson", "Barnevernspedagog", 5),
                        ("Familieterapeut", "Familieterapeut", 2),
                    ],
                    [],
                ),
            ],
        ),
        (
            "Tjenester for personer med funksjonsnedsettelser",
            UnitKind.UNIT,
            "Virksomhetsleder",
            [("Fagkonsulent", "Vernepleier", 1)],
            [
                (
                    "Arbeid og aktivitet",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [("Miljøterapeut", "Vernepleier", 7)],
                    [],
                ),
                (
                    "Institusjon og avlastning",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [("Miljøarbeider", "Helsefagarbeider", 9)],
                    [],
                ),
                (
                    "Ambulante tjenester",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [("Miljøterapeut", "Vernepleier", 5)],
                    [],
                ),
                (
                    "Bofellesskap Solsiden",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [("Miljøterapeut", "Vernepleier", 6), ("Miljøarbeider", "Helsefagarbeider", 9)],
                    [],
                ),
            ],
        ),
        (
            "Demo sykehjem",
            UnitKind.UNIT,
            "Virksomhetsleder",
            [("Sykehjemslege", "Lege", 1)],
            [
                (
                    "Langtidsavdelingen",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [("Sykepleier", "Sykepleier", 7), ("Helsefagarbeider", "Helsefagarbeider", 12)],
                    [],
                ),
                (
                    "Korttids- og rehabiliteringsavdelingen",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [("Sykepleier", "Sykepleier", 5), ("Helsefagarbeider", "Helsefagarbeider", 6)],
                    [],
                ),
                (
                    "Skjermet enhet for personer med demens",
                    UnitKind.DEPARTMENT,
                    "Avdelingsleder",
                    [("Sykepleier", "Sykepleier", 4), ("Helsefagarbeider", "Helsefagarbeider", 7)],
                    [],
                ),
            ],
        ),
        (
            "Psykisk helse og rus",
            UnitKind.UNIT,
            "Enhetsleder",
            [
                ("Psykiatrisk sykepleier", "Sykepleier", 5),
                ("Ruskonsulent", "Sosionom", 3),
                ("Miljøterapeut", "Vernepleier", 3),
            ],
            [],
        ),
        (
            "Fysio- og ergoterapitjenesten",
            UnitKind.UNIT,
            "Enhetsleder",
            [("Fysioterapeut", "Fysioterapeut", 4), ("Ergoterapeut", "Ergoterapeut", 3)],
            [],
        ),
        (
            "NAV Demo",
            UnitKind.UNIT,
            "NAV-leder",
            [("Fagleder", "Sosionom", 3)],
            [
                (
                    "Mottak",
                    UnitKind.OFFICE,
                    None,
                    [("Mottakskoordinator", "Sosionom", 1), ("Veileder i mottak", "Sosionom", 6)],
                    [],
                ),
                (
                    "Oppfølgingsteam 1 (fødselsdag 1–10)",
                    UnitKind.TEAM,
                    None,
                    [("Veileder", "Sosionom", 14)],
                    [],
                ),
                (
                    "Oppfølgingsteam 2 (fødselsdag 11–20)",
                    UnitKind.TEAM,
                    None,
                    [("Veileder", "Sosionom", 14)],
                    [],
                ),
                (
                    "Oppfølgingsteam 3 (fødselsdag 21–31)",
                    UnitKind.TEAM,
                    None,
                    [("Veileder", "Sosionom", 13)],
                    [],
                ),
                ("Økonomi- og serviceteam", UnitKind.TEAM, None, [("Økonomirådgiver", "Økonom", 6)], []),
            ],
        ),
    ],
)

_FTE_CHOICES = (
    Decimal("1.000"),
    Decimal("1.000"),
    Decimal("1.000"),
    Decimal("0.800"),
    Decimal("0.600"),
    Decimal("0.500"),
)


def _new_staff(municipality, rng: random.Random, *, title: str, profession: str) -> Staff:
    female = rng.random() < 0.8
    return Staff(
        municipality=municipality,
        first_name=rng.choice(names.FEMALE if female else names.MALE),
        last_name=rng.choice(names.LAST),
        title=title,
        profession=profession,
    )


def build(municipality) -> dict[str, Unit]:
    """Create the unit tree, leaders and staff; returns units by name. Deterministic."""
    rng = random.Random(9999)
    units: dict[str, Unit] = {}
    staff_rows: list[tuple[Staff, Unit, str, Decimal, bool]] = []

    def visit(node, parent: Unit | None) -> None:
        name, kind, leader_title, members, children = node
        unit = Unit.objects.create(municipality=municipality, name=name, kind=kind, valid_from=START)
        units[name] = unit
        if parent is not None:
            UnitParent.objects.create(unit=unit, parent=parent, valid_from=START)
        if leader_title:
            staff_rows.append(
                (
                    _new_staff(municipality, rng, title=leader_title, profession="Leder"),
                    unit,
                    leader_title,
                    Decimal("1.000"),
                    True,
                )
            )
        for role, profession, count in members:
            for _ in range(count):
                staff_rows.append(
                    (
                        _new_staff(municipality, rng, title=role, profession=profession),
                        unit,
                        role,
                        rng.choice(_FTE_CHOICES),
                        False,
                    )
                )
        for child in children:
            visit(child, unit)

    visit(AREA, None)
    Staff.objects.bulk_create([row[0] for row in staff_rows])
    Engagement.objects.bulk_create(
        [
            Engagement(staff=staff, unit=unit, role=role, fte=fte, valid_from=START)
            for staff, unit, role, fte, _ in staff_rows
        ]
    )
    Leadership.objects.bulk_create(
        [
            Leadership(unit=unit, staff=staff, title=role, valid_from=START)
            for staff, unit, role, _, leads in staff_rows
            if leads
        ]
    )
    return units

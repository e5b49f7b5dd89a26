"""The demo municipality's welfare area, after the accounts in domain.md §0.

The table gives the organisation as it stood from 2016; the two mergers of §0 A are then carried out
with the same service a municipality would use, so the history before and after stays visible.
Members are "role/profession×count" separated by ";". A unit without a leader title inherits its
parent's leader.
"""

import datetime
import random
from decimal import Decimal

from helhet.demo import names
from helhet.organisation import services
from helhet.organisation.models import Engagement, Leadership, Staff, Unit, UnitKind, UnitParent

START = datetime.date(2016, 1, 1)
A, U, D, T, OFF = UnitKind.AREA, UnitKind.UNIT, UnitKind.DEPARTMENT, UnitKind.TEAM, UnitKind.OFFICE

# fmt: off
UNITS = (
    # name, kind, parent, leader title, members
    ("Helse og velferd", A, None, "Kommunalsjef helse og velferd",
     "Rådgiver analyse/Samfunnsviter×1; Systemansvarlig/IT-rådgiver×1; Rådgiver/Jurist×1"),
    ("Tjenestekontoret", U, "Helse og velferd", "Leder tjenestekontoret",
     "Saksbehandler/Sykepleier×3; Saksbehandler/Vernepleier×2; Saksbehandler/Ergoterapeut×1; "
     "Saksbehandler/Sosionom×1; Saksbehandler/Jurist×1"),
    ("Servicetorget", OFF, "Tjenestekontoret", None, "Resepsjonist/Helsesekretær×4"),
    ("Koordinerende enhet", T, "Tjenestekontoret", None,
     "Koordinator/Sykepleier×2; Barnekoordinator/Barnevernspedagog×1"),
    ("Hjemmetjenesten", U, "Helse og velferd", "Virksomhetsleder",
     "Fagutviklingssykepleier/Sykepleier×2; Merkantil/Kontormedarbeider×2"),
    ("Hjemmesykepleien sone Nord", D, "Hjemmetjenesten", "Avdelingsleder",
     "Sykepleier/Sykepleier×14; Helsefagarbeider/Helsefagarbeider×20; Assistent/Assistent×5"),
    ("Hjemmesykepleien sone Sør", D, "Hjemmetjenesten", "Avdelingsleder",
     "Sykepleier/Sykepleier×13; Helsefagarbeider/Helsefagarbeider×20; Assistent/Assistent×5"),
    ("Praktisk bistand", D, "Hjemmetjenesten", "Avdelingsleder",
     "Hjemmehjelp/Assistent×18; Helsefagarbeider/Helsefagarbeider×5"),
    ("Nattpatruljen", T, "Hjemmetjenesten", None, "Sykepleier/Sykepleier×4; Helsefagarbeider/Helsefagarbeider×5"),
    ("Bolig, rehabilitering og aktivisering", U, "Helse og velferd", "Virksomhetsleder",
     "Miljøarbeider/Vernepleier×6"),
    ("Hverdagsrehabilitering", T, "Bolig, rehabilitering og aktivisering", None,
     "Fysioterapeut/Fysioterapeut×2; Ergoterapeut/Ergoterapeut×2; Helsefagarbeider/Helsefagarbeider×4"),
    ("Dagsenter", T, "Bolig, rehabilitering og aktivisering", None, "Aktivitør/Aktivitør×6"),
    ("Helse- og familietjenester", U, "Helse og velferd", "Enhetsleder",
     "Fysioterapeut/Fysioterapeut×1; Konsulent for barn med bistandsbehov/Vernepleier×1; Psykolog/Psykolog×1"),
    ("Helsestasjon og skolehelsetjeneste", T, "Helse- og familietjenester", None,
     "Fagleder/Helsesykepleier×1; Helsesykepleier/Helsesykepleier×6; Jordmor/Jordmor×1"),
    ("Barnevern", U, "Helse og velferd", "Barnevernleder", ""),
    ("Barnevern og familietjeneste", T, "Barnevern", None,
     "Fagleder/Barnevernspedagog×1; Kontaktperson/Barnevernspedagog×5; Familieterapeut/Familieterapeut×2"),
    ("Tjenester for personer med funksjonsnedsettelser", U, "Helse og velferd", "Virksomhetsleder",
     "Fagkonsulent/Vernepleier×1"),
    ("Arbeid og aktivitet", D, "Tjenester for personer med funksjonsnedsettelser", "Avdelingsleder",
     "Miljøterapeut/Vernepleier×7"),
    ("Institusjon og avlastning", D, "Tjenester for personer med funksjonsnedsettelser", "Avdelingsleder",
     "Miljøarbeider/Helsefagarbeider×9"),
    ("Ambulante tjenester", D, "Tjenester for personer med funksjonsnedsettelser", "Avdelingsleder",
     "Miljøterapeut/Vernepleier×5"),
    ("Bofellesskap Solsiden", D, "Tjenester for personer med funksjonsnedsettelser", "Avdelingsleder",
     "Miljøterapeut/Vernepleier×6; Miljøarbeider/Helsefagarbeider×9"),
    ("Demo sykehjem", U, "Helse og velferd", "Virksomhetsleder", "Sykehjemslege/Lege×1"),
    ("Langtidsavdelingen", D, "Demo sykehjem", "Avdelingsleder",
     "Sykepleier/Sykepleier×7; Helsefagarbeider/Helsefagarbeider×12"),
    ("Korttids- og rehabiliteringsavdelingen", D, "Demo sykehjem", "Avdelingsleder",
     "Sykepleier/Sykepleier×5; Helsefagarbeider/Helsefagarbeider×6"),
    ("Skjermet enhet for personer med demens", D, "Demo sykehjem", "Avdelingsleder",
     "Sykepleier/Sykepleier×4; Helsefagarbeider/Helsefagarbeider×7"),
    ("Psykisk helse og rus", U, "Helse og velferd", "Enhetsleder",
     "Psykiatrisk sykepleier/Sykepleier×5; Ruskonsulent/Sosionom×3; Miljøterapeut/Vernepleier×3"),
    ("Fysio- og ergoterapitjenesten", U, "Helse og velferd", "Enhetsleder",
     "Fysioterapeut/Fysioterapeut×4; Ergoterapeut/Ergoterapeut×3"),
    ("NAV Demo", U, "Helse og velferd", "NAV-leder", "Fagleder/Sosionom×3"),
    ("Mottak", OFF, "NAV Demo", None, "Mottakskoordinator/Sosionom×1; Veileder i mottak/Sosionom×6"),
    ("Oppfølgingsteam 1 (fødselsdag 1–10)", T, "NAV Demo", None, "Veileder/Sosionom×14"),
    ("Oppfølgingsteam 2 (fødselsdag 11–20)", T, "NAV Demo", None, "Veileder/Sosionom×14"),
    ("Oppfølgingsteam 3 (fødselsdag 21–31)", T, "NAV Demo", None, "Veileder/Sosionom×13"),
    ("Økonomi- og serviceteam", T, "NAV Demo", None, "Økonomirådgiver/Økonom×6"),
)
# domain.md §0 A: (old units, new unit, date); the first old unit's leader leads the merged unit.
MERGERS = (
    (("Helse- og familietjenester", "Barnevern"), "Barn, ungdom og familie", datetime.date(2020, 1, 1)),
    (("Hjemmetjenesten", "Bolig, rehabilitering og aktivisering"), "Hjemmebaserte tjenester",
     datetime.date(2020, 3, 1)),
)
# fmt: on

_FTE_CHOICES = tuple(Decimal(f) for f in ("1.000", "1.000", "1.000", "0.800", "0.600", "0.500"))


def _members(spec: str):
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        role_profession, count = part.rsplit("×", 1)
        role, profession = role_profession.split("/")
        yield role, profession, int(count)


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
    """Create the units, leaders and staff, then the mergers; returns units by name. Deterministic."""
    rng = random.Random(9999)
    units: dict[str, Unit] = {}
    rows: list[tuple[Staff, Unit, str, Decimal, bool]] = []
    for name, kind, parent, leader_title, members in UNITS:
        unit = Unit.objects.create(municipality=municipality, name=name, kind=kind, valid_from=START)
        units[name] = unit
        if parent:
            UnitParent.objects.create(unit=unit, parent=units[parent], valid_from=START)
        if leader_title:
            leader = _new_staff(municipality, rng, title=leader_title, profession="Leder")
            rows.append((leader, unit, leader_title, Decimal("1.000"), True))
        for role, profession, count in _members(members):
            for _ in range(count):
                member = _new_staff(municipality, rng, title=role, profession=profession)
                rows.append((member, unit, role, rng.choice(_FTE_CHOICES), False))
    Staff.objects.bulk_create([row[0] for row in rows])
    Engagement.objects.bulk_create(
        Engagement(staff=staff, unit=unit, role=role, fte=fte, valid_from=START)
        for staff, unit, role, fte, _ in rows
    )
    Leadership.objects.bulk_create(
        Leadership(unit=unit, staff=staff, title=role, valid_from=START)
        for staff, unit, role, _, leads in rows
        if leads
    )
    for old_names, new_name, day in MERGERS:
        old_units = [units[name] for name in old_names]
        leader = Leadership.objects.get(unit=old_units[0]).staff
        units[new_name] = services.units_merge(
            units=old_units, name=new_name, kind=U, on=day, leader=leader, actor=None
        )
    return units

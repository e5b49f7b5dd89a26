"""The messy workshop map of tests/organisation/data/workshop_map.csv: the units it is about and what each
spelling in it really means (what a careful user decides)."""

import datetime

from helhet.organisation import services

UNITS = (
    ("Helse og velferd", "area", None),
    ("Tjenestekontoret", "unit", "Helse og velferd"),
    ("Hjemmetjenesten", "unit", "Helse og velferd"),
    ("Hjemmesykepleien sone Nord", "department", "Hjemmetjenesten"),
    ("Hjemmesykepleien sone Sør", "department", "Hjemmetjenesten"),
    ("Praktisk bistand", "department", "Hjemmetjenesten"),
    ("Nattpatruljen", "team", "Hjemmetjenesten"),
    ("Hverdagsrehabilitering", "team", "Helse og velferd"),
    ("Psykisk helse og rus", "unit", "Helse og velferd"),
    ("Fysio- og ergoterapitjenesten", "unit", "Helse og velferd"),
    ("NAV Demo", "unit", "Helse og velferd"),
    ("Økonomi- og serviceteam", "team", "NAV Demo"),
    ("Koordinerende enhet", "team", "Tjenestekontoret"),
    ("Demo sykehjem", "unit", "Helse og velferd"),
    ("Langtidsavdelingen", "department", "Demo sykehjem"),
    ("Bofellesskap Solsiden", "department", "Helse og velferd"),
    ("Helsestasjon og skolehelsetjeneste", "team", "Helse og velferd"),
    ("Brukerstyrt personlig assistanse", "team", "Helse og velferd"),
)

# Every spelling used in the file and what it stands for.
UNIT_SPELLINGS = {
    "Tjenestekontoret": (
        "Tjenestekontoret",
        "tjenestekontoret",
        "TK",
        "Tjenestekontor",
        "Tildelingskontoret",
        "tjeneste-kontoret",
        "Tjenestekontoret.",
    ),
    "Hjemmesykepleien sone Nord": (
        "Hjemmesykepleien sone Nord",
        "hjsp. sone nord",
        "Sone Nord hjemmesykepleien",
        "Hjemmesykepl. Nord",
        "HJEMMESYKEPLEIEN SONE NORD",
        "Hjemmesykeplein sone Nord",
    ),
    "Hjemmesykepleien sone Sør": (
        "Hjemmesykepleien sone Sør",
        "hjsp sone sør",
        "Hjemmesykepleien sone Sor",
        "Sone Sør hjemmesykepleien",
    ),
    "Praktisk bistand": ("Praktisk bistand", "praktisk bistand", "Praktisk  bistand", "Bistand praktisk"),
    "Nattpatruljen": ("Nattpatruljen", "nattpatrulje", "Natt-patruljen"),
    "Hverdagsrehabilitering": ("Hverdagsrehabilitering", "hverdagsrehab", "Hverdagsrehabiltering"),
    "Psykisk helse og rus": (
        "Psykisk helse og rus",
        "psyk. helse og rus",
        "Psykisk helse",
        "Rus og psykisk helse",
        "psykisk helse & rus",
    ),
    "Fysio- og ergoterapitjenesten": (
        "Fysio- og ergoterapitjenesten",
        "fysio og ergo",
        "Fysio og ergoterapitjenesten",
    ),
    "NAV Demo": ("NAV Demo", "NAV", "nav demo", "Demo NAV"),
    "Økonomi- og serviceteam": (
        "Økonomi- og serviceteam",
        "Okonomi og serviceteam",
        "økonomi og service-team",
    ),
    "Koordinerende enhet": ("Koordinerende enhet", "KE", "koordinerende enhet", "Koord. enhet"),
    "Demo sykehjem": ("Demo sykehjem", "Demo sykehjemmet", "demo-sykehjem"),
    "Langtidsavdelingen": ("Langtidsavdelingen", "Langtidsavd.", "langtidsavdeling"),
    "Bofellesskap Solsiden": ("Bofellesskap Solsiden", "bofelleskap solsiden", "Solsiden bofellesskap"),
    "Helsestasjon og skolehelsetjeneste": (
        "Helsestasjon og skolehelsetjeneste",
        "Helsestasjonen",
        "skolehelsetjeneste og helsestasjon",
    ),
    "Brukerstyrt personlig assistanse": ("Brukerstyrt personlig assistanse", "BPA", "bpa"),
}
EXTERNAL_SPELLINGS = {
    "Fastlegene": ("gp", ("Fastlegene", "fastleger", "Fastlege")),
    "Sykehuset": ("hospital", ("Sykehuset", "sykehuset Innlandet", "Spesialisthelsetjenesten", "DPS")),
    "Skolen": ("school", ("Skolen", "Barnehagene", "PPT")),
    "Politiet": ("police", ("Politiet", "politi")),
    "Frivillige": ("volunteers", ("Frivilligsentralen", "Frivillige", "Røde Kors")),
    "Brukere og pårørende": ("users_relatives", ("Brukere og pårørende", "Pårørende", "brukerrådet")),
    "Nabo kommune": ("municipality", ("Nabo kommune", "Nabokommunen")),
}
ROLE_SPELLINGS = ("Koordinator", "Ledere", "Sykehjemslege", "Fagutviklingssykepleier")
IGNORED = ("Diverse", "??")


def make_units(municipality, on=datetime.date(2020, 1, 1)) -> dict:
    made = {}
    for name, kind, parent in UNITS:
        made[name] = services.unit_create(
            municipality=municipality,
            name=name,
            kind=kind,
            valid_from=on,
            parent=made.get(parent),
            actor=None,
        )
    return made


def truth() -> dict[str, tuple[str, str]]:
    """spelling → ("unit", unit name) | ("external", kind) | ("role", role) | ("ignore", "")."""
    found: dict[str, tuple[str, str]] = {}
    for unit, spellings in UNIT_SPELLINGS.items():
        for spelling in spellings:
            found[spelling] = ("unit", unit)
    for _name, (kind, spellings) in EXTERNAL_SPELLINGS.items():
        for spelling in spellings:
            found[spelling] = ("external", kind)
    for role in ROLE_SPELLINGS:
        found[role] = ("role", role)
    for name in IGNORED:
        found[name] = ("ignore", "")
    return found

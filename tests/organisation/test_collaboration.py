"""Importing a messy collaboration list: aliases, blank and odd frequencies, names spelled many ways."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from helhet.organisation import services
from helhet.organisation.collaboration import collaboration_import, collaboration_map, parse_frequency
from helhet.organisation.models import CollaborationLink, Frequency

D = datetime.date
ON = D(2024, 1, 1)

MESSY = """unit;partner;frequency;purpose
Hjemmesykepleien;Tildelingskontoret;daglig;Fortløpende evaluering av tjenester, justering av vedtak
Hjemmetjenesten;Tjenestekontor;Daglig.;Delegering av tjenester
Demo sykehjem (lege);Demo sykehjem (sykepleiere);daglig;Medisinsk oppfølging
Demo sykehjem (lege);Fysio- og ergoterapi;ukentlig;Rehabilitering
Demo sykehjem (lege);Ledere;månedlig;Drift
Helsestasjonen;Familietjenesten;hver andre uke;Konsultasjonsmøter
Helsestasjonen;Psykisk helse;annenhver uke;Samtaler uten henvisning
Tjenestekontoret;Fysio- og ergoterapi;;Vurdering av hjelpemidler
Tjenestekontoret;Psykisk helse;hver sjette uke;Faste møtepunkter
Demo sykehjem;Tjenestekontoret;dag 1 – 1 måned / 3 måneder;Korttidsopphold
"""


@pytest.fixture
def units(municipality):
    made = {}
    for name in (
        "Tjenestekontoret",
        "Hjemmesykepleien",
        "Demo sykehjem",
        "Fysio- og ergoterapi",
        "Helsestasjonen",
        "Familietjenesten",
        "Psykisk helse og rus",
    ):
        made[name] = services.unit_create(
            actor=None, municipality=municipality, name=name, kind="unit", valid_from=D(2020, 1, 1)
        )
    return made


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daglig", Frequency.DAILY),
        ("Daglig.", Frequency.DAILY),
        ("ukentlig", Frequency.WEEKLY),
        ("annenhver uke", Frequency.BIWEEKLY),
        ("hver andre uke", Frequency.BIWEEKLY),
        ("månedlig", Frequency.MONTHLY),
        ("hver sjette uke", Frequency.EVERY_SIXTH_WEEK),
        ("halvårlig", Frequency.HALF_YEARLY),
        ("ved behov", Frequency.AS_NEEDED),
        ("", Frequency.UNKNOWN),
        ("  Ved   behov ", Frequency.AS_NEEDED),
        ("dag 1 – 1 måned / 3 måneder", None),
        ("iblant", None),
    ],
)
def test_norwegian_frequencies_are_read_or_refused(text, expected):
    assert parse_frequency(text) == expected


def test_a_messy_import_reports_every_unmatched_name_and_odd_frequency(municipality, units):
    report = collaboration_import(
        municipality=municipality, csv_text=MESSY, source="Workshop 2018", on=ON, actor=None
    )
    assert report.rows == 10
    assert set(report.unmatched) == {
        "Tildelingskontoret",
        "Hjemmetjenesten",
        "Tjenestekontor",
        "Ledere",
        "Psykisk helse",
    }
    assert report.unmatched["Tjenestekontor"].suggestions[0].name == "Tjenestekontoret"
    assert report.unmatched["Psykisk helse"].lines == [8, 10]
    assert report.unreadable_frequencies == [(11, "dag 1 – 1 måned / 3 måneder")]
    assert report.blank_frequencies == [9]
    # Only rows whose both ends matched a unit or an alias are saved.
    saved = CollaborationLink.objects.filter(source="Workshop 2018")
    assert report.saved == saved.count()
    odd = saved.get(unit=units["Demo sykehjem"], partner=units["Tjenestekontoret"])
    assert (odd.frequency, odd.frequency_text) == (Frequency.UNKNOWN, "dag 1 – 1 måned / 3 måneder")
    doctor = saved.get(role="lege", partner_role="sykepleiere")
    assert doctor.frequency == Frequency.DAILY


def test_saving_aliases_and_running_again_imports_the_rest_without_duplicates(municipality, units):
    collaboration_import(municipality=municipality, csv_text=MESSY, source="Workshop 2018", on=ON, actor=None)
    first = CollaborationLink.objects.count()
    for alias, unit in (
        ("Tildelingskontoret", "Tjenestekontoret"),
        ("Tjenestekontor", "Tjenestekontoret"),
        ("Hjemmetjenesten", "Hjemmesykepleien"),
        ("Psykisk helse", "Psykisk helse og rus"),
    ):
        services.unit_alias_save(actor=None, municipality=municipality, alias=alias, unit=units[unit])
    report = collaboration_import(
        municipality=municipality, csv_text=MESSY, source="Workshop 2018", on=ON, actor=None
    )
    assert set(report.unmatched) == {"Ledere"}
    assert CollaborationLink.objects.count() == report.saved > first


def test_a_dry_run_saves_nothing(municipality, units):
    report = collaboration_import(
        municipality=municipality, csv_text=MESSY, source="x", on=ON, dry_run=True, actor=None
    )
    assert report.rows == 10
    assert not CollaborationLink.objects.exists()


def test_a_file_without_the_columns_is_refused(municipality, units):
    with pytest.raises(ValidationError) as caught:
        collaboration_import(municipality=municipality, csv_text="a,b\n1,2\n", source="x", on=ON, actor=None)
    assert "kolonnene" in caught.value.messages[0]


def test_comma_separated_files_work_too(municipality, units):
    text = "enhet,samarbeidspartner,hyppighet,formål\nHelsestasjonen,Familietjenesten,ukentlig,Møter\n"
    report = collaboration_import(municipality=municipality, csv_text=text, source="y", on=ON, actor=None)
    assert report.saved == 1


def test_the_map_places_every_linked_unit(municipality, units):
    collaboration_import(municipality=municipality, csv_text=MESSY, source="Workshop 2018", on=ON, actor=None)
    nodes, edges, links = collaboration_map(municipality)
    assert {node.unit.pk for node in nodes} >= {link.unit_id for link in links}
    assert all(0 <= node.x <= 1000 and 0 <= node.y <= 700 for node in nodes)

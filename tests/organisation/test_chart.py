"""Org chart on a date, inherited leaders and span of control."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from helhet.organisation import services
from helhet.organisation.chart import chart_on, leader_levels, spans, units_without_leader

D = datetime.date
DAY = D(2024, 6, 1)


def add_staff(municipality, unit, count, fte="1", name="Ansatt"):
    made = []
    for i in range(count):
        person = services.staff_create(
            actor=None, municipality=municipality, first_name=f"{name}{i}", last_name="Test"
        )
        services.engagement_add(actor=None, staff=person, unit=unit, fte=fte, valid_from=D(2020, 1, 1))
        made.append(person)
    return made


@pytest.fixture
def org(municipality):
    def unit(name, kind, parent=None):
        return services.unit_create(
            actor=None,
            municipality=municipality,
            name=name,
            kind=kind,
            valid_from=D(2020, 1, 1),
            parent=parent,
        )

    area = unit("Velferd", "area")
    home = unit("Hjemmetjenester", "unit", area)
    north = unit("Sone Nord", "department", home)
    night = unit("Nattpatruljen", "team", home)  # no leader of its own
    bosses = {}
    for name, target in (("Kommunalsjef", area), ("Virksomhetsleder", home), ("Avdelingsleder", north)):
        boss = add_staff(municipality, target, 1, name=name)[0]
        services.leadership_assign(actor=None, unit=target, staff=boss, valid_from=D(2020, 1, 1))
        bosses[name] = boss
    add_staff(municipality, home, 2)
    add_staff(municipality, north, 30, fte="0.8")
    add_staff(municipality, night, 12, fte="0.5")
    return {"area": area, "home": home, "north": north, "night": night, **bosses}


def span_of(all_spans, unit):
    return next(span for span in all_spans if span.unit == unit)


def test_a_unit_without_a_leader_inherits_its_parents_leader(municipality, org):
    chart = chart_on(municipality, DAY)
    night = chart.nodes[org["night"].pk]
    assert night.leader == org["Virksomhetsleder"]
    assert night.inherited_from.unit == org["home"]
    assert [node.unit for node in units_without_leader(chart)] == [org["night"]]


def test_span_counts_staff_of_child_units_without_their_own_leader(municipality, org):
    all_spans = spans(chart_on(municipality, DAY))
    home = span_of(all_spans, org["home"])
    # 2 staff in the unit, 12 in the night patrol (no leader of its own), and the department leader.
    assert home.direct_heads == 15
    assert home.direct_fte == Decimal("2") + Decimal("6.0") + Decimal("1")
    assert home.total_heads == 2 + 12 + 1 + 30
    assert home.inherited_units == ("Nattpatruljen",)
    north = span_of(all_spans, org["north"])
    assert (north.direct_heads, north.total_heads) == (30, 30)
    area = span_of(all_spans, org["area"])
    assert area.direct_heads == 1  # only the unit leader below
    assert area.total_heads == 46


def test_leader_levels_from_top_to_department(municipality, org):
    levels = leader_levels(chart_on(municipality, DAY))
    assert [(level, [s.unit.name for s in group]) for level, group in levels] == [
        (1, ["Velferd"]),
        (2, ["Hjemmetjenester"]),
        (3, ["Sone Nord"]),
    ]


def test_head_counts_count_a_person_once_but_sum_their_fte(municipality, org):
    shared = add_staff(municipality, org["north"], 1, fte="0.5", name="Delt")[0]
    services.engagement_add(actor=None, staff=shared, unit=org["night"], fte="0.5", valid_from=D(2021, 1, 1))
    chart = chart_on(municipality, DAY)
    home = chart.nodes[org["home"].pk]
    assert home.total_heads == 47  # 46 before, plus the shared person once though in two units
    assert chart.nodes[org["night"].pk].fte == Decimal("6.5")


def test_the_chart_before_a_unit_existed_leaves_it_out(municipality, org):
    services.unit_create(
        actor=None,
        municipality=municipality,
        name="Ny enhet",
        kind="unit",
        valid_from=D(2025, 1, 1),
        parent=org["area"],
    )
    assert "Ny enhet" not in {n.unit.name for n in chart_on(municipality, DAY).walk()}
    assert "Ny enhet" in {n.unit.name for n in chart_on(municipality, D(2025, 1, 1)).walk()}


def test_an_inter_municipal_unit_shows_in_the_partner_municipality(municipality, other_municipality):
    emergency = services.unit_create(
        actor=None,
        municipality=other_municipality,
        name="Interkommunal legevakt",
        kind="unit",
        valid_from=D(2020, 1, 1),
    )
    services.unit_share(actor=None, unit=emergency, municipality=municipality, valid_from=D(2021, 1, 1))
    with pytest.raises(ValidationError):
        services.unit_share(actor=None, unit=emergency, municipality=municipality, valid_from=D(2022, 1, 1))
    with pytest.raises(ValidationError):
        services.unit_share(
            actor=None, unit=emergency, municipality=other_municipality, valid_from=D(2022, 1, 1)
        )
    chart = chart_on(municipality, DAY)
    node = chart.nodes[emergency.pk]
    assert node.shared_from == "Nabo kommune"
    assert emergency.pk not in chart_on(municipality, D(2020, 6, 1)).nodes


def test_the_chart_uses_a_fixed_number_of_queries(municipality, org, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        chart = chart_on(municipality, DAY)
        spans(chart)

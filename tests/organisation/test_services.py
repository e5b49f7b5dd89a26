"""Units over time, staff and engagements, mergers and moves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from helhet.access.models import Responsibility
from helhet.access.policy import person_access
from helhet.organisation import services
from helhet.organisation.chart import chart_on
from helhet.organisation.models import Engagement, Unit, UnitAlias
from tests import factories

D = datetime.date
BEFORE, MERGER, AFTER = D(2019, 12, 31), D(2020, 1, 1), D(2020, 6, 1)


def message(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


@pytest.fixture
def area(municipality):
    return services.unit_create(
        actor=None, municipality=municipality, name="Helse og velferd", kind="area", valid_from=D(2015, 1, 1)
    )


@pytest.fixture
def two_units(municipality, area):
    home_care = services.unit_create(
        actor=None,
        municipality=municipality,
        name="Hjemmetjenesten",
        kind="unit",
        valid_from=D(2015, 1, 1),
        parent=area,
    )
    housing = services.unit_create(
        actor=None,
        municipality=municipality,
        name="Bolig, rehabilitering og aktivisering",
        kind="unit",
        valid_from=D(2015, 1, 1),
        parent=area,
    )
    return home_care, housing


def staff(municipality, name="Anne"):
    return services.staff_create(
        actor=None, municipality=municipality, first_name=name, last_name="Hansen", profession="Sykepleier"
    )


def test_fte_must_be_above_zero_and_at_most_one(municipality, area):
    anne = staff(municipality)
    for fte in ("0", "1.2", "-0.5"):
        assert "større enn 0 og høyst 1" in message(
            lambda fte=fte: services.engagement_add(
                actor=None, staff=anne, unit=area, fte=fte, valid_from=D(2020, 1, 1)
            )
        )
    assert not Engagement.objects.exists()


def test_engagements_at_the_same_time_sum_to_at_most_one(municipality, two_units):
    home_care, housing = two_units
    anne = staff(municipality)
    services.engagement_add(actor=None, staff=anne, unit=home_care, fte="0.6", valid_from=D(2020, 1, 1))
    assert "samlet kan det ikke bli mer enn 1,0" in message(
        lambda: services.engagement_add(
            actor=None, staff=anne, unit=housing, fte="0.5", valid_from=D(2021, 1, 1)
        )
    )
    services.engagement_add(actor=None, staff=anne, unit=housing, fte="0.4", valid_from=D(2021, 1, 1))
    assert Engagement.objects.filter(staff=anne).count() == 2


def test_engagements_after_one_ends_may_use_the_full_position(municipality, two_units):
    home_care, housing = two_units
    anne = staff(municipality)
    services.engagement_add(
        actor=None, staff=anne, unit=home_care, fte=1, valid_from=D(2020, 1, 1), valid_to=D(2020, 12, 31)
    )
    services.engagement_add(actor=None, staff=anne, unit=housing, fte=1, valid_from=D(2021, 1, 1))
    assert "samlet" in message(
        lambda: services.engagement_add(
            actor=None, staff=anne, unit=housing, fte="0.2", valid_from=D(2019, 1, 1), valid_to=D(2020, 2, 1)
        )
    )


def test_a_unit_cannot_become_its_own_ancestor(municipality, area, two_units):
    home_care, _ = two_units
    team = services.unit_create(
        actor=None,
        municipality=municipality,
        name="Team Nord",
        kind="team",
        valid_from=D(2016, 1, 1),
        parent=home_care,
    )
    assert "under seg selv" in message(
        lambda: services.unit_move(actor=None, unit=home_care, new_parent=team, on=D(2022, 1, 1))
    )
    assert "under seg selv" in message(
        lambda: services.unit_move(actor=None, unit=area, new_parent=area, on=D(2022, 1, 1))
    )
    assert chart_on(municipality, D(2022, 1, 1)).nodes[team.pk].parent.unit == home_care


def test_moving_a_unit_keeps_the_old_chart_before_the_date(municipality, area, two_units):
    home_care, housing = two_units
    services.unit_move(actor=None, unit=housing, new_parent=home_care, on=D(2021, 1, 1))
    assert chart_on(municipality, D(2020, 12, 31)).nodes[housing.pk].parent.unit == area
    assert chart_on(municipality, D(2021, 1, 1)).nodes[housing.pk].parent.unit == home_care


@pytest.fixture
def merged(municipality, area, two_units, kari):
    home_care, housing = two_units
    nurse, therapist, boss = (
        staff(municipality, "Nina"),
        staff(municipality, "Tor"),
        staff(municipality, "Berit"),
    )
    services.engagement_add(actor=None, staff=nurse, unit=home_care, fte="0.8", valid_from=D(2018, 1, 1))
    services.engagement_add(actor=None, staff=therapist, unit=housing, fte=1, valid_from=D(2018, 1, 1))
    services.engagement_add(actor=None, staff=boss, unit=home_care, fte=1, valid_from=D(2018, 1, 1))
    services.leadership_assign(actor=None, unit=home_care, staff=boss, valid_from=D(2018, 1, 1))
    team = services.unit_create(
        actor=None,
        municipality=municipality,
        name="Hverdagsrehabilitering",
        kind="team",
        valid_from=D(2018, 1, 1),
        parent=housing,
    )
    factories.responsibility(
        kari, unit=home_care, valid_from=D(2019, 5, 1), reason="Helsetjenester i hjemmet"
    )
    new = services.units_merge(
        actor=None,
        units=[home_care, housing],
        name="Hjemmebaserte tjenester",
        kind="unit",
        on=MERGER,
        leader=boss,
    )
    return {"old": (home_care, housing), "new": new, "team": team, "boss": boss}


def test_before_the_merger_the_chart_shows_the_old_units(municipality, merged):
    chart = chart_on(municipality, BEFORE)
    names = {node.unit.name for node in chart.walk()}
    assert {"Hjemmetjenesten", "Bolig, rehabilitering og aktivisering"} <= names
    assert "Hjemmebaserte tjenester" not in names
    assert chart.nodes[merged["team"].pk].parent.unit.name == "Bolig, rehabilitering og aktivisering"
    assert chart.nodes[merged["old"][0].pk].heads == 2


def test_on_and_after_the_merger_the_chart_shows_the_new_unit_with_everyone(municipality, merged):
    for day in (MERGER, AFTER):
        chart = chart_on(municipality, day)
        names = {node.unit.name for node in chart.walk()}
        assert "Hjemmebaserte tjenester" in names
        assert "Hjemmetjenesten" not in names
        new = chart.nodes[merged["new"].pk]
        assert new.heads == 3
        assert new.fte == Decimal("2.8")
        assert new.own_leader == merged["boss"]
        assert chart.nodes[merged["team"].pk].parent is new


def test_the_old_units_end_the_day_before(merged):
    for unit in merged["old"]:
        assert unit.valid_to == BEFORE


def test_open_responsibilities_move_to_the_merged_unit(merged, kari, municipality):
    rows = list(Responsibility.objects.filter(person=kari).order_by("valid_from"))
    assert [(r.unit.name, r.valid_from, r.valid_to) for r in rows] == [
        ("Hjemmetjenesten", D(2019, 5, 1), BEFORE),
        ("Hjemmebaserte tjenester", MERGER, None),
    ]
    new_nurse = factories.user(municipality, "tjenesteyter", unit=merged["new"])
    assert person_access(new_nurse, kari).allowed


def test_old_names_become_aliases_of_the_merged_unit(merged):
    assert UnitAlias.objects.get(alias="Hjemmetjenesten").unit == merged["new"]


def test_merging_needs_two_units_that_exist_on_both_sides_of_the_date(municipality, two_units):
    home_care, housing = two_units
    assert "minst to" in message(
        lambda: services.units_merge(actor=None, units=[home_care], name="X", kind="unit", on=MERGER)
    )
    assert "både før og på" in message(
        lambda: services.units_merge(
            actor=None, units=[home_care, housing], name="X", kind="unit", on=D(2015, 1, 1)
        )
    )
    assert Unit.objects.count() == 3

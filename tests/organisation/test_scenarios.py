"""Reorganisation scenarios: the draft operations and their refusals, and publishing."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.core.models import ChangeRecord
from helhet.organisation import scenario_services as scenarios
from helhet.organisation import services
from helhet.organisation.chart import chart_on
from helhet.organisation.models import (
    CollaborationLink,
    Engagement,
    Leadership,
    Scenario,
    ScenarioUnit,
    Staff,
    Unit,
)
from tests import factories, scenario_world

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def actor(municipality):
    return factories.user(municipality, roles.LEADER, username="planlegger")


@pytest.fixture
def world(municipality, actor):
    return scenario_world.build(municipality, actor, handoffs=False)


@pytest.fixture
def draft(municipality, world, actor):
    return scenarios.scenario_create(municipality=municipality, name="Barn og familie samlet", actor=actor)


def su(scenario, unit):
    return ScenarioUnit.objects.get(scenario=scenario, source=unit)


def merge(draft, world, actor, **extra):
    return scenarios.scenario_units_merge(
        scenario=draft,
        units=[su(draft, world.health), su(draft, world.child)],
        name="Barn, ungdom og familie",
        kind="unit",
        leader=world.leaders["H"],
        actor=actor,
        **extra,
    )


def names(chart):
    return sorted(node.unit.name for node in chart.walk())


def test_the_copy_holds_todays_units_places_leaders_and_staff(draft, world):
    units = {u.name: u for u in draft.units.all()}
    assert sorted(units) == ["Barnevern", "Helse og familie", "Hjemmetjenester", "Velferd"]
    assert units["Barnevern"].parent == units["Velferd"] and units["Velferd"].parent is None
    assert units["Barnevern"].leader == world.leaders["B"]
    assert draft.placements.count() == 13
    assert draft.placements.filter(unit=units["Hjemmetjenester"]).count() == 5
    assert draft.based_on == local_today()
    assert ChangeRecord.objects.filter(object_type="organisation.scenario", object_id=draft.pk).exists()


def test_a_merger_in_the_draft_never_reaches_the_live_organisation(draft, world, actor, municipality):
    before_units = Unit.objects.count()
    merged = merge(draft, world, actor)
    assert merged.parent == su(draft, world.area)
    assert merged.placements.count() == 7
    assert su(draft, world.child).merged_into == merged
    assert Unit.objects.count() == before_units
    assert names(chart_on(municipality, local_today())) == [
        "Barnevern",
        "Helse og familie",
        "Hjemmetjenester",
        "Velferd",
    ]
    draft.refresh_from_db()
    assert draft.version == 2


def test_a_merger_needs_two_units_and_a_sensible_place(draft, world, actor, municipality):
    with pytest.raises(ValidationError, match="Velg minst to enheter"):
        scenarios.scenario_units_merge(
            scenario=draft, units=[su(draft, world.health)], name="X", kind="unit", actor=actor
        )
    with pytest.raises(ValidationError, match="Enhetene har ulike overordnede enheter"):
        scenarios.scenario_units_merge(
            scenario=draft,
            units=[su(draft, world.health), su(draft, world.area)],
            name="X",
            kind="unit",
            actor=actor,
        )
    with pytest.raises(ValidationError, match="kan ikke ligge under en av enhetene"):
        scenarios.scenario_units_merge(
            scenario=draft,
            units=[su(draft, world.area), su(draft, world.home)],
            parent=su(draft, world.health),
            name="X",
            kind="unit",
            actor=actor,
        )
    with pytest.raises(ValidationError, match="Skriv et navn"):
        scenarios.scenario_units_merge(
            scenario=draft,
            units=[su(draft, world.health), su(draft, world.child)],
            name=" \x00",
            kind="unit",
            actor=actor,
        )
    with pytest.raises(ValidationError, match="Lederen må være ansatt i samme kommune"):
        stranger = Staff.objects.create(
            municipality=factories.municipality("9997", "Annen"), first_name="Fremmed", last_name="Leder"
        )
        scenarios.scenario_units_merge(
            scenario=draft,
            units=[su(draft, world.health), su(draft, world.child)],
            name="X",
            kind="unit",
            leader=stranger,
            actor=actor,
        )
    assert draft.units.count() == 4 and all(u.is_active for u in draft.units.all())
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_new_unit_of_the_draft_is_folded_into_a_merger(draft, world, actor):
    split = scenarios.scenario_unit_split(
        scenario=draft,
        unit=su(draft, world.home),
        name="Hverdagsrehabilitering",
        placements=list(draft.placements.filter(staff__first_name__in=["Jon", "Jan"])),
        actor=actor,
    )
    with pytest.raises(ValidationError, match="Minst to av enhetene må finnes i dagens organisasjon"):
        scenarios.scenario_units_merge(
            scenario=draft, units=[split, su(draft, world.home)], name="X", kind="unit", actor=actor
        )
    merged = scenarios.scenario_units_merge(
        scenario=draft,
        units=[split, su(draft, world.home), su(draft, world.child)],
        name="Y",
        kind="unit",
        actor=actor,
    )
    assert not ScenarioUnit.objects.filter(pk=split.pk).exists()
    assert merged.placements.count() == 9


def test_a_unit_cannot_move_under_itself_or_its_own_descendants(draft, world, actor):
    with pytest.raises(ValidationError, match="kan ikke ligge under seg selv"):
        scenarios.scenario_unit_move(
            scenario=draft, unit=su(draft, world.area), new_parent=su(draft, world.area), actor=actor
        )
    with pytest.raises(ValidationError, match="kan ikke ligge under seg selv eller sine egne underenheter"):
        scenarios.scenario_unit_move(
            scenario=draft, unit=su(draft, world.area), new_parent=su(draft, world.home), actor=actor
        )
    with pytest.raises(ValidationError, match="ligger allerede under Velferd"):
        scenarios.scenario_unit_move(
            scenario=draft, unit=su(draft, world.home), new_parent=su(draft, world.area), actor=actor
        )
    moved = scenarios.scenario_unit_move(
        scenario=draft, unit=su(draft, world.child), new_parent=su(draft, world.health), actor=actor
    )
    assert moved.parent == su(draft, world.health)


def test_a_split_takes_only_staff_of_the_unit_split(draft, world, actor):
    with pytest.raises(ValidationError, match="Velg hvilke ansatte i Hjemmetjenester"):
        scenarios.scenario_unit_split(
            scenario=draft,
            unit=su(draft, world.home),
            name="Ny",
            placements=list(draft.placements.filter(staff__first_name="Berit")),
            actor=actor,
        )
    with pytest.raises(ValidationError, match="Velg hvilke ansatte"):
        scenarios.scenario_unit_split(
            scenario=draft, unit=su(draft, world.home), name="Ny", placements=[], actor=actor
        )
    assert draft.units.count() == 4


def test_leader_and_staff_moves_are_refused_when_nothing_changes(draft, world, actor):
    with pytest.raises(ValidationError, match="leder allerede Barnevern"):
        scenarios.scenario_leader_set(
            scenario=draft, unit=su(draft, world.child), staff=world.leaders["B"], actor=actor
        )
    berit = draft.placements.get(staff__first_name="Berit")
    with pytest.raises(ValidationError, match="er allerede i Barnevern"):
        scenarios.scenario_staff_move(
            scenario=draft, placement=berit, to_unit=su(draft, world.child), actor=actor
        )


def test_a_stale_page_cannot_overwrite_a_newer_draft(draft, world, actor):
    merge(draft, world, actor)
    with pytest.raises(ValidationError, match="endret av noen andre"):
        scenarios.scenario_unit_move(
            scenario=draft,
            unit=su(draft, world.home),
            new_parent=ScenarioUnit.objects.get(scenario=draft, name="Barn, ungdom og familie"),
            actor=actor,
            expected_version=1,
        )


def test_publishing_makes_the_draft_the_organisation_from_the_date(draft, world, actor, municipality):
    merged = merge(draft, world, actor)
    split = scenarios.scenario_unit_split(
        scenario=draft,
        unit=su(draft, world.home),
        name="Hverdagsrehabilitering",
        placements=list(draft.placements.filter(staff__first_name__in=["Jon", "Jan"])),
        leader=world.staff["Jon"],
        actor=actor,
    )
    scenarios.scenario_unit_move(scenario=draft, unit=split, new_parent=merged, actor=actor)
    scenarios.scenario_leader_set(
        scenario=draft, unit=su(draft, world.home), staff=world.staff["Jorunn"], actor=actor
    )
    scenarios.scenario_staff_move(
        scenario=draft,
        placement=draft.placements.get(staff__first_name="Hilde"),
        to_unit=su(draft, world.home),
        actor=actor,
    )
    on = local_today() + datetime.timedelta(days=30)

    published = scenarios.scenario_publish(scenario=draft, on=on, actor=actor)

    assert published.status == "published" and published.published_from == on
    before = chart_on(municipality, on - ONE_DAY)
    assert names(before) == ["Barnevern", "Helse og familie", "Hjemmetjenester", "Velferd"]
    after = chart_on(municipality, on)
    assert names(after) == ["Barn, ungdom og familie", "Hjemmetjenester", "Hverdagsrehabilitering", "Velferd"]
    by_name = {node.unit.name: node for node in after.walk()}
    buf = by_name["Barn, ungdom og familie"]
    assert buf.parent.unit.name == "Velferd" and buf.own_leader == world.leaders["H"]
    assert buf.heads == 6  # seven from the two units, less Hilde
    rehab = by_name["Hverdagsrehabilitering"]
    assert rehab.parent is buf and rehab.own_leader == world.staff["Jon"] and rehab.heads == 2
    home = by_name["Hjemmetjenester"]
    assert home.own_leader == world.staff["Jorunn"]
    assert sorted(s.first_name for s in Staff.objects.filter(pk__in=home.staff_fte)) == [
        "Hilde",
        "Janne",
        "Jens",
        "Jorunn",
    ]
    assert Engagement.objects.get(staff=world.staff["Hilde"], unit=world.health).valid_to == on - ONE_DAY
    assert Leadership.objects.get(unit=world.home, staff=world.leaders["J"]).valid_to == on - ONE_DAY
    assert ChangeRecord.objects.filter(object_type="organisation.unit", object_id=buf.unit.pk).exists()
    assert ScenarioUnit.objects.get(pk=merged.pk).published_as == buf.unit


def test_a_published_scenario_is_published_once_and_never_edited(draft, world, actor, municipality):
    merge(draft, world, actor)
    on = local_today() + ONE_DAY
    stale = Scenario.objects.get(pk=draft.pk)
    scenarios.scenario_publish(scenario=draft, on=on, actor=actor)
    units = Unit.objects.count()
    with pytest.raises(ValidationError, match="allerede publisert"):
        scenarios.scenario_publish(scenario=stale, on=on + ONE_DAY, actor=actor)
    with pytest.raises(ValidationError, match="kan ikke endres"):
        scenarios.scenario_unit_move(
            scenario=stale, unit=su(draft, world.home), new_parent=su(draft, world.area), actor=actor
        )
    assert Unit.objects.count() == units


@pytest.mark.parametrize(
    ("offset", "message"),
    [(-1, "tilbake i tid"), (365 * 6, "innen fem år")],
)
def test_a_date_in_the_past_or_far_ahead_is_refused(draft, world, actor, offset, message):
    merge(draft, world, actor)
    with pytest.raises(ValidationError, match=message):
        scenarios.scenario_publish(
            scenario=draft, on=local_today() + datetime.timedelta(days=offset), actor=actor
        )
    draft.refresh_from_db()
    assert draft.is_draft


def test_publishing_refuses_when_the_live_organisation_changed_under_the_draft(
    draft, world, actor, municipality
):
    merge(draft, world, actor)
    services.leadership_assign(
        unit=world.child, staff=world.staff["Berit"], valid_from=local_today(), actor=actor
    )
    units = Unit.objects.count()
    with pytest.raises(ValidationError) as refused:
        scenarios.scenario_publish(scenario=draft, on=local_today() + ONE_DAY, actor=actor)
    assert "«Barnevern» har fått en annen leder siden scenarioet ble kopiert." in refused.value.messages
    assert Unit.objects.count() == units
    draft.refresh_from_db()
    assert draft.is_draft


def test_changes_to_units_the_draft_leaves_alone_are_kept(draft, world, actor, municipality):
    merge(draft, world, actor)
    services.leadership_assign(
        unit=world.home, staff=world.staff["Janne"], valid_from=local_today(), actor=actor
    )
    on = local_today() + ONE_DAY
    scenarios.scenario_publish(scenario=draft, on=on, actor=actor)
    home = next(node for node in chart_on(municipality, on).walk() if node.unit == world.home)
    assert home.own_leader == world.staff["Janne"]


def test_merging_two_units_that_work_together_leaves_no_link_to_itself(municipality, world, actor):
    merged = services.units_merge(
        units=[world.health, world.child], name="Samlet", kind="unit", on=local_today(), actor=actor
    )
    assert not CollaborationLink.objects.filter(unit=merged, partner=merged).exists()
    assert CollaborationLink.objects.filter(unit=merged, partner=world.home).exists()


@pytest.mark.django_db(transaction=True)
def test_two_publishers_at_once_publish_once(municipality, world, actor):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections need PostgreSQL")
    draft = scenarios.scenario_create(municipality=municipality, name="Samtidig", actor=actor)
    merge(draft, world, actor)
    on = local_today() + ONE_DAY
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def publish():
        try:
            barrier.wait()
            scenarios.scenario_publish(scenario=Scenario.objects.get(pk=draft.pk), on=on, actor=actor)
            outcomes.append("published")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "published" and "allerede publisert" in sorted(outcomes)[0]
    assert Unit.objects.filter(name="Barn, ungdom og familie").count() == 1

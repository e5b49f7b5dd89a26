"""Scenario pages and the comparison with today, on an organisation with hand-computed figures."""

import datetime

import pytest
from django.urls import reverse

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.insight.scenario_compare import compare
from helhet.organisation import scenario_services as scenarios
from helhet.organisation.chart import chart_on
from helhet.organisation.models import Scenario, ScenarioUnit, Unit
from tests import factories, scenario_world
from tests.insight.test_pages import build_organisation


@pytest.fixture
def planner(municipality):
    return factories.user(municipality, roles.LEADER, username="planlegger")


@pytest.fixture
def world(municipality, planner):
    return scenario_world.build(municipality, planner)


@pytest.fixture
def draft(municipality, world, planner):
    return scenarios.scenario_create(municipality=municipality, name="BUF", actor=planner)


@pytest.fixture
def planner_client(client, planner):
    client.force_login(planner)
    return client


def su(scenario, unit):
    return ScenarioUnit.objects.get(scenario=scenario, source=unit)


def merge_health_and_child(draft, world, planner):
    return scenarios.scenario_units_merge(
        scenario=draft,
        units=[su(draft, world.health), su(draft, world.child)],
        name="Barn, ungdom og familie",
        kind="unit",
        leader=world.leaders["H"],
        actor=planner,
    )


def test_an_unchanged_copy_compares_equal_to_today(draft):
    result = compare(draft, local_today())
    assert (result.today.units, result.scenario.units) == (4, 4)
    assert result.today.silo == result.scenario.silo == 1.0
    assert result.leader_changes == [] and result.handoff_pairs == []


def test_the_comparison_of_a_merger_matches_the_hand_computed_figures(draft, world, planner):
    merge_health_and_child(draft, world, planner)
    result = compare(draft, local_today())
    assert (result.today.units, result.scenario.units) == (4, 3)
    assert (result.today.levels, result.scenario.levels) == (2, 2)
    # Limit 3: today only Jens (4 direct); in the draft Hanne gets 6 (Hilde, Hans, Bjørn, Berit, Bodil, Bernt).
    assert [(s.leader.first_name, s.direct_heads) for s in result.today.over] == [("Jens", 4)]
    assert [(s.leader.first_name, s.direct_heads) for s in result.scenario.over] == [
        ("Hanne", 6),
        ("Jens", 4),
    ]
    # Weights 6 (health-child), 5 (health-home), 3 (child-area): all cross today; 5 + 3 of 14 in the draft.
    assert result.today.silo == 1.0
    assert result.scenario.silo == pytest.approx(8 / 14)
    changed = {
        c.staff.first_name: ([s.first_name for s in c.before], [s.first_name for s in c.after])
        for c in result.leader_changes
    }
    assert changed == {
        "Berit": (["Bjørn"], ["Hanne"]),
        "Bodil": (["Bjørn"], ["Hanne"]),
        "Bernt": (["Bjørn"], ["Hanne"]),
        "Bjørn": (["Kari"], ["Hanne"]),
    }
    # 3 + 1 in the last year (the one 400 days ago is left out); health-home stays across a border.
    assert [(p.first, p.second, p.count, p.group) for p in result.handoff_pairs] == [
        ("Barnevern", "Helse og familie", 4, "Barn, ungdom og familie")
    ]
    assert result.handoffs_internal == 4


def test_a_new_leader_changes_the_leader_of_the_units_staff(draft, world, planner):
    scenarios.scenario_leader_set(
        scenario=draft, unit=su(draft, world.home), staff=world.staff["Jorunn"], actor=planner
    )
    result = compare(draft, local_today())
    changed = {c.staff.first_name: [s.first_name for s in c.after] for c in result.leader_changes}
    assert changed == {
        "Jens": ["Jorunn"],
        "Jon": ["Jorunn"],
        "Jan": ["Jorunn"],
        "Janne": ["Jorunn"],
        "Jorunn": ["Kari"],
    }


def test_readers_see_scenarios_but_only_editors_change_them(client, draft, world, case_worker, nurse):
    client.force_login(nurse)
    assert client.get(reverse("insight:scenarios")).status_code == 403
    client.force_login(case_worker)
    assert client.get(reverse("insight:scenario_compare", args=[draft.pk])).status_code == 200
    page = client.get(reverse("insight:scenario", args=[draft.pk])).content.decode()
    assert "Slå sammen enheter" not in page
    response = client.post(reverse("insight:scenario_edit", args=[draft.pk]), {"operation": "merge"})
    assert response.status_code == 403
    assert client.post(reverse("insight:scenarios"), {"name": "Mitt"}).status_code == 403
    assert (
        client.post(reverse("insight:scenario_publish", args=[draft.pk]), {"on": "2030-01-01"}).status_code
        == 403
    )
    assert Scenario.objects.count() == 1


def test_another_municipalitys_scenario_is_not_found(client, draft, other_municipality):
    outsider = factories.user(other_municipality, roles.LEADER, username="naboleder")
    client.force_login(outsider)
    for name in ("insight:scenario", "insight:scenario_compare"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("insight:scenario_edit", args=[draft.pk]), {"operation": "merge"}).status_code
        == 404
    )
    assert client.get(reverse("insight:scenarios")).content.decode().count("BUF") == 0


def test_create_merge_and_refusals_through_the_page(planner_client, municipality, world):
    response = planner_client.post(
        reverse("insight:scenarios"), {"name": "Samlet barn og familie"}, follow=True
    )
    assert "er en kopi av organisasjonen i dag" in response.content.decode()
    scenario = Scenario.objects.get(name="Samlet barn og familie")
    edit = reverse("insight:scenario_edit", args=[scenario.pk])
    one = su(scenario, world.health).pk
    page = planner_client.post(
        edit, {"operation": "merge", "units": [one], "name": "X", "kind": "unit"}, follow=True
    )
    assert "Velg minst to enheter å slå sammen." in page.content.decode()
    area = su(scenario, world.area)
    page = planner_client.post(
        edit, {"operation": "move", "unit": area.pk, "parent": su(scenario, world.home).pk}, follow=True
    )
    assert "En enhet kan ikke ligge under seg selv eller sine egne underenheter." in page.content.decode()
    assert planner_client.post(edit, {"operation": "move", "unit": "1", "parent": "\x00"}).status_code == 422
    for bad in (
        {"operation": "move", "unit": "abc", "parent": "-1"},
        {"operation": "nope"},
        {"operation": "staff", "placement": "99999999"},
    ):
        assert planner_client.post(edit, bad).status_code == 302
    page = planner_client.post(
        edit,
        {
            "operation": "merge",
            "units": [one, su(scenario, world.child).pk],
            "name": "Barn, ungdom og familie",
            "kind": "unit",
            "leader": world.leaders["H"].pk,
        },
        follow=True,
    )
    assert "Enhetene er slått sammen til Barn, ungdom og familie i scenarioet." in page.content.decode()
    assert ScenarioUnit.objects.filter(scenario=scenario, merged_into__isnull=False).count() == 2
    assert Unit.objects.filter(name="Barn, ungdom og familie").count() == 0


def test_publish_asks_first_refuses_bad_dates_and_then_changes_the_organisation(
    planner_client, municipality, draft, world, planner
):
    merge_health_and_child(draft, world, planner)
    url = reverse("insight:scenario_publish", args=[draft.pk])
    for bad, message in (
        ("2099-12-31", "innen fem år"),
        ("2001-01-01", "tilbake i tid"),
        ("i morgen", "ÅÅÅÅ-MM-DD"),
    ):
        page = planner_client.post(url, {"on": bad, "confirm": "1"}, follow=True).content.decode()
        assert message in page
    assert planner_client.post(url, {"on": "9999-12-31", "confirm": "1"}).status_code == 422  # core.guards
    on = local_today() + datetime.timedelta(days=1)
    ask = planner_client.post(url, {"on": on.isoformat()})
    assert ask.status_code == 200 and "Ingenting er endret ennå." in ask.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft
    done = planner_client.post(
        url, {"on": on.isoformat(), "confirm": "1", "version": draft.version}, follow=True
    )
    assert "Scenarioet er publisert og gjelder fra" in done.content.decode()
    assert "Barn, ungdom og familie" in [node.unit.name for node in chart_on(municipality, on).walk()]
    again = planner_client.post(url, {"on": on.isoformat(), "confirm": "1"}, follow=True).content.decode()
    assert "allerede publisert" in again
    assert Unit.objects.filter(name="Barn, ungdom og familie").count() == 1
    page = planner_client.get(reverse("insight:scenario", args=[draft.pk])).content.decode()
    assert "Slå sammen enheter" not in page and "kan ikke endres" in page


@pytest.mark.parametrize("size", ["small", "large"])
def test_scenario_pages_use_a_fixed_number_of_queries(
    size, planner_client, municipality, planner, django_assert_max_num_queries
):
    if size == "large":
        build_organisation(municipality, units_per_level=(1, 6, 5, 2), staff=600)
    else:
        build_organisation(municipality, units_per_level=(1, 2, 1, 1), staff=10)
    scenario = scenarios.scenario_create(municipality=municipality, name="Stor", actor=planner)
    root = ScenarioUnit.objects.get(scenario=scenario, parent=None)
    units = list(ScenarioUnit.objects.filter(scenario=scenario, parent=root).order_by("pk"))
    scenarios.scenario_units_merge(
        scenario=scenario, units=units[:2], name="Sammen", kind="unit", actor=planner
    )
    for name in ("insight:scenarios", "insight:scenario", "insight:scenario_compare"):
        args = [] if name == "insight:scenarios" else [scenario.pk]
        with django_assert_max_num_queries(18):  # the comparison: two charts, links, handoffs, staff
            assert planner_client.get(reverse(name, args=args)).status_code == 200

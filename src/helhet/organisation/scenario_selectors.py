"""Reads of reorganisation scenarios: the draft as the same `Chart` the live org chart is, so span of
control, leader levels and head counts are computed by one piece of code for both."""

import datetime
from decimal import Decimal

from helhet.core.models import Municipality
from helhet.organisation.chart import Chart, Node, _total
from helhet.organisation.models import Leadership, Unit
from helhet.organisation.scenario_models import Scenario, ScenarioPlacement, ScenarioUnit


def scenario_for(municipality: Municipality, scenario_id: int) -> Scenario | None:
    return Scenario.objects.filter(municipality=municipality, pk=scenario_id).first()


def scenario_list(municipality: Municipality):
    return Scenario.objects.filter(municipality=municipality).select_related("created_by", "published_by")


def scenario_units(scenario: Scenario) -> list[ScenarioUnit]:
    """All draft units (merged-away ones too), with their leaders; two queries at most."""
    return list(
        ScenarioUnit.objects.filter(scenario=scenario)
        .select_related("leader", "base_leader")
        .order_by("name", "pk")
    )


def scenario_placements(scenario: Scenario) -> list[ScenarioPlacement]:
    return list(
        ScenarioPlacement.objects.filter(scenario=scenario)
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name", "pk")
    )


def resolve(unit_id: int, by_id: dict[int, ScenarioUnit]) -> int:
    """The draft unit a (possibly merged-away) draft unit ends up in."""
    seen: set[int] = set()
    current = by_id[unit_id]
    while current.merged_into_id is not None and current.pk not in seen:
        seen.add(current.pk)
        current = by_id[current.merged_into_id]
    return current.pk


def draft_chart(
    scenario: Scenario,
    day: datetime.date,
    units: list[ScenarioUnit] | None = None,
    placements: list[ScenarioPlacement] | None = None,
) -> Chart:
    """The draft as a `Chart`. Its units are unsaved `Unit` objects whose pk is the draft unit's id
    (they never touch the database); leaders are unsaved `Leadership` objects."""
    units = scenario_units(scenario) if units is None else units
    placements = scenario_placements(scenario) if placements is None else placements
    nodes: dict[int, Node] = {}
    for draft in units:
        if not draft.is_active:
            continue
        unit = Unit(pk=draft.pk, municipality_id=scenario.municipality_id, name=draft.name, kind=draft.kind)
        node = Node(unit=unit)
        if draft.leader is not None:
            node.leaders.append(Leadership(staff=draft.leader, valid_from=day))
        nodes[draft.pk] = node
    for draft in units:
        if draft.pk in nodes and draft.parent_id in nodes and draft.parent_id != draft.pk:
            nodes[draft.pk].parent = nodes[draft.parent_id]
            nodes[draft.parent_id].children.append(nodes[draft.pk])
    for placement in placements:
        placed = nodes.get(placement.unit_id)
        if placed is not None:
            placed.staff_fte[placement.staff_id] = (
                placed.staff_fte.get(placement.staff_id, Decimal(0)) + placement.fte
            )
    roots = [node for node in nodes.values() if node.parent is None]
    for root in roots:
        _total(root, 0, set())
    return Chart(day=day, roots=sorted(roots, key=lambda n: n.unit.name), nodes=nodes)


def descendant_ids(unit: ScenarioUnit, units: list[ScenarioUnit]) -> set[int]:
    children: dict[int, list[int]] = {}
    for draft in units:
        if draft.parent_id is not None and draft.is_active:
            children.setdefault(draft.parent_id, []).append(draft.pk)
    found: set[int] = set()
    stack = [unit.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found

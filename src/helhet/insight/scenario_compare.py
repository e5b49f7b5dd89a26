"""A reorganisation scenario side by side with today's organisation.

Both sides are `organisation.chart.Chart`s (the draft is built into the same structure), so units,
leader levels and span of control are counted by the same code. A unit's group is the nearest unit
(itself or above) with its own leader; two units in one group are "under the same leader". The silo
index and the handoffs that would become internal are measured on those groups. Handoffs are read as
counts per unit pair only (aggregates, no person)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from helhet.intake.models import Handoff
from helhet.organisation.chart import Chart, Node, chart_on, leader_levels, spans
from helhet.organisation.models import FREQUENCY_WEIGHT, CollaborationLink, Staff
from helhet.organisation.network import silo_index
from helhet.organisation.scenario_models import Scenario
from helhet.organisation.scenario_selectors import draft_chart, resolve, scenario_placements, scenario_units

HANDOFF_DAYS = 365


@dataclass
class Side:
    chart: Chart
    units: int
    levels: int
    over: list
    silo: float | None


@dataclass
class LeaderChange:
    staff: Staff
    before: list[Staff]
    after: list[Staff]


@dataclass
class HandoffPair:
    first: str
    second: str
    count: int
    group: str


@dataclass
class Comparison:
    today: Side
    scenario: Side
    limit: int
    leader_changes: list[LeaderChange] = field(default_factory=list)
    handoff_pairs: list[HandoffPair] = field(default_factory=list)

    @property
    def handoffs_internal(self) -> int:
        return sum(pair.count for pair in self.handoff_pairs)


def group_node(node: Node) -> Node:
    current: Node | None = node
    top = node
    while current is not None:
        if current.leaders:
            return current
        top = current
        current = current.parent
    return top


def leaders_of_staff(chart: Chart) -> dict[int, set[int]]:
    """Each member of staff's nearest leaders (never themselves), over all the units they work in."""

    def above(node: Node | None, exclude: int) -> int | None:
        while node is not None:
            if node.leaders and node.own_leader is not None and node.own_leader.pk != exclude:
                return node.own_leader.pk
            node = node.parent
        return None

    found: dict[int, set[int]] = defaultdict(set)
    for node in chart.walk():
        for staff_id in node.staff_fte:
            leader = above(node, staff_id)
            found.setdefault(staff_id, set())
            if leader is not None:
                found[staff_id].add(leader)
        if node.own_leader is not None:
            leader = above(node.parent, node.own_leader.pk)
            found.setdefault(node.own_leader.pk, set())
            if leader is not None:
                found[node.own_leader.pk].add(leader)
    return found


def _side(chart: Chart, limit: int, weights, group_of) -> Side:
    all_spans = spans(chart)
    return Side(
        chart=chart,
        units=len(chart.nodes),
        levels=len(leader_levels(chart)),
        over=sorted(
            (s for s in all_spans if s.direct_heads > limit), key=lambda s: (-s.direct_heads, s.unit.name)
        ),
        silo=silo_index(weights, group_of),
    )


def collaboration_weights(municipality) -> dict[tuple[int, int], float]:
    weights: dict[tuple[int, int], float] = defaultdict(float)
    for unit_id, partner_id, frequency in CollaborationLink.objects.filter(
        municipality=municipality, partner__isnull=False
    ).values_list("unit_id", "partner_id", "frequency"):
        if unit_id != partner_id:
            weights[(min(unit_id, partner_id), max(unit_id, partner_id))] += FREQUENCY_WEIGHT.get(
                frequency, 1
            )
    return dict(weights)


def compare(scenario: Scenario, day: datetime.date) -> Comparison:
    """Today (`day`) against the draft; a fixed number of queries whatever the size."""
    municipality = scenario.municipality
    limit = municipality.span_of_control_limit
    today_chart = chart_on(municipality, day)
    units = scenario_units(scenario)
    placements = scenario_placements(scenario)
    draft = draft_chart(scenario, day, units, placements)
    by_id = {unit.pk: unit for unit in units}

    today_group = {
        pk: group_node(node).unit.pk for pk, node in today_chart.nodes.items() if node.shared_from is None
    }
    draft_group_node = {}
    for unit in units:
        if unit.source_id is not None:
            node = draft.nodes.get(resolve(unit.pk, by_id))
            if node is not None:
                draft_group_node[unit.source_id] = group_node(node)
    draft_group = {pk: node.unit.pk for pk, node in draft_group_node.items()}
    weights = collaboration_weights(municipality)
    result = Comparison(
        today=_side(today_chart, limit, weights, today_group),
        scenario=_side(draft, limit, weights, draft_group),
        limit=limit,
    )

    before, after = leaders_of_staff(today_chart), leaders_of_staff(draft)
    changed = sorted(pk for pk in before.keys() & after.keys() if before[pk] != after[pk])
    wanted = set(changed) | {pk for pk in changed for pk in before[pk] | after[pk]}
    people = {s.pk: s for s in Staff.objects.filter(pk__in=wanted)} if wanted else {}

    def named(ids):
        return sorted((people[pk] for pk in ids if pk in people), key=str)

    result.leader_changes = sorted(
        (
            LeaderChange(staff=people[pk], before=named(before[pk]), after=named(after[pk]))
            for pk in changed
            if pk in people
        ),
        key=lambda change: (change.staff.last_name, change.staff.first_name, change.staff.pk),
    )

    since = timezone.now() - datetime.timedelta(days=HANDOFF_DAYS)
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for row in (
        Handoff.objects.filter(municipality=municipality, from_unit__isnull=False, at__gte=since)
        .values("from_unit_id", "to_unit_id")
        .annotate(n=Count("id"))
    ):
        a, b = row["from_unit_id"], row["to_unit_id"]
        if a != b:
            pairs[(min(a, b), max(a, b))] += row["n"]
    for (a, b), count in pairs.items():
        if a not in today_group or b not in today_group or a not in draft_group or b not in draft_group:
            continue
        if today_group[a] != today_group[b] and draft_group[a] == draft_group[b]:
            names = sorted([today_chart.nodes[a].unit.name, today_chart.nodes[b].unit.name])
            result.handoff_pairs.append(
                HandoffPair(first=names[0], second=names[1], count=count, group=draft_group_node[a].unit.name)
            )
    result.handoff_pairs.sort(key=lambda pair: (-pair.count, pair.first, pair.second))
    return result

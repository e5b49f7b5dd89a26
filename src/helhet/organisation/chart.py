"""The organisation as it stood on one date: tree, leaders (own or inherited), head counts and span
of control. Built from four queries whatever the size of the organisation."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from helhet.organisation.models import Engagement, Leadership, Staff, Unit, UnitParent, UnitShare


@dataclass
class Node:
    unit: Unit
    shared_from: str | None = None  # host municipality's name for an inter-municipal unit
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    leaders: list[Leadership] = field(default_factory=list)
    staff_fte: dict[int, Decimal] = field(default_factory=dict)  # staff id -> FTE in this unit
    depth: int = 0
    subtree_staff: set[int] = field(default_factory=set)
    subtree_fte: Decimal = Decimal(0)

    @property
    def own_leader(self) -> Staff | None:
        return self.leaders[0].staff if self.leaders else None

    @property
    def inherited_from(self) -> "Node | None":
        node = self.parent
        while node is not None and not node.leaders:
            node = node.parent
        return node if not self.leaders else None

    @property
    def leader(self) -> Staff | None:
        if self.leaders:
            return self.own_leader
        source = self.inherited_from
        return source.own_leader if source else None

    @property
    def heads(self) -> int:
        return len(self.staff_fte)

    @property
    def fte(self) -> Decimal:
        return sum(self.staff_fte.values(), Decimal(0))

    @property
    def total_heads(self) -> int:
        return len(self.subtree_staff)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Chart:
    day: datetime.date
    roots: list[Node]
    nodes: dict[int, Node]

    def walk(self):
        for root in self.roots:
            yield from root.walk()

    @property
    def staff_count(self) -> int:
        return len(set().union(*(root.subtree_staff for root in self.roots))) if self.roots else 0


def chart_on(municipality, day: datetime.date) -> Chart:
    shared_ids = UnitShare.objects.valid_on(day).filter(municipality=municipality).values("unit_id")
    units = list(
        Unit.objects.valid_on(day)
        .filter(Q(municipality=municipality) | Q(pk__in=shared_ids))
        .select_related("municipality")
        .order_by("name")
    )
    nodes = {
        unit.pk: Node(
            unit=unit, shared_from=unit.municipality.name if unit.municipality_id != municipality.pk else None
        )
        for unit in units
    }
    for unit_id, parent_id in (
        UnitParent.objects.valid_on(day).filter(unit_id__in=nodes).values_list("unit_id", "parent_id")
    ):
        if parent_id in nodes and unit_id != parent_id:
            nodes[unit_id].parent = nodes[parent_id]
            nodes[parent_id].children.append(nodes[unit_id])
    for leadership in (
        Leadership.objects.valid_on(day)
        .filter(unit_id__in=nodes)
        .select_related("staff")
        .order_by("valid_from", "pk")
    ):
        nodes[leadership.unit_id].leaders.append(leadership)
    for unit_id, staff_id, fte in (
        Engagement.objects.valid_on(day).filter(unit_id__in=nodes).values_list("unit_id", "staff_id", "fte")
    ):
        own = nodes[unit_id].staff_fte
        own[staff_id] = own.get(staff_id, Decimal(0)) + fte
    roots = [node for node in nodes.values() if node.parent is None]
    for root in roots:
        _total(root, 0, set())
    return Chart(day=day, roots=sorted(roots, key=lambda n: n.unit.name), nodes=nodes)


def _total(node: Node, depth: int, seen: set[int]) -> None:
    seen.add(node.unit.pk)
    node.depth = depth
    node.children.sort(key=lambda child: child.unit.name)
    node.subtree_staff = set(node.staff_fte)
    node.subtree_fte = node.fte
    for child in node.children:
        if child.unit.pk in seen:  # a cycle in bad data: never loop
            continue
        _total(child, depth + 1, seen)
        node.subtree_staff |= child.subtree_staff
        node.subtree_fte += child.subtree_fte


@dataclass(frozen=True)
class Span:
    leader: Staff
    unit: Unit
    level: int
    direct_heads: int
    direct_fte: Decimal
    total_heads: int
    inherited_units: tuple[str, ...]


def spans(chart: Chart) -> list[Span]:
    """Span of control per leadership: direct reports are the staff of the led unit and of child units
    without their own leader (recursively), plus the leaders of the nearest child units with one."""
    result = []
    for node in chart.walk():
        if not node.leaders:
            continue
        leader = node.own_leader
        direct: dict[int, Decimal] = {}
        inherited: list[str] = []

        def cover(current: Node, direct=direct, inherited=inherited) -> None:
            for staff_id, fte in current.staff_fte.items():
                direct[staff_id] = direct.get(staff_id, Decimal(0)) + fte
            for child in current.children:
                if child.own_leader is not None:
                    sub_leader = child.own_leader.pk
                    direct[sub_leader] = direct.get(sub_leader, Decimal(0)) + child.staff_fte.get(
                        sub_leader, Decimal(0)
                    )
                else:
                    inherited.append(child.unit.name)
                    cover(child)

        cover(node)
        direct.pop(leader.pk, None)
        below = node.subtree_staff - {leader.pk}
        result.append(
            Span(
                leader=leader,
                unit=node.unit,
                level=_leader_level(node),
                direct_heads=len(direct),
                direct_fte=sum(direct.values(), Decimal(0)),
                total_heads=len(below),
                inherited_units=tuple(inherited),
            )
        )
    return result


def _leader_level(node: Node) -> int:
    level = 0
    current: Node | None = node
    while current is not None:
        if current.leaders:
            level += 1
        current = current.parent
    return level


def units_without_leader(chart: Chart) -> list[Node]:
    return [node for node in chart.walk() if not node.leaders]


def leader_levels(chart: Chart) -> list[tuple[int, list[Span]]]:
    grouped: dict[int, list[Span]] = defaultdict(list)
    for span in spans(chart):
        grouped[span.level].append(span)
    return sorted(grouped.items())

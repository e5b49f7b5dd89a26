"""Collaboration as a weighted graph: the measures the analysis pages and the reorganisation scenarios share.

A link's weight is how many contacts a year its frequency means (`CONTACTS_PER_YEAR`, the one place the
mapping lives). A link reported from both sides (A names B, B names A, the same roles) counts once, at the
higher frequency; links between different roles of the same two units add up. Only links between two
units of the organisation on the date make the unit graph; links to external parties or to units not in
effect on the date are counted and left out.
"""

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from helhet.organisation.chart import Chart, Node, chart_on
from helhet.organisation.models import CollaborationLink, Frequency, Unit

# Contacts a year per frequency: a daily collaboration on each of about 230 workdays, weekly 52 times,
# every sixth week 52 / 6 ≈ 9 times; "as needed" is read as about once a quarter, unknown as once a year.
CONTACTS_PER_YEAR: dict[str, int] = {
    Frequency.DAILY: 230,
    Frequency.WEEKLY: 52,
    Frequency.BIWEEKLY: 26,
    Frequency.MONTHLY: 12,
    Frequency.EVERY_SIXTH_WEEK: 9,
    Frequency.HALF_YEARLY: 2,
    Frequency.AS_NEEDED: 4,
    Frequency.UNKNOWN: 1,
}
# Community detection and the layout are seeded, so the same data always gives the same suggestion.
SEED = 12


def silo_index(weights: Mapping[tuple[int, int], float], group_of: Mapping[int, Hashable]) -> float | None:
    """The share of collaboration (by weight) that crosses a border between groups, 0.0–1.0.

    `weights` maps a pair of unit ids to how much they work together; `group_of` maps a unit id to the
    group it sits in (its department today, or its unit in a scenario). Pairs with a unit outside
    `group_of` (an external party, a unit that has ended) are left out. None when nothing is left.
    """
    total = crossing = 0.0
    for (a, b), weight in weights.items():
        if a == b or a not in group_of or b not in group_of or weight <= 0:
            continue
        total += weight
        if group_of[a] != group_of[b]:
            crossing += weight
    return crossing / total if total else None


def pair_weights(links: Iterable[tuple[int, str, int, str, str]]) -> tuple[dict, dict]:
    """(unit_id, role, partner_id, partner_role, frequency) rows -> weights and frequencies per unit pair.

    Pairs are (smaller id, larger id); links within one unit are left out of the unit graph.
    """
    best: dict[tuple, int] = {}
    frequencies: dict[tuple[int, int], set[str]] = defaultdict(set)
    for unit_id, role, partner_id, partner_role, frequency in links:
        if unit_id == partner_id:
            continue
        pair = (min(unit_id, partner_id), max(unit_id, partner_id))
        roles = frozenset({(unit_id, role or ""), (partner_id, partner_role or "")})
        weight = CONTACTS_PER_YEAR.get(frequency, CONTACTS_PER_YEAR[Frequency.UNKNOWN])
        best[(pair, roles)] = max(best.get((pair, roles), 0), weight)
        frequencies[pair].add(frequency)
    weights: dict[tuple[int, int], int] = defaultdict(int)
    for (pair, _roles), weight in best.items():
        weights[pair] += weight
    return dict(weights), dict(frequencies)


def weighted_graph(weights: Mapping[tuple[int, int], float], order: Iterable[int]):
    """A networkx graph of the pairs, nodes added in `order` (so seeded algorithms repeat exactly)."""
    import networkx as nx

    graph = nx.Graph()
    wanted = {uid for pair in weights for uid in pair}
    graph.add_nodes_from(uid for uid in order if uid in wanted)
    for (a, b), weight in sorted(weights.items()):
        graph.add_edge(a, b, weight=weight)
    return graph


def _heads(members: Iterable[int], staff_of: Mapping[int, Iterable[int]]) -> int:
    return len(set().union(*(set(staff_of.get(uid, ())) for uid in members)))


def _communities(graph, members: set[int]) -> list[set[int]]:
    import networkx as nx

    return [
        set(c) for c in nx.community.louvain_communities(graph.subgraph(members), weight="weight", seed=SEED)
    ]


def _fit(graph, members: set[int], staff_of, limit: int) -> list[set[int]]:
    """Split `members` until every part's head count is within `limit` (or it is a single unit)."""
    import networkx as nx

    if len(members) == 1 or _heads(members, staff_of) <= limit:
        return [members]
    parts = _communities(graph, members)
    if len(parts) < 2:
        # Louvain sees one tight community: cut it in two where the ties are weakest.
        subgraph = graph.subgraph(sorted(members))
        parts = [set(p) for p in nx.community.kernighan_lin_bisection(subgraph, weight="weight", seed=SEED)]
    return [piece for part in parts for piece in _fit(graph, part, staff_of, limit)]


@dataclass
class Suggestion:
    groups: list[set[int]]
    # For each community too large for the span limit: its members and the indexes of the groups it became.
    splits: list[tuple[set[int], list[int]]]


def suggest_groups(graph, staff_of: Mapping[int, Iterable[int]], limit: int, name_of=None) -> Suggestion:
    """Communities of the graph (Louvain, seeded), each split until its staff head count is within
    `limit`. A single unit over the limit by itself stays a group of its own (it cannot be split here)."""
    name_of = name_of or (lambda uid: str(uid))
    if graph.number_of_nodes() == 0:
        return Suggestion([], [])
    pieces: list[tuple[int, set[int]]] = []
    oversized: dict[int, set[int]] = {}
    for index, community in enumerate(_communities(graph, set(graph.nodes))):
        parts = _fit(graph, community, staff_of, limit)
        if len(parts) > 1:
            oversized[index] = community
        pieces.extend((index, part) for part in parts)

    def order(item):
        _origin, part = item
        return (-_heads(part, staff_of), sorted(name_of(uid) for uid in part))

    pieces.sort(key=order)
    splits = [
        (community, [i for i, (origin, _part) in enumerate(pieces) if origin == index])
        for index, community in oversized.items()
    ]
    return Suggestion([part for _origin, part in pieces], splits)


@dataclass(frozen=True)
class Pair:
    unit: Unit
    partner: Unit
    weight: int
    frequencies: tuple[str, ...]  # Frequency values, most frequent first
    same_group_today: bool
    same_suggested_group: bool

    @property
    def daily(self) -> bool:
        return Frequency.DAILY in self.frequencies

    @property
    def frequency_labels(self) -> list[str]:
        labels = dict(Frequency.choices)
        return [str(labels.get(value, Frequency.UNKNOWN.label)) for value in self.frequencies]


@dataclass
class UnitRow:
    unit: Unit
    heads: int
    group_today: Unit  # its parent on the date, or itself at the top
    group: int  # suggested group number, 1-based
    partners: list[tuple[Unit, int]] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return sum(weight for _unit, weight in self.partners)


@dataclass
class Group:
    number: int
    units: list[Unit]
    heads: int
    within_span: bool
    split_from: int | None = None  # the number of the split note it came from


@dataclass
class Split:
    number: int
    units: list[Unit]
    heads: int
    into: list[int]


@dataclass
class Analysis:
    day: datetime.date
    limit: int
    units: list[UnitRow]
    pairs: list[Pair]
    groups: list[Group]
    splits: list[Split]
    silo_today: float | None
    silo_suggested: float | None
    positions: dict[int, tuple[float, float]]
    external_links: int = 0  # links to a partner that is not a unit (an external party)
    left_out_links: int = 0  # links to a unit not in effect on the date

    @property
    def daily_pairs(self) -> list[Pair]:
        return [pair for pair in self.pairs if pair.daily]

    @property
    def group_of(self) -> dict[int, int]:
        return {row.unit.pk: row.group for row in self.units}


def layout_positions(graph) -> dict[int, tuple[float, float]]:
    """Seeded spring layout: the biggest connected component in the middle, the smaller ones in a column
    to its right, so a few separate pairs do not squeeze the main network into a corner."""
    import networkx as nx

    layout = graph.copy()
    for _a, _b, data in layout.edges(data=True):
        data["weight"] = 1 + data["weight"] ** 0.5  # daily ties pull, but not so hard the rest collapses
    components = sorted(nx.connected_components(layout), key=lambda c: (-len(c), min(c)))
    positions: dict[int, tuple[float, float]] = {}
    others = len(components) - 1
    for index, component in enumerate(components):
        if index == 0:
            centre, scale = (0.0, 0.0), 1.0
        else:
            step = 2.0 / others
            centre, scale = (1.7, 1.0 - step * (index - 0.5)), min(0.35, 0.4 * step)
        sub = layout.subgraph(sorted(component))
        placed = nx.spring_layout(sub, weight="weight", seed=SEED, scale=scale, center=centre)
        positions.update({uid: (float(x), float(y)) for uid, (x, y) in placed.items()})
    return positions


def _today_group(node: Node) -> Unit:
    return node.parent.unit if node.parent is not None else node.unit


def _links(municipality) -> list[tuple]:
    return list(
        CollaborationLink.objects.filter(municipality=municipality)
        .order_by("pk")
        .values_list("unit_id", "role", "partner_id", "partner_role", "frequency")
    )


def collaboration_analysis(municipality, day: datetime.date, *, limit: int) -> Analysis:
    """The collaboration of the municipality's units on `day`, with a suggested grouping within `limit`.

    Five queries whatever the size: the organisation on the date (four) and the links (one).
    """
    chart: Chart = chart_on(municipality, day)
    nodes = chart.nodes
    unit_links, external, left_out = [], 0, 0
    for row in _links(municipality):
        unit_id, _role, partner_id, _partner_role, _frequency = row
        if unit_id is None or partner_id is None:
            external += 1
        elif unit_id in nodes and partner_id in nodes:
            unit_links.append(row)
        else:
            left_out += 1
    weights, frequencies = pair_weights(unit_links)
    order = sorted(nodes, key=lambda uid: (nodes[uid].unit.name, uid))
    graph = weighted_graph(weights, order)
    staff_of = {uid: set(nodes[uid].staff_fte) for uid in graph.nodes}
    suggestion = suggest_groups(graph, staff_of, limit, name_of=lambda uid: nodes[uid].unit.name)
    group_of = {uid: number for number, members in enumerate(suggestion.groups, 1) for uid in members}
    today_of = {uid: _today_group(nodes[uid]).pk for uid in graph.nodes}

    splits = []
    split_of: dict[int, int] = {}
    for number, (community, indexes) in enumerate(suggestion.splits, 1):
        splits.append(
            Split(
                number=number,
                units=sorted((nodes[uid].unit for uid in community), key=lambda u: u.name),
                heads=_heads(community, staff_of),
                into=[index + 1 for index in indexes],
            )
        )
        split_of.update({index + 1: number for index in indexes})
    groups = []
    for number, members in enumerate(suggestion.groups, 1):
        heads = _heads(members, staff_of)
        groups.append(
            Group(
                number=number,
                units=sorted((nodes[uid].unit for uid in members), key=lambda u: u.name),
                heads=heads,
                within_span=heads <= limit,
                split_from=split_of.get(number),
            )
        )

    rank = {value: i for i, value in enumerate(CONTACTS_PER_YEAR)}
    pairs = sorted(
        (
            Pair(
                unit=nodes[a].unit,
                partner=nodes[b].unit,
                weight=weight,
                frequencies=tuple(sorted(frequencies[(a, b)], key=lambda f: rank.get(f, len(rank)))),
                same_group_today=today_of[a] == today_of[b],
                same_suggested_group=group_of[a] == group_of[b],
            )
            for (a, b), weight in weights.items()
        ),
        key=lambda p: (-p.weight, p.unit.name, p.partner.name),
    )
    partners: dict[int, list[tuple[Unit, int]]] = defaultdict(list)
    for pair in pairs:
        partners[pair.unit.pk].append((pair.partner, pair.weight))
        partners[pair.partner.pk].append((pair.unit, pair.weight))
    units = [
        UnitRow(
            unit=nodes[uid].unit,
            heads=len(staff_of[uid]),
            group_today=_today_group(nodes[uid]),
            group=group_of[uid],
            partners=partners[uid],
        )
        for uid in graph.nodes
    ]
    positions = layout_positions(graph)
    return Analysis(
        day=day,
        limit=limit,
        units=units,
        pairs=pairs,
        groups=groups,
        splits=splits,
        silo_today=silo_index(weights, today_of),
        silo_suggested=silo_index(weights, group_of),
        positions=positions,
        external_links=external,
        left_out_links=left_out,
    )

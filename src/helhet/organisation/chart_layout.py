"""The org chart as a drawn tree: box positions computed in Python, drawn as SVG by a template.

The layout is a tidy tree in the simple, provably non-overlapping form: every subtree owns a vertical band
as wide as it needs, the bands of siblings sit side by side, and a parent is centred over its children.
To keep wide organisations readable, the lowest level (a unit whose children all have no children) is
stacked vertically under its parent instead of spread out, so a department with twelve teams is one
column, not twelve. Nothing here touches the database: `chart_picture` works on an already built `Chart`.

The second half compares two charts (two dates, e.g. before and after a merger) and says what changed.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from helhet.organisation.chart import Chart, Node, spans

BOX_W = 210
BOX_H = 74
GAP_X = 18  # between sibling subtrees
GAP_Y = 44  # between a parent and a spread-out row of children
STACK_INDENT = 22  # a stacked child's box starts this far right of its parent's left edge
STACK_GAP = 12  # between stacked boxes
MARGIN = 8

NAME_CHARS = 27
LINE_CHARS = 32


@dataclass
class Box:
    item: Any
    x: float
    y: float
    w: float = BOX_W
    h: float = BOX_H
    depth: int = 0
    parent: "Box | None" = None
    stacked: bool = False  # drawn in a column under its parent

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def overlaps(self, other: "Box") -> bool:
        return not (
            self.right <= other.x or other.right <= self.x or self.bottom <= other.y or other.bottom <= self.y
        )


@dataclass
class Edge:
    path: str  # an SVG path "d" attribute


@dataclass
class Layout:
    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _stacks(children: list[Any], kids: Callable[[Any], list[Any]]) -> bool:
    return bool(children) and all(not kids(child) for child in children)


def layout(roots: Iterable[Any], kids: Callable[[Any], list[Any]] = lambda n: n.children) -> Layout:
    """Positions for every node reachable from `roots` (each once, even if bad data has cycles)."""
    seen: set[int] = set()
    sizes: dict[int, tuple[float, float]] = {}

    def children_of(item: Any) -> list[Any]:
        return [child for child in kids(item) if id(child) not in seen]

    order: dict[int, list[Any]] = {}

    def measure(item: Any) -> tuple[float, float]:
        seen.add(id(item))
        children = children_of(item)
        for child in children:
            seen.add(id(child))
        order[id(item)] = children
        size: tuple[float, float]
        if not children:
            size = (float(BOX_W), float(BOX_H))
        elif _stacks(children, kids):
            size = (
                float(STACK_INDENT + BOX_W),
                float(BOX_H + len(children) * (STACK_GAP + BOX_H)),
            )
        else:
            measured = [measure(child) for child in children]
            row = sum(w for w, _h in measured) + GAP_X * (len(measured) - 1)
            size = (max(float(BOX_W), row), BOX_H + GAP_Y + max(h for _w, h in measured))
        sizes[id(item)] = size
        return size

    result = Layout(width=0, height=0)

    def place(item: Any, x: float, y: float, depth: int, parent: Box | None) -> None:
        width, _height = sizes[id(item)]
        children = order[id(item)]
        if children and not _stacks(children, kids):
            row = sum(sizes[id(c)][0] for c in children) + GAP_X * (len(children) - 1)
            left = x + (width - row) / 2
            box = Box(item=item, x=x + (width - BOX_W) / 2, y=y, depth=depth, parent=parent)
            result.boxes.append(box)
            mid = y + BOX_H + GAP_Y / 2
            for child in children:
                child_w = sizes[id(child)][0]
                first = len(result.boxes)
                place(child, left, y + BOX_H + GAP_Y, depth + 1, box)
                child_box = result.boxes[first]
                result.edges.append(
                    Edge(f"M{box.cx:.1f},{box.bottom:.1f} V{mid:.1f} H{child_box.cx:.1f} V{child_box.y:.1f}")
                )
                left += child_w + GAP_X
            return
        box = Box(item=item, x=x, y=y, depth=depth, parent=parent)
        result.boxes.append(box)
        top = y + BOX_H + STACK_GAP
        for child in children:
            child_box = Box(item=child, x=x + STACK_INDENT, y=top, depth=depth + 1, parent=box, stacked=True)
            result.boxes.append(child_box)
            rail = x + STACK_INDENT / 2
            mid = top + BOX_H / 2
            result.edges.append(Edge(f"M{rail:.1f},{box.bottom:.1f} V{mid:.1f} H{child_box.x:.1f}"))
            top += BOX_H + STACK_GAP

    x = float(MARGIN)
    tallest = 0.0
    for root in roots:
        if id(root) in seen:
            continue
        w, h = measure(root)
        place(root, x, float(MARGIN), 0, None)
        x += w + GAP_X
        tallest = max(tallest, h)
    result.width = max(x - GAP_X + MARGIN, BOX_W + 2 * MARGIN)
    result.height = tallest + 2 * MARGIN if result.boxes else BOX_H + 2 * MARGIN
    return result


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fte(value: Decimal) -> str:
    return f"{value:.1f}".replace(".", ",")


@dataclass
class DrawnBox:
    """What one box shows: the full texts (for the box's tooltip and the list) and the clipped lines."""

    box: Box
    node: Node
    name: str
    leader: str
    figures: str
    warning: str
    title: str

    @property
    def text_x(self) -> str:
        return f"{self.box.x + 8:.1f}"

    def _line(self, n: int) -> str:
        return f"{self.box.y + 18 + 16.5 * n:.1f}"

    @property
    def line_y(self) -> list[str]:
        return [self._line(n) for n in range(4)]


@dataclass
class Picture:
    day: datetime.date
    limit: int
    layout: Layout
    boxes: list[DrawnBox]
    over_limit: int

    @property
    def width(self) -> int:
        return int(self.layout.width + 0.999)

    @property
    def height(self) -> int:
        return int(self.layout.height + 0.999)


def chart_picture(chart: Chart, limit: int) -> Picture:
    """The chart's boxes with their texts, marking leaders over the span-of-control `limit`."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    over = {s.unit.pk: s.direct_heads for s in spans(chart) if s.direct_heads > limit}
    drawn = layout(chart.roots)
    boxes = []
    for box in drawn.boxes:
        node: Node = box.item
        if node.own_leader:
            leader = _("Leder: %(name)s") % {"name": node.own_leader}
        elif node.leader:
            leader = _("Leder: %(name)s (arvet)") % {"name": node.leader}
        else:
            leader = _("Ingen leder")
        figures = ngettext(
            "%(heads)d ansatt · %(fte)s årsverk", "%(heads)d ansatte · %(fte)s årsverk", node.total_heads
        ) % {"heads": node.total_heads, "fte": _fte(node.subtree_fte)}
        warning = ""
        if node.unit.pk in over:
            warning = _("Lederspenn %(n)d, over grensen %(limit)d") % {
                "n": over[node.unit.pk],
                "limit": limit,
            }
        title = " · ".join(t for t in (node.unit.name, leader, figures, warning) if t)
        boxes.append(
            DrawnBox(
                box=box,
                node=node,
                name=_clip(node.unit.name, NAME_CHARS),
                leader=_clip(leader, LINE_CHARS),
                figures=figures,
                warning=_clip(warning, LINE_CHARS),
                title=title,
            )
        )
    return Picture(day=chart.day, limit=limit, layout=drawn, boxes=boxes, over_limit=len(over))


# --- Two dates compared -------------------------------------------------------------------------------


@dataclass
class Change:
    unit: str
    before: str = ""
    after: str = ""


@dataclass
class Comparison:
    before: datetime.date
    after: datetime.date
    added: list[Change] = field(default_factory=list)
    ended: list[Change] = field(default_factory=list)
    renamed: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)
    leaders: list[Change] = field(default_factory=list)
    heads: list[Change] = field(default_factory=list)
    staff_before: int = 0
    staff_after: int = 0
    units_before: int = 0
    units_after: int = 0

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.ended or self.renamed or self.moved or self.leaders or self.heads)


def _successors(after: Chart, gone: list[Node], new: list[Node]) -> dict[int, Node]:
    """For each ended unit, the new unit most of its staff are in on the later date (if any)."""
    where: dict[int, Node] = {}
    for node in new:
        for staff_id in node.staff_fte:
            where[staff_id] = node
    result = {}
    for node in gone:
        counts: dict[int, int] = {}
        for staff_id in node.staff_fte:
            if staff_id in where:
                counts[where[staff_id].unit.pk] = counts.get(where[staff_id].unit.pk, 0) + 1
        if counts:
            best = max(sorted(counts), key=lambda pk: counts[pk])
            if counts[best] * 2 > len(node.staff_fte):
                result[node.unit.pk] = after.nodes[best]
    return result


def compare(before: Chart, after: Chart) -> Comparison:
    """What changed from `before` to `after`: units added and ended (with where an ended unit's staff went:
    a successor that takes over one ended unit alone is a renaming, several make a merger), renamed in
    place, moved to another parent, changed leader, changed head count."""
    from django.utils.translation import gettext as _

    result = Comparison(
        before=before.day,
        after=after.day,
        staff_before=before.staff_count,
        staff_after=after.staff_count,
        units_before=len(before.nodes),
        units_after=len(after.nodes),
    )
    gone = sorted((n for pk, n in before.nodes.items() if pk not in after.nodes), key=lambda n: n.unit.name)
    new = sorted((n for pk, n in after.nodes.items() if pk not in before.nodes), key=lambda n: n.unit.name)
    successor = _successors(after, gone, new)
    taken: dict[int, list[Node]] = {}
    for node in gone:
        if node.unit.pk in successor:
            taken.setdefault(successor[node.unit.pk].unit.pk, []).append(node)
    renamed_to = {pk for pk, olds in taken.items() if len(olds) == 1}

    def parent_name(node: Node) -> str:
        return node.parent.unit.name if node.parent else _("øverst")

    def leader_name(node: Node) -> str:
        return str(node.own_leader) if node.own_leader else _("ingen egen leder")

    for node in gone:
        succ = successor.get(node.unit.pk)
        if succ is not None and succ.unit.pk in renamed_to:
            result.renamed.append(Change(node.unit.name, node.unit.name, succ.unit.name))
        elif succ is not None:
            result.ended.append(
                Change(node.unit.name, after=_("slått sammen til %(unit)s") % {"unit": succ.unit.name})
            )
        else:
            result.ended.append(Change(node.unit.name))
    for node in new:
        if node.unit.pk in renamed_to:
            continue
        olds = taken.get(node.unit.pk, [])
        note = _("av %(units)s") % {"units": ", ".join(o.unit.name for o in olds)} if olds else ""
        result.added.append(Change(node.unit.name, after=note))
    # Compare units present on both dates, and renamed units with their predecessors.
    pairs = [(before.nodes[pk], after.nodes[pk]) for pk in before.nodes if pk in after.nodes]
    pairs += [
        (old, successor[old.unit.pk])
        for old in gone
        if old.unit.pk in successor and successor[old.unit.pk].unit.pk in renamed_to
    ]

    def same_parent(old: Node, now: Node) -> bool:
        if old.parent is None or now.parent is None:
            return old.parent is None and now.parent is None
        if old.parent.unit.pk == now.parent.unit.pk:
            return True
        # A parent that was only renamed counts as the same place (a merged one does not).
        succ = successor.get(old.parent.unit.pk)
        return succ is not None and succ.unit.pk == now.parent.unit.pk and succ.unit.pk in renamed_to

    for old, now in sorted(pairs, key=lambda p: p[1].unit.name):
        if old.unit.pk == now.unit.pk and old.unit.name != now.unit.name:
            result.renamed.append(Change(now.unit.name, old.unit.name, now.unit.name))
        if not same_parent(old, now):
            result.moved.append(Change(now.unit.name, parent_name(old), parent_name(now)))
        old_leader = old.own_leader.pk if old.own_leader else None
        new_leader = now.own_leader.pk if now.own_leader else None
        if old_leader != new_leader:
            result.leaders.append(Change(now.unit.name, leader_name(old), leader_name(now)))
        if old.total_heads != now.total_heads or old.subtree_fte != now.subtree_fte:
            result.heads.append(
                Change(
                    now.unit.name,
                    f"{old.total_heads} ({_fte(old.subtree_fte)})",
                    f"{now.total_heads} ({_fte(now.subtree_fte)})",
                )
            )
    result.renamed.sort(key=lambda c: c.before)
    return result

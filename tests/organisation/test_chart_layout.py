"""The drawn org chart's layout: no two boxes overlap, children sit below their parents, every unit once."""

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from helhet.organisation.chart_layout import BOX_H, BOX_W, STACK_INDENT, layout


@dataclass(eq=False)
class Item:
    children: list["Item"] = field(default_factory=list)


def build(shape) -> Item:
    """A tree from nested lists: [] is a leaf, [[], []] a unit with two leaf children."""
    return Item([build(child) for child in shape])


trees = st.recursive(st.just([]), lambda inner: st.lists(inner, max_size=6), max_leaves=60)
forests = st.lists(trees, min_size=1, max_size=4)


def count(item: Item) -> int:
    return 1 + sum(count(child) for child in item.children)


@settings(max_examples=150, deadline=None)
@given(forests)
def test_boxes_never_overlap_and_children_sit_below_their_parents(shapes):
    roots = [build(shape) for shape in shapes]
    drawn = layout(roots)
    assert len(drawn.boxes) == sum(count(root) for root in roots)
    assert len({id(box.item) for box in drawn.boxes}) == len(drawn.boxes)
    boxes = sorted(drawn.boxes, key=lambda b: b.x)
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            if other.x >= box.right:
                break
            assert not box.overlaps(other), (box, other)
    by_item = {id(box.item): box for box in drawn.boxes}
    for box in drawn.boxes:
        assert box.x >= 0 and box.right <= drawn.width
        assert box.y >= 0 and box.bottom <= drawn.height
        for child in box.item.children:
            child_box = by_item[id(child)]
            assert child_box.parent is box
            assert child_box.y >= box.bottom  # below the parent
            if child_box.stacked:  # the lowest level: a column under the parent, indented
                assert child_box.x == box.x + STACK_INDENT
            else:  # spread out: the parent is over its row of children
                row = [by_item[id(c)] for c in box.item.children]
                assert min(b.x for b in row) <= box.cx <= max(b.right for b in row)
    assert len(drawn.edges) == len(drawn.boxes) - len(roots)


def test_the_lowest_level_is_stacked_so_a_wide_department_stays_one_column():
    department = Item([Item() for _ in range(12)])
    drawn = layout([Item([department, Item([Item()])])])
    teams = [b for b in drawn.boxes if b.parent is not None and b.parent.item is department]
    assert len(teams) == 12 and all(b.stacked for b in teams)
    assert len({b.x for b in teams}) == 1
    assert drawn.width < 3 * (BOX_W + STACK_INDENT) and drawn.height > 12 * BOX_H


def test_a_cycle_in_bad_data_is_drawn_once_and_never_loops():
    a, b = Item(), Item()
    a.children.append(b)
    b.children.append(a)
    drawn = layout([a])
    assert len(drawn.boxes) == 2


def test_an_empty_organisation_has_an_empty_picture():
    assert layout([]).boxes == []

"""The actor diagram's layout and drawing: bounded, nothing drawn over anything else, every
text escaped, every node a labelled link."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET

import pytest

from api.explorer.diagram import (
    LINE_CHARS,
    MAX_NODES,
    NODE_RADIUS,
    Layout,
    Neighbour,
    draw,
    layout,
    lines,
)

SVG = "{http://www.w3.org/2000/svg}"


def neighbours(count: int, *, relations: int = 5, long: bool = False) -> list[Neighbour]:
    name = "Kommunstyrelsens förvaltning för life science-frågor i regionen nummer {}"
    return [
        Neighbour(
            href=f"/id/actor/a{n}",
            label=name.format(n) if long else f"Aktör {n}",
            relation=f"relation {n % relations}",
        )
        for n in range(count)
    ]


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def centre_box(plan: Layout) -> tuple[float, float, float, float]:
    half = plan.centre_half_width
    return (plan.centre_x - half, plan.centre_y - 15, plan.centre_x + half, plan.centre_y + 15)


@pytest.mark.parametrize("count", [0, 1, 2, 7, 24, 25, 60])
def test_at_most_max_nodes_are_drawn_and_the_rest_are_counted(count: int) -> None:
    plan = layout(neighbours(count), centre="Uppsala kommun")
    assert len(plan.nodes) == min(count, MAX_NODES)
    assert plan.left_out == count - len(plan.nodes)


def test_when_not_all_fit_every_relation_is_still_drawn_in_its_group() -> None:
    many = [*neighbours(30, relations=3), Neighbour("/id/x", "Ensam", "sällsynt")]
    plan = layout(many, centre="X")
    relations = [node.neighbour.relation for node in plan.nodes]
    assert set(relations) == {n.relation for n in many}
    # Drawn in their first order, so a relation's nodes stand together.
    order = [many.index(node.neighbour) for node in plan.nodes]
    assert order == sorted(order)


@pytest.mark.parametrize(
    ("count", "long", "centre"),
    list(itertools.product([1, 2, 5, 12, 13, 24], [False, True], ["KI", "Ett mycket " * 8])),
)
def test_nothing_is_drawn_over_anything_else(count: int, long: bool, centre: str) -> None:
    plan = layout(neighbours(count, long=long), centre=centre)
    boxes = [node.label_box() for node in plan.nodes]
    for one, other in itertools.combinations(plan.nodes, 2):
        assert math.dist((one.x, one.y), (other.x, other.y)) > 2 * NODE_RADIUS + 4
    for box, next_box in itertools.combinations([*boxes, centre_box(plan)], 2):
        assert not overlap(box, next_box)
    circles = [
        (n.x - NODE_RADIUS, n.y - NODE_RADIUS, n.x + NODE_RADIUS, n.y + NODE_RADIUS)
        for n in plan.nodes
    ]
    for circle in circles:
        assert not overlap(circle, centre_box(plan))
        assert not any(overlap(circle, box) for box in boxes)
    for left, top, right, bottom in [*boxes, *circles, centre_box(plan)]:
        assert min(left, top) >= 0
        assert right <= plan.width
        assert bottom <= plan.height


def test_long_names_are_broken_into_at_most_two_short_lines() -> None:
    assert lines("Region Uppsala") == ("Region Uppsala",)
    broken = lines("Stockholms stadshus AB koncernledningen och dess styrelse i sin helhet")
    assert len(broken) == 2
    assert all(len(line) <= LINE_CHARS for line in broken)
    assert broken[1].endswith("…")
    assert lines("x" * 50)[0] == "x" * LINE_CHARS  # no space to break at: cut


def test_a_resource_tied_twice_is_one_node_naming_both_relations() -> None:
    twice = [
        Neighbour("/id/actor/a", "A", "medlem i"),
        Neighbour("/id/actor/b", "B", "medlem i"),
        Neighbour("/id/actor/a", "A", "grundad av"),
    ]
    plan = layout(twice, centre="C")
    assert [n.neighbour.relation for n in plan.nodes] == ["medlem i, grundad av", "medlem i"]


def test_every_text_is_escaped_and_the_drawing_is_well_formed() -> None:
    nasty = 'Bolag <AB> & "Söner" </svg><script>alert(1)</script>'
    plan = layout(
        [Neighbour('/id/actor/x?a=1&b="2"', nasty, 'ägs av <"&">')], centre=f"{nasty} centre"
    )
    svg = draw(plan, title=f"Relationer för {nasty}", description=f"{nasty} i mitten")
    root = ET.fromstring(str(svg))  # well-formed XML, so nothing broke out
    assert "<script>" not in str(svg)
    assert root.find(f"{SVG}title").text == f"Relationer för {nasty}"  # type: ignore[union-attr]
    (link,) = root.iter(f"{SVG}a")
    assert link.get("href") == '/id/actor/x?a=1&b="2"'
    assert link.get("aria-label") == f'{nasty} (ägs av <"&">)'
    drawn = "".join(link.itertext())
    assert "Bolag <AB> &" in drawn


def test_the_drawing_is_a_labelled_group_of_links() -> None:
    plan = layout(neighbours(3), centre="Uppsala kommun")
    root = ET.fromstring(str(draw(plan, title="T", description="D", ident="d1")))
    assert root.get("role") == "group"
    assert root.get("class") == "diagram"
    assert root.get("aria-labelledby") == "d1-title"
    assert root.get("aria-describedby") == "d1-desc"
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == [f"/id/actor/a{n}" for n in range(3)]
    assert all(a.find(f"{SVG}title") is not None for a in root.iter(f"{SVG}a"))
    assert not list(root.iter(f"{SVG}script"))

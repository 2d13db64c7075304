"""The actor page's network diagram: the actor in the middle, what it is tied to around it.

It is drawn here, on the server, as plain SVG, and needs no JavaScript and no JavaScript
library. A diagram of at most a couple of dozen nodes around one centre needs no force
simulation: a fixed layout is computed in a few lines, is the same on every load (so it can
be tested and screenshotted), and reaches the browser as markup that works with scripts off,
prints, and is read by screen readers. Each related node is an SVG `<a>` to its own page, so
it is followed by a click or from the keyboard like any link; the drawing is a `group` with a
`<title>` and `<desc>`, and every link has an `aria-label` naming the resource and the
relation. The same relations are listed as text beside it, in full.

The layout puts the related nodes on two arcs of a circle, right and left of the centre, one
row each, so that every label has a row of its own and points away from the centre: labels
never run into each other or into the edges, whatever the names.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

MAX_NODES = 24
"""More than this and the drawing stops being readable; the rest are in the list."""

ROW = 54.0  # between two nodes on one side: three lines of text (two of name) and air
NODE_RADIUS = 9.0
MIN_RADIUS = 170.0  # of the circle the nodes sit on
GAP = 12.0  # from a node to its label
MARGIN = 16.0
NAME_SIZE = 13.0  # px, the related resource's name
NAME_LINE = 15.0  # from one line of a name to the next
RELATION_SIZE = 11.5  # px, the relation under it
RELATION_LINE = 15.0  # from a name's last line to the relation
CENTRE_SIZE = 14.0  # px, the actor's name in the middle
CENTRE_PADDING = 10.0
CHAR_WIDTH = 0.6  # of the font size: a generous average for proportional sans-serif text
LINE_CHARS = 34  # a name is broken into lines of this many characters at most, two lines
# at most (the rest cut, with …); its link's label says it whole
RELATION_CHARS = 40  # a relation (a post's name) longer than this is cut


@dataclass(frozen=True)
class Neighbour:
    """A resource tied to the centre: where its page is, its name, and the relation (in the
    page's language, as the edge's label). `kind` is a CSS class: actor, person, document…"""

    href: str
    label: str
    relation: str
    kind: str = "actor"


@dataclass(frozen=True)
class Placed:
    """A neighbour with its position, and where its label starts and which way it runs."""

    neighbour: Neighbour
    x: float
    y: float
    side: int  # +1 right of the centre (label runs right), -1 left

    @property
    def label_x(self) -> float:
        return self.x + self.side * (NODE_RADIUS + GAP)

    @property
    def anchor(self) -> str:
        return "start" if self.side > 0 else "end"

    def label_box(self) -> tuple[float, float, float, float]:
        """The box (left, top, right, bottom) its label's lines fill, centred on the node."""
        width = label_width(self.neighbour)
        left = self.label_x if self.side > 0 else self.label_x - width
        names = len(lines(self.neighbour.label))
        height = NAME_SIZE + (names - 1) * NAME_LINE + RELATION_LINE
        top = self.y - height / 2
        return (left, top, left + width, top + height)


@dataclass(frozen=True)
class Layout:
    """Where everything goes: the canvas, the centre, the placed nodes, and how many
    neighbours did not fit (`left_out`)."""

    width: float
    height: float
    centre: str  # the actor's name, as drawn
    centre_x: float
    centre_y: float
    centre_half_width: float  # of the box around its name
    nodes: tuple[Placed, ...]
    left_out: int


def text_width(text: str, size: float) -> float:
    """An estimate of how wide `text` is drawn at font size `size` (no font metrics here)."""
    return len(text) * size * CHAR_WIDTH


def cut(text: str, size: int) -> str:
    """`text` cut to `size` characters, with an ellipsis when cut."""
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def lines(label: str, width: int = LINE_CHARS) -> tuple[str, ...]:
    """`label` in one or two lines of at most `width` characters, broken between words where
    it can be; what does not fit in two is cut, with an ellipsis."""
    if len(label) <= width:
        return (label,)
    space = label.rfind(" ", 0, width + 1)
    first = label[:space] if space > 0 else label[:width]
    return (first, cut(label[len(first) :].strip(), width))


def label_width(neighbour: Neighbour) -> float:
    """How wide a node's label is drawn: its longest line."""
    names = [text_width(line, NAME_SIZE) for line in lines(neighbour.label)]
    return max([*names, text_width(cut(neighbour.relation, RELATION_CHARS), RELATION_SIZE)])


def merged(neighbours: Sequence[Neighbour]) -> list[Neighbour]:
    """One node per resource: a resource tied by several relations keeps its first place and
    names them all ("medlem i, grundad av")."""
    by_href: dict[str, Neighbour] = {}
    for neighbour in neighbours:
        seen = by_href.get(neighbour.href)
        if seen is None:
            by_href[neighbour.href] = neighbour
        elif neighbour.relation not in seen.relation.split(", "):
            by_href[neighbour.href] = replace(
                seen, relation=f"{seen.relation}, {neighbour.relation}"
            )
    return list(by_href.values())


def chosen(neighbours: Sequence[Neighbour], limit: int) -> list[Neighbour]:
    """At most `limit` neighbours, taken in turn from each relation so that every relation is
    shown when there are more than fit; in their first order (grouped by relation)."""
    groups: dict[str, list[int]] = {}
    for at, neighbour in enumerate(neighbours):
        groups.setdefault(neighbour.relation, []).append(at)
    kept: list[int] = []
    queues = list(groups.values())
    while len(kept) < limit and any(queues):
        for queue in queues:
            if queue and len(kept) < limit:
                kept.append(queue.pop(0))
    return [neighbours[at] for at in sorted(kept)]


def layout(neighbours: Sequence[Neighbour], *, centre: str, limit: int = MAX_NODES) -> Layout:
    """The neighbours (one per resource, at most `limit`) on two arcs around `centre` (the
    actor's name): the first half down the right, the rest down the left, a row each."""
    every = merged(neighbours)
    shown = chosen(every, max(limit, 0))
    right = shown[: (len(shown) + 1) // 2]
    left = shown[len(right) :]
    span = max(len(right), len(left), 1) * ROW
    centre = cut(centre, 2 * LINE_CHARS)
    half_centre = text_width(centre, CENTRE_SIZE) / 2 + CENTRE_PADDING
    # Wide enough that the middle rows clear the centre's box, and the top and bottom rows
    # still stand well away from the vertical through the centre.
    radius = max(MIN_RADIUS, span / 2 + ROW, half_centre + NODE_RADIUS + GAP)
    widest = max((label_width(n) for n in shown), default=0.0)
    reach = radius + NODE_RADIUS + GAP + widest + MARGIN  # from the centre to an edge
    height = max(span, 3 * ROW) + 2 * MARGIN
    centre_x, centre_y = reach, height / 2

    def arc(side_nodes: list[Neighbour], side: int) -> list[Placed]:
        top = centre_y - len(side_nodes) * ROW / 2
        placed = []
        for row, neighbour in enumerate(side_nodes):
            y = top + (row + 0.5) * ROW
            across = math.sqrt(radius**2 - (y - centre_y) ** 2)
            placed.append(Placed(neighbour, round(centre_x + side * across, 1), y, side))
        return placed

    return Layout(
        width=round(2 * reach, 1),
        height=round(height, 1),
        centre=centre,
        centre_x=centre_x,
        centre_y=centre_y,
        centre_half_width=half_centre,
        nodes=tuple(arc(right, 1) + arc(left, -1)),
        left_out=len(every) - len(shown),
    )


def draw(plan: Layout, *, title: str, description: str, ident: str = "diagram") -> Markup:
    """The SVG of `plan`; `title` and `description` are its accessible name and description,
    `ident` keeps their ids unique on the page. Every text is escaped."""
    cx, cy = plan.centre_x, plan.centre_y
    parts = [
        f'<svg class="diagram" role="group" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {plan.width:g} {plan.height:g}" width="{plan.width:g}" '
        f'height="{plan.height:g}" aria-labelledby="{escape(ident)}-title" '
        f'aria-describedby="{escape(ident)}-desc">',
        f'<title id="{escape(ident)}-title">{escape(title)}</title>',
        f'<desc id="{escape(ident)}-desc">{escape(description)}</desc>',
        '<g class="edges" aria-hidden="true">',
        *(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{node.x:.1f}" y2="{node.y:.1f}"/>'
            for node in plan.nodes
        ),
        "</g>",
        *(_node(node) for node in plan.nodes),
        f'<g class="centre"><rect x="{cx - plan.centre_half_width:.1f}" y="{cy - 15:.1f}" '
        f'width="{2 * plan.centre_half_width:.1f}" height="30" rx="6"/>'
        # Bold text runs wider than the estimate: held to the box's inner width, a long
        # name is drawn a little narrower rather than past the box's edges.
        f'<text x="{cx:.1f}" y="{cy + 5:.1f}" text-anchor="middle" '
        f'font-size="{CENTRE_SIZE:g}" textLength="{2 * (plan.centre_half_width - CENTRE_PADDING):.1f}" '
        f'lengthAdjust="spacingAndGlyphs">{escape(plan.centre)}</text>'
        "</g>",
        "</svg>",
    ]
    return Markup("\n".join(parts))


def _node(node: Placed) -> str:
    n = node.neighbour
    name = f"{n.label} ({n.relation})"
    shape = (
        f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{NODE_RADIUS:g}"/>'
        if n.kind in ("actor", "person")
        else f'<rect x="{node.x - NODE_RADIUS:.1f}" y="{node.y - NODE_RADIUS:.1f}" '
        f'width="{2 * NODE_RADIUS:g}" height="{2 * NODE_RADIUS:g}"/>'
    )
    x = f"{node.label_x:.1f}"
    top = node.label_box()[1]
    spans = [
        f'<tspan class="name" x="{x}" dy="{0 if at == 0 else NAME_LINE:g}" '
        f'font-size="{NAME_SIZE:g}">{escape(line)}</tspan>'
        for at, line in enumerate(lines(n.label))
    ]
    spans.append(
        f'<tspan class="relation" x="{x}" dy="{RELATION_LINE:g}" font-size="{RELATION_SIZE:g}">'
        f"{escape(cut(n.relation, RELATION_CHARS))}</tspan>"
    )
    return (
        f'<a class="node {escape(n.kind)}" href="{escape(n.href)}" aria-label="{escape(name)}">'
        f"<title>{escape(name)}</title>{shape}"
        f'<text x="{x}" y="{top + NAME_SIZE:.1f}" text-anchor="{node.anchor}">'
        f"{''.join(spans)}</text></a>"
    )

"""The shortest chain of triples between two resources, by a breadth-first search from both
ends, one store query per step."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import InvalidArgument
from kg.namespaces import Namespaces
from kg.sparql_fragments import named_nodes, values_block
from kg.store import QueryResult
from kg.terms import n_triples

# Predicates a path does not travel along: they lead to classes, schemes and the stance-type
# vocabulary, through which every stance is "related" to every other.
PATH_EXCLUDED = (
    "rdf:type",
    "skos:inScheme",
    "skos:topConceptOf",
    "skos:hasTopConcept",
    "lsk:stanceType",
    "lsk:polarity",
    "lsk:decisionStatus",
    "lsk:sourceText",
)


@dataclass(frozen=True)
class Step:
    """One triple of a path, as the graph states it (the path may walk it backwards)."""

    subject: str
    predicate: str
    object: str


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    steps: tuple[Step, ...]


def shortest_path(
    select: Callable[[str], QueryResult],
    namespaces: Namespaces,
    start: str,
    goal: str,
    *,
    max_length: int,
    avoid: Sequence[str] = (),
    max_frontier: int = 20_000,
) -> Path | None:
    """The shortest chain of triples between two resources, walked either way, of at most
    `max_length` steps, not along the predicates in `avoid` (nor PATH_EXCLUDED); None when
    there is none that short.

    A breadth-first search from both ends, one store query per step, always growing the
    smaller side. A side whose next step would reach more than `max_frontier` resources
    stops the search with an error rather than a slow answer.
    """
    if start == goal:
        return Path((start,), ())
    # resource -> (distance, the resource it was reached from, the triple between them)
    reached: tuple[dict[str, tuple[int, str | None, Step | None]], ...] = (
        {start: (0, None, None)},
        {goal: (0, None, None)},
    )
    frontiers: list[list[str]] = [[start], [goal]]
    depths = [0, 0]
    excluded = ", ".join(
        n_triples(ox.NamedNode(iri))
        for iri in [*(namespaces.iri(p) for p in PATH_EXCLUDED), *avoid]
    )
    while depths[0] + depths[1] < max_length and frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        # Each branch binds and filters on its own: Virtuoso's compiler fails on a filter
        # over a union whose variable a VALUES block fixes.
        values = values_block("n", named_nodes(frontiers[side]))
        result = select(
            f"SELECT DISTINCT ?n ?p ?m ?direction WHERE {{"
            f" {{ {values} ?n ?p ?m . FILTER (isIRI(?m) && ?p NOT IN ({excluded}))"
            f" BIND ('out' AS ?direction) }}"
            f" UNION {{ {values} ?m ?p ?n . FILTER (?p NOT IN ({excluded}))"
            f" BIND ('in' AS ?direction) }}"
            f" }} ORDER BY ?n ?p ?m"
        )
        depths[side] += 1
        mine, theirs = reached[side], reached[1 - side]
        next_frontier: list[str] = []
        for n, p, m, direction in result.rows:
            if n is None or p is None or m is None or direction is None:
                continue
            if m.value in mine:
                continue
            outward = direction.value == "out"
            step = Step(n.value if outward else m.value, p.value, m.value if outward else n.value)
            mine[m.value] = (depths[side], n.value, step)
            next_frontier.append(m.value)
        if len(next_frontier) > max_frontier:
            raise InvalidArgument(
                f"the search reached {len(next_frontier):,} resources at {depths[side]} "
                f"steps from one end and was stopped",
                argument="maxLength",
                hint="Ask for a shorter maxLength, or start from less connected resources.",
            )
        frontiers[side] = next_frontier
        meetings = [node for node in next_frontier if node in theirs]
        if meetings:
            middle = min(meetings, key=lambda node: (mine[node][0] + theirs[node][0], node))
            return _join(middle, reached[0], reached[1])
    return None


def _join(
    middle: str,
    from_start: Mapping[str, tuple[int, str | None, Step | None]],
    from_goal: Mapping[str, tuple[int, str | None, Step | None]],
) -> Path:
    nodes: list[str] = [middle]
    steps: list[Step | None] = []
    node = middle
    while (entry := from_start[node])[1] is not None:
        _, previous, step = entry
        nodes.insert(0, previous)  # type: ignore[arg-type]
        steps.insert(0, step)
        node = previous  # type: ignore[assignment]
    node = middle
    while (entry := from_goal[node])[1] is not None:
        _, following, step = entry
        nodes.append(following)  # type: ignore[arg-type]
        steps.append(step)
        node = following  # type: ignore[assignment]
    return Path(tuple(nodes), tuple(s for s in steps if s is not None))

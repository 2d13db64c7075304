"""Which stances meet a filter: the one place that says what each condition means in the graph.

A new user filtering stances means what the words say, so each condition follows the graph's
structure rather than one predicate:

- target: on the section or document, or on any section under it (skos:broader*), so an aspect
  finds the stances on its development areas; across versions, also on the sections of the
  other version aligned with it or with a section under it, and on the other versions of the
  same work (kg/sections.py).
- polarity: of a stance type whose lsk:polarity is the one asked for (data/vocabulary/
  stance-types.ttl), so "positive" finds the welcoming, supporting and endorsing stances.
- position: arguing the position, for it (lsk:argues) or against it (lsk:arguesAgainst).
- consultation: stated in an answer to the consultation (a document that lsk:respondsTo it),
  which is what a remissammanställning reports on.

Every value enters the query as a pyoxigraph term, serialised by pyoxigraph; whoever builds a
`StanceConditions` has already checked that each IRI names something in the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pyoxigraph as ox

from kg.sections import target_closure
from kg.sparql_fragments import named_nodes, values_block
from kg.store import QueryResult
from kg.terms import n_triples

ARGUES = ("lsk:argues", "lsk:arguesAgainst")
"""The predicates from a stance to a position it argues for or against (CURIEs)."""


@dataclass(frozen=True)
class StanceConditions:
    """Conditions on stances (IRIs); every one given must hold."""

    actor: str | None = None
    stance_type: str | None = None
    target: str | None = None
    across_versions: bool = True
    theme: str | None = None
    document: str | None = None
    consultation: str | None = None
    polarity: str | None = None
    position: str | None = None
    argues: tuple[str, ...] = ARGUES
    """The predicates (CURIEs) by which the stance argues `position`, or any position."""
    targets: tuple[str, ...] | None = None
    """What a stance may be on to meet `target`, once found (`with_targets`); the pattern
    then names them instead of walking the sections itself."""


def with_targets(
    conditions: StanceConditions, select: Callable[[str], QueryResult]
) -> StanceConditions:
    """`conditions` with the things a stance may be on to meet its `target` found first, by
    a query of their own through `select`.

    Two queries rather than one: Virtuoso loses rows when the walk over the sections is joined
    with the other conditions (1 of an office's 7 stances on chapter 1 of its own memo, even
    with the walk in a subquery), and finding a section's few targets first is also faster
    than walking up from every stance's target (5 ms against 600 on 100,000 triples)."""
    if conditions.target is None or conditions.targets is not None:
        return conditions
    closure = target_closure("t", conditions.target, across_versions=conditions.across_versions)
    result = select(f"SELECT DISTINCT ?t WHERE {{ {closure} }}")
    found = sorted({t.value for (t,) in result.rows if isinstance(t, ox.NamedNode)})
    return replace(conditions, targets=tuple(found))


def _term(iri: str) -> str:
    return n_triples(ox.NamedNode(iri))


def _target(conditions: StanceConditions) -> str:
    """Stances on the target or under it; across versions, also on its counterparts: on one
    of the targets found first where they were (`with_targets`), else walking to them."""
    if conditions.targets is not None:
        if not conditions.targets:
            return "FILTER (false)"
        return (
            f"{values_block('fTarget', named_nodes(conditions.targets))} ?x lsk:target ?fTarget ."
        )
    assert conditions.target is not None
    closure = target_closure(
        "fTarget", conditions.target, across_versions=conditions.across_versions
    )
    return f"{{ SELECT DISTINCT ?fTarget WHERE {{ {closure} }} }} ?x lsk:target ?fTarget ."


def stance_pattern(conditions: StanceConditions) -> str:
    """A SPARQL group pattern binding ?x to every stance meeting `conditions`."""
    c = conditions
    parts = ["?x a lsk:Stance ."]
    for predicate, value in (
        ("prov:wasAttributedTo", c.actor),
        ("lsk:stanceType", c.stance_type),
        ("lsk:theme", c.theme),
        ("dcterms:source", c.document),
    ):
        if value is not None:
            parts.append(f"?x {predicate} {_term(value)} .")
    if c.consultation is not None:
        parts.append(f"?x dcterms:source/lsk:respondsTo {_term(c.consultation)} .")
    if c.polarity is not None:
        parts.append(f"?x lsk:stanceType/lsk:polarity {_term(c.polarity)} .")
    if c.position is not None or c.argues != ARGUES:
        position = _term(c.position) if c.position is not None else "?position"
        parts.append(f"?x {'|'.join(c.argues)} {position} .")
    if c.target is not None:
        # In its own group, so the variables the target's branches bind stay theirs.
        parts.append(f"{{ {_target(c)} }}")
    return " ".join(parts)

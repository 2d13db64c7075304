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

Every value enters the query as a pyoxigraph term, serialised by pyoxigraph; whoever builds a
`StanceConditions` has already checked that each IRI names something in the graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.sections import COUNTERPARTS, on_or_under
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
    polarity: str | None = None
    position: str | None = None
    argues: tuple[str, ...] = ARGUES
    """The predicates (CURIEs) by which the stance argues `position`, or any position."""


def _term(iri: str) -> str:
    return n_triples(ox.NamedNode(iri))


def _target(iri: str, across_versions: bool) -> str:
    """Stances on `iri` or under it; across versions, also on its counterparts."""
    if not across_versions:
        return f"?x lsk:target ?section . ?section skos:broader* {_term(iri)} ."
    # on_or_under covers the sections of both versions; the second branch the other versions
    # of the same work (a document has no skos:broader).
    return (
        f"{{ {on_or_under('x', ox.NamedNode(iri))} }}"
        f" UNION {{ ?x lsk:target/({COUNTERPARTS}) {_term(iri)} }}"
    )


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
    if c.polarity is not None:
        parts.append(f"?x lsk:stanceType/lsk:polarity {_term(c.polarity)} .")
    if c.position is not None or c.argues != ARGUES:
        position = _term(c.position) if c.position is not None else "?position"
        parts.append(f"?x {'|'.join(c.argues)} {position} .")
    if c.target is not None:
        # In its own group, so the variables the target's branches bind stay theirs.
        parts.append(f"{{ {_target(c.target, c.across_versions)} }}")
    return " ".join(parts)

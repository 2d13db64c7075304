"""Sections across versions of the strategy: the one place that says how the section of one
rendering is found from another's.

Region Stockholm and Region Uppsala sent different renderings of the draft, each with its own
section scheme; the curator aligns their sections with SKOS mapping properties, stated once
(from Stockholm's section) and read here in both directions (data/README.md, "Versions of the
strategy"). Whatever groups or finds stances by section (agreement on targets, GraphQL
`Section.stances`) goes through these fragments, so "stances on 2.3" finds Stockholm's
"3.3.Norden" remarks, and the reverse.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kg.store import QueryResult
from kg.terms import n_triples

MAPPINGS = ("skos:exactMatch", "skos:closeMatch")
"""The SKOS mapping properties that align sections of different versions (CURIEs)."""

ALIGNED_STEPS = (*MAPPINGS, *(f"^{m}" for m in MAPPINGS))
"""Each step from a section to one aligned with it: a mapping, either way round."""
ALIGNED = "|".join(ALIGNED_STEPS)
"""A property path from a section to the sections aligned with it, whichever side states it."""

_SIBLING = "dcterms:isVersionOf/dcterms:hasVersion"

COUNTERPARTS = f"{ALIGNED}|({_SIBLING})"
"""A property path from a section to its aligned sections, and from a version of the strategy
to the versions of the same work (itself included)."""

# From a section, a listed point (a desired effect, a priority) or a version to the full text of
# its version, where the graph holds it.
_FULL_TEXT = (
    "((lsk:sectionOf|^lsk:hasDesiredEffect|(^lsk:hasPriority/lsk:sectionOf))/lsk:sourceText)"
    "|lsk:sourceText"
)


def or_aligned(path: str) -> str:
    """`path`, or `path` followed by one step to a counterpart: what points at a section or a
    version, or at an aligned section or another version of the same work. Written without a
    zero-length path (`?`), which not every store evaluates alike."""
    return f"({path})|(({path})/({COUNTERPARTS}))"


def on_or_under(stance: str, aspect: ox.NamedNode) -> str:
    """A pattern binding `?<stance>` to stances on `aspect`, on a section under it, or on such a
    section of another version (aligned with the aspect or with a section under it)."""
    a = n_triples(aspect)
    target = f"?{stance} lsk:target"
    return (
        f"{{ {target} ?section . ?section skos:broader* {a} }}"
        f" UNION {{ {target} ?aligned . ?aligned {ALIGNED} ?section ."
        f" ?section skos:broader* {a} }}"
        f" UNION {{ {target} ?section . ?section skos:broader* ?aspect . ?aspect {ALIGNED} {a} }}"
    )


def target_closure(target: str, iri: str, *, across_versions: bool) -> str:
    """A pattern binding `?<target>` to whatever a stance may be on to be on `iri`: `iri`
    itself or a section under it; across versions, also a section of another version aligned
    with it or with a section under it, and the other versions of the same work.

    Read from `iri`'s side, and meant to be found on its own (a subquery) before it is joined
    with stances: a section has a few such targets and a graph many stances, and Virtuoso
    loses rows when the walk is joined with conditions on the stances in one pattern."""
    t, a = f"?{target}", n_triples(ox.NamedNode(iri))
    under = f"{t} skos:broader* {a}"
    if not across_versions:
        return under
    return (
        f"{{ {under} }}"
        f" UNION {{ {t} {ALIGNED} ?{target}Under . ?{target}Under skos:broader* {a} }}"
        # Paths to `iri`, not a walk from a joined variable, which Virtuoso evaluates wrongly;
        # and one per mapping and direction: Virtuoso finds nothing for `skos:broader+` followed
        # by an alternative of them (003's 3.1.3.2 under the aspect aligned with Stockholm's C).
        + "".join(f" UNION {{ {t} skos:broader+/{step} {a} }}" for step in ALIGNED_STEPS)
        + f" UNION {{ {t} {COUNTERPARTS} {a} }}"
    )


def representatives(select: Callable[[str], QueryResult]) -> dict[str, str]:
    """For each section, listed point or strategy version known only by citation, the
    counterpart in a version whose full text the graph holds (an aligned section or point, or
    the sibling version of the same work): the one target that stands for both when stances are grouped by target. Resources
    in a full-text version stand for themselves and are not listed."""
    result = select(
        "SELECT ?x ?counterpart WHERE {"
        f" {{ ?x {ALIGNED} ?counterpart }}"
        f" UNION {{ ?x {_SIBLING} ?counterpart FILTER (?x != ?counterpart) }}"
        f" ?counterpart {_FULL_TEXT} ?text ."
        f" FILTER NOT EXISTS {{ ?x {_FULL_TEXT} ?own }}"
        " } ORDER BY ?x ?counterpart"
    )
    chosen: dict[str, str] = {}
    for x, counterpart in result.rows:
        # Ordered, so a section aligned with two full-text sections always takes the same one.
        if isinstance(x, ox.NamedNode) and isinstance(counterpart, ox.NamedNode):
            chosen.setdefault(x.value, counterpart.value)
    return chosen

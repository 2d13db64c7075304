"""One resource as a linked-data server shows it: what it states, what points to it, where it
comes from, and the names of everything it mentions, gathered from the store as triples.

The same gathered triples are serialised as RDF and rendered as HTML, so the two never say
different things. The resource's IRI enters every query as a pyoxigraph term bound by a VALUES
block (`kg.store.with_values`), never as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from kg.namespaces import STANDARD_PREFIXES, Namespaces
from kg.queries import (
    EXAMPLE_INSTANCE,
    GRAPH_TRIPLES,
    RESOURCE_BLANK_CLOSURE,
    RESOURCE_INCOMING_COUNTS,
    RESOURCE_STATEMENTS,
    resource_incoming_page,
)
from kg.relations import Description, Queryable, Relations, Window
from kg.store import with_values
from kg.terms import Term

MAX_STATEMENTS = 10_000
INCOMING_PAGE = 100

_DCTERMS, _PROV, _RDFS = (
    STANDARD_PREFIXES["dcterms"],
    STANDARD_PREFIXES["prov"],
    STANDARD_PREFIXES["rdfs"],
)
# What a resource is called, in order of preference (as the GraphQL `label` reads it).
LABEL_PREDICATES = (
    STANDARD_PREFIXES["skos"] + "prefLabel",
    STANDARD_PREFIXES["foaf"] + "name",
    _DCTERMS + "title",
    _RDFS + "label",
)


def source_predicates(namespaces: Namespaces) -> tuple[str, ...]:
    """The predicates that say where a resource comes from (its provenance)."""
    return (_DCTERMS + "source", _PROV + "wasDerivedFrom", namespaces.iri("lsk:sourceText"))


@dataclass(frozen=True)
class ResourceView:
    """Everything shown for one IRI, as triples, with what the triples alone cannot say: the
    named graphs its statements are in and how many links point to it in all."""

    iri: str
    triples: tuple[ox.Triple, ...]
    graphs: tuple[str, ...] = ()
    incoming_counts: Mapping[str, int] = field(default_factory=dict)
    window: Window = field(default_factory=lambda: Window(0, INCOMING_PAGE))
    truncated: bool = False

    @property
    def exists(self) -> bool:
        """True when the graph states anything about the resource or points to it."""
        node = ox.NamedNode(self.iri)
        return any(t.subject == node or t.object == node for t in self.triples)

    @property
    def incoming_total(self) -> int:
        return sum(self.incoming_counts.values())

    @cached_property
    def _by_subject(self) -> dict[str, list[ox.Triple]]:
        index: dict[str, list[ox.Triple]] = {}
        for t in self.triples:
            index.setdefault(node_key(t.subject), []).append(t)
        return index

    def describe(self, iri: str | None = None) -> Description:
        """What the gathered triples state about `iri` (the resource itself by default)."""
        iri = iri or self.iri
        return describe_triples(self._by_subject.get(iri, ()), iri)

    def statements(self) -> list[ox.Triple]:
        """The resource's own statements, in a stable order."""
        node = ox.NamedNode(self.iri)
        return [t for t in self.triples if t.subject == node]

    def incoming(self) -> dict[str, list[str]]:
        """The page of resources pointing to this one, by predicate IRI, each list sorted."""
        node = ox.NamedNode(self.iri)
        grouped: dict[str, list[str]] = {}
        for t in self.triples:
            if t.object == node and isinstance(t.subject, ox.NamedNode):
                grouped.setdefault(t.predicate.value, []).append(t.subject.value)
        return {p: sorted(set(s)) for p, s in sorted(grouped.items())}

    def label(self, iri: str, *, lang: str = "sv") -> str | None:
        """The name of `iri` in `lang`, falling back to Swedish, English, untagged, anything."""
        return self.describe(iri).text(*LABEL_PREDICATES, lang=lang)

    def sources(self, namespaces: Namespaces) -> list[str]:
        """The resources this one is sourced from (documents, source texts, other stances)."""
        return self.describe().links(*source_predicates(namespaces))


def node_key(node: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    """An IRI's text, a blank node's id: how views index the subjects they hold."""
    return node.value if isinstance(node, ox.NamedNode | ox.BlankNode) else str(node)


def describe_triples(triples: Iterable[ox.Triple], iri: str) -> Description:
    """A Description of `iri` (or of the blank node of that id) out of whichever of `triples`
    have it as subject."""
    values: dict[str, list[Term]] = {}
    for t in triples:
        if node_key(t.subject) == iri and not isinstance(t.object, ox.Triple):
            values.setdefault(t.predicate.value, []).append(t.object)
    return Description(iri, {p: tuple(sorted(set(v), key=str)) for p, v in values.items()})


def gather(
    store: Queryable, iri: str, namespaces: Namespaces, *, window: Window | None = None
) -> ResourceView:
    """The view of `iri`: its statements (with the blank nodes they lead to), a `window` of the
    links pointing to it with their counts per predicate, the documents and source files it is
    sourced from, and the labels of every resource mentioned.

    At most five store queries, whatever the resource: statements, incoming counts, incoming
    page, the mentioned resources (one batch, through `Relations.describe`), and the source
    texts of its sources. A blank-node closure query is added only when there are blank nodes.
    """
    window = window or Window(0, INCOMING_PAGE)
    resource = ox.NamedNode(iri)
    bound = {"resource": resource}

    def run(sparql: str) -> list[tuple[Term | None, ...]]:
        return list(store.query(with_values(sparql, bound)).rows)

    rows = run(RESOURCE_STATEMENTS)
    truncated = len(rows) > MAX_STATEMENTS
    statements: set[ox.Triple] = set()
    graphs: set[str] = set()
    for graph, predicate, value in rows[:MAX_STATEMENTS]:
        if isinstance(predicate, ox.NamedNode) and value is not None:
            statements.add(ox.Triple(resource, predicate, value))
            if graph is not None:
                graphs.add(graph.value)
    if any(isinstance(t.object, ox.BlankNode) for t in statements):
        for blank, predicate, value in run(RESOURCE_BLANK_CLOSURE):
            if (
                isinstance(blank, ox.BlankNode)
                and isinstance(predicate, ox.NamedNode)
                and value is not None
            ):
                statements.add(ox.Triple(blank, predicate, value))

    counts = {
        p.value: int(n.value)
        for p, n in run(RESOURCE_INCOMING_COUNTS)
        if isinstance(p, ox.NamedNode) and n is not None
    }
    incoming: set[ox.Triple] = set()
    if counts:
        for subject, predicate in run(resource_incoming_page(window.offset, window.limit)):
            if isinstance(subject, ox.NamedNode | ox.BlankNode) and isinstance(
                predicate, ox.NamedNode
            ):
                incoming.add(ox.Triple(subject, predicate, resource))

    context = _context(Relations(store, namespaces), statements, incoming, namespaces)
    triples = sorted(statements | incoming | context, key=str)
    return ResourceView(
        iri,
        tuple(triples),
        graphs=tuple(sorted(graphs)),
        incoming_counts=counts,
        window=window,
        truncated=truncated,
    )


def _context(
    relations: Relations,
    statements: set[ox.Triple],
    incoming: set[ox.Triple],
    namespaces: Namespaces,
) -> set[ox.Triple]:
    """The labels of the resources mentioned (a quote for those without one), and the
    provenance of the resource's sources: their titles, source texts and those texts' file
    names."""
    provenance = set(source_predicates(namespaces))
    mentioned = {t.object.value for t in statements if isinstance(t.object, ox.NamedNode)}
    mentioned |= {t.subject.value for t in incoming if isinstance(t.subject, ox.NamedNode)}
    sources = {
        t.object.value
        for t in statements
        if t.predicate.value in provenance and isinstance(t.object, ox.NamedNode)
    }
    described = relations.describe(sorted(mentioned))
    source_text = namespaces.iri("lsk:sourceText")
    texts = {
        link
        for iri in sources
        for link in described[iri].links(source_text)
        if link not in described
    }
    if texts:
        described.update(relations.describe(sorted(texts)))
    texts |= {link for iri in sources for link in described[iri].links(source_text)}
    keep_for_sources = (*LABEL_PREDICATES, source_text)
    keep_for_texts = (*LABEL_PREDICATES, namespaces.iri("lsk:fileName"))
    # A stance has no label; its quote is what a reader recognises it by.
    unlabelled = (namespaces.iri("lsk:quote"),)
    found: set[ox.Triple] = set()
    for iri, description in described.items():
        wanted = (
            keep_for_texts
            if iri in texts
            else keep_for_sources
            if iri in sources
            else LABEL_PREDICATES
        )
        named = _triples(description, wanted)
        found |= named or _triples(description, unlabelled)
    return found


def _triples(description: Description, predicates: Iterable[str]) -> set[ox.Triple]:
    subject = ox.NamedNode(description.iri)
    return {
        ox.Triple(subject, ox.NamedNode(p), value)
        for p in predicates
        for value in description.values.get(p, ())
    }


def example_instance(store: Queryable, class_iri: str) -> str | None:
    """The IRI of one resource of `class_iri`, or None when there is none."""
    result = store.query(with_values(EXAMPLE_INSTANCE, {"class": ox.NamedNode(class_iri)}))
    for (x,) in result.rows:
        if isinstance(x, ox.NamedNode):
            return x.value
    return None


def graph_size(store: Queryable, graph: str) -> int:
    """How many triples the named graph `graph` holds (0 when the store has no such graph)."""
    result = store.query(with_values(GRAPH_TRIPLES, {"graph": ox.NamedNode(graph)}))
    for (n,) in result.rows:
        if n is not None:
            return int(n.value)
    return 0

"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/).

What a client can learn before asking anything: where the endpoint is, that it answers SPARQL
1.1 queries only, in which formats, over which dataset (the named graphs, each with its size,
and a default graph that is their union), how relative IRIs resolve, and whether SERVICE
reaches anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.result_format import FORMAT_IRIS, GRAPH_TYPES, SOLUTION_TYPES
from kg.settings import Settings

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
PREFIXES = {
    "sd": SD,
    "void": VOID,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "formats": "http://www.w3.org/ns/formats/",
}

# The description's own media types, best first (HTML is the API's business, not this module's).
DESCRIPTION_TYPES = (
    "text/turtle",
    "application/rdf+xml",
    "application/ld+json",
    "application/n-triples",
)
_RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


@dataclass(frozen=True)
class ServiceFacts:
    """What the description says, as plain values (the HTML page shows the same facts)."""

    endpoint: str
    base_iri: str
    graphs: Mapping[str, int]  # named graph IRI → triples
    result_formats: tuple[str, ...]  # media types
    federated: tuple[str, ...]  # the SERVICE allow-list
    timeout: float
    max_bytes: int

    @property
    def notes(self) -> tuple[str, ...]:
        """The rules a client must know, one sentence each."""
        service = (
            "SERVICE may call only these endpoints: " + ", ".join(self.federated) + "."
            if self.federated
            else "SERVICE is refused: this endpoint calls no other endpoint."
        )
        return (
            "Read-only: SPARQL 1.1 queries (SELECT, ASK, CONSTRUCT, DESCRIBE); updates are refused.",
            "Without FROM, FROM NAMED, default-graph-uri or named-graph-uri, the default graph is "
            "the union of all named graphs; the protocol's parameters replace the query's dataset.",
            f"Relative IRIs in a query resolve against the base IRI <{self.base_iri}>.",
            f"A query is stopped after {self.timeout:g} s, and answers over {self.max_bytes:,} bytes "
            "are refused.",
            service,
        )


def service_facts(
    settings: Settings, graphs: Mapping[str, int], *, timeout: float, max_bytes: int
) -> ServiceFacts:
    """The facts of the endpoint that `settings` configure, over `graphs` (IRI → triples)."""
    return ServiceFacts(
        endpoint=settings.base_iri + "sparql",
        base_iri=settings.base_iri,
        graphs=dict(sorted(graphs.items())),
        result_formats=tuple(dict.fromkeys((*SOLUTION_TYPES, *GRAPH_TYPES))),
        federated=settings.service_allowlist,
        timeout=timeout,
        max_bytes=max_bytes,
    )


def description(facts: ServiceFacts) -> list[ox.Triple]:
    """The service description as triples (blank nodes with fixed labels, so the same facts
    always give the same text)."""
    service, dataset, default = (ox.BlankNode(n) for n in ("service", "dataset", "default"))
    features = ["UnionDefaultGraph"] + (["BasicFederatedQuery"] if facts.federated else [])
    triples = [
        _t(service, RDF_TYPE, _sd("Service")),
        _t(service, _sd("endpoint"), ox.NamedNode(facts.endpoint)),
        _t(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        *(_t(service, _sd("feature"), _sd(feature)) for feature in features),
        *(
            _t(service, _sd("resultFormat"), ox.NamedNode(FORMAT_IRIS[media_type]))
            for media_type in facts.result_formats
            if media_type in FORMAT_IRIS
        ),
        *(_t(service, RDFS_COMMENT, ox.Literal(note, language="en")) for note in facts.notes),
        _t(service, _sd("defaultDataset"), dataset),
        _t(dataset, RDF_TYPE, _sd("Dataset")),
        _t(dataset, _sd("defaultGraph"), default),
        *(
            _t(dataset, _sd("namedGraph"), ox.BlankNode(f"named{number}"))
            for number in range(1, len(facts.graphs) + 1)
        ),
        _t(default, RDF_TYPE, _sd("Graph")),
        _t(default, RDFS_COMMENT, ox.Literal("The union of all named graphs.", language="en")),
    ]
    for number, (iri, size) in enumerate(facts.graphs.items(), start=1):
        named, graph = ox.BlankNode(f"named{number}"), ox.BlankNode(f"graph{number}")
        triples += [
            _t(named, RDF_TYPE, _sd("NamedGraph")),
            _t(named, _sd("name"), ox.NamedNode(iri)),
            _t(named, _sd("graph"), graph),
            _t(graph, RDF_TYPE, _sd("Graph")),
            _t(graph, ox.NamedNode(VOID + "triples"), ox.Literal(str(size), datatype=_INTEGER)),
        ]
    return triples


def serialize_description(triples: Sequence[ox.Triple], media_type: str) -> bytes:
    """The description in one of DESCRIPTION_TYPES."""
    data = ox.serialize(list(triples), format=_RDF_FORMATS[media_type], prefixes=PREFIXES)
    assert data is not None
    return bytes(data)


_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def _t(
    subject: ox.BlankNode, predicate: ox.NamedNode, obj: ox.NamedNode | ox.BlankNode | ox.Literal
) -> ox.Triple:
    return ox.Triple(subject, predicate, obj)

"""The dataset's VoID description: statistics counted in the store with SPARQL, the dumps and
the SPARQL endpoint, and the links that leave the dataset, as linksets.

Counts are over the project's named graphs (those under `settings.graph_prefix`), and a triple
stated in two graphs counts once, as it appears once in the complete dumps. The queries are in
kg/queries.py; each scans the graphs at most once, so a million triples take seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from kg.dump_manifest import DumpManifest
from kg.publish_iris import PublishIris, graph_slug, namespace_slug
from kg.publishing_config import Texts
from kg.queries import (
    VOID_CLASSES,
    VOID_EXAMPLES,
    VOID_LINKS,
    VOID_OBJECT_NAMESPACES,
    VOID_OBJECTS,
    VOID_PROPERTIES,
    VOID_SUBJECTS,
    inline_terms,
)
from kg.rdf_output import GraphBuilder, integer_literal
from kg.settings import Settings
from kg.store import Store

VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"

# W3C's IRIs for RDF syntaxes (www.w3.org/ns/formats/), by dump file extension.
FORMAT_FEATURES: Mapping[str, str] = {
    "ttl": "http://www.w3.org/ns/formats/Turtle",
    "nt": "http://www.w3.org/ns/formats/N-Triples",
    "nq": "http://www.w3.org/ns/formats/N-Quads",
    "trig": "http://www.w3.org/ns/formats/TriG",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdf": "http://www.w3.org/ns/formats/RDF_XML",
}


@dataclass(frozen=True)
class Link:
    """Triples of one predicate pointing into one outside namespace."""

    property: str
    namespace: str
    triples: int


@dataclass(frozen=True)
class VoidStatistics:
    """What VoID says about the dataset, as counted in the store."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: Mapping[str, int]  # class IRI → its instances
    properties: Mapping[str, int]  # predicate IRI → distinct triples using it
    links: tuple[Link, ...]
    examples: tuple[str, ...]
    graphs: Mapping[str, int]  # named graph IRI → its triples

    @property
    def vocabularies(self) -> tuple[str, ...]:
        """The namespaces of every predicate and class the data uses."""
        return tuple(sorted({namespace_of(t) for t in [*self.properties, *self.classes]}))


def namespace_of(iri: str) -> str:
    """Everything up to the IRI's last '#' or '/'."""
    return iri[: max(iri.rfind("#"), iri.rfind("/")) + 1]


def void_statistics(
    store: Store, *, settings: Settings, graphs: Mapping[str, int] | None = None
) -> VoidStatistics:
    """Count the dataset in `store` (either backend) with the queries of kg/queries.py;
    `graphs` (the project's named graphs and their sizes) when the caller has them."""
    sizes = dict(sorted((graphs or store.graph_sizes(settings.graph_prefix)).items()))
    if not sizes:
        return VoidStatistics(0, 0, 0, 0, {}, {}, (), (), {})
    names = [ox.NamedNode(g) for g in sizes]
    base = ox.Literal(settings.base_iri)

    def run(template: str, **terms: ox.NamedNode | list[ox.Literal]) -> list[dict[str, str | None]]:
        return list(store.query(inline_terms(template, graphs=names, base=base, **terms)).values())

    properties = {row["property"] or "": _int(row["triples"]) for row in run(VOID_PROPERTIES)}
    classes = {row["class"] or "": _int(row["instances"]) for row in run(VOID_CLASSES)}
    subjects = run(VOID_SUBJECTS)[0]
    vocabularies = {namespace_of(t) for t in [*properties, *classes]}
    namespaces = {row["namespace"] or "" for row in run(VOID_OBJECT_NAMESPACES)}
    outside = [
        ox.Literal(namespace)
        for namespace in sorted(namespaces - vocabularies - {""})
        if not namespace.startswith(settings.base_iri)
    ]
    links = (
        [
            Link(row["property"] or "", row["namespace"] or "", _int(row["triples"]))
            for row in run(VOID_LINKS, namespaces=outside)
        ]
        if outside
        else []
    )
    lsk = settings.namespaces.lsk
    examples = run(
        VOID_EXAMPLES,
        stanceClass=ox.NamedNode(lsk + "Stance"),
        sourceText=ox.NamedNode(lsk + "sourceText"),
        consultationClass=ox.NamedNode(lsk + "Consultation"),
    )
    return VoidStatistics(
        triples=sum(properties.values()),
        entities=_int(subjects["entities"]),
        distinct_subjects=_int(subjects["subjects"]),
        distinct_objects=_int(run(VOID_OBJECTS)[0]["objects"]),
        classes=dict(sorted(classes.items())),
        properties=dict(sorted(properties.items())),
        links=tuple(sorted(links, key=lambda link: (link.namespace, link.property))),
        examples=tuple(sorted({row["example"] or "" for row in examples} - {""})),
        graphs=sizes,
    )


def _int(value: str | None) -> int:
    # SUM over no rows is unbound on some servers: none counted.
    return int(value) if value else 0


def void_description(
    stats: VoidStatistics,
    *,
    settings: Settings,
    manifest: DumpManifest,
    title: Texts,
) -> GraphBuilder:
    """The VoID description of the dataset `stats` counts, with its dumps and endpoint."""
    iris = PublishIris(settings.base_iri)
    namespaces = settings.namespaces
    graph = GraphBuilder()
    dataset = iris.dataset

    graph.type(iris.void, VOID + "DatasetDescription")
    graph.add(
        iris.void, DCTERMS + "title", ox.Literal(f"VoID-beskrivning: {title.sv}", language="sv")
    )
    graph.add(
        iris.void, DCTERMS + "title", ox.Literal(f"VoID description: {title.en}", language="en")
    )
    graph.add(iris.void, FOAF + "primaryTopic", dataset)

    graph.type(dataset, VOID + "Dataset")
    graph.add(dataset, DCTERMS + "title", ox.Literal(title.sv, language="sv"))
    graph.add(dataset, DCTERMS + "title", ox.Literal(title.en, language="en"))
    for name, value in (
        ("triples", stats.triples),
        ("entities", stats.entities),
        ("distinctSubjects", stats.distinct_subjects),
        ("distinctObjects", stats.distinct_objects),
        ("classes", len(stats.classes)),
        ("properties", len(stats.properties)),
    ):
        graph.add(dataset, VOID + name, integer_literal(value))
    graph.add(dataset, VOID + "uriSpace", ox.Literal(settings.base_iri))
    graph.add_all(dataset, VOID + "vocabulary", stats.vocabularies)
    graph.add_all(dataset, VOID + "exampleResource", stats.examples)
    graph.add(dataset, VOID + "sparqlEndpoint", iris.sparql)
    for dump in manifest.complete:
        graph.add(dataset, VOID + "dataDump", iris.download(dump.file))
        if dump.extension in FORMAT_FEATURES:
            graph.add(dataset, VOID + "feature", FORMAT_FEATURES[dump.extension])

    for cls, instances in stats.classes.items():
        partition = iris.class_partition(cls, namespaces)
        graph.add(dataset, VOID + "classPartition", partition)
        graph.add(partition, VOID + "class", cls)
        graph.add(partition, VOID + "entities", integer_literal(instances))
    for prop, triples in stats.properties.items():
        partition = iris.property_partition(prop, namespaces)
        graph.add(dataset, VOID + "propertyPartition", partition)
        graph.add(partition, VOID + "property", prop)
        graph.add(partition, VOID + "triples", integer_literal(triples))

    for name, triples in stats.graphs.items():
        subset = iris.graph_subset(graph_slug(name, settings.graph_prefix))
        graph.add(dataset, VOID + "subset", subset)
        graph.type(subset, VOID + "Dataset")
        graph.add(subset, VOID + "triples", integer_literal(triples))
        graph.add(subset, VOID + "sparqlEndpoint", iris.sparql)
        for dump in manifest.of_graph(name):
            graph.add(subset, VOID + "dataDump", iris.download(dump.file))

    _linksets(graph, stats, iris=iris, settings=settings)
    return graph


def _linksets(
    graph: GraphBuilder, stats: VoidStatistics, *, iris: PublishIris, settings: Settings
) -> None:
    # One linkset per predicate and target namespace; the target is a dataset of our own
    # minting, known only by the namespace its IRIs share: nothing about it is assumed.
    slugs: dict[str, str] = {}
    for link in stats.links:
        if link.namespace not in slugs:
            slug = namespace_slug(link.namespace)
            while slug in slugs.values():
                slug += "-"
            slugs[link.namespace] = slug
        target = iris.link_target(slugs[link.namespace])
        graph.type(target, VOID + "Dataset")
        graph.add(target, VOID + "uriSpace", ox.Literal(link.namespace))
        linkset = iris.linkset(slugs[link.namespace], link.property, settings.namespaces)
        graph.add(iris.dataset, VOID + "subset", linkset)
        graph.type(linkset, VOID + "Linkset")
        graph.add(linkset, VOID + "subjectsTarget", iris.dataset)
        graph.add(linkset, VOID + "objectsTarget", target)
        graph.add(linkset, VOID + "linkPredicate", link.property)
        graph.add(linkset, VOID + "triples", integer_literal(link.triples))

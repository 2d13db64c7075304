"""What the documentation page documents, read from the project's files, and where each
thing's anchor is.

Anchors follow one convention (`anchor`), so any page can link to a term: `lsk:X` → `#X`,
`lsksh:S` → `#shape-S`, `scheme:Y` → `#scheme-Y`, a concept `stype:Z` → `#stype-Z`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import BNode, Node, URIRef

from kg.namespaces import Namespaces
from kg.rdf_files import ParsedFile, merge, parse_all
from kg.settings import Settings

# Standard vocabularies the ontology reuses, by their prefix in kg.namespaces: title and the
# specification a reader should follow.
REUSED_VOCABULARIES: Mapping[str, tuple[str, str]] = {
    "org": ("The Organization Ontology (W3C ORG)", "https://www.w3.org/TR/vocab-org/"),
    "dcterms": (
        "DCMI Metadata Terms (DCTERMS)",
        "https://www.dublincore.org/specifications/dublin-core/dcmi-terms/",
    ),
    "skos": ("SKOS Simple Knowledge Organization System", "https://www.w3.org/TR/skos-reference/"),
    "prov": ("PROV-O: The PROV Ontology", "https://www.w3.org/TR/prov-o/"),
    "oa": ("Web Annotation Vocabulary", "https://www.w3.org/TR/annotation-vocab/"),
    "foaf": ("FOAF Vocabulary Specification", "http://xmlns.com/foaf/spec/"),
}

PROPERTY_TYPES = (
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
)

# A shape's description is everything reached through blank nodes (a path, a list, an sh:or
# member, a SPARQL constraint), except the named property shapes it lists: they are shapes of
# their own. Its type, severity and prefix declarations name no term it checks.
_SHAPE_OWN = frozenset({SH.property})
_NOT_MENTIONS = frozenset({RDF.type, SH.prefixes, SH.severity})

_NOT_ID = re.compile(r"[^A-Za-z0-9_.\-]")


def anchor(iri: str, namespaces: Namespaces) -> str:
    """The fragment (without '#') of the page's element documenting `iri`.

    `lsk:X` → `X`, `lsksh:S` → `shape-S`, `scheme:Y` → `scheme-Y`, a concept under a known
    prefix `p:Z` → `p-Z`, any other IRI → its last two path segments joined by '-'.
    """
    prefixes = namespaces.prefixes
    for prefix, lead in (("lsk", ""), ("lsksh", "shape-"), ("scheme", "scheme-")):
        namespace = prefixes[prefix]
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return lead + _NOT_ID.sub("_", iri[len(namespace) :])
    curie = namespaces.compact(iri)
    if not curie.startswith("<"):
        return _NOT_ID.sub("_", curie.replace(":", "-", 1))
    segments = [s for s in re.split(r"[/#]", iri.split("://", 1)[-1]) if s][-2:]
    return _NOT_ID.sub("_", "-".join(segments))


@dataclass(frozen=True)
class Documented:
    """What the page documents, read from the project's files, in the order it shows them.

    Classes and properties are in alphabetical order, as vocabulary pages list them; shapes,
    schemes and concepts in the order their files give them, which groups them by topic.
    """

    namespaces: Namespaces
    ontology: rdflib.Graph
    shapes: rdflib.Graph
    vocabulary: rdflib.Graph
    ontology_iri: URIRef | None
    shapes_iri: URIRef | None
    classes: tuple[URIRef, ...]
    properties: tuple[URIRef, ...]
    node_shapes: tuple[URIRef, ...]
    property_shapes: tuple[URIRef, ...]
    schemes: tuple[URIRef, ...]
    concepts: Mapping[URIRef, tuple[URIRef, ...]]
    """Each scheme's concepts; a concept in several schemes is listed under the first."""
    loose_concepts: tuple[URIRef, ...]
    shape_mentions: Mapping[URIRef, tuple[URIRef, ...]]
    """For an IRI, the named shapes whose description uses it (as target, path, class, value…)."""
    source_files: tuple[str, ...]

    def anchor(self, iri: str) -> str:
        return anchor(iri, self.namespaces)

    def documented(self) -> set[URIRef]:
        """Every IRI the page has an element for."""
        concepts = {c for group in self.concepts.values() for c in group}
        return {
            *self.classes,
            *self.properties,
            *self.node_shapes,
            *self.property_shapes,
            *self.schemes,
            *concepts,
            *self.loose_concepts,
        }


def read_documented(settings: Settings) -> Documented:
    """Parse the ontology, the shapes and the vocabularies; raise RdfSyntaxError on bad files."""
    return documented_from(settings, *parse_project(settings))


def parse_project(
    settings: Settings,
) -> tuple[list[ParsedFile], list[ParsedFile], list[ParsedFile]]:
    """The ontology, shape and vocabulary files, all parsed or an error for the first bad one."""
    settings.require_project_layout()
    base = settings.base_iri
    vocabulary_dir = settings.data_dir / "vocabulary"
    return (
        parse_all([settings.ontology_dir], base_iri=base),
        parse_all([settings.shapes_dir], base_iri=base),
        parse_all([vocabulary_dir], base_iri=base) if vocabulary_dir.is_dir() else [],
    )


def documented_from(
    settings: Settings,
    ontology_files: Sequence[ParsedFile],
    shape_files: Sequence[ParsedFile],
    vocabulary_files: Sequence[ParsedFile],
) -> Documented:
    """What the parsed files give the page to document."""
    namespaces = settings.namespaces
    ontology, shapes, vocabulary = (
        merge(ontology_files),
        merge(shape_files),
        merge(vocabulary_files),
    )
    lsk = namespaces.lsk

    def ours(node: Node) -> bool:
        return isinstance(node, URIRef) and str(node).startswith(lsk) and str(node) != lsk

    classes = {s for t in (OWL.Class, RDFS.Class) for s in ontology.subjects(RDF.type, t)}
    properties = {s for t in PROPERTY_TYPES for s in ontology.subjects(RDF.type, t)}
    node_shapes, property_shapes = _shapes(shapes)
    shape_order = _file_order(shape_files)
    vocabulary_order = _file_order(vocabulary_files)
    schemes = _iris(vocabulary.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = _iris(vocabulary.subjects(RDF.type, SKOS.Concept)) | _iris(
        vocabulary.subjects(SKOS.inScheme, None)
    )
    schemes_in_order = _in_order(schemes, vocabulary_order)
    by_scheme: dict[URIRef, list[URIRef]] = {s: [] for s in schemes_in_order}
    loose: list[URIRef] = []
    for concept in _in_order(concepts, vocabulary_order):
        homes = [s for s in schemes_in_order if (concept, SKOS.inScheme, s) in vocabulary]
        (by_scheme[homes[0]] if homes else loose).append(concept)
    project = settings.project_dir
    return Documented(
        namespaces=namespaces,
        ontology=ontology,
        shapes=shapes,
        vocabulary=vocabulary,
        ontology_iri=_first(ontology.subjects(RDF.type, OWL.Ontology)),
        shapes_iri=_first(shapes.subjects(RDF.type, OWL.Ontology)),
        classes=tuple(sorted(_iris(c for c in classes if ours(c)), key=_alphabetical)),
        properties=tuple(sorted(_iris(p for p in properties if ours(p)), key=_alphabetical)),
        node_shapes=tuple(_in_order(node_shapes, shape_order)),
        property_shapes=tuple(_in_order(property_shapes, shape_order)),
        schemes=tuple(schemes_in_order),
        concepts={s: tuple(c) for s, c in by_scheme.items()},
        loose_concepts=tuple(loose),
        shape_mentions=_shape_mentions(shapes, node_shapes | property_shapes),
        source_files=tuple(
            _relative(f.path, project) for f in (*ontology_files, *shape_files, *vocabulary_files)
        ),
    )


def _shapes(shapes: rdflib.Graph) -> tuple[set[URIRef], set[URIRef]]:
    """Named node shapes and named property shapes (typed, or recognisable by what they say)."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    candidates = (
        _iris(shapes.subjects(RDF.type, SH.NodeShape))
        | _iris(shapes.subjects(RDF.type, SH.PropertyShape))
        | _iris(shapes.subjects(SH.path, None))
        | _iris(shapes.objects(None, SH.property))
        | {s for t in targets for s in _iris(shapes.subjects(t, None))}
    )
    with_path = {s for s in candidates if shapes.value(s, SH.path) is not None}
    typed_property = _iris(shapes.subjects(RDF.type, SH.PropertyShape))
    property_shapes = with_path | (typed_property & candidates)
    return candidates - property_shapes, property_shapes


def _shape_mentions(shapes: rdflib.Graph, named: set[URIRef]) -> dict[URIRef, tuple[URIRef, ...]]:
    mentions: dict[URIRef, set[URIRef]] = {}
    for shape in named:
        for iri in _reachable_iris(shapes, shape):
            if iri != shape:
                mentions.setdefault(iri, set()).add(shape)
    return {iri: tuple(sorted(s, key=str)) for iri, s in mentions.items()}


def _reachable_iris(graph: rdflib.Graph, shape: URIRef) -> set[URIRef]:
    """IRIs a shape's description uses, following blank nodes but not into other named shapes."""
    found: set[URIRef] = set()
    stack: list[Node] = [shape]
    seen: set[Node] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, value in graph.predicate_objects(node):
            if predicate in _NOT_MENTIONS or (
                predicate in _SHAPE_OWN and isinstance(value, URIRef)
            ):
                continue
            if isinstance(value, BNode):
                stack.append(value)
            elif isinstance(value, URIRef) and predicate != RDF.rest:
                found.add(value)
    return found


def _file_order(files: Sequence[ParsedFile]) -> dict[URIRef, tuple[int, str]]:
    """Where each subject first appears across the files, so lists follow the authors' order."""
    order: dict[URIRef, tuple[int, str]] = {}
    for parsed in files:
        for triple in parsed.triples:
            subject = triple.subject
            if isinstance(subject, ox.NamedNode):
                order.setdefault(URIRef(subject.value), (len(order), subject.value))
    return order


def _in_order(iris: Iterable[URIRef], order: Mapping[URIRef, tuple[int, str]]) -> list[URIRef]:
    # Something never a subject (only mentioned) goes last, by IRI.
    return sorted(iris, key=lambda i: order.get(i, (len(order), str(i))))


def _iris(nodes: Iterable[Node]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef)}


def _first(nodes: Iterable[Node]) -> URIRef | None:
    iris = sorted(_iris(nodes), key=str)
    return iris[0] if iris else None


def _alphabetical(iri: URIRef) -> tuple[str, str]:
    local = re.split(r"[/#]", str(iri))[-1]
    return (local.casefold(), local)


def _relative(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

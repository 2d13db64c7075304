"""Checks of a graph against the specs it reuses: SKOS integrity, and rdfs:domain/rdfs:range.

Each check returns its offenders as readable lines, so a failing test lists them all.
"""

from __future__ import annotations

from collections.abc import Iterator

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


def _name(graph: rdflib.Graph, node: Node) -> str:
    if isinstance(node, rdflib.URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return node.n3()


def concepts(graph: rdflib.Graph) -> set[Node]:
    """Every instance of skos:Concept or of a subclass of it."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, SKOS.Concept))
    return {c for cls in classes for c in graph.subjects(RDF.type, cls)}


def label_clashes(graph: rdflib.Graph) -> list[str]:
    """SKOS S13 (and its companions): prefLabel, altLabel and hiddenLabel pairwise disjoint."""
    found = []
    subjects = {s for p in LABELS for s in graph.subjects(p, None)}
    for s in sorted(subjects, key=str):
        for i, first in enumerate(LABELS):
            for second in LABELS[i + 1 :]:
                for shared in set(graph.objects(s, first)) & set(graph.objects(s, second)):
                    found.append(
                        f"{_name(graph, s)}: {shared.n3()} is both "
                        f"{_name(graph, first)} and {_name(graph, second)}"
                    )
    return found


def pref_label_language_clashes(graph: rdflib.Graph) -> list[str]:
    """SKOS S14: at most one skos:prefLabel per language tag."""
    found = []
    for s in sorted(set(graph.subjects(SKOS.prefLabel, None)), key=str):
        seen: dict[str | None, rdflib.Literal] = {}
        for label in graph.objects(s, SKOS.prefLabel):
            if not isinstance(label, rdflib.Literal):
                continue
            if label.language in seen:
                found.append(f"{_name(graph, s)}: two prefLabels @{label.language}")
            seen[label.language] = label
    return found


def concepts_outside_schemes(graph: rdflib.Graph) -> list[str]:
    return sorted(_name(graph, c) for c in concepts(graph) if graph.value(c, SKOS.inScheme) is None)


def broader_and_related(graph: rdflib.Graph) -> list[str]:
    """SKOS S27: skos:related is disjoint with skos:broaderTransitive."""
    found = []
    for a, b in graph.subject_objects(SKOS.related):
        for x, y in ((a, b), (b, a)):
            if y in set(graph.transitive_objects(x, SKOS.broader)) - {x}:
                found.append(
                    f"{_name(graph, x)} is both broader-than and related to {_name(graph, y)}"
                )
    return sorted(found)


def repeated_declarations(graph: rdflib.Graph, predicate: rdflib.URIRef) -> list[str]:
    """Properties with two or more rdfs:range (or rdfs:domain) declarations: RDFS reads them
    as an intersection, which is almost never what was meant (a union needs owl:unionOf)."""
    found = []
    for p in sorted(set(graph.subjects(predicate, None)), key=str):
        values = list(graph.objects(p, predicate))
        if len(values) > 1:
            found.append(f"{_name(graph, p)}: {sorted(_name(graph, v) for v in values)}")
    return found


class Typing:
    """rdfs:subClassOf and owl:equivalentClass closure, owl:unionOf, and datatypes."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self._supers: dict[Node, set[Node]] = {}

    def superclasses(self, cls: Node) -> set[Node]:
        if cls not in self._supers:
            seen: set[Node] = set()
            todo = [cls]
            while todo:
                c = todo.pop()
                if c in seen:
                    continue
                seen.add(c)
                todo.extend(self.graph.objects(c, RDFS.subClassOf))
                todo.extend(self.graph.objects(c, OWL.equivalentClass))
                todo.extend(self.graph.subjects(OWL.equivalentClass, c))
            self._supers[cls] = seen
        return self._supers[cls]

    def members(self, cls: Node) -> list[Node]:
        """The classes of an owl:unionOf expression, or [cls] for a named class."""
        union = self.graph.value(cls, OWL.unionOf)
        if union is None:
            return [cls]
        return list(rdflib.collection.Collection(self.graph, union))

    def conforms(self, node: Node, cls: Node) -> bool:
        if any(self.conforms(node, m) for m in self.members(cls) if m != cls):
            return True
        if cls == RDFS.Resource:
            return True
        if cls == RDFS.Literal:
            return isinstance(node, rdflib.Literal)
        if cls == RDF.langString:
            return isinstance(node, rdflib.Literal) and node.language is not None
        if isinstance(cls, rdflib.URIRef) and str(cls).startswith(str(XSD)):
            if not isinstance(node, rdflib.Literal) or node.language is not None:
                return False
            return (node.datatype or XSD.string) == cls
        if isinstance(node, rdflib.Literal):
            return False
        return any(cls in self.superclasses(t) for t in self.graph.objects(node, RDF.type))


def super_properties(graph: rdflib.Graph, p: Node) -> set[Node]:
    """p and every named property it is a sub-property of."""
    found = {p}
    todo = [p]
    while todo:
        for sup in graph.objects(todo.pop(), RDFS.subPropertyOf):
            if isinstance(sup, rdflib.URIRef) and sup not in found:
                found.add(sup)
                todo.append(sup)
    return found


def domain_range_offenders(graph: rdflib.Graph) -> list[str]:
    """Every triple whose predicate (or a super-property of it) declares an rdfs:domain or
    rdfs:range whose subject or object does not have a compatible type."""
    typing = Typing(graph)
    found = set()
    for s, p, o in graph:
        for prop in super_properties(graph, p):
            for domain in graph.objects(prop, RDFS.domain):
                if not typing.conforms(s, domain):
                    found.add(_offence(graph, s, p, o, "domain", prop, domain))
            for range_ in graph.objects(prop, RDFS.range):
                if not typing.conforms(o, range_):
                    found.add(_offence(graph, s, p, o, "range", prop, range_))
    return sorted(found)


def _offence(
    graph: rdflib.Graph, s: Node, p: Node, o: Node, which: str, prop: Node, cls: Node
) -> str:
    shown = _name(graph, o) if not isinstance(o, rdflib.Literal) else o.n3()[:60]
    expected = (
        " or ".join(_name(graph, m) for m in Typing(graph).members(cls))
        if isinstance(cls, rdflib.BNode)
        else _name(graph, cls)
    )
    return (
        f"{_name(graph, s)} {_name(graph, p)} {shown}: "
        f"{which} of {_name(graph, prop)} is {expected}"
    )


def derivations(graph: rdflib.Graph) -> Iterator[tuple[Node, Node, Node]]:
    """(derived, property, source) for prov:wasDerivedFrom and every sub-property of it."""
    prov_derived = rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    for s, p, o in graph:
        if prov_derived in super_properties(graph, p):
            yield s, p, o

"""The ontology and the shapes as the project's files state them, for dereferencing their IRIs.

They are not in the store (the store holds the data), so their terms are described from the
files, read once and rebased to the configured base IRI, in the same `ResourceView` shape as
a resource read from the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import STANDARD_PREFIXES
from kg.rdf_files import parse_all
from kg.relations import Description
from kg.resource_view import LABEL_PREDICATES, ResourceView, describe_triples, node_key
from kg.settings import Settings

_OWL = STANDARD_PREFIXES["owl"]


@dataclass(frozen=True)
class TermFiles:
    """The triples of ontology/ and shapes/, and the two documents' IRIs."""

    ontology_iri: str
    shapes_iri: str
    ontology: tuple[ox.Triple, ...] = ()
    shapes: tuple[ox.Triple, ...] = ()
    _subjects: dict[str, list[ox.Triple]] = field(default_factory=dict, repr=False)
    _objects: dict[str, list[ox.Triple]] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, settings: Settings) -> TermFiles:
        """Parse ontology/ and shapes/ under the project folder (either may be missing)."""
        found = [
            [t for f in parse_all([folder], base_iri=settings.base_iri) for t in f.triples]
            if folder.is_dir()
            else []
            for folder in (settings.ontology_dir, settings.shapes_dir)
        ]
        return cls.of(settings, ontology=found[0], shapes=found[1])

    @classmethod
    def of(
        cls, settings: Settings, *, ontology: Sequence[ox.Triple], shapes: Sequence[ox.Triple]
    ) -> TermFiles:
        subjects: dict[str, list[ox.Triple]] = {}
        objects: dict[str, list[ox.Triple]] = {}
        for t in (*ontology, *shapes):
            subjects.setdefault(node_key(t.subject), []).append(t)
            if isinstance(t.object, ox.NamedNode):
                objects.setdefault(t.object.value, []).append(t)
        namespaces = settings.namespaces
        return cls(
            # The ontology is declared as <base>def, its terms are <base>def/X.
            ontology_iri=namespaces.lsk.rstrip("/"),
            shapes_iri=namespaces.prefixes["lsksh"],
            ontology=tuple(ontology),
            shapes=tuple(shapes),
            _subjects=subjects,
            _objects=objects,
        )

    def is_term(self, iri: str) -> bool:
        """True when the ontology or the shapes state something about `iri`."""
        return iri in self._subjects

    def describe(self, iri: str) -> Description:
        """What the files state about `iri` (labels of predicates and classes, for pages)."""
        return describe_triples(self._subjects.get(iri, ()), iri)

    def document(self, iri: str) -> ResourceView | None:
        """The whole ontology (for its IRI, its namespace or its version IRI) or the whole
        shapes file."""
        versions = self.describe(self.ontology_iri).links(_OWL + "versionIRI")
        if iri in (self.ontology_iri, self.ontology_iri + "/", *versions) and self.ontology:
            return ResourceView(self.ontology_iri, _sorted(self.ontology))
        if iri == self.shapes_iri and self.shapes:
            return ResourceView(self.shapes_iri, _sorted(self.shapes))
        return None

    def view(self, iri: str) -> ResourceView | None:
        """The term's description: its statements with the blank nodes they lead to, the
        statements pointing to it, and the labels of the terms these mention."""
        if not self.is_term(iri):
            return None
        found = set(self._closure(iri))
        incoming = {t for t in self._objects.get(iri, ()) if isinstance(t.subject, ox.NamedNode)}
        found |= incoming
        mentioned = {t.object.value for t in found if isinstance(t.object, ox.NamedNode)}
        mentioned |= {node_key(t.subject) for t in incoming}
        for other in mentioned - {iri}:
            found |= {
                t for t in self._subjects.get(other, ()) if t.predicate.value in LABEL_PREDICATES
            }
        counts: dict[str, int] = {}
        for t in incoming:
            counts[t.predicate.value] = counts.get(t.predicate.value, 0) + 1
        return ResourceView(iri, _sorted(found), incoming_counts=counts)

    def _closure(self, iri: str) -> Iterable[ox.Triple]:
        """The concise bounded description: statements about `iri`, and about every blank node
        reached from them, recursively."""
        pending, seen = [iri], {iri}
        while pending:
            for t in self._subjects.get(pending.pop(), ()):
                yield t
                if isinstance(t.object, ox.BlankNode) and t.object.value not in seen:
                    seen.add(t.object.value)
                    pending.append(t.object.value)


def _sorted(triples: Iterable[ox.Triple]) -> tuple[ox.Triple, ...]:
    return tuple(sorted(set(triples), key=str))

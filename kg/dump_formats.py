"""The dump formats `kg export` writes, and the exported graphs in a deterministic form.

The triples are sorted by their N-Triples form and blank nodes relabelled by RDFC-1.0
(`canonical`), so the same data serializes (`SortedDump.serialize`) to the same bytes.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox

from kg import jsonld
from kg.namespaces import Namespaces


class DumpFormat(StrEnum):
    """The formats `kg export --format` takes."""

    TTL = "ttl"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"


@dataclass(frozen=True)
class DumpKind:
    extension: str
    media_type: str
    quads: bool
    rdf_format: ox.RdfFormat | None  # None: kg.jsonld writes it


KINDS: Mapping[DumpFormat, DumpKind] = {
    DumpFormat.TTL: DumpKind("ttl", "text/turtle", False, ox.RdfFormat.TURTLE),
    DumpFormat.NT: DumpKind("nt", "application/n-triples", False, ox.RdfFormat.N_TRIPLES),
    DumpFormat.NQ: DumpKind("nq", "application/n-quads", True, ox.RdfFormat.N_QUADS),
    DumpFormat.TRIG: DumpKind("trig", "application/trig", True, ox.RdfFormat.TRIG),
    DumpFormat.JSONLD: DumpKind("jsonld", "application/ld+json", False, None),
    DumpFormat.RDFXML: DumpKind("rdf", "application/rdf+xml", False, ox.RdfFormat.RDF_XML),
}


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def canonical(content: dict[str, list[ox.Triple]]) -> dict[str, list[ox.Triple]]:
    """Blank nodes relabelled by RDFC-1.0. A blank node's canonical label depends only on the
    quads it occurs in, so only those are canonicalized (and none when there are none)."""
    blank = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
        for g, triples in content.items()
        for t in triples
        if _has_blank(t)
    ]
    if not blank:
        return content
    dataset = ox.Dataset(blank)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    result = {g: [t for t in triples if not _has_blank(t)] for g, triples in content.items()}
    for quad in dataset:
        result[quad.graph_name.value].append(quad.triple)
    return result


class SortedDump:
    """The exported graphs, sorted once, and the views the formats need (built when asked)."""

    def __init__(self, content: Mapping[str, list[ox.Triple]], namespaces: Namespaces) -> None:
        self.namespaces = namespaces
        self.prefixes = dict(sorted(namespaces.prefixes.items()))
        self._keyed = {
            g: sorted(((str(t), t) for t in triples), key=lambda pair: pair[0])
            for g, triples in sorted(content.items())
        }
        self._union: list[ox.Triple] | None = None
        self._quads: list[ox.Quad] | None = None
        self._last: tuple[tuple[DumpFormat, str | None], bytes] | None = None

    @property
    def graphs(self) -> list[str]:
        return list(self._keyed)

    def triples(self, graph: str | None) -> list[ox.Triple]:
        """One graph's triples, or (None) the union of all, sorted by N-Triples form."""
        if graph is not None:
            return [t for _, t in self._keyed[graph]]
        if self._union is None:
            merged = heapq.merge(*self._keyed.values(), key=lambda pair: pair[0])
            self._union = [t for _, t in _distinct(merged)]
        return self._union

    def quads(self, graph: str | None) -> list[ox.Quad]:
        """One graph's quads, or (None) every graph's, by graph and then triple."""
        if graph is None and self._quads is not None:
            return self._quads
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, node)
            for name, keyed in self._keyed.items()
            if graph is None or name == graph
            for node in (ox.NamedNode(name),)
            for _, t in keyed
        ]
        if graph is None:
            self._quads = quads  # N-Quads and TriG both need them
        return quads

    def count(self, graph: str | None, quads: bool) -> int:
        if graph is not None:
            return len(self._keyed[graph])
        if quads:
            return sum(len(k) for k in self._keyed.values())
        return len(self.triples(None))

    def serialize(self, fmt: DumpFormat, graph: str | None) -> bytes:
        # With one graph, the union is that graph, and all.<ext> and its graphs/ file (written
        # next) are the same bytes: serialized once.
        if graph is None and len(self._keyed) == 1 and not KINDS[fmt].quads:
            graph = next(iter(self._keyed))
        if self._last is None or self._last[0] != (fmt, graph):
            self._last = ((fmt, graph), self._serialize(fmt, graph))
        return self._last[1]

    def _serialize(self, fmt: DumpFormat, graph: str | None) -> bytes:
        kind = KINDS[fmt]
        if kind.rdf_format is None:
            return jsonld.document(self.triples(graph), namespaces=self.namespaces)
        data: Iterable[ox.Triple] | Iterable[ox.Quad] = (
            self.quads(graph) if kind.quads else self.triples(graph)
        )
        # N-Triples and N-Quads have no prefixes; the others declare every project prefix.
        prefixes = None if fmt in {DumpFormat.NT, DumpFormat.NQ} else self.prefixes
        return ox.serialize(data, format=kind.rdf_format, prefixes=prefixes) or b""


def _distinct(pairs: Iterable[tuple[str, ox.Triple]]) -> Iterator[tuple[str, ox.Triple]]:
    last = None
    for key, triple in pairs:
        if key != last:
            yield key, triple
            last = key

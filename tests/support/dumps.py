"""Reading exported dumps back for the tests: each file parsed by pyoxigraph and, for the
triple formats, by rdflib as a second parser that shares no code with the writer."""

from __future__ import annotations

import gzip
import json
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from kg.settings import Settings
from kg.store import Store
from kg.terms import to_rdflib

PYOXIGRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


def content(path: Path) -> tuple[str, bytes]:
    """The file's extension (without .gz) and its bytes (decompressed)."""
    data = path.read_bytes()
    name = path.name
    if name.endswith(".gz"):
        data, name = gzip.decompress(data), name[: -len(".gz")]
    return name.rsplit(".", 1)[1], data


def parse(path: Path) -> list[ox.Quad]:
    extension, data = content(path)
    return list(ox.parse(data, format=PYOXIGRAPH_FORMATS[extension]))


def parse_rdflib(path: Path) -> rdflib.Graph:
    extension, data = content(path)
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
        warnings.simplefilter("ignore", DeprecationWarning)
        return rdflib.Graph().parse(data=data, format=RDFLIB_FORMATS[extension])


def as_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def store_quads(store: Store, settings: Settings) -> list[ox.Quad]:
    """What the store holds under the graph prefix, read by SELECTs (not the export's path).

    One SELECT per graph: a server caps the rows of one answer (Virtuoso at 10,000), and all
    the graphs together hold more than that."""
    names = store.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), STR(?prefix))) }",
        bindings={"prefix": ox.Literal(settings.graph_prefix)},
    )
    quads = []
    for (g,) in names.rows:
        assert isinstance(g, ox.NamedNode)
        result = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": g})
        for s, p, o in result.rows:
            assert isinstance(p, ox.NamedNode)
            assert isinstance(s, ox.NamedNode | ox.BlankNode)
            assert o is not None
            quads.append(ox.Quad(s, p, o, g))
    return quads


def graph_of(quad: ox.Quad) -> str:
    """The quad's graph IRI ("" for the default graph)."""
    return quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def tree(out: Path) -> dict[str, bytes]:
    """Every file under `out` by relative path, for byte-for-byte comparisons."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def assert_round_trip(out: Path, expected: Iterable[ox.Quad]) -> int:
    """Every dump in the manifest (and its .gz) parses back isomorphic to `expected`: per graph
    for the per-graph files, per quad for nq/trig, the union for the other complete dumps.
    Returns how many files were checked."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in expected:
        by_graph.setdefault(graph_of(quad), []).append(quad.triple)
    union = {t for triples in by_graph.values() for t in triples}
    checked = 0
    for entry in manifest(out)["files"]:
        path, graph = out / entry["file"], entry["graph"]
        quads = parse(path)
        assert len(quads) == entry["triples"], entry["file"]
        if entry["format"] in {"nq", "trig"}:
            found: dict[str, list[ox.Triple]] = {}
            for quad in quads:
                found.setdefault(graph_of(quad), []).append(quad.triple)
            wanted = {g: t for g, t in by_graph.items() if graph in (None, g)}
            assert set(found) == set(wanted), entry["file"]
            for name, triples in wanted.items():
                assert isomorphic(as_rdflib(found[name]), as_rdflib(triples)), entry["file"]
        else:
            assert all(q.graph_name == ox.DefaultGraph() for q in quads), entry["file"]
            want = as_rdflib(union if graph is None else by_graph[graph])
            assert isomorphic(as_rdflib(q.triple for q in quads), want), entry["file"]
            assert isomorphic(parse_rdflib(path), want), entry["file"] + " (rdflib)"
        checked += 1
    return checked

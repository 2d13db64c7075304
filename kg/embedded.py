"""The embedded store: parsed project files in an in-memory pyoxigraph store."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib

from kg.rdf_files import ParsedFile


def to_oxigraph(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")


def memory_store(files: Iterable[ParsedFile]) -> ox.Store:
    """A new in-memory store holding the files' triples in the default graph."""
    store = ox.Store()
    store.extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for parsed in files
        for s, p, o in parsed.graph
    )
    return store


def select_rows(store: ox.Store, query: str) -> tuple[list[str], list[list[str]]]:
    """Run a SELECT query; return its variable names and rows of plain strings."""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = [["" if s[n] is None else s[n].value for n in names] for s in solutions]
    return names, rows

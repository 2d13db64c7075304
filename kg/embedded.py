"""The embedded store: parsed project files in an in-memory pyoxigraph store, one named
graph per file, queried as the union of all graphs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.rdf_files import ParsedFile
from kg.settings import Settings


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


def graph_name(path: Path, *, settings: Settings) -> str:
    """The named graph a project file is loaded into: `<base>graph/<relative path, no suffix>`."""
    try:
        relative = path.resolve().relative_to(settings.project_dir.resolve())
    except ValueError:
        relative = Path("external") / path.name
    return f"{settings.base_iri}graph/{relative.with_suffix('').as_posix()}"


def memory_store(files: Iterable[ParsedFile], *, settings: Settings) -> ox.Store:
    """A new in-memory store holding each file's triples in a named graph of its own."""
    store = ox.Store()
    for parsed in files:
        graph = ox.NamedNode(graph_name(parsed.path, settings=settings))
        store.extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)  # type: ignore[arg-type]
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

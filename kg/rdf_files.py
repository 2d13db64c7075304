"""Finding and parsing RDF files, with errors that name the file, line and column.

Files are parsed by pyoxigraph (fast, and precise about where a syntax error is) and handed on
as rdflib graphs for pyshacl. Each parsed file keeps its text and prefixes so a report can say
where a resource is defined.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.errors import InputError, RdfSyntaxError
from kg.namespaces import rebase_text

RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".n3", ".rdf", ".owl", ".jsonld")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class ParsedFile:
    """One RDF file: its triples (graph names dropped), its text and its prefixes."""

    path: Path
    graph: rdflib.Graph
    text: str
    prefixes: dict[str, str] = field(default_factory=dict)


def find_rdf_files(paths: Iterable[Path]) -> list[Path]:
    """Expand directories (recursively, sorted) into RDF files; check that each path exists."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in RDF_SUFFIXES))
        elif path.is_file():
            if _format_of(path) is None:
                raise InputError(
                    f"{path}: not an RDF file this tool reads",
                    path=path,
                    hint="Use one of: " + ", ".join(RDF_SUFFIXES),
                )
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or directory", path=path)
    return found


def parse_file(path: Path, *, base_iri: str) -> ParsedFile:
    """Parse one file; raise RdfSyntaxError with its position if it is not valid RDF."""
    rdf_format = _format_of(path)
    if rdf_format is None:
        raise InputError(f"{path}: not an RDF file this tool reads", path=path)
    try:
        text = rebase_text(path.read_text(encoding="utf-8"), base_iri)
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason})", path=path) from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})", path=path) from None
    parser = ox.parse(text.encode("utf-8"), format=rdf_format, base_iri=path.resolve().as_uri())
    graph = rdflib.Graph()
    try:
        for quad in parser:
            graph.add(
                (_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object))
            )
    except SyntaxError as error:
        raise RdfSyntaxError(
            _syntax_detail(error), path=path, line=error.lineno, column=error.offset
        ) from None
    prefixes = dict(getattr(parser, "prefixes", None) or {})
    return ParsedFile(path=path, graph=graph, text=text, prefixes=prefixes)


def parse_all(paths: Sequence[Path], *, base_iri: str) -> list[ParsedFile]:
    """Parse every RDF file under `paths`, all of them or none (the first error is raised)."""
    return [parse_file(p, base_iri=base_iri) for p in find_rdf_files(paths)]


def merge(files: Iterable[ParsedFile]) -> rdflib.Graph:
    """One graph holding the triples of all the files."""
    merged = rdflib.Graph()
    for parsed in files:
        merged += parsed.graph
    return merged


def iter_triples(files: Iterable[ParsedFile]) -> Iterator[tuple[rdflib.term.Node, ...]]:
    for parsed in files:
        yield from parsed.graph


def _format_of(path: Path) -> ox.RdfFormat | None:
    if path.suffix not in RDF_SUFFIXES:
        return None
    return ox.RdfFormat.from_extension(path.suffix.lstrip("."))


def _syntax_detail(error: SyntaxError) -> str:
    # pyoxigraph puts the position in the message too ("Parser error at line 4 column 11: …");
    # keep only the explanation, since the position is reported as path:line:column.
    message = str(error.msg)
    return message.split(": ", 1)[1] if message.startswith("Parser error") else message


def _to_rdflib(term: object) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # rdflib's own parsers leave xsd:string implicit; do the same so both compare equal.
        return rdflib.Literal(term.value, datatype=None if datatype == _XSD_STRING else datatype)
    raise TypeError(f"unsupported RDF term {term!r}")  # RDF-star triples are not used here

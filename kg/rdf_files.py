"""Finding and parsing RDF files, with errors that name the file, line and column.

Files are parsed by pyoxigraph (fast, and precise about where a syntax error is) into its own
triples; an rdflib graph is built only when asked for (pySHACL needs one). Each file keeps its
text and prefixes so a report can say where a resource is defined.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.errors import InputError, RdfSyntaxError
from kg.namespaces import rebase_text
from kg.terms import to_rdflib

RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".n3", ".rdf", ".owl", ".jsonld")


@dataclass(eq=False)
class ParsedFile:
    """One RDF file: its triples (graph names dropped), its text and its prefixes."""

    path: Path
    triples: list[ox.Triple]
    text: str
    prefixes: dict[str, str] = field(default_factory=dict)

    @cached_property
    def graph(self) -> rdflib.Graph:
        """The triples as an rdflib graph (built on first use)."""
        graph = rdflib.Graph()
        for t in self.triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def subject_iris(self) -> set[str]:
        return {t.subject.value for t in self.triples if isinstance(t.subject, ox.NamedNode)}


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
    try:
        triples = [q.triple for q in parser]
    except SyntaxError as error:
        raise RdfSyntaxError(
            _syntax_detail(error), path=path, line=error.lineno, column=error.offset
        ) from None
    prefixes = dict(getattr(parser, "prefixes", None) or {})
    return ParsedFile(path=path, triples=triples, text=text, prefixes=prefixes)


def parse_all(paths: Sequence[Path], *, base_iri: str) -> list[ParsedFile]:
    """Parse every RDF file under `paths`, all of them or none (the first error is raised)."""
    return [parse_file(p, base_iri=base_iri) for p in find_rdf_files(paths)]


def merge(files: Iterable[ParsedFile]) -> rdflib.Graph:
    """One rdflib graph holding the triples of all the files."""
    merged = rdflib.Graph()
    for parsed in files:
        merged += parsed.graph
    return merged


def _format_of(path: Path) -> ox.RdfFormat | None:
    if path.suffix not in RDF_SUFFIXES:
        return None
    return ox.RdfFormat.from_extension(path.suffix.lstrip("."))


def _syntax_detail(error: SyntaxError) -> str:
    # pyoxigraph puts the position in the message too ("Parser error at line 4 column 11: …");
    # keep only the explanation, since the position is reported as path:line:column.
    message = str(error.msg)
    return message.split(": ", 1)[1] if message.startswith("Parser error") else message

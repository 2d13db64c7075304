"""Generated RDF (the catalogue, the VoID description): built as a set of triples with IRIs
only as subjects, written in a fixed order so the same input gives the same bytes."""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import OutputError

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

Object = str | ox.NamedNode | ox.Literal
"""An object: a str is an IRI; literals are given as pyoxigraph literals."""


def date_literal(value: datetime.date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def integer_literal(value: int, datatype: str = "integer") -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


class GraphBuilder:
    """Collects triples whose subjects are IRIs (no blank node can be made through it)."""

    def __init__(self) -> None:
        self._triples: set[ox.Triple] = set()

    def add(self, subject: str, predicate: str, obj: Object) -> None:
        node = ox.NamedNode(obj) if isinstance(obj, str) else obj
        self._triples.add(ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), node))

    def add_all(self, subject: str, predicate: str, objects: Iterable[Object]) -> None:
        for obj in objects:
            self.add(subject, predicate, obj)

    def type(self, subject: str, *classes: str) -> None:
        for cls in classes:
            self.add(subject, RDF_TYPE, cls)

    def __len__(self) -> int:
        return len(self._triples)

    def triples(self, *, first: Sequence[str] = (), local: str = "") -> list[ox.Triple]:
        """The triples grouped by subject: the subjects in `first` in that order, then the
        others under `local`, then the rest, each by IRI; in a subject rdf:type comes first,
        then the predicates and objects in order."""

        def order(triple: ox.Triple) -> tuple[int, str, bool, str, str]:
            # Every subject is an IRI (add makes nothing else); str() keeps mypy content.
            subject, predicate = str(triple.subject)[1:-1], triple.predicate.value
            if subject in first:
                rank = first.index(subject)
            else:
                rank = len(first) + (0 if local and subject.startswith(local) else 1)
            return (rank, subject, predicate != RDF_TYPE, predicate, str(triple.object))

        return sorted(self._triples, key=order)


def write_rdf(
    triples: list[ox.Triple], path: Path, rdf_format: ox.RdfFormat, prefixes: Mapping[str, str]
) -> int:
    """Write `triples` to `path` atomically (a reader never sees half a file); return its size."""
    data = ox.serialize(triples, format=rdf_format, prefixes=dict(prefixes)) or b""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, data)
    except OSError as error:
        raise _output_error(path, error) from None
    return len(data)


def replace_file(path: Path, data: bytes) -> None:
    """Make `data` the content of `path` at once: written beside it, then renamed over it, so
    a reader never sees half a file and a failed write (OSError) leaves what was there."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the files are for others to read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _output_error(path: Path, error: OSError) -> OutputError:
    return OutputError(
        f"{path}: cannot be written ({error.strerror})",
        path=path,
        hint="Choose a folder you can write to with --out (or KG_PUBLISH_DIR).",
    )

"""Finding and parsing RDF files, with errors that name the file, line and column.

Files are parsed by pyoxigraph (fast, and precise about where a syntax error is) into its own
triples; an rdflib graph is built only when asked for (pySHACL needs one). Each file keeps its
text and prefixes so a report can say where a resource is defined.

Only regular files are read, none larger than a limit, and XML with a document type or
entities is refused before any parser sees it: a pipe, a device or a kilobyte of nested
entity definitions would otherwise be read until memory runs out.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox
import rdflib

from kg.errors import InputError, RdfSyntaxError
from kg.namespaces import rebase_text
from kg.settings import DEFAULT_MAX_INPUT_BYTES
from kg.terms import to_rdflib

RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".n3", ".rdf", ".owl", ".jsonld")
# The RDF/XML parser's time grows with the square of the nesting depth (40,000 levels took
# 27 s); curated files nest a few levels, so anything this deep is refused before parsing.
MAX_XML_DEPTH = 1000
_DECLARATION = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_NOT_REGULAR_HINT = (
    "Only regular files are read: a pipe or a device could be read forever. Give the path of "
    "an RDF file, or move the entry out of the folder."
)


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
    """Expand directories (recursively, sorted) into RDF files; check that each path exists
    and is a regular file. A file named twice (or inside a folder also named) is listed once.

    Inside a folder, entries without an RDF suffix are skipped, as are folders; an entry with
    one that is not a regular file (a pipe, a device, a link to one) is refused, not skipped:
    it was probably meant to be read."""
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            for entry in sorted(path.rglob("*")):
                if entry.suffix in RDF_SUFFIXES and not entry.is_dir():
                    _require_regular(entry)
                    found.setdefault(entry.resolve(), entry)
        else:
            _require_regular(path)
            if _format_of(path) is None:
                raise InputError(
                    f"{path}: not an RDF file this tool reads",
                    path=path,
                    hint="Use one of: " + ", ".join(RDF_SUFFIXES),
                )
            found.setdefault(path.resolve(), path)
    return list(found.values())


def parse_file(
    path: Path, *, base_iri: str, max_bytes: int = DEFAULT_MAX_INPUT_BYTES
) -> ParsedFile:
    """Parse one file; raise RdfSyntaxError with its position if it is not valid RDF, and
    InputError if it is not a regular file, is over `max_bytes` or is XML with a DTD."""
    rdf_format = _format_of(path)
    if rdf_format is None:
        raise InputError(f"{path}: not an RDF file this tool reads", path=path)
    try:
        # Universal newlines, as text mode reads them, so positions match an editor's.
        text = _read_regular(path, max_bytes).decode("utf-8")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason})", path=path) from None
    if rdf_format == ox.RdfFormat.RDF_XML:
        _check_xml(path, text)
    text = rebase_text(text, base_iri)
    parser = ox.parse(text.encode("utf-8"), format=rdf_format, base_iri=path.resolve().as_uri())
    try:
        triples = [q.triple for q in parser]
    except SyntaxError as error:
        raise RdfSyntaxError(
            _syntax_detail(error), path=path, line=error.lineno, column=error.offset
        ) from None
    except MemoryError as error:
        raise _out_of_memory(path, error) from None
    prefixes = dict(getattr(parser, "prefixes", None) or {})
    return ParsedFile(path=path, triples=triples, text=text, prefixes=prefixes)


def parse_all(
    paths: Sequence[Path], *, base_iri: str, max_bytes: int = DEFAULT_MAX_INPUT_BYTES
) -> list[ParsedFile]:
    """Parse every RDF file under `paths`, all of them or none (the first error is raised)."""
    return [parse_file(p, base_iri=base_iri, max_bytes=max_bytes) for p in find_rdf_files(paths)]


def merge(files: Iterable[ParsedFile]) -> rdflib.Graph:
    """One rdflib graph holding the triples of all the files."""
    merged = rdflib.Graph()
    for parsed in files:
        merged += parsed.graph
    return merged


def _format_of(path: Path) -> ox.RdfFormat | None:
    if path.suffix not in RDF_SUFFIXES:
        return None
    if path.suffix == ".owl":  # OWL's usual exchange syntax; pyoxigraph knows no such extension
        return ox.RdfFormat.RDF_XML
    return ox.RdfFormat.from_extension(path.suffix.lstrip("."))


def _syntax_detail(error: SyntaxError) -> str:
    # pyoxigraph puts the position in the message too ("Parser error at line 4 column 11: …");
    # keep only the explanation, since the position is reported as path:line:column.
    message = str(error.msg)
    return message.split(": ", 1)[1] if message.startswith("Parser error") else message


def _require_regular(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(f"{path}: a link to nothing", path=path) from None
        raise InputError(f"{path}: no such file or directory", path=path) from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})", path=path) from None
    if not stat.S_ISREG(mode):
        raise _not_regular(path, mode)


def _not_regular(path: Path, mode: int) -> InputError:
    return InputError(
        f"{path}: not a regular file ({_kind(mode)})", path=path, hint=_NOT_REGULAR_HINT
    )


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    )
    return next((name for test, name in kinds if test(mode)), "not a plain file")


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, checked on the open file itself (the path may have changed since it
    was listed). Non-blocking, so opening a pipe returns at once instead of waiting for a
    writer."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})", path=path) from None
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(path, status.st_mode)
        data = b"" if status.st_size > max_bytes else file.read(max_bytes + 1)
        if status.st_size > max_bytes or len(data) > max_bytes:
            raise InputError(
                f"{path}: {max(status.st_size, len(data)):,} bytes, more than the "
                f"{max_bytes:,} bytes kg reads from one file",
                path=path,
                hint="Split the file, or raise the limit with KG_MAX_INPUT_BYTES if it is meant "
                "to be this large.",
            )
    return data


def _check_xml(path: Path, text: str) -> None:
    """Refuse a DTD or entity declarations (entity expansion can take gigabytes from a
    kilobyte) and nesting deeper than MAX_XML_DEPTH, before the RDF/XML parser runs."""
    # NULs dropped: XML in UTF-16 read as UTF-8 has one between every ASCII character.
    visible = text.replace("\x00", "")
    declaration = _DECLARATION.search(visible)
    if declaration:
        line = visible.count("\n", 0, declaration.start()) + 1
        raise InputError(
            f"{path}:{line}: declares a document type or entities "
            f"(<!{declaration.group(1).upper()} …), which kg refuses in XML",
            path=path,
            hint="Entity expansion can exhaust memory. Remove the <!DOCTYPE …> and <!ENTITY …> "
            "declarations and write any entity's value out in full.",
        )
    too_deep = _xml_too_deep_at(text)
    if too_deep is not None:
        raise InputError(
            f"{path}:{too_deep}: elements nested more than {MAX_XML_DEPTH} deep",
            path=path,
            hint="Flatten the description: give nested resources IRIs or blank node IDs "
            "(rdf:nodeID) and describe them at the top level.",
        )


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _xml_too_deep_at(text: str) -> int | None:
    """The line where elements first nest deeper than MAX_XML_DEPTH, else None."""
    parser = expat.ParserCreate()
    depth = 0

    def start(_name: str, _attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise _TooDeep(parser.CurrentLineNumber)

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except _TooDeep as deep:
        return deep.line
    except expat.ExpatError:
        return None  # malformed XML: the RDF/XML parser reports it, with its position
    return None


def _out_of_memory(path: Path, error: MemoryError) -> InputError:
    # pyoxigraph raises MemoryError when one token outgrows its buffer ("Reached the buffer
    # maximal size of 16777216"): a limit of the parser, not a shortage of memory.
    buffer = re.search(r"buffer maximal size of (\d+)", str(error))
    if buffer:
        return InputError(
            f"{path}: a single literal, IRI or JSON value is larger than the parser's "
            f"{int(buffer.group(1)) // 1024**2} MiB buffer",
            path=path,
            hint="Split the value, or keep texts this long outside the graph and link to them.",
        )
    return InputError(
        f"{path}: ran out of memory while parsing",
        path=path,
        hint="Split the file into smaller ones, or run kg where more memory is available.",
    )

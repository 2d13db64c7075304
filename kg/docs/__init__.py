"""`kg docs`: the ontology, the shapes and the SKOS schemes as one HTML page under `def/`.

The page is read from the project's files (ontology/, shapes/, data/vocabulary/), never from a
store, so it documents exactly what is shipped; with another KG_BASE_IRI every IRI on it is the
publisher's. Anchors follow one convention (`anchor`), so any page can link to a term:
`lsk:X` → `#X`, `lsksh:S` → `#shape-S`, `scheme:Y` → `#scheme-Y`, a concept `stype:Z` →
`#stype-Z`. Beside the page go the ontology (Turtle, RDF/XML, JSON-LD) and the shapes (Turtle)
for download. The same files give byte-identical output: nothing depends on time or hashing.

    model      what is documented, read from the files, and the anchors
    writer     RDF terms as escaped HTML: links, texts in their language, tables of facts
    page       the frame: header, namespaces, contents, footer
    ontology   classes, properties and the reused vocabularies
    shapes     node and property shapes, SPARQL constraints
    schemes    SKOS schemes and their concepts
    style      the inline style sheet
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.docs.model import Documented, anchor, documented_from, parse_project, read_documented
from kg.docs.page import render_page
from kg.errors import OutputError
from kg.rdf_files import ParsedFile
from kg.settings import Settings

__all__ = ["DocsReport", "Documented", "anchor", "read_documented", "render_page", "write_docs"]


@dataclass(frozen=True)
class DocsReport:
    """What `write_docs` wrote, and how much of each kind the page documents."""

    directory: Path
    files: tuple[Path, ...]
    classes: int
    properties: int
    shapes: int
    schemes: int
    concepts: int


def write_docs(*, settings: Settings, out_dir: Path | None = None) -> DocsReport:
    """Write `def/index.html` and the ontology and shapes for download under the publish folder
    (or `out_dir`); raise RdfSyntaxError naming file:line if a file is not valid RDF."""
    ontology_files, shape_files, vocabulary_files = parse_project(settings)
    documented = documented_from(settings, ontology_files, shape_files, vocabulary_files)
    prefixes = settings.namespaces.prefixes
    # Everything is rendered before anything is written, so a failure leaves no half page.
    outputs = {
        "index.html": render_page(documented).encode("utf-8"),
        "lsk.ttl": _turtle(ontology_files, prefixes),
        "lsk.rdf": _serialized(ontology_files, ox.RdfFormat.RDF_XML, prefixes),
        "lsk.jsonld": _serialized(ontology_files, ox.RdfFormat.JSON_LD, prefixes),
        "shapes.ttl": _turtle(shape_files, prefixes),
    }
    directory = (out_dir or settings.publish_dir) / "def"
    written = [_write(directory / name, content) for name, content in outputs.items()]
    return DocsReport(
        directory=directory,
        files=tuple(written),
        classes=len(documented.classes),
        properties=len(documented.properties),
        shapes=len(documented.node_shapes) + len(documented.property_shapes),
        schemes=len(documented.schemes),
        concepts=sum(len(c) for c in documented.concepts.values()) + len(documented.loose_concepts),
    )


def _turtle(files: Sequence[ParsedFile], prefixes: Mapping[str, str]) -> bytes:
    # One Turtle file is published as written (rebased), comments and order kept; several are
    # serialised together.
    if len(files) == 1 and files[0].path.suffix == ".ttl":
        return files[0].text.encode("utf-8")
    return _serialized(files, ox.RdfFormat.TURTLE, prefixes)


def _serialized(
    files: Sequence[ParsedFile], rdf_format: ox.RdfFormat, prefixes: Mapping[str, str]
) -> bytes:
    triples = [t for parsed in files for t in parsed.triples]
    output = ox.serialize(triples, format=rdf_format, prefixes=dict(prefixes))
    assert output is not None  # no output file was given, so the bytes are returned
    return output


def _write(path: Path, content: bytes) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as error:
        raise OutputError(
            f"{path}: cannot be written ({error.strerror})",
            path=path,
            hint="Set KG_PUBLISH_DIR (or --out) to a folder you can write to.",
        ) from None
    return path

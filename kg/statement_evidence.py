"""The curator's evidence for each curated statement: where in a source it is stated.

A curated fact that is not a stance (a relation, a date, an identifier, a role) is one triple in
`data/*.ttl`. The curator writes, for each, the passage of a source text that states it, in
TOML files under `data/provenance/evidence/`:

    [[statement]]
    subject = "doc:stockholm-pm-ks-2026-58"
    predicate = "dcterms:date"
    object = "2026-03-18"          # optional: a CURIE, or a literal's lexical form
    file = "000"                   # the source text's number
    exact = "Stockholm den 18 mars 2026"
    occurrence = 1                 # optional, where the passage occurs more than once

or, for a fact no source states, `inferred = "the reason"` instead of `file` and `exact`. An
alignment between sections may add `basis = "<concept CURIE>"`.

The evidence is a curation input, not data: `kg.statement_locations` turns it into RDF
reification (`rdf:Statement`) with Web Annotation selectors. TOML rather than Turtle because a
curator writes the triple by its names and the passage as text; the generated Turtle holds the
offsets and context nobody should type.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError
from kg.namespaces import Namespaces

EVIDENCE_DIR = Path("provenance") / "evidence"
"""Where the evidence files live, relative to data/."""

EXEMPT_PREDICATES = frozenset(
    {
        # What a thing is and what it is called: names are not facts that need a place.
        "rdf:type",
        "rdfs:label",
        "rdfs:comment",
        "skos:prefLabel",
        "skos:altLabel",
        "skos:hiddenLabel",
        "skos:definition",
        "skos:scopeNote",
        "skos:note",
        "dcterms:title",
        "dcterms:alternative",
        "foaf:name",
        "dcterms:language",
        # Provenance itself, and the curator's own notes.
        "dcterms:source",
        "lsk:sourceText",
        "lsk:fileName",
        "lsk:curatorNote",
        "lsk:citedSection",
        # Structure implied by a section's number and scheme, located through its notation.
        "skos:inScheme",
        "skos:topConceptOf",
        "skos:hasTopConcept",
        "skos:broader",
        "lsk:sectionOf",
    }
)
"""Predicates whose triples need no evidence (CURIEs)."""

EXEMPT_FILES = frozenset({"sources.ttl", "positions.ttl"})
"""Top-level data files whose triples need no evidence: the source files themselves, and the
positions, which are the curator's grouping and say so (lsk:curatorNote)."""

_KEYS = frozenset(
    {"subject", "predicate", "object", "file", "exact", "occurrence", "inferred", "basis"}
)
_TABLE = re.compile(r"^\s*\[\[\s*statement\s*\]\]")


@dataclass(frozen=True)
class Evidence:
    """One table of an evidence file: a statement and where it is stated (or why inferred)."""

    path: Path
    line: int
    subject: str
    predicate: str
    object: str | None
    source_number: str | None
    exact: str | None
    occurrence: int | None
    inferred: str | None
    basis: str | None

    @property
    def where(self) -> str:
        """`file:line` of the table, for messages."""
        return f"{self.path}:{self.line}"


def evidence_files(data_dir: Path) -> list[Path]:
    folder = data_dir / EVIDENCE_DIR
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def read_evidence(paths: Iterable[Path], namespaces: Namespaces) -> list[Evidence]:
    """Every table of the files, with subject, predicate and basis expanded to IRIs.

    Raises KGError naming file:line for unreadable TOML, unknown keys, a missing subject or
    predicate, or a table that gives neither a passage nor a reason."""
    found: list[Evidence] = []
    for path in paths:
        found.extend(_read_file(path, namespaces))
    return found


def _read_file(path: Path, namespaces: Namespaces) -> Iterator[Evidence]:
    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise KGError(f"{path}: cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise KGError(f"{path}: not valid TOML ({error})") from None
    unknown = set(document) - {"statement"}
    if unknown:
        raise KGError(
            f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))}",
            hint="An evidence file holds only [[statement]] tables.",
        )
    tables = document.get("statement", [])
    # tomllib gives no positions: the n-th [[statement]] header is the n-th table.
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if _TABLE.match(line)]
    for index, table in enumerate(tables):
        line = lines[index] if index < len(lines) else 0
        yield _evidence(path, line, table, namespaces)


def _evidence(path: Path, line: int, table: dict[str, object], namespaces: Namespaces) -> Evidence:
    where = f"{path}:{line}"
    unknown = set(table) - _KEYS
    if unknown:
        raise KGError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}",
            hint="Use: " + ", ".join(sorted(_KEYS)),
        )

    def text(key: str, *, required: bool = False) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise KGError(f"{where}: {key} must be a non-empty string")
        return value

    def iri(key: str) -> str | None:
        value = text(key, required=key != "basis")
        if value is None:
            return None
        prefix = value.partition(":")[0]
        if prefix not in namespaces.prefixes:
            # Not namespaces.expand alone: it takes `nope:x` for an IRI of the scheme `nope`.
            raise KGError(
                f"{where}: {key}: {value!r} is not a CURIE with a known prefix",
                hint="Use one of: " + ", ".join(sorted(namespaces.prefixes)),
            )
        return namespaces.expand(value)

    occurrence = table.get("occurrence")
    if occurrence is not None and (not isinstance(occurrence, int) or occurrence < 1):
        raise KGError(f"{where}: occurrence must be a whole number from 1")
    evidence = Evidence(
        path=path,
        line=line,
        subject=iri("subject") or "",
        predicate=iri("predicate") or "",
        object=text("object"),
        source_number=text("file"),
        exact=text("exact"),
        occurrence=occurrence,
        inferred=text("inferred"),
        basis=iri("basis"),
    )
    located = evidence.source_number is not None and evidence.exact is not None
    if located == (evidence.inferred is not None):
        raise KGError(
            f"{where}: give either file and exact (where the source states it) or inferred "
            "(why the curator holds it), not both or neither"
        )
    return evidence

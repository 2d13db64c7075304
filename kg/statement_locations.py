"""Curated statements as data: RDF reification with Web Annotation selectors.

Each curated triple that needs a source (see `kg.statement_evidence`) becomes an
`rdf:Statement` with `rdf:subject`, `rdf:predicate` and `rdf:object`, and either one
`lsk:statedAt` per place a source states it (an `oa:SpecificResource` of the source text with
an `oa:TextQuoteSelector`, an `oa:TextPositionSelector` and the lines, the same shape as a
stance's quote location) or an `lsk:curatorNote` giving the curator's reason.

Why reification: it is plain RDF 1.1, so it loads, queries and dumps the same on the embedded
store and on Virtuoso, and in every format a harvester reads. RDF-star (or RDF 1.2 triple
terms) would say it more briefly, but Virtuoso and RDF/XML cannot carry it. A named graph per
statement would collide with the graphs that hold one data file each. The asserted triple stays
where it is; the reified statement only describes it, so no query of the facts changes.

The statement's IRI is derived from its triple (`statement:` and a hash of the N-Triples
form), so it stays the same as long as the fact does, and a changed fact gets a new one.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, XSD

from kg.errors import KGError
from kg.namespaces import Namespaces
from kg.quotes import normalise
from kg.selectors import NormalisedText, QuoteLocation, location_in, turtle_string
from kg.statement_evidence import EXEMPT_FILES, EXEMPT_PREDICATES, Evidence

LOCATIONS_FILE = Path("provenance") / "statement-locations.ttl"
"""Where the generated statement locations live, relative to data/."""


@dataclass
class LocatedStatement:
    """One curated triple with the places a source states it, or the curator's reason."""

    subject: rdflib.URIRef
    predicate: rdflib.URIRef
    object: rdflib.term.Node
    locations: list[QuoteLocation] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    basis: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str, str]:
        return (str(self.subject), str(self.predicate), self.object.n3())


def statement_iri(
    namespaces: Namespaces, subject: str, predicate: str, obj: rdflib.term.Node
) -> str:
    """The statement's IRI: stable for as long as the triple is the same."""
    triple = f"<{subject}> <{predicate}> {obj.n3()} ."
    digest = hashlib.sha256(triple.encode("utf-8")).hexdigest()[:16]
    return namespaces.term("statement", digest)


def locate_statements(
    graph: rdflib.Graph,
    evidence: Sequence[Evidence],
    *,
    sources_dir: Path,
    namespaces: Namespaces,
) -> list[LocatedStatement]:
    """Each evidence table matched to the triple(s) it describes and located in its source.

    Raises KGError naming the table's file:line when it matches no triple in the data, its
    source file is unknown, or its passage is not in the file (or is ambiguous)."""
    lsk = rdflib.Namespace(namespaces.lsk)
    files = {
        str(name)[:3]: (source, str(name))
        for source, name in graph.subject_objects(lsk.fileName)
        if isinstance(source, rdflib.URIRef)
    }
    texts: dict[str, tuple[str, NormalisedText]] = {}
    statements: dict[tuple[str, str, str], LocatedStatement] = {}
    for table in evidence:
        triples = _matching(graph, table, namespaces)
        location = None
        if table.exact is not None and table.source_number is not None:
            if table.source_number not in files:
                raise KGError(
                    f"{table.where}: no source text numbered {table.source_number!r}",
                    hint="Use one of: " + ", ".join(sorted(files)),
                )
            source, name = files[table.source_number]
            if name not in texts:
                texts[name] = _read(sources_dir / name, table)
            location = _locate(texts[name], table, source=str(source), file_name=name)
        for s, p, o in triples:
            found = LocatedStatement(s, p, o)
            statement = statements.setdefault(found.key, found)
            if location is not None and location not in statement.locations:
                statement.locations.append(location)
            if table.inferred is not None and table.inferred not in statement.inferred:
                if statement.inferred:
                    # One reason per fact, so every reader (SPARQL, GraphQL, the dumps) sees
                    # the same one.
                    raise KGError(
                        f"{table.where}: {namespaces.compact(str(s))} "
                        f"{namespaces.compact(str(p))} is already marked inferred with "
                        "another reason",
                        hint="Keep one table with `inferred` for this fact.",
                    )
                statement.inferred.append(table.inferred)
            if table.basis is not None:
                statement.basis.add(table.basis)
    return sorted(statements.values(), key=lambda s: s.key)


def _matching(
    graph: rdflib.Graph, table: Evidence, namespaces: Namespaces
) -> list[tuple[rdflib.URIRef, rdflib.URIRef, rdflib.term.Node]]:
    subject, predicate = rdflib.URIRef(table.subject), rdflib.URIRef(table.predicate)
    wanted: str | None = None
    if table.object is not None:
        try:
            wanted = namespaces.expand(table.object)
        except KGError:
            wanted = None
    matches = [
        (subject, predicate, o)
        for o in sorted(graph.objects(subject, predicate), key=lambda o: o.n3())
        if table.object is None
        or (isinstance(o, rdflib.URIRef) and str(o) == wanted)
        or (isinstance(o, rdflib.Literal) and str(o) == table.object)
    ]
    if not matches:
        shown = f" {table.object!r}" if table.object is not None else ""
        raise KGError(
            f"{table.where}: the data holds no triple {namespaces.compact(table.subject)} "
            f"{namespaces.compact(table.predicate)}{shown}",
            hint="Correct the table, or remove it if the fact was taken out of the data.",
        )
    return matches


def _read(path: Path, table: Evidence) -> tuple[str, NormalisedText]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KGError(
            f"{table.where}: source file {path} cannot be read ({error})",
            hint="Set KG_SOURCES_DIR or --sources to the folder of the source texts.",
        ) from None
    return raw, NormalisedText.of(raw)


def _locate(
    text: tuple[str, NormalisedText], table: Evidence, *, source: str, file_name: str
) -> QuoteLocation:
    raw, normalised = text
    passage = normalise(table.exact or "")
    found = normalised.occurrences(passage)
    if not found:
        raise KGError(
            f"{table.where}: passage not found in {file_name}: {(table.exact or '')[:80]!r}",
            hint="Copy the words of the source (line breaks and emphasis do not matter).",
        )
    if table.occurrence is None and len(found) > 1:
        raise KGError(
            f"{table.where}: the passage occurs {len(found)} times in {file_name}",
            hint="Say which with occurrence = N, or lengthen the passage.",
        )
    chosen = table.occurrence or 1
    if chosen > len(found):
        raise KGError(
            f"{table.where}: occurrence {chosen} asked for, the passage occurs {len(found)} "
            f"time(s) in {file_name}"
        )
    start, end = normalised.span(found[chosen - 1], len(passage))
    return location_in(
        raw,
        start,
        end,
        subject=table.subject,
        source=source,
        file_name=file_name,
        occurrence=chosen if len(found) > 1 else 1,
        occurrences=len(found),
    )


# --------------------------------------------------------------------------------------------
# Coverage: which curated triples still lack evidence
# --------------------------------------------------------------------------------------------


def needing_evidence(
    files: Iterable[tuple[Path, rdflib.Graph]], *, namespaces: Namespaces
) -> list[tuple[Path, rdflib.URIRef, rdflib.URIRef, rdflib.term.Node]]:
    """The triples of the top-level data files that need evidence: not in an exempt file, not
    about a stance or a position, not of an exempt predicate."""
    lsk = rdflib.Namespace(namespaces.lsk)
    exempt = {namespaces.iri(curie) for curie in EXEMPT_PREDICATES}
    needed = []
    for path, graph in files:
        if path.name in EXEMPT_FILES:
            continue
        skip = set(graph.subjects(RDF.type, lsk.Stance)) | set(
            graph.subjects(RDF.type, lsk.Position)
        )
        for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), t[2].n3())):
            if not isinstance(s, rdflib.URIRef) or not isinstance(p, rdflib.URIRef):
                continue
            if s not in skip and str(p) not in exempt:
                needed.append((path, s, p, o))
    return needed


def uncovered(
    needed: Iterable[tuple[Path, rdflib.URIRef, rdflib.URIRef, rdflib.term.Node]],
    statements: Iterable[LocatedStatement],
) -> list[tuple[Path, rdflib.URIRef, rdflib.URIRef, rdflib.term.Node]]:
    """The needed triples no statement locates or marks as inferred."""
    covered = {s.key for s in statements if s.locations or s.inferred}
    return [t for t in needed if (str(t[1]), str(t[2]), t[3].n3()) not in covered]


def by_file(
    missing: Iterable[tuple[Path, rdflib.URIRef, rdflib.URIRef, rdflib.term.Node]],
) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for path, *_ in missing:
        counts[path.name] += 1
    return dict(counts)


# --------------------------------------------------------------------------------------------
# The generated Turtle file
# --------------------------------------------------------------------------------------------

_HEADER = """\
# GENERATED by `kg locate-statements --write data/provenance/statement-locations.ttl`: do not edit.
#
# Where each curated statement of data/*.ttl (a relation, date, identifier or role; not a
# stance, whose quote is located in quote-selectors.ttl) is stated in a source text, from the
# curator's evidence in data/provenance/evidence/*.toml. Each statement is an rdf:Statement
# (RDF reification: the triple stays asserted where it is) with one lsk:statedAt per place: an
# oa:SpecificResource of the source text with an oa:TextQuoteSelector, an
# oa:TextPositionSelector (0-based code point offsets, end exclusive) and the 1-based lines.
# A statement no source gives carries lsk:curatorNote, the curator's reason, instead.
# See data/README.md, "Statement locations".
"""


def statements_turtle(statements: Iterable[LocatedStatement], *, namespaces: Namespaces) -> str:
    """The statements as sorted, deterministic Turtle, with the generated-file header."""
    lines = [_HEADER]
    # Every prefix the namespaces know, so any subject or object compacts; a few go unused.
    lines += [f"@prefix {p}: <{ns}> ." for p, ns in sorted(namespaces.prefixes.items())]
    for statement in sorted(statements, key=lambda s: s.key):
        iri = statement_iri(
            namespaces, str(statement.subject), str(statement.predicate), statement.object
        )
        places = [f"<{iri}/at-{n}>" for n in range(1, len(statement.locations) + 1)]
        body = [
            "    a rdf:Statement",
            f"    rdf:subject {_term(statement.subject, namespaces)}",
            f"    rdf:predicate {_term(statement.predicate, namespaces)}",
            f"    rdf:object {_term(statement.object, namespaces)}",
        ]
        if places:
            body.append("    lsk:statedAt " + ", ".join(places))
        for basis in sorted(statement.basis):
            body.append(f"    lsk:alignmentBasis {_term(rdflib.URIRef(basis), namespaces)}")
        for note in statement.inferred:
            body.append(f"    lsk:curatorNote {turtle_string(note)}@en")
        lines += ["", f"{namespaces.compact(iri)}", " ;\n".join(body) + " ."]
        for place, location in zip(places, statement.locations, strict=True):
            lines += ["", *_location_turtle(place, location, namespaces)]
    return "\n".join(lines) + "\n"


def _location_turtle(place: str, location: QuoteLocation, namespaces: Namespaces) -> list[str]:
    inner = place[:-1]
    occurrence = (
        [
            f"    lsk:occurrence {location.occurrence} ;",
            f"    lsk:occurrences {location.occurrences} ;",
        ]
        if location.occurrences > 1
        else []
    )
    return [
        place,
        "    a oa:SpecificResource ;",
        f"    oa:hasSource {namespaces.compact(location.source)} ;",
        f"    oa:hasSelector {inner}/text>, {inner}/position> ;",
        *occurrence,
        f"    lsk:lineStart {location.line_start} ;",
        f"    lsk:lineEnd {location.line_end} .",
        "",
        f"{inner}/text>",
        "    a oa:TextQuoteSelector ;",
        f"    oa:prefix {turtle_string(location.prefix)} ;",
        f"    oa:exact {turtle_string(location.exact)} ;",
        f"    oa:suffix {turtle_string(location.suffix)} .",
        "",
        f"{inner}/position>",
        "    a oa:TextPositionSelector ;",
        f"    oa:start {location.start} ;",
        f"    oa:end {location.end} .",
    ]


def _term(term: rdflib.term.Node, namespaces: Namespaces) -> str:
    if isinstance(term, rdflib.URIRef):
        return namespaces.compact(str(term))
    if isinstance(term, rdflib.Literal):
        text = turtle_string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != str(XSD.string):
            return f"{text}^^{namespaces.compact(str(term.datatype))}"
        return text
    raise KGError(f"a blank node cannot be the object of a curated statement: {term.n3()}")

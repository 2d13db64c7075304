"""Serialising query results: SPARQL 1.1 JSON, XML, CSV and TSV for solutions; RDF for graphs."""

from __future__ import annotations

import csv
import io
import json
import re
from enum import StrEnum
from typing import Any
from xml.sax.saxutils import escape

import pyoxigraph as ox

from kg.errors import NotRepresentable, ResultTooLarge
from kg.store import QueryResult, ResultKind
from kg.terms import Term


class ResultFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    TURTLE = "turtle"
    NTRIPLES = "ntriples"


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    if result.kind is ResultKind.ASK:
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        {
            name: _json_term(term)
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        }
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
        ensure_ascii=False,
    )


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: lexical values only, as the format defines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else _csv_value(t) for t in row])
    return buffer.getvalue()


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax, so types and languages survive."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_rdf(
    result: QueryResult, rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None
) -> str:
    data = ox.serialize(list(result.triples), format=rdf_format, prefixes=prefixes or None)
    assert data is not None
    return data.decode("utf-8")


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    value: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        value["datatype"] = term.datatype.value
    return value


def _csv_value(term: Term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind is ResultKind.ASK:
        out += [
            "<head/>",
            f"<boolean>{'true' if result.boolean else 'false'}</boolean>",
            "</sparql>",
        ]
        return "\n".join(out) + "\n"
    out.append("<head>" + "".join(f'<variable name="{v}"/>' for v in result.variables) + "</head>")
    out.append("<results>")
    for row in result.rows:
        cells = "".join(
            f'<binding name="{v}">{_xml_term(t)}</binding>'
            for v, t in zip(result.variables, row, strict=True)
            if t is not None
        )
        out.append(f"<result>{cells}</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f'<literal xml:lang="{escape(term.language)}">{escape(term.value)}</literal>'
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f'<literal datatype="{escape(term.datatype.value)}">{escape(term.value)}</literal>'
    return f"<literal>{escape(term.value)}</literal>"


# Media types the SPARQL endpoint offers, best first, per kind of result. CSV and TSV define
# no form for a boolean, so ASK has only JSON and XML. `application/json` is the JSON results
# format under the name generic clients ask for.
SOLUTION_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
)
BOOLEAN_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "application/json",
)
_RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    # A CONSTRUCT result is one graph, the default one: N-Quads and TriG write it as such.
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
GRAPH_TYPES = tuple(_RDF_FORMATS)
OFFERED: dict[ResultKind, tuple[str, ...]] = {
    ResultKind.SELECT: SOLUTION_TYPES,
    ResultKind.ASK: BOOLEAN_TYPES,
    ResultKind.GRAPH: GRAPH_TYPES,
}

# The W3C's IRIs for the formats (https://www.w3.org/ns/formats/), for service descriptions.
FORMAT_IRIS = {
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/ld+json": "http://www.w3.org/ns/formats/JSON-LD",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
    "application/n-quads": "http://www.w3.org/ns/formats/N-Quads",
    "application/trig": "http://www.w3.org/ns/formats/TriG",
}

_SOLUTION_WRITERS = {
    "application/sparql-results+json": to_json,
    "application/json": to_json,
    "application/sparql-results+xml": to_xml,
    "text/csv": to_csv,
    "text/tab-separated-values": to_tsv,
}
# An XML element name for a predicate: pyoxigraph splits the IRI before its longest trailing
# XML name, and writes a broken document when there is none (an IRI ending in "/" or "#").
_XML_NAME_END = re.compile(r"[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7]*\Z")


def serialize(result: QueryResult, media_type: str) -> bytes:
    """The result as `media_type`, one of OFFERED[result.kind]. Raises NotRepresentable when
    the format cannot hold it (CSV or TSV for ASK, RDF/XML for some predicates)."""
    if media_type not in OFFERED[result.kind]:
        raise NotRepresentable(
            f"a {result.kind.value} result cannot be written as {media_type}",
            hint="Accept one of: " + ", ".join(OFFERED[result.kind]),
        )
    if result.kind is ResultKind.GRAPH:
        rdf_format = _RDF_FORMATS[media_type]
        if rdf_format is ox.RdfFormat.RDF_XML:
            _check_xml_names(result)
        return to_rdf(result, rdf_format).encode("utf-8")
    return _SOLUTION_WRITERS[media_type](result).encode("utf-8")


def _check_xml_names(result: QueryResult) -> None:
    for triple in result.triples:
        if not _XML_NAME_END.search(triple.predicate.value):
            raise NotRepresentable(
                f"RDF/XML cannot write the predicate <{triple.predicate.value}>",
                hint="Accept text/turtle, application/n-triples or application/ld+json.",
            )


# The formats pyoxigraph writes itself, exactly as SPARQL 1.1 defines them: the endpoint's fast
# path for its default answer (kg.query_worker), with no Python object per solution.
NATIVE_SOLUTION_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
}


def check_size(size: int, max_bytes: int) -> None:
    """Refuse an answer of `size` bytes when it is over the `max_bytes` an endpoint serves."""
    if size > max_bytes:
        raise ResultTooLarge(
            f"the answer is over {max_bytes:,} bytes, the most this endpoint serves",
            hint="Narrow the query, or page through it with LIMIT and OFFSET.",
        )


class CappedBuffer:
    """A binary writer that holds at most `max_bytes`: one byte more raises ResultTooLarge,
    which stops whatever is writing (pyoxigraph's serialiser too) before it takes the memory."""

    def __init__(self, max_bytes: int) -> None:
        self._buffer = bytearray()
        self._max_bytes = max_bytes

    def write(self, data: bytes) -> int:
        check_size(len(self._buffer) + len(data), self._max_bytes)
        self._buffer += data
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return bytes(self._buffer)

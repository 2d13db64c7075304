"""Serialising query results: SPARQL 1.1 JSON, CSV and TSV for solutions; RDF for graphs."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Any
from xml.sax.saxutils import escape

import pyoxigraph as ox

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


# Media types the SPARQL endpoint offers, best first, per kind of result.
SOLUTION_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json")
_RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def serialize(result: QueryResult, media_type: str) -> bytes:
    """The result in one of SOLUTION_TYPES (SELECT, ASK) or GRAPH_TYPES (CONSTRUCT, DESCRIBE)."""
    if result.kind is ResultKind.GRAPH:
        return to_rdf(result, _RDF_FORMATS[media_type]).encode("utf-8")
    text = {
        "application/sparql-results+json": to_json,
        "application/sparql-results+xml": to_xml,
        "text/csv": to_csv,
        "text/tab-separated-values": to_tsv,
    }[media_type](result)
    return text.encode("utf-8")

"""Reading a SPARQL server's answers: JSON results and RDF graphs as the store's terms, with
Virtuoso's storage forms undone (booleans stored as 1/0, durations as months or seconds), so a
remote store answers with the same terms as the embedded one."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store import QueryResult, ResultKind
from kg.terms import Term

_XSD = "http://www.w3.org/2001/XMLSchema#"


def parse_results(body: bytes, *, endpoint: str) -> QueryResult:
    """A SELECT or ASK answer in SPARQL 1.1 Query Results JSON; StoreError if malformed."""
    try:
        document = json.loads(body)
        if "boolean" in document:
            return QueryResult(kind=ResultKind.ASK, boolean=bool(document["boolean"]))
        names = tuple(document["head"]["vars"])
        rows = tuple(
            tuple(_term(binding[n]) if n in binding else None for n in names)
            for binding in document["results"]["bindings"]
        )
    except (ValueError, KeyError, TypeError) as error:
        raise StoreError(
            f"incomplete or malformed results ({type(error).__name__}: {error})",
            endpoint=endpoint,
        ) from None
    return QueryResult(kind=ResultKind.SELECT, variables=names, rows=rows)


def parse_graph(body: bytes, content_type: str, *, endpoint: str) -> QueryResult:
    """A CONSTRUCT or DESCRIBE answer in N-Triples or Turtle; StoreError if malformed."""
    rdf_format = ox.RdfFormat.TURTLE if content_type == "text/turtle" else ox.RdfFormat.N_TRIPLES
    try:
        triples = tuple(
            ox.Triple(q.subject, q.predicate, repair(q.object))
            for q in ox.parse(body, format=rdf_format)
        )
    except SyntaxError as error:
        raise StoreError(f"incomplete or malformed graph ({error})", endpoint=endpoint) from None
    return QueryResult(kind=ResultKind.GRAPH, triples=triples)


def _term(binding: Mapping[str, str]) -> Term:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9]", "", value) or None)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype is None:
        return ox.Literal(value)
    return ox.Literal(_canonical_literal(value, datatype), datatype=ox.NamedNode(datatype))


def repair(term: Term) -> Term:
    """A literal in the lexical form the embedded store gives it; other terms as they are."""
    if isinstance(term, ox.Literal) and not term.language:
        fixed = _canonical_literal(term.value, term.datatype.value)
        if fixed != term.value:
            return ox.Literal(fixed, datatype=term.datatype)
    return term


def _canonical_literal(lexical: str, datatype: str) -> str:
    """Undo Virtuoso's storage forms: booleans as 1/0, durations as months or seconds."""
    if datatype == _XSD + "boolean" and lexical in {"1", "0"}:
        return "true" if lexical == "1" else "false"
    if datatype in {_XSD + "duration", _XSD + "yearMonthDuration", _XSD + "dayTimeDuration"}:
        if re.fullmatch(r"-?\d+", lexical):
            return _months_to_duration(int(lexical))
        if re.fullmatch(r"-?\d+\.\d*", lexical):
            return _seconds_to_duration(Decimal(lexical))
    return lexical


def _months_to_duration(months: int) -> str:
    sign, months = ("-" if months < 0 else ""), abs(months)
    years, rest = divmod(months, 12)
    text = (f"{years}Y" if years else "") + (f"{rest}M" if rest else "")
    return f"{sign}P{text or '0M'}"


def _seconds_to_duration(seconds: Decimal) -> str:
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time = (
        (f"{int(hours)}H" if hours else "")
        + (f"{int(minutes)}M" if minutes else "")
        + (f"{secs.normalize():f}S" if secs else "")
    )
    text = (f"{int(days)}D" if days else "") + (f"T{time}" if time else "")
    return f"{sign}P{text or 'T0S'}"

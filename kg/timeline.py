"""The consultation's timeline: every dated event the graph holds, in date order.

A document's date, a decision's or a meeting's, a consultation's deadline and the extension a
response was granted are all dates on some resource; read together, in order, they tell the
story from the June 2024 letter of intent to the 2026 answers. Dates keep the precision the
sources give ("2024-06" is a month, not the first of June): events are ordered by the first
day they cover, then by the last, so a month sorts before the days that fall in it.

The order is computed here, not by the store: stores order literals of mixed date types
(xsd:gYearMonth beside xsd:date) differently, and the number of dated resources is small.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox

from kg.data_dates import first_day, last_day
from kg.namespaces import Namespaces
from kg.rdf_output import XSD
from kg.resource_description import Queryable, Window
from kg.terms import n_triples

# The date properties the data uses, and what a date under each means.
DATE_PREDICATES = (
    "dcterms:date",
    "dcterms:issued",
    "dcterms:created",
    "lsk:deadline",
    "lsk:extendedDeadline",
)
_DATE_TYPES = {XSD + "date", XSD + "dateTime", XSD + "gYearMonth", XSD + "gYear"}


class EventKind(StrEnum):
    """What a dated event is: read from the date's property and the dated resource's class."""

    LETTER_OF_INTENT = "letter-of-intent"  # the letter of intent's date
    DOCUMENT = "document"  # another document's date (written, signed, issued)
    ANSWER = "answer"  # a consultation response's date
    DECISION = "decision"  # a decision's date
    MEETING = "meeting"  # a meeting's date
    DEADLINE = "deadline"  # when answers were due
    EXTENDED_DEADLINE = "extended-deadline"  # the deadline a response was granted instead
    OTHER = "other"  # a date on anything else


# Checked in this order: the first class the resource has decides (a response is a document).
# The document classes are listed, for a store that holds the data without the ontology.
_BY_CLASS = (
    ("lsk:ConsultationResponse", EventKind.ANSWER),
    ("lsk:LetterOfIntent", EventKind.LETTER_OF_INTENT),
    ("lsk:Decision", EventKind.DECISION),
    ("lsk:Meeting", EventKind.MEETING),
    *(
        (f"lsk:{name}", EventKind.DOCUMENT)
        for name in (
            "Document",
            "Memorandum",
            "ConsultationRequest",
            "PolicyDocument",
            "Strategy",
            "Attachment",
        )
    ),
)


@dataclass(frozen=True)
class Event:
    """One date on one resource."""

    date: ox.Literal
    kind: EventKind
    node: str
    predicate: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Timeline:
    """A window of the events in order, with how many there are in all."""

    total: int
    events: tuple[Event, ...]
    offset: int


def timeline(
    store: Queryable,
    namespaces: Namespaces,
    window: Window,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Timeline:
    """The dated events whose span meets [since, until] (either end open), in date order.
    Only the graph's own resources (IRIs under the base) count: a store's system graphs
    (Virtuoso's DAV folders) carry dates too."""
    predicates = " ".join(DATE_PREDICATES)
    kinds = " ".join(f"({cls} {i})" for i, (cls, _) in enumerate(_BY_CLASS))
    result = store.query(
        namespaces.prologue + "SELECT ?x ?p ?date (MIN(?rank) AS ?best) WHERE {"
        f" VALUES ?p {{ {predicates} }} ?x ?p ?date ."
        f" FILTER (isIRI(?x) && STRSTARTS(STR(?x), {n_triples(ox.Literal(namespaces.base_iri))}))"
        f" OPTIONAL {{ VALUES (?class ?rank) {{ {kinds} }} ?x a/rdfs:subClassOf* ?class }}"
        " } GROUP BY ?x ?p ?date"
    )
    events = []
    for x, p, date, best in result.rows:
        if not isinstance(x, ox.NamedNode) or not isinstance(p, ox.NamedNode):
            continue
        if not isinstance(date, ox.Literal) or date.datatype.value not in _DATE_TYPES:
            continue
        try:
            start, end = first_day(date), last_day(date)
        except ValueError:
            continue  # a malformed date is the shapes' business
        if (since is not None and end < since) or (until is not None and start > until):
            continue
        predicate = namespaces.compact(p.value)
        kind = _kind(predicate, None if best is None else int(best.value))
        events.append(Event(date, kind, x.value, predicate, start, end))
    events.sort(key=lambda e: (e.start, e.end, list(EventKind).index(e.kind), e.node))
    chosen = events[window.offset : window.offset + window.limit]
    return Timeline(len(events), tuple(chosen), window.offset)


def _kind(predicate: str, rank: int | None) -> EventKind:
    if predicate == "lsk:deadline":
        return EventKind.DEADLINE
    if predicate == "lsk:extendedDeadline":
        return EventKind.EXTENDED_DEADLINE
    return EventKind.OTHER if rank is None else _BY_CLASS[rank][1]

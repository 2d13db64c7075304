"""Building the search index from a store's text, and keeping it while the store is unchanged.

The index is built from one SPARQL query (kg.queries.SEARCH_TEXTS) through the `Queryable`
interface, so it is built the same way from embedded Oxigraph, a remote SPARQL server or the
API's pool of workers; the text is then matched and ranked here, not by the store.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import Namespaces
from kg.queries import SEARCH_GRAPH_SIZES, SEARCH_TEXTS, inline_terms
from kg.resource_description import Queryable
from kg.search.index import Field, Kind, Resource, SearchIndex, Text
from kg.search.words import words

_FIELDS = {
    "skos:prefLabel": Field.NAME,
    "foaf:name": Field.NAME,
    "dcterms:title": Field.NAME,
    "rdfs:label": Field.NAME,
    "skos:altLabel": Field.SHORT_NAME,
    "skos:hiddenLabel": Field.SHORT_NAME,
    "dcterms:alternative": Field.NAME,  # another title, weighed as one
    "lsk:quote": Field.QUOTE,
}

# The first kind whose classes a resource has is its kind.
_KINDS: tuple[tuple[Kind, tuple[str, ...]], ...] = (
    (Kind.STANCE, ("lsk:Stance",)),
    (Kind.POSITION, ("lsk:Position",)),
    (
        Kind.ACTOR,
        (
            "foaf:Person",
            "foaf:Organization",
            "foaf:Agent",
            "org:Organization",
            "org:OrganizationalUnit",
            "org:FormalOrganization",
            "org:Post",
            "lsk:Region",
            "lsk:Municipality",
            "lsk:PublicAuthority",
            "lsk:HigherEducationInstitution",
            "lsk:Foundation",
            "lsk:Company",
            "lsk:Collaboration",
            "lsk:ClusterInitiative",
            "lsk:ActorGroup",
            "lsk:PoliticalBody",
            "lsk:Office",
        ),
    ),
    (
        Kind.DOCUMENT,
        (
            "lsk:Document",
            "lsk:Strategy",
            "lsk:ConsultationRequest",
            "lsk:ConsultationResponse",
            "lsk:Memorandum",
            "lsk:LetterOfIntent",
            "lsk:PolicyDocument",
            "lsk:Attachment",
            "foaf:Document",
        ),
    ),
    (Kind.SECTION, ("lsk:StrategySection", "lsk:Aspect", "lsk:DevelopmentArea")),
    (Kind.CONCEPT, ("skos:Concept",)),
)
# A resource's label: a Swedish name first, then one without a language, then any.
_LANGUAGES = ("sv", "", "en")
_LABEL_CHARS = 80


@dataclass(frozen=True)
class _Row:
    iri: str
    predicate: str
    value: str
    language: str


def build_index(store: Queryable, namespaces: Namespaces) -> SearchIndex:
    """The index of every name, short name, title, label and quote in the project's graphs."""
    prefix = ox.Literal(namespaces.base_iri + "graph/")
    result = store.query(namespaces.prologue + inline_terms(SEARCH_TEXTS, prefix=prefix))
    fields = {namespaces.iri(curie): field for curie, field in _FIELDS.items()}
    kinds = [(kind, {namespaces.iri(c) for c in classes}) for kind, classes in _KINDS]
    rows: set[_Row] = set()
    types: dict[str, set[str]] = {}
    for s, p, text, rdf_type in result.rows:
        if not isinstance(s, ox.NamedNode):
            continue
        if rdf_type is not None:
            types.setdefault(s.value, set()).add(rdf_type.value)
        if p is not None and isinstance(text, ox.Literal) and p.value in fields:
            rows.add(_Row(s.value, p.value, text.value, text.language or ""))
    by_subject: dict[str, list[_Row]] = {}
    # Sorted, so that the index, and every score summed over it, is the same on every store.
    for row in sorted(rows, key=lambda r: (r.iri, r.predicate, r.language, r.value)):
        by_subject.setdefault(row.iri, []).append(row)
    return SearchIndex(
        _resource(iri, subject_rows, types.get(iri, set()), fields, kinds)
        for iri, subject_rows in by_subject.items()
    )


def _resource(
    iri: str,
    rows: Iterable[_Row],
    types: set[str],
    fields: dict[str, Field],
    kinds: list[tuple[Kind, set[str]]],
) -> Resource:
    texts = tuple(
        Text(row.predicate, fields[row.predicate], row.value, row.language, tuple(words(row.value)))
        for row in rows
    )
    kind = next((kind for kind, classes in kinds if types & classes), Kind.OTHER)
    return Resource(iri, kind, _label(texts, list(fields)), texts)


def _label(texts: tuple[Text, ...], predicates: list[str]) -> str:
    """The first text by predicate (as `_FIELDS` lists them), then by language."""
    for predicate in predicates:
        of_predicate = [t for t in texts if t.predicate == predicate]
        for language in _LANGUAGES:
            for text in of_predicate:
                if text.language == language:
                    return _shortened(text.value)
        if of_predicate:
            return _shortened(of_predicate[0].value)
    return ""


def _shortened(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _LABEL_CHARS else value[: _LABEL_CHARS - 1].rstrip() + "…"


def graphs_key(store: Queryable, namespaces: Namespaces) -> tuple[tuple[str, int], ...]:
    """The size of each of the project's graphs: when it changes, the index is rebuilt."""
    prefix = ox.Literal(namespaces.base_iri + "graph/")
    result = store.query(inline_terms(SEARCH_GRAPH_SIZES, prefix=prefix))
    sizes = {g.value: int(n.value) for g, n in result.rows if g is not None and n is not None}
    return tuple(sorted(sizes.items()))


@dataclass(frozen=True)
class Built:
    """An index, what the store's graphs were when it was built, and how long building took."""

    index: SearchIndex
    key: tuple[tuple[str, int], ...]
    seconds: float


class IndexCache:
    """The index of one store, kept in memory and rebuilt when its graphs' sizes change.

    Checking the sizes counts the store's triples, which costs time on a large store (1.5 to
    3 s at a million triples on Oxigraph, on a busy 2-core machine), so with `recheck` seconds
    the sizes are checked at most that often and the index may be that much older than the
    store. A change
    that keeps every graph's size (a literal replaced by another of any length) goes unseen
    until some size changes; kg replaces whole graphs, which seldom keeps every size.
    """

    def __init__(self, *, recheck: float = 0.0) -> None:
        self._built: Built | None = None
        self._checked = -math.inf
        self._recheck = recheck
        self._lock = threading.Lock()

    def get(self, store: Queryable, namespaces: Namespaces) -> Built:
        """The index for the store as it is now (or `recheck` seconds ago)."""
        with self._lock:
            now = time.monotonic()
            if self._built is not None and now - self._checked < self._recheck:
                return self._built
            key = graphs_key(store, namespaces)
            if self._built is None or self._built.key != key:
                started = time.perf_counter()
                index = build_index(store, namespaces)
                self._built = Built(index, key, time.perf_counter() - started)
            self._checked = now
            return self._built

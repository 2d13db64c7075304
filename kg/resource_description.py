"""What the batched reads of kg/relations.py return: a resource's description, and pages
of ordered lists of IRIs; and the one thing they need from a store."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph as ox

from kg.namespaces import STANDARD_PREFIXES
from kg.store import QueryResult
from kg.terms import Term

RDF_TYPE = STANDARD_PREFIXES["rdf"] + "type"
_FALLBACK_LANGUAGES = ("sv", "en", "")


class Queryable(Protocol):
    """The one thing reading needs from a store (the API passes a counting, deadline-bound one)."""

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> QueryResult: ...


@dataclass(frozen=True)
class Description:
    """Everything the graph states about one resource as subject, by predicate IRI."""

    iri: str
    values: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return bool(self.values)

    @property
    def types(self) -> frozenset[str]:
        return frozenset(t.value for t in self.values.get(RDF_TYPE, ()))

    def objects(self, *predicates: str) -> list[Term]:
        return [term for p in predicates for term in self.values.get(p, ())]

    def links(self, *predicates: str) -> list[str]:
        """IRIs the resource points to by any of `predicates`, without repeats, in order."""
        seen: dict[str, None] = {}
        for term in self.objects(*predicates):
            if isinstance(term, ox.NamedNode):
                seen.setdefault(term.value)
        return list(seen)

    def literals(self, *predicates: str) -> list[ox.Literal]:
        return [t for t in self.objects(*predicates) if isinstance(t, ox.Literal)]

    def texts(self, *predicates: str, lang: str) -> list[str]:
        """The values in the language asked for; if it has none, in Swedish, English, untagged
        or whatever there is, in that order."""
        literals = self.literals(*predicates)
        for wanted in (lang, *_FALLBACK_LANGUAGES):
            chosen = [t.value for t in literals if (t.language or "") == wanted]
            if chosen:
                return chosen
        return [t.value for t in literals]

    def text(self, *predicates: str, lang: str) -> str | None:
        texts = self.texts(*predicates, lang=lang)
        return texts[0] if texts else None


@dataclass(frozen=True)
class Window:
    """Which slice of an ordered list to return."""

    offset: int
    limit: int


@dataclass(frozen=True)
class Page:
    """A slice of an ordered list of IRIs, with the size of the whole list."""

    total: int
    items: tuple[str, ...]
    offset: int

    def sliced(self, window: Window) -> Page:
        """The `window` of a page that holds its whole list."""
        end = window.offset + window.limit
        return Page(self.total, self.items[window.offset : end], window.offset)


def page_of(items: Sequence[str], window: Window | None) -> Page:
    """A page of the whole of `items`, or of the `window` of them."""
    whole = Page(len(items), tuple(items), 0)
    return whole if window is None else whole.sliced(window)

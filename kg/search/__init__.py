"""Searching the graph's text: names, short names, titles, labels and quotes, in Swedish.

`search(store, namespaces, text)` finds the resources whose names (skos:prefLabel, foaf:name),
short names (skos:altLabel, skos:hiddenLabel), titles (dcterms:title, dcterms:alternative),
labels (rdfs:label, positions' labels among them) or quotes (lsk:quote) match the words of
`text`, ranked, each with a snippet of the text that matched and the matched words marked.
Words are folded (case, å/ä/ö and other diacritics) and stemmed (Snowball Swedish); compounds
are found by their parts (kg/search/index.py says how, and where that falls short).

Why an index of our own rather than the store's full-text search: Virtuoso has one
(bif:contains) but pyoxigraph has none, and the two would rank differently if they had. The
index is built from one SPARQL query through the store interface, held in memory and rebuilt
when the store's graphs change (`IndexCache`), so both stores give the same hits in the same
order. The query's text never reaches the store: it is matched in memory, so no text typed
into a search can change a SPARQL query.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.errors import InvalidArgument
from kg.search.index import Hit, Kind, SearchIndex, Span
from kg.search.source import Built, IndexCache, build_index
from kg.search.words import words

__all__ = [
    "MAX_TEXT",
    "MAX_WORDS",
    "Built",
    "Hit",
    "IndexCache",
    "Kind",
    "SearchIndex",
    "Span",
    "build_index",
    "checked",
    "search_hits",
]

MAX_TEXT = 500
MAX_WORDS = 16


def checked(text: str, *, argument: str = "text") -> str:
    """`text`, if it is a search this module runs: some words, not too many."""
    if len(text) > MAX_TEXT:
        raise InvalidArgument(
            f"the search text is {len(text)} characters long; at most {MAX_TEXT} are searched",
            argument=argument,
            hint="Search for a few words.",
        )
    count = len(words(text))
    if count == 0:
        raise InvalidArgument(
            "the search text has no words to search for",
            argument=argument,
            hint="Give a name, a short name such as SBR, or words of a quote.",
        )
    if count > MAX_WORDS:
        raise InvalidArgument(
            f"the search text has {count} words; at most {MAX_WORDS} are searched",
            argument=argument,
            hint="Search for fewer words.",
        )
    return text


def search_hits(index: SearchIndex, text: str, *, kinds: Sequence[Kind] = ()) -> list[Hit]:
    """The hits for `text` (checked) in `index`, best first."""
    return index.search(checked(text), kinds=kinds)

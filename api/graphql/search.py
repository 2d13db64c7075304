"""GraphQL search: `search(text:, kinds:)` over names, short names, titles, labels and quotes.

The library does the searching (kg/search/); this module keeps one index per query pool, that
is per app, and turns hits into a Relay connection whose items carry the resource itself.
"""

from __future__ import annotations

import weakref
from enum import Enum
from typing import Annotated, cast

import strawberry
from strawberry.types import Info

from api.graphql.connection import After, Connection, First, connection, paging
from api.graphql.context import off_loop
from api.graphql.node import Node, request, resolve_all
from kg.query_pool import QueryPool
from kg.search import Hit, IndexCache, Kind, search_hits

# One index per pool: the pool lives as long as the app, and so does its store. The store's
# graph sizes are checked at most every RECHECK seconds: counting them on every request would
# cost more than the search (tens of milliseconds on the shipped data, seconds at a million
# triples), and a store changes by `kg load`, seldom.
RECHECK = 10.0
_INDEXES: weakref.WeakKeyDictionary[QueryPool, IndexCache] = weakref.WeakKeyDictionary()


@strawberry.enum(description="What a search hit is.")
class SearchKind(Enum):
    ACTOR = strawberry.enum_value("actor", description="An organisation, person or post.")
    DOCUMENT = strawberry.enum_value("document", description="A document or attachment.")
    STANCE = strawberry.enum_value("stance", description="A stance, found by its quote.")
    SECTION = strawberry.enum_value("section", description="A section of a strategy.")
    POSITION = strawberry.enum_value("position", description="A position stances argue.")
    CONCEPT = strawberry.enum_value(
        "concept", description="A concept: a theme, a stance type, a strategy's point."
    )
    OTHER = strawberry.enum_value(
        "other", description="Anything else with a name: a consultation, a source text…"
    )


@strawberry.type(description="A marked part of a snippet, ready to wrap in <mark>.")
class Highlight:
    start: int = strawberry.field(
        description="Where the match starts in the snippet, in characters (code points)."
    )
    end: int = strawberry.field(description="Where the match ends (exclusive).")
    text: str = strawberry.field(description="The matched text as the snippet has it.")


@strawberry.type(description="A resource a search found, with how and where it matched.")
class SearchHit:
    hit: strawberry.Private[Hit]
    node: Node = strawberry.field(description="The resource found.")
    kind: SearchKind = strawberry.field(description="What the resource is.")

    @strawberry.field(description="The resource's name, title or label (or its quote).")
    def label(self) -> str:
        return self.hit.label

    @strawberry.field(
        description="How well it matched: the whole name or short name first, then words of "
        "names, then of quotes; rarer words count more."
    )
    def score(self) -> float:
        return self.hit.score

    @strawberry.field(description="The property whose text matched best, as a CURIE.")
    def matched_in(self, info: Info) -> str:
        return request(info).namespaces.compact(self.hit.predicate)

    @strawberry.field(
        description="The text that matched best, or a part of it around the first match."
    )
    def snippet(self) -> str:
        return self.hit.snippet

    @strawberry.field(description="The matched words in `snippet`, in order.")
    def highlights(self) -> list[Highlight]:
        return [
            Highlight(start=s.start, end=s.end, text=self.hit.snippet[s.start : s.end])
            for s in self.hit.highlights
        ]


@strawberry.type(
    name="SearchConnection", description="A page of search hits, best first (Relay connection)."
)
class SearchConnection(Connection[SearchHit]):
    pass


SearchText = Annotated[
    str,
    strawberry.argument(
        description="The words to look for: any case, with or without å, ä and ö; a short "
        "name (SBR, KI) finds its organisation first. At most 16 words."
    ),
]
SearchKinds = Annotated[
    list[SearchKind] | None,
    strawberry.argument(description="Only hits of these kinds (default: all)."),
]


async def search(
    info: Info,
    text: SearchText,
    kinds: SearchKinds = None,
    first: First = None,
    after: After = None,
) -> SearchConnection:
    """Resolve Query.search: the page of hits for `text`."""
    context = request(info)
    window = paging(first, after)
    cache = _INDEXES.setdefault(context.store.pool, IndexCache(recheck=RECHECK))
    built = await off_loop(cache.get, context.store, context.namespaces)
    wanted = [Kind(cast(str, k.value)) for k in kinds or []]
    hits = search_hits(built.index, text, kinds=wanted)
    page = hits[window.offset : window.offset + window.limit]
    nodes = {n.about.iri: n for n in await resolve_all(info, [h.iri for h in page], Node)}
    items = [
        SearchHit(hit=h, node=nodes[h.iri], kind=SearchKind(h.kind.value))
        for h in page
        if h.iri in nodes
    ]
    found = connection(items, total=len(hits), offset=window.offset)
    return SearchConnection(
        edges=found.edges, page_info=found.page_info, total_count=found.total_count
    )

"""The search page: the box on every page asks the library's search, through GraphQL."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from api.explorer.graphql_source import PageQueryFailed
from api.explorer.kit import PageKit

WORDS = {
    "sv": {
        "kind.ACTOR": "Aktör",
        "kind.DOCUMENT": "Dokument",
        "kind.STANCE": "Ståndpunkt",
        "kind.SECTION": "Avsnitt",
        "kind.POSITION": "Sakfråga",
        "kind.CONCEPT": "Begrepp",
        "kind.OTHER": "Övrigt",
        "search.count": "{count} träffar för ”{text}”",
    },
    "en": {
        "kind.ACTOR": "Actor",
        "kind.DOCUMENT": "Document",
        "kind.STANCE": "Stance",
        "kind.SECTION": "Section",
        "kind.POSITION": "Position",
        "kind.CONCEPT": "Concept",
        "kind.OTHER": "Other",
        "search.count": "{count} results for “{text}”",
    },
}


async def search_page(kit: PageKit, request: Request) -> Response:
    text = request.query_params.get("q", "").strip()
    if not text:
        return kit.render(
            request, "search.html", words=WORDS, search_text="", hits=[], total=0, graphiql=None
        )
    try:
        answer = await kit.query(request, "search", {"text": text})
    except PageQueryFailed as failure:
        return kit.failed(request, failure)
    found = answer.data["search"]
    return kit.render(
        request,
        "search.html",
        words=WORDS,
        search_text=text,
        hits=[_marked(hit) for hit in found["nodes"]],
        total=found["totalCount"],
        graphiql=answer.graphiql,
    )


def _marked(hit: dict[str, Any]) -> dict[str, Any]:
    """The hit with its snippet cut into plain and matched pieces, for <mark> in the page."""
    snippet: str = hit["snippet"]
    pieces: list[tuple[str, bool]] = []
    at = 0
    for highlight in hit["highlights"]:
        start, end = highlight["start"], highlight["end"]
        if start < at:
            continue
        pieces += [(snippet[at:start], False), (snippet[start:end], True)]
        at = end
    pieces.append((snippet[at:], False))
    return {**hit, "pieces": [piece for piece in pieces if piece[0]]}

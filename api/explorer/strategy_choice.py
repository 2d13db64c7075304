"""Which strategy, when the graph holds several: a page that offers them, in place of an error.

The matrix and the strategy overview show the one strategy whose sections and text the graph
holds. A graph with several (a synthetic one, or a later consultation loaded beside this one)
makes the API refuse to guess (`strategy` is ambiguous); the explorer then lists the strategies
to choose from, each linking to the same view of that one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from starlette.requests import Request
from starlette.responses import Response

from api.explorer.graphql_source import PageQueryFailed
from api.explorer.kit import PageKit

WORDS = {
    "sv": {
        "choose.title": "Välj strategi",
        "choose.intro": "Grafen har flera strategier med avsnitt. Vilken vill du se?",
        "choose.sections": "{count} avsnitt",
    },
    "en": {
        "choose.title": "Choose a strategy",
        "choose.intro": "The graph holds several strategies with sections. Which one?",
        "choose.sections": "{count} sections",
    },
}


class Strategy(NamedTuple):
    """A strategy to choose, by IRI and short name."""

    iri: str
    curie: str


AMBIGUOUS = ("strategy", "id")
"""The arguments by which the API says it cannot tell which strategy is meant."""


def is_ambiguous(failure: PageQueryFailed) -> bool:
    """Whether `failure` is the API declining to choose a strategy."""
    return failure.answer.code == "BAD_USER_INPUT" and failure.argument in AMBIGUOUS


async def choose_strategy(
    kit: PageKit, request: Request, link: Callable[[Strategy], str]
) -> Response:
    """The strategies with sections, each linked by `link(curie)` to the view of it."""
    try:
        answer = await kit.query(request, "strategies", {})
    except PageQueryFailed as failure:
        return kit.failed(request, failure)
    found = [
        {**d, "href": link(Strategy(d["id"], d["curie"] or d["id"]))}
        for d in answer.data["documents"]["nodes"]
        if d["sections"]["totalCount"]
    ]
    return kit.render(
        request, "choose_strategy.html", words=WORDS, strategies=found, graphiql=answer.graphiql
    )

"""The position pages: who argues each curated point, for and against, and who stands alone.

A position is the curator's grouping of stances (lsk:curatorNote says so), so both pages say
that it is an inference and show the sources' own words, the quotes, beside it. The index
counts the actors on each side of every position from the stances arguing one (paged through
`position_arguments`); a position's page puts its stances for and against side by side,
grouped by the actor who took them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from api.explorer.graphql_source import PageQueryFailed
from api.explorer.kit import Answer, PageKit

WORDS = {
    "sv": {
        "positions.title": "Sakfrågor",
        "positions.intro": (
            "Sakfrågorna är de punkter som aktörerna driver i sina yttranden, sorterade efter "
            "hur många aktörer som argumenterar för eller emot dem."
        ),
        "positions.curated": (
            "Sakfrågorna är kuratorns gruppering av ställningstagandena, en tolkning, inte "
            "källornas egna ord. Varje sakfrågas sida visar citaten den bygger på."
        ),
        "positions.caption": "Sakfrågor och hur många aktörer som argumenterar för och emot",
        "positions.position": "Sakfråga",
        "positions.for": "För",
        "positions.against": "Emot",
        "positions.actors": "Aktörer",
        "positions.alone": "står ensam",
        "positions.shared": "delad",
        "positions.nobody": "ingen",
        "positions.count": "Sakfrågor: {count}",
        "position.kind": "Sakfråga",
        "position.definition": "Vad sakfrågan innebär",
        "position.scope": "Vad den samlar",
        "position.curator": "Om grupperingen",
        "position.for": "För",
        "position.against": "Emot",
        "position.actors": "Aktörer: {count}",
        "position.no_for": "Ingen argumenterar för.",
        "position.no_against": "Ingen argumenterar emot.",
        "position.alone": "{actor} står ensam i denna sakfråga.",
        "position.stances": "Ställningstaganden: {count}",
        "position.all": "Alla sakfrågor",
    },
    "en": {
        "positions.title": "Positions",
        "positions.intro": (
            "The positions are the points the actors argue in their responses, ordered by how "
            "many actors argue for or against them."
        ),
        "positions.curated": (
            "The positions are the curator's grouping of the stances, an inference, not the "
            "sources' own words. Each position's page shows the quotes it rests on."
        ),
        "positions.caption": "Positions, and how many actors argue for and against each",
        "positions.position": "Position",
        "positions.for": "For",
        "positions.against": "Against",
        "positions.actors": "Actors",
        "positions.alone": "stands alone",
        "positions.shared": "shared",
        "positions.nobody": "no one",
        "positions.count": "Positions: {count}",
        "position.kind": "Position",
        "position.definition": "What the position holds",
        "position.scope": "What it groups",
        "position.curator": "About the grouping",
        "position.for": "For",
        "position.against": "Against",
        "position.actors": "Actors: {count}",
        "position.no_for": "No one argues for it.",
        "position.no_against": "No one argues against it.",
        "position.alone": "{actor} stands alone on this position.",
        "position.stances": "Stances: {count}",
        "position.all": "All positions",
    },
}

FOR, AGAINST = "FOR", "AGAINST"
# How many pages of stances a page reads at most: far above the shipped data (one page), a
# bound on what one request costs on a large graph.
_MAX_PAGES = 50


@dataclass
class Tally:
    """One position on the index: the actors on each side."""

    position: dict[str, Any]
    for_actors: set[str] = field(default_factory=set)
    against_actors: set[str] = field(default_factory=set)

    @property
    def actors(self) -> int:
        return len(self.for_actors | self.against_actors)


@dataclass
class ActorStances:
    """One actor's stances on one side of a position."""

    actor: dict[str, Any] | None
    stances: list[dict[str, Any]] = field(default_factory=list)


async def positions_page(kit: PageKit, request: Request) -> Response:
    """Every position, with how many actors argue it for and against, most argued first."""
    try:
        answer = await kit.query(request, "positions", {})
        tallies = {node["id"]: Tally(node) for node in answer.data["positions"]["nodes"]}
        for polarity in (FOR, AGAINST):
            async for stance in _arguing(kit, request, polarity):
                _count(tallies, stance)
    except PageQueryFailed as failure:
        return kit.failed(request, failure)
    rows = sorted(
        tallies.values(),
        key=lambda tally: (-tally.actors, (tally.position["label"] or "").casefold()),
    )
    return kit.render(
        request,
        "positions.html",
        words=WORDS,
        rows=rows,
        total=answer.data["positions"]["totalCount"],
        graphiql=answer.graphiql,
    )


async def position_page(kit: PageKit, request: Request, iri: str) -> Response:
    """A position's definition and notes, and its stances for and against side by side."""
    try:
        answer, stances = await _position(kit, request, iri)
    except PageQueryFailed as failure:
        return kit.failed(request, failure)
    position = answer.data["position"]
    sides = {
        polarity: _by_actor(s for s in stances if polarity in _polarities(s, iri))
        for polarity in (FOR, AGAINST)
    }
    actors = {
        group.actor["id"]: group.actor for side in sides.values() for group in side if group.actor
    }
    return kit.render(
        request,
        "position.html",
        words=WORDS,
        position=position,
        sides=sides,
        alone=next(iter(actors.values())) if len(actors) == 1 else None,
        stance_count=len(stances),
        graphiql=answer.graphiql,
    )


async def _arguing(kit: PageKit, request: Request, polarity: str) -> AsyncIterator[dict[str, Any]]:
    """Every stance arguing some position the `polarity` way, page by page."""
    after: str | None = None
    for _ in range(_MAX_PAGES):
        page = await kit.query(request, "position_arguments", {"argues": polarity, "after": after})
        found = page.data["stances"]
        for stance in found["nodes"]:
            yield stance
        if not found["pageInfo"]["hasNextPage"]:
            return
        after = found["pageInfo"]["endCursor"]


def _count(tallies: dict[str, Tally], stance: dict[str, Any]) -> None:
    """Add the stance's actor to each side of each position the stance argues."""
    if not stance["actor"]:
        return
    for argued in stance["positions"]:
        tally = tallies.get(argued["position"]["id"])
        if tally is None:
            continue  # a position past the index's one page: not shown, so not counted
        side = tally.for_actors if argued["polarity"] == FOR else tally.against_actors
        side.add(stance["actor"]["id"])


async def _position(
    kit: PageKit, request: Request, iri: str
) -> tuple[Answer, list[dict[str, Any]]]:
    """The position's first answer (for its fields and its GraphiQL link) and all its stances."""
    first = await kit.query(request, "position", {"id": iri})
    found = first.data["position"]["stances"]
    stances = list(found["nodes"])
    for _ in range(_MAX_PAGES):
        if not found["pageInfo"]["hasNextPage"]:
            break
        after = found["pageInfo"]["endCursor"]
        page = await kit.query(request, "position", {"id": iri, "after": after})
        found = page.data["position"]["stances"]
        stances += found["nodes"]
    return first, stances


def _polarities(stance: dict[str, Any], iri: str) -> set[str]:
    """Which way the stance argues the position at `iri` (a stance names it once, as a rule)."""
    return {argued["polarity"] for argued in stance["positions"] if argued["position"]["id"] == iri}


def _by_actor(stances: Iterable[dict[str, Any]]) -> list[ActorStances]:
    """The stances grouped by their actor, actors in name order, each's stances in order."""
    groups: dict[str, ActorStances] = defaultdict(lambda: ActorStances(None))
    for stance in stances:
        actor = stance["actor"]
        group = groups[actor["id"] if actor else ""]
        group.actor = actor
        group.stances.append(stance)
    return sorted(
        groups.values(),
        key=lambda group: (group.actor is None, (group.actor or {}).get("label") or ""),
    )

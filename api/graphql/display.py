"""Display labels: a resource's name with what tells it from its namesakes, from the graph.

Three actors are called "Kommunstyrelsen" and several documents share one title; a list of
labels alone cannot tell them apart. The qualifier is always something the graph states:

- a unit or a post: the organisations it belongs to (org:unitOf, org:postIn), nearest first,
  always, since a unit's name is only ever meant within its organisation: "Kommunstyrelsen
  (Uppsala kommun)", "Regionstyrelseordförande (Regionstyrelsen, Region Uppsala)";
- anything else sharing its name with another resource: its case number, else its date, else
  its notation (a section's number), else the type the document gives itself, else who wrote it.

Nothing is added where the graph has no qualifier: a label is never invented.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from api.graphql.context import RequestContext
from api.graphql.node import LABEL, Node, request

PARENTS = ("org:unitOf", "org:postIn")
"""What a unit or post is qualified by: the organisation it belongs to."""
QUALIFIERS = ("lsk:caseNumber", "dcterms:date", "skos:notation", "lsk:documentType")
"""What a resource sharing its name is qualified by, the first it has (then dcterms:creator)."""
# node.DISPLAY_PREDICATES lists these for the schema check (tests/contract/test_graphql_filters.py
# checks the two agree).

MAX_DEPTH = 4
"""How many organisations up a display label names at most."""

_LOADER = "_display_namesakes"


def _namesakes(context: RequestContext) -> DataLoader[str, bool]:
    """The request's loader answering "does this resource share its name?", batched per level."""
    loader = getattr(context, _LOADER, None)
    if loader is None:

        async def load(iris: list[str]) -> list[bool]:
            shared = await run_in_threadpool(context.relations.namesakes, iris)
            return [iri in shared for iri in iris]

        loader = DataLoader(load_fn=load)
        setattr(context, _LOADER, loader)
    return loader


async def _names(node: Node, info: Any, iris: list[str], lang: str) -> list[str]:
    described = await request(info).describe(iris)
    labels = node.expand(LABEL)
    return [name for d in described if (name := d.text(*labels, lang=lang)) is not None]


async def _organisations(node: Node, info: Any, lang: str) -> list[str]:
    """The names of the organisations `node` belongs to, nearest first, up to the top: a
    board's name ("Regionstyrelsen") is as ambiguous as its chair's."""
    context = request(info)
    parents, labels = node.expand(PARENTS), node.expand(LABEL)
    names: list[str] = []
    above = node.about.links(*parents)[:1]
    seen = {node.about.iri}
    while above and above[0] not in seen and len(names) < MAX_DEPTH:
        seen.add(above[0])
        (described,) = await context.describe(above)
        if (name := described.text(*labels, lang=lang)) is not None:
            names.append(name)
        above = described.links(*parents)[:1]
    return names


async def display_label(node: Node, info: Any, lang: str) -> str | None:
    """The node's label, with what tells it from its namesakes where the graph says."""
    label: str | None = node.about.text(*node.expand(LABEL), lang=lang)
    if label is None:
        return None
    chain = await _organisations(node, info, lang)
    if chain:
        names = [n for n in chain if n not in label]
        return f"{label} ({', '.join(names)})" if names else label
    if not await _namesakes(request(info)).load(node.about.iri):
        return label
    for predicate in QUALIFIERS:
        found = node.about.texts(*node.expand([predicate]), lang=lang)
        if found:
            return f"{label} ({found[0]})"
    creators = node.about.links(*node.expand(["dcterms:creator"]))
    names = await _names(node, info, sorted(creators), lang)
    return f"{label} ({', '.join(sorted(names))})" if names else label

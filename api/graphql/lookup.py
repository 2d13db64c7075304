"""Finding resources for the Query root: by id (with the error a wrong id deserves), and by
listing the instances of classes a page at a time. Kept apart from the root so the questions'
resolvers (api.graphql.questions) use the same lookup."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.graphql import refs
from api.graphql.connection import Connection, connection, paging
from api.graphql.context import off_loop
from api.graphql.types import request, resolve_all, wrap
from kg.errors import NotFound
from kg.relations import Page

Id = Annotated[
    strawberry.ID,
    strawberry.argument(description="An IRI, or a CURIE such as actor:uppsala-kommun."),
]


async def lookup(info: Info, identifier: str, returns: type[Any]) -> Any:
    """The resource `identifier` names, as a `returns`; NotFound when there is none."""
    context = request(info)
    iri = context.namespaces.expand(identifier)
    (description,) = await context.describe([iri])
    if not description.exists:
        raise NotFound(
            f"nothing in the graph has the IRI <{iri}>",
            iri=iri,
            hint="Check the IRI or CURIE; the listings (actors, documents, positions…) give "
            "the ids the graph holds.",
        )
    found = wrap(description, context.namespaces)
    if not isinstance(found, returns):
        raise NotFound(
            f"<{iri}> is {_a(type(found).__name__)}, not {_a(returns.__name__)}",
            iri=iri,
            hint=f"Ask for it with node(id: ...) or {type(found).__name__.lower()}(id: ...).",
        )
    return found


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'AEIOU' else 'a'} {noun}"


async def listing(
    info: Info,
    classes: list[str],
    returns: object,
    first: int | None,
    after: str | None,
    *,
    where: list[tuple[str, str]] | None = None,
    name_contains: str | None = None,
    aligned: tuple[str, ...] = (),
) -> Connection[Any]:
    """A page of the resources of `classes` (CURIEs) meeting the conditions; a condition on a
    predicate in `aligned` (CURIEs) is met by a section aligned with its value too."""
    context = request(info)
    relations = context.relations
    page: Page = await off_loop(
        lambda: relations.instances(
            [relations.ns.iri(c) for c in classes],
            paging(first, after),
            where=[(relations.ns.iri(p), v) for p, v in where or []],
            name_contains=name_contains,
            aligned=[relations.ns.iri(p) for p in aligned],
        )
    )
    items = await resolve_all(info, page.items, returns)
    return connection(items, total=page.total, offset=page.offset)


async def concepts_in(
    info: Info, scheme: str, first: int | None, after: str | None
) -> Connection[Any]:
    """A page of the concepts of the vocabulary `scheme` (a CURIE)."""
    where = [("skos:inScheme", request(info).namespaces.iri(scheme))]
    return await listing(info, ["skos:Concept"], refs.Concept, first, after, where=where)


def expand_id(info: Info, identifier: str) -> str:
    """The full IRI of an id argument (an IRI, or a CURIE with a known prefix)."""
    return request(info).namespaces.expand(identifier)

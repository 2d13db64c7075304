"""The GraphQL interface every resource implements, and the helpers its types share.

`Node` wraps the `Description` of one resource (what the graph states about it) and reads
its fields from it; relations to other resources go through the request's DataLoaders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast, overload

import strawberry
from strawberry.types import Info

from api.graphql import refs
from api.graphql.connection import Connection, connection, paging
from api.graphql.context import IncomingKey, RequestContext
from api.graphql.fields import Lang, checked_language, many, text
from api.graphql.prefetch import READS, raw_info, read_ahead, reads
from api.graphql.refs import type_of
from kg.namespaces import Namespaces
from kg.relations import Description

if TYPE_CHECKING:
    from api.graphql.provenance import StatedFact

K = TypeVar("K", bound=Enum)
R = TypeVar("R")

# Every predicate a location in a source text is read from (a stance's quote, a statement's
# place), and those Node.statedFacts reads, for the schema's check against the shapes.
LOCATION_PREDICATES = (
    "oa:hasSource",
    "lsk:fileName",
    "oa:hasSelector",
    "lsk:lineStart",
    "lsk:lineEnd",
    "oa:start",
    "oa:end",
    "oa:exact",
    "oa:prefix",
    "oa:suffix",
    "lsk:occurrence",
    "lsk:occurrences",
)
STATEMENT_PREDICATES = (
    "rdf:subject",
    "rdf:predicate",
    "rdf:object",
    "lsk:statedAt",
    "lsk:curatorNote",
    *LOCATION_PREDICATES,
)
LABEL = ("skos:prefLabel", "foaf:name", "dcterms:title", "rdfs:label")
# What Node.displayLabel reads (api/graphql/display.py), for the schema's check.
DISPLAY_PREDICATES = (
    *LABEL,
    "org:unitOf",
    "org:postIn",
    "lsk:caseNumber",
    "dcterms:date",
    "skos:notation",
    "lsk:documentType",
    "dcterms:creator",
)


def class_of(kind: Enum) -> str:
    """The ontology class (a CURIE) an enum member of ours stands for."""
    return cast(str, kind.value)


def request(info: Info) -> RequestContext:
    return cast(RequestContext, info.context)


@strawberry.interface(description="Anything in the graph, identified by its IRI.")
class Node:
    about: strawberry.Private[Description]
    ns: strawberry.Private[Namespaces]

    @strawberry.field(
        description="The resource's IRI: its global and stable identifier.", metadata={READS: ()}
    )
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.about.iri)

    @strawberry.field(
        description="The IRI in short form (`actor:uppsala-kommun`), where it has one.",
        metadata={READS: ()},
    )
    def curie(self) -> str:
        return self.ns.compact(self.about.iri)

    label = text(*LABEL, description="The resource's name, title or label.")

    @strawberry.field(
        description="The label with what tells the resource from its namesakes, from the graph: "
        'a unit or post with its organisation ("Kommunstyrelsen (Uppsala kommun)"); '
        "anything sharing its name with its case number, date, notation, document type or "
        "authors. Just the label where nothing else shares it.",
        metadata={"predicates": DISPLAY_PREDICATES, "inverse": False},
    )
    async def display_label(self, info: Info, lang: Lang = "sv") -> str | None:
        from api.graphql.display import display_label  # it imports this module

        return await display_label(self, info, checked_language(lang))

    @strawberry.field(
        description="The classes the resource belongs to, as IRIs.",
        metadata={"predicates": ("rdf:type",), "inverse": False, READS: ("rdf:type",)},
    )
    def types(self) -> list[str]:
        return sorted(self.about.types)

    sources = many(
        "dcterms:source",
        returns=refs.Document,
        description="Provenance: the documents that state what the graph says about this resource.",
    )

    @strawberry.field(
        description="Provenance: the curated facts about this resource (its relations, dates, "
        "identifiers and roles; not its names) with the places the source texts state them, or "
        "the curator's reason where none does. `predicate` (a CURIE or IRI) keeps one property.",
        metadata={"predicates": STATEMENT_PREDICATES, "inverse": True},
    )
    async def stated_facts(
        self,
        info: Info,
        predicate: Annotated[
            str | None,
            strawberry.argument(
                description="Only the facts of this property (a CURIE such as `dcterms:date`, "
                "or an IRI)."
            ),
        ] = None,
    ) -> list[Annotated[StatedFact, strawberry.lazy("api.graphql.provenance")]]:
        from api.graphql.provenance import stated_facts  # it imports this module

        return await stated_facts(self, info, predicate)

    def expand(self, curies: Iterable[str]) -> list[str]:
        return [self.ns.iri(curie) for curie in curies]

    @overload
    async def follow(
        self, info: Info, predicates: str | Sequence[str], returns: type[R]
    ) -> list[R]: ...
    @overload
    async def follow(
        self, info: Info, predicates: str | Sequence[str], returns: object
    ) -> list[Any]: ...
    async def follow(
        self, info: Info, predicates: str | Sequence[str], returns: object
    ) -> list[Any]:
        curies = (predicates,) if isinstance(predicates, str) else predicates
        return await resolve_all(info, self.about.links(*self.expand(curies)), returns)

    async def followers(
        self,
        info: Info,
        predicates: Sequence[str],
        returns: object,
        of_class: str | None,
        first: int | None,
        after: str | None,
        *,
        aligned: bool = False,
        narrow: bool = False,
    ) -> Connection[Any]:
        """The connection of what points to this resource. With `narrow` (the connection is
        what the field of `info` returns), its items are described by what the query's
        selection of them reads, in the page's own query."""
        window = paging(first, after)
        context = request(info)
        only = None
        if narrow and context.read_ahead:
            only = reads(raw_info(info), context.namespaces)
        key = IncomingKey(
            tuple(self.expand(predicates)),
            self.about.iri,
            self.expand([of_class])[0] if of_class else None,
            window,
            aligned,
            only,
        )
        page = await context.pointing_to(key)
        items = await resolve_all(info, page.items, returns, described=context.described_on(key))
        return connection(items, total=page.total, offset=page.offset)


@overload
async def resolve_all(
    info: Info,
    iris: Sequence[str],
    returns: type[R],
    *,
    described: Mapping[str, Description] | None = None,
) -> list[R]: ...
@overload
async def resolve_all(
    info: Info,
    iris: Sequence[str],
    returns: object,
    *,
    described: Mapping[str, Description] | None = None,
) -> list[Any]: ...
async def resolve_all(
    info: Info,
    iris: Sequence[str],
    returns: object,
    *,
    described: Mapping[str, Description] | None = None,
) -> list[Any]:
    """The resources named by `iris` as GraphQL objects, keeping those of type `returns`: a
    class (and the list is typed as its), or a reference of api/graphql/refs.py where the
    class cannot be imported. `described` may hold their descriptions already (a page's)."""
    # The types module imports every type, this one included, so it is read when called.
    from api.graphql import types

    wanted = type_of(returns)
    context = request(info)
    context.spend(len(iris))
    if described is not None and all(iri in described for iri in iris):
        descriptions = [described[iri] for iri in iris]
    else:
        descriptions = await context.describe(iris)
    objects = [types.wrap(d, context.namespaces) for d in descriptions]
    kept = [o for o in objects if isinstance(o, wanted)]
    # strawberry's Info, or graphql-core's where a lean resolver (api/graphql/lean.py) called.
    await read_ahead(raw_info(info), kept)
    return kept


def kind_of(node: Node, kinds: type[K], default: K) -> K:
    """The first member of the enum `kinds` whose class the resource has."""
    compact = {node.ns.compact(t) for t in node.about.types}
    return next((kind for kind in kinds if class_of(kind) in compact), default)

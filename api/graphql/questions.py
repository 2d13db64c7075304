"""Questions across actors: where their stances agree, and how two resources are related; the
types of their answers and the resolvers of Query.agreement and Query.path."""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import cast

import strawberry
from strawberry.types import Info

from api.graphql.connection import Connection, connection, paging
from api.graphql.context import off_loop
from api.graphql.lookup import expand_id, lookup
from api.graphql.stance_filter import CHECKS, checked
from api.graphql.types import Actor, Document, Node, Stance, request, resolve_all
from kg.errors import InvalidArgument, NotFound
from kg.relations import Agreement, Basis, Relation, Step


@strawberry.enum(
    description="How the stances of several actors on one position, target or theme relate."
)
class StanceRelation(Enum):
    SAME = strawberry.enum_value(
        Relation.SAME, description="On a target or theme: all take the same stance type."
    )
    AGREE = strawberry.enum_value(
        Relation.AGREE,
        description="On a position: all argue it, or all argue against it. On a target or "
        "theme: different stance types of the same polarity.",
    )
    OPPOSE = strawberry.enum_value(
        Relation.OPPOSE,
        description="On a position: some argue it and some against it. On a target or theme: "
        "a positive and a negative stance meet.",
    )
    DIFFER = strawberry.enum_value(
        Relation.DIFFER, description="Any other mix, such as a proposal beside a welcome."
    )


@strawberry.enum(description="What stances are compared on.")
class AgreementBasis(Enum):
    POSITION = strawberry.enum_value(
        Basis.POSITION,
        description="A curated position the stances argue, compared by for or against.",
    )
    TARGET = strawberry.enum_value(
        Basis.TARGET, description="The strategy, or a section of it, compared by stance type."
    )
    THEME = strawberry.enum_value(
        Basis.THEME, description="A cross-cutting theme, compared by stance type."
    )


@strawberry.type(
    description="A position, target or theme on which two or more of the actors take stances."
)
class AgreementPoint:
    point: strawberry.Private[Agreement]

    @strawberry.field(description="How the stances relate.")
    def relation(self) -> StanceRelation:
        return StanceRelation(self.point.relation)

    @strawberry.field(description="The position, section, strategy or theme the stances are on.")
    async def on(self, info: Info) -> Node | None:
        found = await resolve_all(info, [self.point.on], Node)
        return found[0] if found else None

    @strawberry.field(description="The stances, each with its quote and document (provenance).")
    async def stances(self, info: Info) -> list[Stance]:
        return await resolve_all(info, self.point.stances, Stance)

    @strawberry.field(description="The actors taking them.")
    async def actors(self, info: Info) -> list[Actor]:
        return await resolve_all(info, self.point.actors, Actor)


@strawberry.type(description="One relation on a path: a triple of the graph, walked either way.")
class PathEdge:
    step: strawberry.Private[Step]
    forward: bool = strawberry.field(
        description="True when the path walks the triple from subject to object."
    )

    @strawberry.field(description="The relation's property, as an IRI.")
    def predicate(self) -> str:
        return self.step.predicate

    @strawberry.field(description="The relation's property in short form, such as org:unitOf.")
    def property(self, info: Info) -> str:
        return request(info).namespaces.compact(self.step.predicate)

    @strawberry.field(description="The resource the triple is about.")
    async def subject(self, info: Info) -> Node:
        return (await resolve_all(info, [self.step.subject], Node))[0]

    @strawberry.field(description="The resource the triple points to.")
    async def object(self, info: Info) -> Node:
        return (await resolve_all(info, [self.step.object], Node))[0]

    @strawberry.field(
        description="Provenance: the documents stating the triple (the subject itself when it "
        "is a document, else the subject's sources)."
    )
    async def sources(self, info: Info) -> list[Document]:
        subject = (await resolve_all(info, [self.step.subject], Node))[0]
        if isinstance(subject, Document):
            return [subject]
        return await subject.follow(info, "dcterms:source", Document)


@strawberry.type(description="The shortest chain of relations between two resources.")
class Path:
    node_iris: strawberry.Private[tuple[str, ...]]
    edges: list[PathEdge] = strawberry.field(description="The relations, from start to end.")

    @strawberry.field(description="How many relations the path has.")
    def length(self) -> int:
        return len(self.edges)

    @strawberry.field(description="The resources on the path, from start to end.")
    async def nodes(self, info: Info) -> list[Node]:
        return await resolve_all(info, self.node_iris, Node)


# --------------------------------------------------------------------------------------------
# The resolvers of Query.agreement and Query.path
# --------------------------------------------------------------------------------------------

MAX_PATH_LENGTH = 8
MAX_AGREEMENT_ACTORS = 20


async def agreement_points(
    info: Info,
    actors: list[strawberry.ID],
    theme: strawberry.ID | None,
    aspect: strawberry.ID | None,
    basis: AgreementBasis,
    relation: list[StanceRelation] | None,
    *,
    first: int | None,
    after: str | None,
) -> Connection[AgreementPoint]:
    """The points where `actors` argue or stand alike, after checking every id names what it
    should."""
    iris = list(dict.fromkeys(expand_id(info, a) for a in actors))
    if not 2 <= len(iris) <= MAX_AGREEMENT_ACTORS:
        raise InvalidArgument(
            f"agreement compares 2 to {MAX_AGREEMENT_ACTORS} actors, not {len(iris)}",
            argument="actors",
        )
    actor_check = CHECKS["actor"]
    await asyncio.gather(*(checked(info, iri, "actors", *actor_check) for iri in iris))
    theme_iri = await checked(info, theme, "theme", *CHECKS["theme"]) if theme else None
    aspect_iri = await checked(info, aspect, "aspect", *CHECKS["target"]) if aspect else None
    window = paging(first, after)
    relations = request(info).relations
    points = await off_loop(
        lambda: relations.agreement(
            iris,
            basis=Basis(cast(str, basis.value)),
            theme=theme_iri,
            aspect=aspect_iri,
        )
    )
    wanted = {cast(Relation, r.value) for r in relation} if relation else None
    chosen = [p for p in points if wanted is None or p.relation in wanted]
    page = chosen[window.offset : window.offset + window.limit]
    return connection(
        [AgreementPoint(point=p) for p in page], total=len(chosen), offset=window.offset
    )


async def path_between(
    info: Info,
    from_: strawberry.ID,
    to: strawberry.ID,
    max_length: int,
    avoid: list[strawberry.ID] | None,
) -> Path | None:
    """The shortest chain of relations between two resources, or None within `max_length`."""
    if not 1 <= max_length <= MAX_PATH_LENGTH:
        raise InvalidArgument(
            f"maxLength must be between 1 and {MAX_PATH_LENGTH}, not {max_length}",
            argument="maxLength",
        )
    start = await lookup(info, from_, Node)
    goal = await lookup(info, to, Node)
    relations = request(info).relations
    avoided = [expand_id(info, p) for p in avoid or []]
    unused = await off_loop(relations.unused_predicates, avoided)
    if unused:
        raise NotFound(
            f"avoid: no relation of the graph has the property <{unused[0]}>",
            iri=unused[0],
            hint="Name a property the graph uses, such as dcterms:source or org:unitOf.",
        )
    found = await off_loop(
        lambda: relations.shortest_path(
            start.about.iri, goal.about.iri, max_length=max_length, avoid=avoided
        )
    )
    if found is None:
        return None
    edges = []
    for position, step in enumerate(found.steps):
        edges.append(PathEdge(step=step, forward=step.subject == found.nodes[position]))
    return Path(node_iris=found.nodes, edges=edges)

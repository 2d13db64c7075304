"""Questions across actors: where their stances agree, and how two resources are related."""

from __future__ import annotations

from enum import Enum
from typing import cast

import strawberry
from strawberry.types import Info

from api.graphql.types import Actor, Document, Node, Stance, request, resolve_all
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
        found = await resolve_all(info, [self.point.on], "Node")
        return cast(Node, found[0]) if found else None

    @strawberry.field(description="The stances, each with its quote and document (provenance).")
    async def stances(self, info: Info) -> list[Stance]:
        return cast(list[Stance], await resolve_all(info, self.point.stances, "Stance"))

    @strawberry.field(description="The actors taking them.")
    async def actors(self, info: Info) -> list[Actor]:
        return cast(list[Actor], await resolve_all(info, self.point.actors, "Actor"))


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
        return cast(Node, (await resolve_all(info, [self.step.subject], "Node"))[0])

    @strawberry.field(description="The resource the triple points to.")
    async def object(self, info: Info) -> Node:
        return cast(Node, (await resolve_all(info, [self.step.object], "Node"))[0])

    @strawberry.field(
        description="Provenance: the documents stating the triple (the subject itself when it "
        "is a document, else the subject's sources)."
    )
    async def sources(self, info: Info) -> list[Document]:
        subject = (await resolve_all(info, [self.step.subject], "Node"))[0]
        if isinstance(subject, Document):
            return [subject]
        return cast(list[Document], await subject.follow(info, "dcterms:source", "Document"))


@strawberry.type(description="The shortest chain of relations between two resources.")
class Path:
    node_iris: strawberry.Private[tuple[str, ...]]
    edges: list[PathEdge] = strawberry.field(description="The relations, from start to end.")

    @strawberry.field(description="How many relations the path has.")
    def length(self) -> int:
        return len(self.edges)

    @strawberry.field(description="The resources on the path, from start to end.")
    async def nodes(self, info: Info) -> list[Node]:
        return cast(list[Node], await resolve_all(info, self.node_iris, "Node"))

"""The GraphQL types of stances, where their quotes stand, positions and vocabularies."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from strawberry.types import Info

from api.graphql import refs
from api.graphql.connection import MAX_PAGE
from api.graphql.context import IncomingKey
from api.graphql.fields import incoming, many, one, plain, text, texts
from api.graphql.node import Node, class_of, request, resolve_all
from api.graphql.provenance import LOCATION_PREDICATES, QuoteLocation, located
from kg.relations import Window

if TYPE_CHECKING:
    from api.graphql.actors import Actor


# Every predicate Stance.location reads, for the schema's check against the shapes.
QUOTE_LOCATION_PREDICATES = ("lsk:quotedFrom", *LOCATION_PREDICATES)


# The predicates linking a stance to a position; each is a polarity.
POSITION_LINKS = ("lsk:argues", "lsk:arguesAgainst")


@strawberry.enum(description="Whether a stance argues for or against a position.")
class Polarity(Enum):
    FOR = strawberry.enum_value("lsk:argues", description="The stance argues the position.")
    AGAINST = strawberry.enum_value(
        "lsk:arguesAgainst", description="The stance argues against the position."
    )


@strawberry.type(
    description="A point that one or more actors argue, such as building on existing "
    "structures rather than new parallel ones. Positions are the curator's grouping of "
    "stances, not something the sources state; every stance linked to one keeps its quote."
)
class Position(Node):
    definition = text("skos:definition", description="What the position holds.")
    scope_note = text("skos:scopeNote", description="Which stances the position groups.")
    curator_note = text(
        "lsk:curatorNote",
        description="Provenance: the curator's note that the grouping is an inference.",
    )
    stances = incoming(
        *POSITION_LINKS,
        returns=refs.Stance,
        description="The stances arguing for or against the position (each says which in "
        "`positions`).",
    )

    @strawberry.field(
        description="The actors whose stances argue for or against the position.",
        metadata={"predicates": (*POSITION_LINKS, "prov:wasAttributedTo"), "inverse": True},
    )
    async def actors(
        self, info: Info
    ) -> list[Annotated[Actor, strawberry.lazy("api.graphql.actors")]]:
        key = IncomingKey(
            tuple(self.expand(POSITION_LINKS)), self.about.iri, None, Window(0, MAX_PAGE)
        )
        page = await request(info).pointing_to(key)
        stances = await resolve_all(info, page.items, Stance)
        who = [
            iri
            for stance in stances
            for iri in stance.about.links(self.ns.iri("prov:wasAttributedTo"))
        ]
        return cast("list[Actor]", await resolve_all(info, list(dict.fromkeys(who)), refs.Actor))


@strawberry.type(description="A position a stance argues, and whether for or against it.")
class ArguedPosition:
    polarity: Polarity = strawberry.field(description="For or against.")
    position: Position = strawberry.field(description="The position argued.")


@strawberry.type(
    description="A position an actor takes in a document: it welcomes, supports, proposes, "
    "stresses, notes or opposes something, in the document's own words."
)
class Stance(Node):
    actor = one("prov:wasAttributedTo", returns=refs.Actor, description="Who takes the stance.")
    type = one(
        "lsk:stanceType",
        returns=refs.Concept,
        description="The type of stance (welcomes, opposes…).",
    )
    verb = text("lsk:verb", description="The verb the document uses (välkomnar, ser positivt på…).")
    quote = text("lsk:quote", description="Provenance: the stance in the document's exact words.")
    document = one(
        "dcterms:source", returns=refs.Document, description="Provenance: the document stating it."
    )
    cited_section = plain("lsk:citedSection", description="Where in the document the quote is.")
    targets = many(
        "lsk:target",
        returns=refs.Node,
        description="What the stance is on: the strategy or a section.",
    )
    themes = many(
        "lsk:theme", returns=refs.Concept, description="The cross-cutting themes it touches."
    )
    derived_from = many(
        "prov:wasDerivedFrom",
        returns=refs.Stance,
        description="The stances this one adopts or restates.",
    )
    derivations = incoming(
        "prov:wasDerivedFrom",
        returns=refs.Stance,
        description="Stances that adopt or restate this one.",
    )

    @strawberry.field(
        description="The positions the stance argues for or against, as the curator grouped "
        "the stances (lsk:argues, lsk:arguesAgainst): an inference, not the source's words.",
        metadata={"predicates": POSITION_LINKS, "inverse": False},
    )
    async def positions(self, info: Info) -> list[ArguedPosition]:
        argued: list[ArguedPosition] = []
        for polarity in Polarity:
            found = await self.follow(info, class_of(polarity), Position)
            argued.extend(ArguedPosition(polarity=polarity, position=p) for p in found)
        return argued

    @strawberry.field(
        description="Provenance: where the quote stands in its source text file, as the Web "
        "Annotation selectors give it (document, file, lines, offsets and the exact text).",
        metadata={"predicates": QUOTE_LOCATION_PREDICATES, "inverse": False},
    )
    async def location(self, info: Info) -> QuoteLocation | None:
        found = self.about.links(self.ns.iri("lsk:quotedFrom"))
        documents = await self.follow(info, "dcterms:source", refs.Document)
        places = await located(info, found[:1], documents)
        return places[0] if places else None


@strawberry.type(
    description="A concept of a vocabulary: a stance type, a theme or a decision status."
)
class Concept(Node):
    alternative_labels = texts("skos:altLabel", description="Other words for the concept.")
    definition = text("skos:definition", description="What the concept means.")
    notation = plain("skos:notation", description="The concept's code, where it has one.")
    scheme = many(
        "skos:inScheme", returns=refs.Node, description="The vocabulary the concept belongs to."
    )
    polarity = one(
        "lsk:polarity",
        returns=refs.Concept,
        description="Whether the stance type is positive, neutral or negative.",
    )
    stances = incoming(
        "lsk:stanceType",
        "lsk:theme",
        returns=refs.Stance,
        description="The stances of this type, or on this theme.",
    )

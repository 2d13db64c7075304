"""The GraphQL types of a strategy's structure: its numbered sections, and the points it lists
(desired effects, priorities) that stances can be about."""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from api.graphql import refs
from api.graphql.connection import After, Connection, First
from api.graphql.fields import Lang, checked_language, incoming, many, one, plain, text, texts
from api.graphql.node import Node, kind_of
from api.graphql.versions import (
    ALIGNMENT_PREDICATES,
    AcrossVersions,
    AlignedSection,
    aligned_sections,
    stances_on,
)
from kg.sections import MAPPINGS

if TYPE_CHECKING:
    from api.graphql.stances import Stance


def _natural(iri: str) -> list[tuple[int, int, str]]:
    """A sort key that puts `…-prioritet-10` after `…-prioritet-9`."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", iri)]


@strawberry.enum(description="Kinds of point a strategy lists, after the ontology's classes.")
class StrategyPointKind(Enum):
    DESIRED_EFFECT = strawberry.enum_value(
        "lsk:DesiredEffect", description="A desired effect (önskvärd effekt) of the strategy."
    )
    PRIORITY = strawberry.enum_value(
        "lsk:Priority", description="A priority (prioritering) under a development area."
    )


@strawberry.type(
    description="A desired effect of a strategy or a priority of a development area: a "
    "concept of the strategy's scheme with the strategy's verbatim text as its label, so that "
    "stances can be about it."
)
class StrategyPoint(Node):
    @strawberry.field(description="Whether it is a desired effect or a priority.")
    def kind(self) -> StrategyPointKind:
        return kind_of(self, StrategyPointKind, StrategyPointKind.PRIORITY)

    listed_by = incoming(
        "lsk:hasDesiredEffect",
        "lsk:hasPriority",
        returns=refs.Node,
        description="The strategy (for an effect) or development area (for a priority) listing it.",
    )
    scheme = many(
        "skos:inScheme", returns=refs.Node, description="The strategy's scheme it belongs to."
    )
    close_matches = many(
        "skos:closeMatch",
        returns=refs.StrategyPoint,
        description="The same point in another version of the strategy, worded otherwise.",
    )
    scope_note = text("skos:scopeNote", description="Where the wording comes from.")
    stances = incoming(
        "lsk:target", returns=refs.Stance, description="The stances taken on this point."
    )


async def points_of(node: Node, info: Info, predicate: str) -> list[StrategyPoint]:
    """The points `node` lists by `predicate`, in the strategy's order."""
    found = await node.follow(info, predicate, StrategyPoint)
    return sorted(found, key=lambda p: _natural(p.about.iri))


def texts_of(node: Node, points: list[StrategyPoint], lang: str) -> list[str]:
    """The points' verbatim texts, in the language asked for."""
    label = node.expand(["skos:prefLabel"])
    wanted = checked_language(lang)
    return [t for p in points if (t := p.about.text(*label, lang=wanted)) is not None]


# --------------------------------------------------------------------------------------------
# The strategy
# --------------------------------------------------------------------------------------------


def point_texts(predicate: str, *, description: str) -> Any:
    """A field: the verbatim texts of the points listed by `predicate` (a CURIE), in order."""

    async def resolve(root: Any, info: Info, lang: Lang = "sv") -> list[str]:
        return texts_of(root, await points_of(root, info, predicate), lang)

    return strawberry.field(
        resolver=resolve,
        description=description,
        metadata={"predicates": (predicate, "skos:prefLabel"), "inverse": False},
    )


def point_resources(predicate: str, *, description: str) -> Any:
    """A field: the points listed by `predicate` (a CURIE) as resources, in order."""

    async def resolve(root: Any, info: Info) -> list[StrategyPoint]:
        return await points_of(root, info, predicate)

    return strawberry.field(
        resolver=resolve,
        description=description,
        metadata={"predicates": (predicate,), "inverse": False},
    )


@strawberry.enum(description="Kinds of strategy section.")
class SectionKind(Enum):
    ASPECT = strawberry.enum_value("lsk:Aspect", description="One of the strategy's aspects.")
    DEVELOPMENT_AREA = strawberry.enum_value(
        "lsk:DevelopmentArea", description="A development area (utvecklingsområde) under an aspect."
    )
    SECTION = strawberry.enum_value(
        "lsk:StrategySection", description="Any other numbered section."
    )


@strawberry.type(
    description="A numbered section of a strategy: an aspect, a development area, a chapter."
)
class Section(Node):
    @strawberry.field(description="The kind of section.")
    def kind(self) -> SectionKind:
        return kind_of(self, SectionKind, SectionKind.SECTION)

    notation = plain("skos:notation", description="The section's number, such as 3.2.")
    alternative_labels = texts("skos:altLabel", description="Other names of the section.")
    strategy = one(
        "lsk:sectionOf", returns=refs.Document, description="The strategy the section is in."
    )
    broader = one(
        "skos:broader", returns=refs.Section, description="The section this one is under."
    )
    narrower = incoming(
        "skos:broader", returns=refs.Section, description="The sections under this one."
    )
    development_areas = incoming(
        "skos:broader",
        of_class="lsk:DevelopmentArea",
        returns=refs.Section,
        description="The development areas under this aspect.",
    )

    priorities = point_texts(
        "lsk:hasPriority",
        description="The priorities (prioriteringar) of a development area, as text, in the "
        "strategy's order (`priorityConcepts` gives them as resources).",
    )
    priority_concepts = point_resources(
        "lsk:hasPriority",
        description="The priorities of a development area, as resources, in the strategy's "
        "order: each with its IRI and the stances on it.",
    )

    @strawberry.field(
        description="The stances taken on this section; by default also those on the sections "
        "of other versions aligned with it (alignedSections).",
        metadata={"predicates": ("lsk:target", *MAPPINGS), "inverse": True},
    )
    async def stances(
        self,
        info: Info,
        across_versions: AcrossVersions = True,
        first: First = None,
        after: After = None,
    ) -> Connection[Annotated[Stance, strawberry.lazy("api.graphql.stances")]]:
        return await stances_on(
            self, info, across_versions=across_versions, first=first, after=after
        )

    @strawberry.field(
        description="The sections of other versions of the strategy aligned with this one "
        "(Region Stockholm's \"3.3.Norden\" with 003's 2.3), how and on what basis.",
        metadata={"predicates": ALIGNMENT_PREDICATES, "inverse": True},
    )
    async def aligned_sections(self, info: Info) -> list[AlignedSection]:
        return await aligned_sections(self, info)

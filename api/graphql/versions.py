"""Versions of the strategy in GraphQL: the sections of one version aligned with another's, and
the stances found across them.

Region Stockholm and Region Uppsala sent different renderings of the draft; the curator aligns
their sections with SKOS mapping properties, each stated once and read here in both directions
(kg/sections.py), with the basis the curator's evidence gives (lsk:alignmentBasis on the
mapping's rdf:Statement).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.types import Info

from api.graphql import refs
from api.graphql.connection import MAX_PAGE, Connection
from api.graphql.context import IncomingKey
from api.graphql.node import Node, class_of, request, resolve_all
from kg.relations import Window
from kg.sections import MAPPINGS

if TYPE_CHECKING:
    from api.graphql.sections import Section
    from api.graphql.stances import Concept, Stance

__all__ = [
    "ALIGNMENT_PREDICATES",
    "VERSION_PREDICATES",
    "AcrossVersions",
    "AlignedSection",
    "MappingKind",
    "aligned_sections",
    "stances_on",
]

# What alignedSections reads: the mappings both ways, and the basis on their statements.
ALIGNMENT_PREDICATES = (
    *MAPPINGS,
    "rdf:subject",
    "rdf:predicate",
    "rdf:object",
    "lsk:alignmentBasis",
)
# What finding stances across the versions of a work reads.
VERSION_PREDICATES = ("dcterms:isVersionOf", "dcterms:hasVersion")


@strawberry.enum(description="How a section of one version corresponds to one of another.")
class MappingKind(Enum):
    EXACT = strawberry.enum_value(
        "skos:exactMatch",
        description="The same section: only its number or letter differs (skos:exactMatch).",
    )
    CLOSE = strawberry.enum_value(
        "skos:closeMatch",
        description="The corresponding section, whose heading differs too (skos:closeMatch).",
    )


@strawberry.type(
    description="A section of another version of the strategy aligned with this one: how, and "
    "on what basis the curator aligned them."
)
class AlignedSection:
    section: Annotated[Section, strawberry.lazy("api.graphql.sections")] = strawberry.field(
        description="The section of the other version."
    )
    kind: MappingKind = strawberry.field(description="How the two sections correspond.")
    basis: list[Annotated[Concept, strawberry.lazy("api.graphql.stances")]] = strawberry.field(
        description="Why the curator aligns them (same title, similar title…), from "
        "scheme:alignment-basis; empty where the evidence gives none."
    )


async def aligned_sections(node: Node, info: Info) -> list[AlignedSection]:
    """The sections aligned with `node` by either side's mapping, each with its basis."""
    context = request(info)
    ns = node.ns
    everything = Window(0, MAX_PAGE)
    # (the other section, the kind, the section that states the mapping)
    found: list[tuple[str, MappingKind, str]] = []
    for kind in MappingKind:
        predicate = ns.iri(class_of(kind))
        found += [(other, kind, node.about.iri) for other in node.about.links(predicate)]
        page = await context.pointing_to(
            IncomingKey((predicate,), node.about.iri, None, everything)
        )
        found += [(other, kind, other) for other in page.items]
    answer = []
    for other, kind, subject in dict.fromkeys(found):
        sections = await resolve_all(info, [other], refs.Section)
        if not sections:
            continue
        obj = other if subject == node.about.iri else node.about.iri
        basis = await _basis(info, subject, ns.iri(class_of(kind)), obj)
        answer.append(AlignedSection(section=sections[0], kind=kind, basis=basis))
    return sorted(answer, key=lambda a: (a.section.about.iri, a.kind.name))


async def _basis(info: Info, subject: str, predicate: str, obj: str) -> list[Any]:
    """The alignment bases on the generated statement of `subject predicate obj`."""
    context = request(info)
    ns = context.namespaces
    key = IncomingKey(
        (ns.iri("rdf:subject"),), subject, ns.iri("rdf:Statement"), Window(0, MAX_PAGE)
    )
    page = await context.pointing_to(key)
    statements = await context.describe(list(page.items))
    concepts = [
        concept
        for statement in statements
        if predicate in statement.links(ns.iri("rdf:predicate"))
        and obj in statement.links(ns.iri("rdf:object"))
        for concept in statement.links(ns.iri("lsk:alignmentBasis"))
    ]
    return await resolve_all(info, sorted(set(concepts)), refs.Concept)


async def stances_on(
    node: Node, info: Info, *, across_versions: bool, first: int | None, after: str | None
) -> Connection[Stance]:
    """The stances on `node`, and with `across_versions` those on its aligned sections, or
    (for a version of the strategy) on the other versions of the same work."""
    return cast(
        "Connection[Stance]",
        await node.followers(
            info, ("lsk:target",), refs.Stance, None, first, after, aligned=across_versions
        ),
    )


AcrossVersions = Annotated[
    bool,
    strawberry.argument(
        description="Also the stances on the counterparts in other versions of the strategy: "
        "the sections aligned with this one (alignedSections), or the other versions of the "
        "same work, so Region Stockholm's \"3.3.Norden\" and 003's 2.3 answer alike."
    ),
]

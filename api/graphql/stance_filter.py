"""The stances filter: its input, and the checked conditions it stands for (kg/stance_filter.py).

Every IRI a filter names is looked up before the stances are: an IRI the graph does not know, or
one of the wrong kind (a theme given as an actor), is an error naming the argument, with a hint
where to find the right values, never a silent empty list.
"""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from api.graphql.types import (
    Actor,
    Concept,
    Consultation,
    Document,
    Node,
    Polarity,
    Position,
    class_of,
    request,
    wrap,
)
from kg.errors import NotFound
from kg.stance_filter import ARGUES, StanceConditions


@strawberry.enum(
    description="Whether a stance type backs, rejects or neither (lsk:polarity of the stance "
    "type, data/vocabulary/stance-types.ttl)."
)
class StancePolarity(Enum):
    POSITIVE = strawberry.enum_value(
        "stype:positive", description="Backs what it is on: welcomes, supports, endorses, agrees."
    )
    NEUTRAL = strawberry.enum_value(
        "stype:neutral", description="Proposes, stresses, considers, notes or assumes."
    )
    NEGATIVE = strawberry.enum_value(
        "stype:negative", description="Rejects what it is on, or finds it lacking."
    )


@strawberry.input(description="Conditions on stances; every condition given must hold.")
class StanceFilter:
    actor: strawberry.ID | None = strawberry.field(default=None, description="Taken by this actor.")
    type: strawberry.ID | None = strawberry.field(
        default=None, description="Of this stance type (stype:welcomes, stype:opposes…)."
    )
    polarity: StancePolarity | None = strawberry.field(
        default=None,
        description="Of a stance type of this polarity: POSITIVE finds the welcoming, "
        "supporting, endorsing and agreeing stances.",
    )
    target: strawberry.ID | None = strawberry.field(
        default=None,
        description="On this section or document, or on a section under it (an aspect finds "
        "the stances on its development areas); by default also on its counterparts in the "
        "other version of the strategy (see acrossVersions).",
    )
    across_versions: bool = strawberry.field(
        default=True,
        description="With target: also the stances on its counterparts in the other version of "
        "the strategy: an aligned section (Region Stockholm's \"3.3.Norden\" for 003's 2.3), "
        "or the other version of the same work.",
    )
    theme: strawberry.ID | None = strawberry.field(default=None, description="Touching this theme.")
    document: strawberry.ID | None = strawberry.field(
        default=None, description="Stated in this document."
    )
    consultation: strawberry.ID | None = strawberry.field(
        default=None,
        description="Stated in an answer to this consultation (a document that "
        "lsk:respondsTo it): what a remissammanställning reports on.",
    )
    position: strawberry.ID | None = strawberry.field(
        default=None,
        description="Arguing this position (position:…), for or against it (see argues).",
    )
    argues: Polarity | None = strawberry.field(
        default=None,
        description="Only stances arguing for (FOR) or against (AGAINST) a position: the one "
        "`position` names, or any (default: either way).",
    )


# For each filter argument naming a resource: the GraphQL type it must be, the vocabulary it
# must belong to (a CURIE), and where a client finds the right values.
CHECKS: dict[str, tuple[type[Node], str | None, str]] = {
    "actor": (Actor, None, "actors { edges { node { id } } } lists the actors."),
    "type": (Concept, "scheme:stance-types", "stanceTypes { edges { node { id } } } lists them."),
    "target": (Node, None, "strategy { sections { edges { node { id } } } } lists the sections."),
    "theme": (Concept, "scheme:themes", "themes { edges { node { id } } } lists the themes."),
    "document": (Document, None, "documents { edges { node { id } } } lists the documents."),
    "consultation": (
        Consultation,
        None,
        "consultations { edges { node { id } } } lists the consultations.",
    ),
    "position": (Position, None, "positions { edges { node { id } } } lists the positions."),
}


async def checked(
    info: Info, identifier: str, argument: str, returns: type[Node], scheme: str | None, hint: str
) -> str:
    """The IRI `identifier` names, once it is known to be a `returns` (of `scheme`)."""
    context = request(info)
    iri = context.namespaces.expand(identifier)
    (description,) = await context.describe([iri])
    if not description.exists:
        raise NotFound(f"{argument}: nothing in the graph has the IRI <{iri}>", iri=iri, hint=hint)
    found = wrap(description, context.namespaces)
    in_scheme = scheme is None or context.namespaces.iri(scheme) in description.links(
        context.namespaces.iri("skos:inScheme")
    )
    if not isinstance(found, returns):
        raise NotFound(
            f"{argument}: <{iri}> is a {type(found).__name__}, not a {returns.__name__}",
            iri=iri,
            hint=hint,
        )
    if not in_scheme:
        raise NotFound(f"{argument}: <{iri}> is not in {scheme}", iri=iri, hint=hint)
    return iri


async def conditions(info: Info, given: StanceFilter | None) -> StanceConditions:
    """The conditions `given` stands for, every IRI in it checked (NotFound otherwise)."""
    if given is None:
        return StanceConditions()
    names = [name for name in CHECKS if getattr(given, name) is not None]
    iris = await asyncio.gather(
        *(checked(info, getattr(given, name), f"filter.{name}", *CHECKS[name]) for name in names)
    )
    found: dict[str, Any] = dict(zip(names, iris, strict=True))
    ns = request(info).namespaces
    return StanceConditions(
        actor=found.get("actor"),
        stance_type=found.get("type"),
        target=found.get("target"),
        across_versions=given.across_versions,
        theme=found.get("theme"),
        document=found.get("document"),
        consultation=found.get("consultation"),
        polarity=ns.iri(class_of(given.polarity)) if given.polarity else None,
        position=found.get("position"),
        argues=(class_of(given.argues),) if given.argues else ARGUES,
    )

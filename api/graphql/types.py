"""The GraphQL types: the consultation's actors, documents, strategy, stances and themes.

Every type wraps the `Description` of one resource (what the graph states about it) and reads
its fields from it; relations to other resources go through the request's DataLoaders. Lists
a resource states itself (a stance's themes) are plain lists; lists of what points to it (an
actor's stances) can grow without bound, so they are Relay connections.

The types live in modules by concept (`node`, `actors`, `documents`, `stances`, `process`);
this module gathers them and chooses the GraphQL type of a resource.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from api.graphql.actors import Actor, ActorKind, Organization, Person, Post
from api.graphql.documents import Attachment, Document, DocumentKind
from api.graphql.node import LABEL, Node, class_of, kind_of, request, resolve_all
from api.graphql.process import Consultation, Decision, Meeting, Resource, Role
from api.graphql.provenance import QuoteLocation, StatedFact
from api.graphql.sections import Section, SectionKind, StrategyPoint, StrategyPointKind
from api.graphql.stances import (
    POSITION_LINKS,
    QUOTE_LOCATION_PREDICATES,
    ArguedPosition,
    Concept,
    Polarity,
    Position,
    Stance,
)
from kg.namespaces import Namespaces
from kg.relations import Description

__all__ = [
    "LABEL",
    "POSITION_LINKS",
    "QUOTE_LOCATION_PREDICATES",
    "Actor",
    "ActorKind",
    "ArguedPosition",
    "Attachment",
    "Concept",
    "Consultation",
    "Decision",
    "Document",
    "DocumentKind",
    "Meeting",
    "Node",
    "Organization",
    "Person",
    "Polarity",
    "Position",
    "Post",
    "QuoteLocation",
    "Resource",
    "Role",
    "Section",
    "SectionKind",
    "Stance",
    "StatedFact",
    "StrategyPoint",
    "StrategyPointKind",
    "class_of",
    "kind_of",
    "request",
    "resolve_all",
    "type_for",
    "wrap",
]

# --------------------------------------------------------------------------------------------
# Choosing the GraphQL type of a resource
# --------------------------------------------------------------------------------------------

_DOCUMENT_CLASSES = (*(class_of(kind) for kind in DocumentKind), "foaf:Document")
_ORGANIZATION_CLASSES = (
    *(class_of(kind) for kind in ActorKind if kind is not ActorKind.PERSON),
    "org:Organization",
    "org:OrganizationalUnit",
    "foaf:Organization",
)
# The first entry whose classes the resource has decides its type.
_TYPE_BY_CLASS: tuple[tuple[tuple[str, ...], type[Node]], ...] = (
    (("lsk:Stance",), Stance),
    (("lsk:Position",), Position),
    (("foaf:Person",), Person),
    (("org:Post",), Post),
    (_DOCUMENT_CLASSES, Document),
    (("lsk:Attachment",), Attachment),
    (tuple(class_of(kind) for kind in SectionKind), Section),
    (tuple(class_of(kind) for kind in StrategyPointKind), StrategyPoint),
    (("lsk:Consultation",), Consultation),
    (("lsk:Decision",), Decision),
    (("lsk:Meeting",), Meeting),
    (("lsk:Role",), Role),
    (("skos:Concept",), Concept),
    (_ORGANIZATION_CLASSES, Organization),
)


def type_for(classes: Iterable[str], namespaces: Namespaces) -> type[Node]:
    """The GraphQL type of a resource of `classes` (IRIs)."""
    return _type_for(frozenset(classes), namespaces)


# Resources come in a few combinations of classes, and every resolved object asks: compacting
# each IRI every time was a measurable share of a request.
@lru_cache(maxsize=1024)
def _type_for(classes: frozenset[str], namespaces: Namespaces) -> type[Node]:
    compact = {namespaces.compact(c) for c in classes}
    return next(
        (graphql_type for known, graphql_type in _TYPE_BY_CLASS if compact.intersection(known)),
        Resource,
    )


def wrap(description: Description, namespaces: Namespaces) -> Node:
    """The GraphQL object for a described resource, by the classes it has."""
    return type_for(description.types, namespaces)(about=description, ns=namespaces)

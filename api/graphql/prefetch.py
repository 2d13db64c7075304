"""Following a query's links a level ahead, so that its link fields resolve without waiting.

A `one` or `many` field (api/graphql/fields.py) follows links its parent's description already
holds. Resolved one by one, each such field was a coroutine that asked the request's DataLoader
and waited for the batch of its level: the store query was one per level, but the scheduling
cost was per field and per object, and it was most of a request's time. Here, as soon as a list
of resources is described, the query's selection below it is read: the link fields it asks for
are followed for every resource at once, their targets described with one batched store query
per level, and the objects each field will return are set on its parent (`ready`). The fields
then answer synchronously. The store queries still follow the query's shape, one per level,
never the size of the answer.

What is read ahead is exactly what the fields would have read (the same descriptions, through
the same DataLoader), and the node budget is spent as each field answers, as before. When the
read-ahead would pass the budget, or a store query fails, nothing is set and the fields take
their own way, which then meets the same refusal at the same place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)

from api.graphql.context import RequestContext
from api.graphql.refs import type_of
from kg.errors import KGError
from kg.namespaces import Namespaces
from kg.resource_description import RDF_TYPE

if TYPE_CHECKING:
    from api.graphql.node import Node

RawInfo = GraphQLResolveInfo[Any]
"""graphql-core's info: what strawberry's Info wraps, and what a lean resolver is given."""


def raw_info(info: object) -> RawInfo:
    """graphql-core's info, from strawberry's Info or from itself."""
    return cast(RawInfo, getattr(info, "_raw_info", info))


FOLLOWS = "follows"
"""The metadata key of a link field: the predicates (CURIEs) it follows."""
READS = "reads"
"""The metadata key of a field that reads nothing of its object's description but these
predicates (CURIEs): where every field a selection asks for says so, its objects are described
by those predicates alone. A field that does not say may read anything."""
DESCRIBES = "describes"
"""The metadata key of a field that reads the descriptions of what its object links to by
these predicates (CURIEs): they are described with the level's others, and found ready."""

# Where a connection keeps its items: `nodes { … }` and `edges { node { … } }`.
_CONNECTION_PATHS = (("nodes",), ("edges", "node"))


@dataclass
class Ready:
    """What a link field of one parent answers: the resources it names (as many as the field
    spends from the budget) and those of them of the type it returns."""

    named: int
    objects: list[Any]


@dataclass
class _Group:
    """Objects that one set of selections applies to (the targets of one field, or the items
    of one list)."""

    objects: list[Node]
    selections: list[SelectionSetNode]


@dataclass
class _Link:
    """A field's links from one parent; `key` None for a field that only reads their
    descriptions (DESCRIBES), which is given nothing but the descriptions in the cache."""

    parent: Node
    key: str | None
    returns: object
    iris: list[str]
    selections: list[SelectionSetNode] = field(default_factory=list)


def ready(root: Any, key: str) -> Ready | None:
    """What the read-ahead set for `root`'s field `key` (its response name), if anything."""
    found: dict[str, Ready] | None = getattr(root, "_ready", None)
    return found.get(key) if found is not None else None


async def read_ahead(info: RawInfo, objects: Sequence[Node]) -> None:
    """Follow, for `objects` (what the field of `info` returns, or its connection's items),
    every link field the query selects below them, level by level."""
    context: RequestContext = info.context
    if not objects or not context.read_ahead or not _returned(info, objects):
        return
    level = [_Group(list(objects), _selections_of_items(info))]
    while level:
        # Only where every field the objects are asked for says what it reads: a field that
        # may read anything may describe resources as it resolves, in a batch of its level
        # that the fields following links would otherwise have joined.
        links = [
            link
            for group in level
            if _selection_reads(info, group.selections, context.namespaces) is not None
            for link in _links(info, group)
        ]
        if not links:
            return
        named = sum(len(link.iris) for link in links if link.key is not None)
        if context.nodes + named > context.max_nodes:
            return  # the fields will refuse it themselves, each where it is asked
        # What the level's link fields lead to, and what their own fields will read of their
        # neighbours (DESCRIBES): both in one store query.
        wanted = list(dict.fromkeys(iri for link in links if link.key for iri in link.iris))
        distinct = {(link.key, *map(id, link.selections)): link for link in links if link.key}
        via = sorted({p for link in distinct.values() for p in _describes(info, link)})
        only = _union(
            _selection_reads(info, link.selections, context.namespaces)
            for link in distinct.values()
        )
        try:
            found = await context.describe(wanted, via=via, only=only)
            described = dict(zip(wanted, found, strict=True))
        except KGError:
            return  # each field meets the failure itself, with its own path
        from api.graphql import types  # it imports every type, and they import this module

        level = []
        for link in links:
            if link.key is None:
                continue
            wanted_type = type_of(link.returns)
            children = [types.wrap(described[iri], context.namespaces) for iri in link.iris]
            kept = [child for child in children if isinstance(child, wanted_type)]
            table: dict[str, Ready] = link.parent.__dict__.setdefault("_ready", {})
            table[link.key] = Ready(len(link.iris), kept)
            if link.selections and kept:
                level.append(_Group(kept, link.selections))


def reads(info: RawInfo, namespaces: Namespaces) -> frozenset[str] | None:
    """The predicates (IRIs) the items the field of `info` returns are read by, where its
    selection of them says (READS); None where it may read anything."""
    return _selection_reads(info, _selections_of_items(info), namespaces)


def _selection_reads(
    info: RawInfo, selections: Sequence[SelectionSetNode], namespaces: Namespaces
) -> frozenset[str] | None:
    found: set[str] = {RDF_TYPE}  # every object's GraphQL type is chosen by its classes
    for node in _fields(info, selections, None):
        name = node.name.value
        if name == "__typename":
            continue
        curies = _reads_of(info.schema, name)
        if curies is None:
            return None
        found.update(namespaces.iri(curie) for curie in curies)
    return frozenset(found)


def _union(sets: Iterable[frozenset[str] | None]) -> frozenset[str] | None:
    found: set[str] = set()
    for one in sets:
        if one is None:
            return None
        found |= one
    return frozenset(found)


@cache
def _reads_of(schema: GraphQLSchema, name: str) -> tuple[str, ...] | None:
    """What a field of this name reads of its object (READS), on every object type that has
    it (the object's type is known only once it is described); None if any may read more."""
    found: list[str] = []
    for graphql_type in schema.type_map.values():
        if _is_resource(graphql_type) and name in graphql_type.fields:
            definition = graphql_type.fields[name]
            strawberry_field = (definition.extensions or {}).get("strawberry-definition")
            declared = (getattr(strawberry_field, "metadata", None) or {}).get(READS)
            if declared is None:
                return None
            found.extend(declared)
    return tuple(dict.fromkeys(found))


def _is_resource(graphql_type: object) -> TypeGuard[GraphQLObjectType]:
    """Whether objects of the type are resources of the graph (what gets described)."""
    return isinstance(graphql_type, GraphQLObjectType) and any(
        interface.name == "Node" for interface in graphql_type.interfaces
    )


def _describes(info: RawInfo, link: _Link) -> Iterator[str]:
    """The predicates (IRIs) through which the fields selected below `link` read their
    objects' neighbours (DESCRIBES), on any type the field may return."""
    for node in _fields(info, link.selections, None):
        yield from link.parent.expand(_neighbours_read(info.schema, node.name.value))


@cache
def _neighbours_read(schema: GraphQLSchema, name: str) -> tuple[str, ...]:
    """What a field of this name reads of its object's neighbours (DESCRIBES), on any object
    type that has it (the type is known only once the object is described)."""
    found: list[str] = []
    for graphql_type in schema.type_map.values():
        if _is_resource(graphql_type) and name in graphql_type.fields:
            definition = graphql_type.fields[name]
            strawberry_field = (definition.extensions or {}).get("strawberry-definition")
            found.extend((getattr(strawberry_field, "metadata", None) or {}).get(DESCRIBES, ()))
    return tuple(dict.fromkeys(found))


def _links(info: RawInfo, group: _Group) -> Iterator[_Link]:
    """The link fields the group's selections ask of each of its objects, with the IRIs each
    names."""
    schema = info.schema
    for parent in group.objects:
        type_name = parent.__strawberry_definition__.name  # type: ignore[attr-defined]
        graphql_type = schema.get_type(type_name)
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        applies = {type_name, *(i.name for i in graphql_type.interfaces)}
        found: dict[str, _Link] = {}
        for node in _fields(info, group.selections, applies):
            definition = graphql_type.fields.get(node.name.value)
            if definition is None:
                continue  # __typename, or a field of another type than this object's
            strawberry_field = (definition.extensions or {}).get("strawberry-definition")
            metadata = getattr(strawberry_field, "metadata", None) or {}
            reads = metadata.get(DESCRIBES)
            if reads is not None:
                yield _Link(parent, None, None, list(parent.about.links(*parent.expand(reads))))
            follows = metadata.get(FOLLOWS)
            if follows is None:
                continue
            key = node.alias.value if node.alias else node.name.value
            link = found.get(key)
            if link is None:
                predicates, returns = follows
                iris = list(parent.about.links(*parent.expand(predicates)))
                link = found[key] = _Link(parent, key, returns, iris)
            if node.selection_set is not None:
                link.selections.append(node.selection_set)
        yield from found.values()


def _fields(
    info: RawInfo, selections: Sequence[SelectionSetNode], applies: set[str] | None
) -> Iterator[FieldNode]:
    """The fields of `selections` that apply to an object of the types in `applies` (any
    type, for None: a connection or an edge, which no fragment narrows)."""
    for selection_set in selections:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or applies is None or condition.name.value in applies:
                    yield from _fields(info, [selection.selection_set], applies)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = info.fragments.get(selection.name.value)
                if fragment is not None and (
                    applies is None or fragment.type_condition.name.value in applies
                ):
                    yield from _fields(info, [fragment.selection_set], applies)


def _returned(info: RawInfo, objects: Sequence[Node]) -> bool:
    """Whether `objects` are of the type the field of `info` returns (or its connection's
    items): only then does its selection apply to them. A resolver that reads other resources
    on its way (a stance's location reads its documents) is given nothing ahead."""
    returns = get_named_type(info.return_type)
    if isinstance(returns, GraphQLObjectType) and "edges" in returns.fields:
        returns = get_named_type(returns.fields["nodes"].type)
    if isinstance(returns, GraphQLObjectType):
        allowed = {returns.name}
    elif isinstance(returns, GraphQLInterfaceType):
        allowed = {t.name for t in info.schema.get_implementations(returns).objects}
    elif isinstance(returns, GraphQLUnionType):
        allowed = {t.name for t in returns.types}
    else:
        return False
    return all(
        o.__strawberry_definition__.name in allowed  # type: ignore[attr-defined]
        for o in objects
    )


def _selections_of_items(info: RawInfo) -> list[SelectionSetNode]:
    """The selections that apply to what the field of `info` returns: its own, or, for a
    connection, those of its `nodes` and `edges { node }`."""
    own = [node.selection_set for node in info.field_nodes if node.selection_set is not None]
    returns = get_named_type(info.return_type)
    if not (isinstance(returns, GraphQLObjectType) and "edges" in returns.fields):
        return own
    found: list[SelectionSetNode] = []
    for path in _CONNECTION_PATHS:
        level = own
        for name in path:
            level = [
                node.selection_set
                for node in _fields(info, level, None)
                if node.name.value == name and node.selection_set is not None
            ]
        found.extend(level)
    return found

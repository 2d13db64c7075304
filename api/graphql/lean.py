"""Resolving the schema's simplest fields without strawberry's per-field machinery.

Strawberry wraps every field's resolver: it builds its own Info, converts the arguments, and
chains the field's extensions, on every field of every object. For a field that only reads an
attribute, or a value of its object's description, that wrapping cost several times the work,
and a page of twenty stances with their types and documents resolves over a hundred and fifty
fields. `install` gives graphql-core a plain resolver for those fields instead:

- the factory fields of api/graphql/fields.py, which declare their own (`metadata[LEAN]`);
- fields without a resolver and without arguments: the attribute of the same (Python) name;
- methods taking nothing but `self`, called with the object.

Any other field (arguments, `info`, a coroutine, a field extension) keeps strawberry's resolver.
The answers are the same either way: the lean resolvers read what strawberry's would have.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, cast

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema
from strawberry.types.field import StrawberryField

LEAN = "lean"
"""The metadata key under which a field declares its graphql-core resolver."""


def install(schema: GraphQLSchema) -> int:
    """Give the simple fields of `schema`'s object types their lean resolvers; how many."""
    count = 0
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            continue
        if graphql_type.name.startswith("__"):
            continue
        for field in graphql_type.fields.values():
            definition = (field.extensions or {}).get("strawberry-definition")
            if not isinstance(definition, StrawberryField):
                continue
            lean = _lean(definition)
            if lean is not None:
                field.resolve = lean
                count += 1
    return count


def _lean(field: StrawberryField) -> Callable[..., Any] | None:
    if field.extensions or field.permission_classes or field.directives:
        return None
    metadata: Mapping[str, Any] = field.metadata or {}
    declared = metadata.get(LEAN)
    if declared is not None:
        return cast(Callable[..., Any], declared)
    resolver = field.base_resolver
    if resolver is None:
        if field.arguments:
            return None
        name = field.python_name

        def attribute(root: Any, info: object) -> Any:
            return getattr(root, name)

        return attribute
    function = resolver.wrapped_func
    if inspect.iscoroutinefunction(function) or not callable(function):
        return None
    if list(inspect.signature(function).parameters) != ["self"]:
        return None

    def method(root: Any, info: object) -> Any:
        return function(root)

    return method

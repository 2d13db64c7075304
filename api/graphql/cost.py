"""What a GraphQL query may cost, read from its text before anything runs.

A query's cost is the number of resources its answer could hold at worst: each object field
counts once per parent, and a list multiplies what lies below it by its page (`first`, or
DEFAULT_PAGE when not given; a list without paging counts the bound its field declares,
`metadata={"max_items": n}`, or DEFAULT_PAGE). The products down each path are summed over
the selection. Depth and alias counts are read on the same
walk, so one pass over the document serves every limit on its shape.

Fragments are measured once each and scaled where they are spread, so a document that spreads
fragments into each other cannot make the walk itself exponential.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_leaf_type,
)

from api.graphql.connection import DEFAULT_PAGE, MAX_PAGE

PAGE_ARGUMENT = "first"
MAX_ITEMS = "max_items"
"""The metadata key by which a list field without paging declares the most items it holds."""

_Composite = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType


@dataclass(frozen=True)
class Shape:
    """What a selection could cost per parent object, how deep it goes (fields on its longest
    path) and how many aliases it uses."""

    cost: int = 0
    depth: int = 0
    aliases: int = 0

    def __add__(self, other: Shape) -> Shape:
        return Shape(
            self.cost + other.cost, max(self.depth, other.depth), self.aliases + other.aliases
        )


class Measure:
    """Measures the operations of one document against one schema, with the request's
    variables (a `first: $n` costs what `$n` is)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, object] | None,
    ) -> None:
        self._schema, self._fragments = schema, fragments
        self._variables = variables or {}
        self._measured: dict[tuple[str, int | None], Shape] = {}
        self._measuring: set[str] = set()

    def operation(self, operation: OperationDefinitionNode) -> Shape:
        root = {
            OperationType.QUERY: self._schema.query_type,
            OperationType.MUTATION: self._schema.mutation_type,
            OperationType.SUBSCRIPTION: self._schema.subscription_type,
        }[operation.operation]
        return self._selection(operation.selection_set, root, None) if root else Shape()

    def _selection(
        self, selection_set: SelectionSetNode | None, parent: object, page: int | None
    ) -> Shape:
        """`page` is set inside a paged connection: its lists (edges, nodes) are that page."""
        total = Shape()
        if selection_set is None or not isinstance(parent, _Composite):
            return total
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self._schema.get_type(condition.name.value) if condition else parent
                total += self._selection(selection.selection_set, on, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread(selection.name.value, page)
        return total

    def _spread(self, name: str, page: int | None) -> Shape:
        fragment = self._fragments.get(name)
        # A cycle or an unknown fragment is a validation error reported on its own.
        if fragment is None or name in self._measuring:
            return Shape()
        key = (name, page)
        if key not in self._measured:
            self._measuring.add(name)
            on = self._schema.get_type(fragment.type_condition.name.value)
            self._measured[key] = self._selection(fragment.selection_set, on, page)
            self._measuring.discard(name)
        return self._measured[key]

    def _field(self, node: FieldNode, parent: _Composite, page: int | None) -> Shape:
        aliases = 1 if node.alias else 0
        name = node.name.value
        definition = None if isinstance(parent, GraphQLUnionType) else parent.fields.get(name)
        # Introspection answers from the schema, not the store; unknown fields are reported
        # by validation.
        if name.startswith("__") or definition is None:
            return Shape(aliases=aliases)
        returns = get_named_type(definition.type)
        if is_leaf_type(returns):
            return Shape(depth=1, aliases=aliases)
        is_list = isinstance(
            definition.type.of_type
            if isinstance(definition.type, GraphQLNonNull)
            else definition.type,
            GraphQLList,
        )
        paged = self._page_size(node, definition)
        if is_list:
            # A list is its own page, its declared bound, a connection's page, or the default.
            bound = paged if paged is not None else _declared_bound(definition)
            size = bound if bound is not None else page if page is not None else DEFAULT_PAGE
            below = self._selection(node.selection_set, returns, None)
            return Shape(size * (1 + below.cost), 1 + below.depth, aliases + below.aliases)
        # One object per parent; a paged connection passes its page to its lists.
        below = self._selection(node.selection_set, returns, paged)
        return Shape(1 + below.cost, 1 + below.depth, aliases + below.aliases)

    def _page_size(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """The page a field with a `first` argument asks for; None for other fields."""
        if PAGE_ARGUMENT not in definition.args:
            return None
        value: object = None
        for argument in node.arguments or ():
            if argument.name.value == PAGE_ARGUMENT:
                if isinstance(argument.value, IntValueNode):
                    value = int(argument.value.value)
                elif isinstance(argument.value, VariableNode):
                    value = self._variables.get(argument.value.name.value)
        if not isinstance(value, int) or isinstance(value, bool):
            return DEFAULT_PAGE
        # A page past MAX_PAGE is refused when the field runs, with its own hint.
        return max(0, min(value, MAX_PAGE))


def _declared_bound(definition: GraphQLField) -> int | None:
    """The most items a list field declares it holds; None where it declares none."""
    field = (definition.extensions or {}).get("strawberry-definition")
    metadata = getattr(field, "metadata", None) or {}
    size = metadata.get(MAX_ITEMS)
    return size if isinstance(size, int) else None


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }

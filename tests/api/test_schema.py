"""The GraphQL schema itself: documented throughout, and in step with the SHACL shapes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)
from rdflib.collection import Collection
from rdflib.namespace import SH

from api.graphql.schema import build_schema
from kg.namespaces import Namespaces
from kg.settings import Settings

BUILT_IN = {"String", "Boolean", "Int", "Float", "ID", "Date"}

# Shape paths the API does not offer as fields, and why.
HIDDEN: dict[str, str] = {}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema()._schema


def documentation_gaps(schema: GraphQLSchema) -> Iterator[str]:
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        if not kind.description:
            yield f"type {name}"
        if isinstance(kind, GraphQLEnumType):
            yield from (f"{name}.{v}" for v, d in kind.values.items() if not d.description)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    yield f"{name}.{field_name}"
                for argument, definition in getattr(field, "args", {}).items():
                    if not definition.description:
                        yield f"{name}.{field_name}({argument})"


def test_every_type_field_argument_and_enum_value_is_described(schema: GraphQLSchema) -> None:
    assert list(documentation_gaps(schema)) == []


@strawberry.type
class Undocumented:
    field: int


@strawberry.type(description="A query.")
class PartlyDocumented:
    @strawberry.field(description="Documented.")  # type: ignore[untyped-decorator]
    def documented(self, argument: int) -> Undocumented:
        return Undocumented(field=argument)


def test_the_documentation_check_finds_a_missing_description() -> None:
    gaps = set(documentation_gaps(strawberry.Schema(query=PartlyDocumented)._schema))
    assert gaps == {
        "type Undocumented",
        "Undocumented.field",
        "PartlyDocumented.documented(argument)",
    }


def exposed_predicates() -> set[tuple[str, bool]]:
    """(CURIE, inverse) for every predicate a field of the schema reads."""
    strawberry_schema = build_schema()
    found: set[tuple[str, bool]] = set()
    for definition in strawberry_schema.schema_converter.type_map.values():
        for field in getattr(definition.definition, "fields", []):
            for predicate in field.metadata.get("predicates", ()):
                found.add((predicate, field.metadata["inverse"]))
    return found


def shape_paths(shapes: rdflib.Graph, namespaces: Namespaces) -> set[tuple[str, bool]]:
    """(CURIE, inverse) for every predicate a property shape's path names."""
    found: set[tuple[str, bool]] = set()

    def walk(path: rdflib.term.Node, inverse: bool) -> None:
        if isinstance(path, rdflib.URIRef):
            found.add((namespaces.compact(str(path)), inverse))
        elif (inner := shapes.value(path, SH.inversePath)) is not None:
            walk(inner, not inverse)
        elif (alternatives := shapes.value(path, SH.alternativePath)) is not None:
            for alternative in Collection(shapes, alternatives):
                walk(alternative, inverse)
        elif shapes.value(path, rdflib.RDF.first) is not None:
            for step in Collection(shapes, path):
                walk(step, inverse)
        else:
            raise AssertionError(f"a path form this test does not read: {path}")

    for path in shapes.objects(None, SH.path):
        walk(path, False)
    return found


def test_every_shape_property_is_reachable_or_hidden_for_a_reason(
    shapes_graph: rdflib.Graph, settings: Settings
) -> None:
    namespaces = Namespaces(settings.base_iri)
    exposed = exposed_predicates()
    missing = {
        (predicate, inverse)
        for predicate, inverse in shape_paths(shapes_graph, namespaces)
        # A field reading the predicate in either direction reaches the property.
        if (predicate, False) not in exposed
        and (predicate, True) not in exposed
        and predicate not in HIDDEN
    }
    assert missing == set()
    assert all(reason.strip() for reason in HIDDEN.values())


def test_the_drift_check_notices_a_property_no_field_reads(settings: Settings) -> None:
    shapes = rdflib.Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix lsk: <https://example.org/lsk/def/> .
        lsk:S a sh:NodeShape ; sh:property [ sh:path lsk:unreadProperty ] .
        """,
        format="turtle",
    )
    paths = shape_paths(shapes, Namespaces(settings.base_iri))
    assert paths == {("lsk:unreadProperty", False)}
    assert not paths & exposed_predicates()

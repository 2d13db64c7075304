"""The shortcuts of a GraphQL execution give the answers the plain way gives.

Link fields read ahead a level at a time, pages described by what their selection reads
(api/graphql/prefetch.py), fields resolved without strawberry's wrapping (api/graphql/lean.py)
and documents kept once parsed and validated (api/graphql/document_cache.py): each query here
runs with the read-ahead and without it, and twice, on the shipped data, in-process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import strawberry

from api.explorer.graphql_source import document
from api.graphql.context import request_context
from api.graphql.document_cache import VALID_DOCUMENTS
from api.graphql.schema import Limits, build_schema
from kg.query_pool import QueryPool
from kg.settings import Settings

README = """{
  actor(id: "actor:uppsala-kommun") {
    name
    stances(first: 20) {
      totalCount
      nodes {
        type { label(lang: "en") }
        quote
        targets { label }
        document { title sourceFile }
      }
    }
  }
}"""

# Aliases of one link field with different selections, the same field twice, fragments and
# inline fragments on the interface and on one type, a field that reads its object's
# neighbours (sourceFile), __typename, a connection below, and each list twice (nodes, edges).
# (The explorer's pages below ask for fields that may read anything, such as displayLabel.)
TANGLED = """
fragment Who on Actor { name ... on Organization { units(first: 3) { nodes { name } } } }
query ($first: Int!) {
  actor(id: "actor:uppsala-kommun") {
    stances(first: $first) {
      nodes {
        __typename
        id
        by: actor { ...Who }
        byAgain: actor { curie }
        document { title sourceFile creators { name } }
        document { curie }
        targets { __typename label ... on Section { notation strategy { title } } }
      }
      edges { cursor node { quote type { label notation polarity { label } } } }
    }
  }
}"""


@pytest.fixture(scope="module")
def pool(loaded_store: Path, settings: Settings) -> Iterator[QueryPool]:
    queries = QueryPool(replace(settings, store=str(loaded_store)), size=2, timeout=30.0)
    assert queries.warm(30.0)
    yield queries
    queries.close()


@pytest.fixture(scope="module")
def schema() -> strawberry.Schema:
    return build_schema(Limits(timeout=30.0))


def run(
    pool: QueryPool,
    schema: strawberry.Schema,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    read_ahead: bool = True,
    max_nodes: int = 10_000,
) -> tuple[Any, list[str], int]:
    """The data, the error messages and the store queries of one execution."""

    async def execute() -> tuple[Any, list[str], int]:
        context = request_context(pool, Settings().namespaces, timeout=30.0, max_nodes=max_nodes)
        context.read_ahead = read_ahead
        result = await schema.execute(query, variable_values=variables, context_value=context)
        errors = [error.message for error in result.errors or []]
        return result.data, errors, context.store.queries

    return asyncio.run(execute())


CASES = [
    ("readme", README, None),
    ("tangled", TANGLED, {"first": 30}),
    ("actor page", document("actor"), {"id": "actor:uppsala-kommun", "lang": "sv"}),
    ("actor page, a company", document("actor"), {"id": "actor:stockholms-stad", "lang": "en"}),
    (
        "position page",
        document("position"),
        {"id": "position:build-on-existing-structures", "lang": "sv"},
    ),
]


@pytest.mark.parametrize(("query", "variables"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reading_ahead_answers_as_each_field_alone_does_in_fewer_store_queries(
    pool: QueryPool, schema: strawberry.Schema, query: str, variables: dict[str, Any] | None
) -> None:
    plain, plain_errors, plain_queries = run(pool, schema, query, variables, read_ahead=False)
    ahead, ahead_errors, ahead_queries = run(pool, schema, query, variables)
    assert plain_errors == []
    assert ahead_errors == []
    assert ahead == plain
    assert ahead_queries <= plain_queries
    # Once parsed and validated, the text answers the same from the document cache.
    assert run(pool, schema, query, variables)[:2] == (ahead, [])


def test_the_readme_query_costs_three_store_queries(
    pool: QueryPool, schema: strawberry.Schema
) -> None:
    # The actor; the page of stances with their descriptions; what they link to, with the
    # documents' source texts. Five before reading ahead.
    data, errors, queries = run(pool, schema, README)
    assert errors == []
    assert len(data["actor"]["stances"]["nodes"]) == 20
    assert queries == 3


def test_past_the_node_budget_the_refusal_is_the_same_with_or_without_reading_ahead(
    pool: QueryPool, schema: strawberry.Schema
) -> None:
    plain = run(pool, schema, TANGLED, {"first": 30}, read_ahead=False, max_nodes=60)
    ahead = run(pool, schema, TANGLED, {"first": 30}, max_nodes=60)
    assert plain[1]
    assert plain[1] == ahead[1]
    assert "more than 60 resources" in ahead[1][0]


def test_a_kept_document_is_still_measured_with_the_request_s_variables(
    pool: QueryPool, schema: strawberry.Schema
) -> None:
    text = 'query ($n: Int!) { actor(id: "actor:uppsala-kommun") { stances(first: $n) {' + (
        " nodes { actor { stances(first: $n) { nodes { actor { stances(first: $n) {"
        " nodes { quote } } } } } } } } } }"
    )
    assert run(pool, schema, text, {"n": 2})[1] == []
    kept = len(VALID_DOCUMENTS)
    refused = run(pool, schema, text, {"n": 100})[1]
    assert len(refused) == 1
    assert "could cost" in refused[0]
    assert len(VALID_DOCUMENTS) == kept  # the same text: read from the cache, not added again


def test_an_invalid_document_is_not_kept_and_fails_the_same_each_time(
    pool: QueryPool, schema: strawberry.Schema
) -> None:
    text = '{ actor(id: "actor:uppsala-kommun") { nameless } }'
    kept = len(VALID_DOCUMENTS)
    first, second = run(pool, schema, text)[1], run(pool, schema, text)[1]
    assert first == second
    assert "nameless" in first[0]
    assert len(VALID_DOCUMENTS) == kept

"""Malformed GraphQL requests, body by body: each is a 4xx, or a GraphQL error with a code,
never a 500 or a traceback, and the store is as it was."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kg.settings import Settings
from tests.bad_inputs.served import Served, no_traceback, served_actors

BY_NAME = "query ($t: String) { actors(nameContains: $t) { totalCount } }"
TYPENAME = "{ __typename }"


@pytest.fixture(scope="module")
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Served]:
    with served_actors(request, tmp_path_factory.mktemp("graphql"), settings) as served:
        yield served


def deep_fragments(depth: int) -> str:
    """As deep as chain_of_parents in the contract tests, but through named fragments, which
    a depth count that looked only at inline selections would miss."""
    fragments = [
        f"fragment F{i} on Organization {{ parent {{ ...F{i + 1} }} }}" for i in range(depth)
    ]
    fragments.append(f"fragment F{depth} on Organization {{ name }}")
    return '{ actor(id: "actor:stockholms-stad-rotel-i") { ...F0 } } ' + " ".join(fragments)


# name: (JSON body, HTTP status, GraphQL error code, words of the message)
REFUSED: dict[str, tuple[Any, int, str, str]] = {
    "variables a list": (
        {"query": TYPENAME, "variables": [1]},
        400,
        "BAD_REQUEST",
        "`variables` must be an object",
    ),
    "variables a string": (
        {"query": TYPENAME, "variables": "{}"},
        400,
        "BAD_REQUEST",
        "`variables` must be an object",
    ),
    "variable of the wrong type": (
        {"query": BY_NAME, "variables": {"t": 5}},
        200,
        "BAD_VARIABLES",
        "String cannot represent a non string value",
    ),
    "10 MB string variable": (
        {"query": BY_NAME, "variables": {"t": "a" * 10_000_000}},
        413,
        "PAYLOAD_TOO_LARGE",
        "over 1,000,000 bytes",
    ),
    "batch array": (
        [{"query": TYPENAME}, {"query": TYPENAME}],
        400,
        "BAD_REQUEST",
        "Batching is not enabled",
    ),
    "operationName not a string": (
        {"query": TYPENAME, "operationName": 5},
        400,
        "BAD_REQUEST",
        "operationName must be a string",
    ),
    "operationName naming nothing": (
        {"query": TYPENAME, "operationName": "Nope"},
        200,
        "OPERATION_NOT_DETERMINED",
        "no operation named 'Nope'",
    ),
    "empty query": ({"query": ""}, 400, "BAD_REQUEST", "No GraphQL query found"),
    "no query": ({"variables": {}}, 400, "BAD_REQUEST", "No GraphQL query found"),
    "query not a string": ({"query": 5}, 400, "BAD_REQUEST", "`query` must be a string"),
    "syntax error": ({"query": "{ actors( }"}, 200, "GRAPHQL_PARSE_FAILED", "Syntax Error"),
    "mutation": (
        {"query": "mutation { x }"},
        200,
        "GRAPHQL_VALIDATION_FAILED",
        "mutation operation is not supported",
    ),
    "over the depth limit through fragments": (
        {"query": deep_fragments(25)},
        200,
        "TOO_DEEP",
        "fields deep",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_malformed_graphql_request_is_refused_with_a_code(api: Served, case: str) -> None:
    body, status, code, words = REFUSED[case]
    before = api.fingerprint()
    response = httpx.post(api.base + "/graphql", json=body, timeout=60)
    assert response.status_code == status, response.text
    no_traceback(response)
    answer: dict[str, Any] = response.json()
    [error] = answer["errors"]
    assert error["extensions"]["code"] == code, answer
    assert words in error["message"], answer
    assert answer.get("data") is None
    api.unchanged_since(before)


@pytest.mark.parametrize("body", [b'"{ __typename }"', b"5", b"null", b"true"])
def test_a_json_body_that_is_not_an_object_is_400(api: Served, body: bytes) -> None:
    before = api.fingerprint()
    response = httpx.post(
        api.base + "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    no_traceback(response)
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "JSON object" in response.json()["errors"][0]["message"]
    api.unchanged_since(before)


def test_variables_that_are_not_json_in_a_get_are_400(api: Served) -> None:
    response = httpx.get(
        api.base + "/graphql",
        params={"query": TYPENAME, "variables": "{"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400, response.text
    no_traceback(response)
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_a_mutation_by_get_is_405(api: Served) -> None:
    before = api.fingerprint()
    response = httpx.get(
        api.base + "/graphql",
        params={"query": "mutation { x }"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 405, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    api.unchanged_since(before)


def test_a_post_that_is_not_json_is_415(api: Served) -> None:
    response = httpx.post(
        api.base + "/graphql",
        content=b'{"query": "{ __typename }"}',
        headers={"content-type": "text/plain"},
    )
    assert response.status_code == 415, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert "application/json" in error["message"]


def test_the_server_still_answers_after_the_corpus(api: Served) -> None:
    response = httpx.post(api.base + "/graphql", json={"query": BY_NAME, "variables": {"t": ""}})
    assert response.status_code == 200
    assert response.json()["data"]["actors"]["totalCount"] > 0

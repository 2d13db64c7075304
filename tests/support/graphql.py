"""A plain GraphQL client for the tests: JSON POSTs, as any HTTP library would send them."""

from __future__ import annotations

from typing import Any

import httpx

from kg.namespaces import DEFAULT_BASE_IRI, Namespaces

PREFIXES = Namespaces(DEFAULT_BASE_IRI).prologue


def post(api: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """A plain GraphQL client: one JSON POST, as any HTTP library would send it."""
    response = httpx.post(
        api + "/graphql", json={"query": query, "variables": variables or {}}, timeout=60
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def data(api: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = post(api, query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


NORMAL = '{ actor(id: "actor:uppsala-kommun") { name stances { totalCount } } }'


def answers_normally(api: str) -> bool:
    actor = data(api, NORMAL)["actor"]
    return bool(actor == {"name": "Uppsala kommun", "stances": {"totalCount": 29}})


def sparql(api: str, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT sent to the same server's /sparql (with the project's prefixes), as
    plain strings: the hand-written answer a GraphQL answer is checked against."""
    response = httpx.post(api + "/sparql", data={"query": PREFIXES + query}, timeout=60)
    assert response.status_code == 200, response.text
    return [
        {name: cell["value"] for name, cell in row.items()}
        for row in response.json()["results"]["bindings"]
    ]

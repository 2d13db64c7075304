"""A plain GraphQL client for the tests: JSON POSTs, as any HTTP library would send them."""

from __future__ import annotations

from typing import Any

import httpx


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

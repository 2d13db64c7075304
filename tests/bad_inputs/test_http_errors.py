"""Client mistakes over real HTTP are 4xx in the API's error shape, never a 500: a body that
is not UTF-8, JSON nested past what a parser can follow, and a body over the size limit
(refused before it is parsed, and read no further than the limit)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.settings import Settings
from tests.support.serving import loaded, serving, serving_embedded

JSON = {"content-type": "application/json"}
NEW_TYPE = {**JSON, "accept": "application/graphql-response+json"}
NESTED = b"[" * 100_000 + b"]" * 100_000


@pytest.fixture(scope="module")
def base(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    with serving_embedded(
        [settings.data_dir / "actors.ttl"],
        request=request,
        tmp_path_factory=tmp_path_factory,
        settings=settings,
        workers=1,
    ) as url:
        yield url


def graphql_error(response: httpx.Response, status: int, code: str) -> str:
    """The message of a GraphQL-over-HTTP refusal: `status`, a JSON body of errors, `code`."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["code"] == code
    message: str = error["message"]
    return message


@pytest.mark.parametrize("headers", [JSON, NEW_TYPE], ids=["json", "graphql-response"])
def test_a_graphql_body_that_is_not_utf8_is_400(base: str, headers: dict[str, str]) -> None:
    response = httpx.post(base + "/graphql", content=b'{"query": "\xff"}', headers=headers)
    assert "not UTF-8" in graphql_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize(
    "body",
    [NESTED, b'{"query": "{ __typename }", "variables": {"a": ' + NESTED + b"}}"],
    ids=["body", "variables"],
)
def test_json_nested_100000_deep_is_400(base: str, body: bytes) -> None:
    response = httpx.post(base + "/graphql", content=body, headers=JSON)
    assert "nested too deeply" in graphql_error(response, 400, "BAD_REQUEST")


def test_variables_nested_10000_deep_in_a_get_are_400(base: str) -> None:
    # 10,000 deep: as deep as a URL under the server's URI limit holds, and past the parser's.
    response = httpx.get(
        base + "/graphql",
        params={"query": "{ __typename }", "variables": "[" * 10_000 + "]" * 10_000},
        headers={"accept": "application/json"},
    )
    assert "nested too deeply" in graphql_error(response, 400, "BAD_REQUEST")


def test_a_body_declared_over_the_limit_is_413_before_it_is_read(base: str) -> None:
    response = httpx.post(base + "/graphql", content=b" " * 2_000_000, headers=JSON)
    assert "over 1,000,000 bytes" in graphql_error(response, 413, "PAYLOAD_TOO_LARGE")


def test_a_50_mb_chunked_body_is_413(base: str) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b" " * 1_000_000

    started = time.monotonic()
    # No Content-Length (a generator is sent chunked): only reading can find the size.
    response = httpx.post(base + "/graphql", content=chunks(), headers=JSON, timeout=60)
    graphql_error(response, 413, "PAYLOAD_TOO_LARGE")
    assert time.monotonic() - started < 10


def test_a_chunked_body_is_read_no_further_than_the_limit() -> None:
    from starlette.requests import Request

    from api.body_limit import BodyTooLarge, read_body

    received = 0

    async def receive() -> dict[str, Any]:
        nonlocal received
        received += 1
        return {"type": "http.request", "body": b" " * 1_000_000, "more_body": received < 50}

    request = Request({"type": "http", "method": "POST", "headers": []}, receive)
    with pytest.raises(BodyTooLarge):
        asyncio.run(read_body(request, limit=1_000_000))
    assert received == 2  # the chunk that passed the limit, and nothing after it


def test_the_body_limit_is_configurable(
    request: pytest.FixtureRequest, tmp_path: Path, settings: Settings
) -> None:
    from api.app import create_app
    from api.graphql.schema import Limits

    served = loaded(
        "embedded",
        [settings.data_dir / "actors.ttl"],
        request=request,
        directory=tmp_path,
        settings=settings,
    )
    app = create_app(served, workers=1, graphql_limits=Limits(max_body_bytes=100))
    with serving(app) as url:
        small = httpx.post(url + "/graphql", json={"query": "{ __typename }"})
        assert small.json()["data"] == {"__typename": "Query"}
        large = httpx.post(url + "/graphql", json={"query": "{ __typename }" + " " * 100})
        assert "over 100 bytes" in graphql_error(large, 413, "PAYLOAD_TOO_LARGE")


def test_a_good_request_still_runs(base: str) -> None:
    response = httpx.post(base + "/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"query=SELECT%20*%20WHERE%20%7B%7D\xff"),
        ("application/sparql-query", b"SELECT * WHERE { ?s ?p '\xff' }"),
    ],
    ids=["form", "direct"],
)
def test_a_sparql_body_that_is_not_utf8_is_400(base: str, content_type: str, body: bytes) -> None:
    response = httpx.post(base + "/sparql", content=body, headers={"content-type": content_type})
    assert response.status_code == 400
    assert response.json()["error"].startswith("the request body is not UTF-8")
    assert response.json()["hint"]

"""GraphQL over HTTP, on both backends: the spec's own audit, and what it leaves unchecked.

The audit is the npm package graphql-http's `serverAudits` (pinned in
tests/clients/package-lock.json, installed by `make install`), run by
tests/clients/graphql_http_audit.mjs against a real server. Every audit must pass, the MAY
ones included: what a client may rely on is pinned, not left to a warning.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.settings import Settings
from tests.support.serving import serving_project_data

CLIENTS = Path(__file__).resolve().parents[1] / "clients"
AUDIT = CLIENTS / "graphql_http_audit.mjs"
GRAPHQL_RESPONSE = "application/graphql-response+json"
TWO_OPERATIONS = "query A { stances { totalCount } } query B { themes { totalCount } }"
COUNT_BY_NAME = "query ($t: String) { actors(nameContains: $t) { totalCount } }"
PAGE_OF = "query ($n: Int!) { stances(first: $n) { totalCount } }"


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    with serving_project_data(request, tmp_path_factory, settings, workers=2, timeout=10.0) as base:
        yield base + "/graphql"


@pytest.fixture(scope="session")
def audit_command() -> list[str]:
    """The command line of the audit; fails (never skips) when it is not installed."""
    node = shutil.which("node")
    if node is None or not (CLIENTS / "node_modules" / "graphql-http").is_dir():
        pytest.fail(
            "the GraphQL-over-HTTP audit is not installed: install Node.js (20 or later, for "
            "its fetch) and npm (apt-get install nodejs npm), then run `make install`, which "
            "runs `npm ci` in tests/clients"
        )
    return [node, str(AUDIT)]


def audit(command: list[str], url: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=120, check=False, cwd=CLIENTS
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def test_every_audit_of_the_graphql_over_http_spec_passes(
    audit_command: list[str], api: str
) -> None:
    results = audit(audit_command, api)
    failed = [f"{r['id']} {r['name']}: {r['reason']}" for r in results if r["status"] != "ok"]
    assert not failed, "\n".join(failed)
    # The package's count at the pinned version (13 MUST, 23 SHOULD, 25 MAY): a new version's
    # audits are read, not skipped.
    assert len(results) == 61
    levels = {r["name"].split()[0] for r in results}
    assert levels == {"MUST", "SHOULD", "MAY"}


def ask(api: str, body: dict[str, Any], accept: str = GRAPHQL_RESPONSE) -> httpx.Response:
    return httpx.post(api, json=body, headers={"Accept": accept}, timeout=60)


def test_the_media_type_follows_what_the_client_accepts(api: str) -> None:
    body = {"query": "{ stances { totalCount } }"}
    for accept, media_type in [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"application/json;q=0.5, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
    ]:
        response = ask(api, body, accept)
        assert response.status_code == 200, accept
        assert response.headers["content-type"].split(";")[0] == media_type, accept
        assert response.json()["data"]["stances"]["totalCount"] == 116
    refused = ask(api, body, "text/csv")
    assert refused.status_code == 406
    assert GRAPHQL_RESPONSE in refused.headers["accept"]


REQUEST_ERRORS: list[tuple[dict[str, Any], str]] = [
    ({"query": "{ stances { totalCount "}, "GRAPHQL_PARSE_FAILED"),
    ({"query": "{ stances { noSuchField } }"}, "GRAPHQL_VALIDATION_FAILED"),
    ({"query": COUNT_BY_NAME, "variables": {"t": 7}}, "BAD_VARIABLES"),
    ({"query": PAGE_OF, "variables": {"n": "five"}}, "BAD_VARIABLES"),
    ({"query": PAGE_OF}, "BAD_VARIABLES"),
    ({"query": TWO_OPERATIONS}, "OPERATION_NOT_DETERMINED"),
    ({"query": TWO_OPERATIONS, "operationName": "C"}, "OPERATION_NOT_DETERMINED"),
]


def test_request_errors_are_400_with_a_code_and_no_data(api: str) -> None:
    for body, code in REQUEST_ERRORS:
        response = ask(api, body)
        assert response.status_code == 400, body
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
        answer = response.json()
        assert "data" not in answer, body
        assert [e["extensions"]["code"] for e in answer["errors"]] == [code], answer


def test_request_errors_are_200_for_a_client_that_accepts_only_json(api: str) -> None:
    # The spec keeps application/json's old contract: a well-formed request answers 200.
    response = ask(api, {"query": TWO_OPERATIONS}, "application/json")
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_DETERMINED"


def test_a_wrong_variable_type_is_a_clear_error_and_no_traceback(
    api: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        response = ask(api, {"query": PAGE_OF, "variables": {"n": "five"}})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_VARIABLES"
    assert "$n" in error["message"]
    assert "Int" in error["message"]
    assert "Internal server error" not in error["message"]
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


def test_the_operation_named_is_the_one_run(api: str) -> None:
    response = ask(api, {"query": TWO_OPERATIONS, "operationName": "B"})
    assert response.status_code == 200
    assert list(response.json()["data"]) == ["themes"]


def test_field_errors_keep_200_and_the_code_from_the_one_error_table(api: str) -> None:
    response = ask(api, {"query": '{ actor(id: "actor:nobody") { name } }'})
    assert response.status_code == 200
    answer = response.json()
    # `actor` is non-null, so its error nulls the whole data; still a field error, with data.
    assert "data" in answer
    assert answer["data"] is None
    assert answer["errors"][0]["path"] == ["actor"]
    assert answer["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_refused_limit_is_400_with_its_code(api: str) -> None:
    response = ask(api, {"query": "{ " + "a: stances { totalCount } " * 40 + "}"})
    assert response.status_code == 400
    answer = response.json()
    assert "data" not in answer
    assert answer["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"


def test_malformed_requests_are_400_whatever_the_client_accepts(api: str) -> None:
    for accept in [GRAPHQL_RESPONSE, "application/json"]:
        headers = {"Accept": accept, "Content-Type": "application/json"}
        for content in [b'{"query": ', b'{"notquery": "{ __typename }"}', b'{"query": 7}']:
            response = httpx.post(api, content=content, headers=headers)
            assert response.status_code == 400, (accept, content)
            assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    for header in [{}, {"Content-Type": "text/plain"}]:
        unread = httpx.post(api, content=b'{"query": "{ __typename }"}', headers=header)
        assert unread.status_code == 415
        assert unread.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_a_mutation_by_get_is_405(api: str) -> None:
    response = httpx.get(
        api, params={"query": "mutation { __typename }"}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_head_answers_as_get_without_a_body(api: str) -> None:
    params = {"query": "{ stances { totalCount } }"}
    get = httpx.get(api, params=params, headers={"Accept": GRAPHQL_RESPONSE})
    head = httpx.head(api, params=params, headers={"Accept": GRAPHQL_RESPONSE})
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]


def test_cors_lets_any_page_ask(api: str) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    preflight = httpx.options(
        api,
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    answer = httpx.post(
        api, json={"query": "{ stances { totalCount } }"}, headers={**origin, "Accept": "*/*"}
    )
    assert answer.headers["access-control-allow-origin"] == "*"
    # A refusal too, or a page could not read why it was refused.
    refused = httpx.post(
        api, json={"query": "{ nope }"}, headers={**origin, "Accept": GRAPHQL_RESPONSE}
    )
    assert refused.status_code == 400
    assert refused.headers["access-control-allow-origin"] == "*"

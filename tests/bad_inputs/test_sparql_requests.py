"""Malformed SPARQL protocol requests: each is the 4xx the protocol names, in the API's error
shape (an error and, where there is one, a hint), never a 500 or a traceback, and the store
is as it was, above all after the requests that try to write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kg.settings import Settings
from tests.bad_inputs.served import Served, no_traceback, served_actors

SELECT = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
INSERT = "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }"
FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Served]:
    with served_actors(request, tmp_path_factory.mktemp("sparql"), settings) as served:
        yield served


# name: (method, query string, body, headers, status, words of the error)
REFUSED: dict[str, tuple[str, str, bytes, dict[str, str], int, str]] = {
    "syntax error": ("GET", "query=SELEC%20*%20WHERE%20%7B%7D", b"", {}, 400, "not a SPARQL query"),
    "update by query parameter": (
        "GET",
        "update=" + INSERT.replace(" ", "%20"),
        b"",
        {},
        403,
        "SPARQL Update is not accepted",
    ),
    "update in the query parameter": (
        "GET",
        "query=DELETE%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
        b"",
        {},
        403,
        "read-only",
    ),
    "update by form": ("POST", "", b"update=CLEAR%20ALL", FORM, 403, "read-only"),
    "update as a direct body": (
        "POST",
        "",
        INSERT.encode(),
        {"content-type": "application/sparql-update"},
        403,
        "read-only",
    ),
    "LOAD in the query parameter": (
        "GET",
        "query=LOAD%20%3Chttp%3A%2F%2Fexample.org%2Fx%3E",
        b"",
        {},
        403,
        "read-only",
    ),
    "query and update together": (
        "POST",
        "",
        b"query=ASK%7B%7D&update=CLEAR%20ALL",
        FORM,
        400,
        "either a query or an update, not both",
    ),
    "two query parameters": (
        "GET",
        "query=ASK%7B%7D&query=ASK%7B%7D",
        b"",
        {},
        400,
        "2 queries",
    ),
    "unsupported content type": (
        "POST",
        "",
        SELECT.encode(),
        {"content-type": "text/plain"},
        415,
        "unsupported request type 'text/plain'",
    ),
    "charset latin1": (
        "POST",
        "",
        SELECT.encode(),
        {"content-type": "application/sparql-query; charset=latin1"},
        415,
        "unsupported charset 'latin1'",
    ),
    "no query, other parameters": (
        "GET",
        "default-graph-uri=http%3A%2F%2Fexample.org%2F",
        b"",
        {},
        400,
        "missing the query parameter",
    ),
    "empty query": ("GET", "query=", b"", {}, 400, "missing the query parameter"),
    "default-graph-uri not an IRI": (
        "GET",
        "query=ASK%7B%7D&default-graph-uri=not%20an%20iri",
        b"",
        {},
        400,
        "default-graph-uri is not an absolute IRI",
    ),
    "named-graph-uri not an IRI": (
        "GET",
        "query=ASK%7B%7D&named-graph-uri=%3Cbad%3E",
        b"",
        {},
        400,
        "named-graph-uri is not an absolute IRI",
    ),
    "SERVICE not allowed": (
        "GET",
        "query=SELECT%20*%20WHERE%20%7B%20SERVICE%20%3Chttp%3A%2F%2F127.0.0.1%3A9%2F%3E%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D",
        b"",
        {},
        400,
        "is refused",
    ),
    "Accept nothing the query has": (
        "GET",
        "query=" + SELECT.replace(" ", "%20"),
        b"",
        {"accept": "image/png"},
        406,
        "cannot answer a SELECT query as 'image/png'",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_malformed_sparql_request_is_refused(api: Served, case: str) -> None:
    method, query_string, body, headers, status, words = REFUSED[case]
    before = api.fingerprint()
    url = api.base + "/sparql" + (f"?{query_string}" if query_string else "")
    response = httpx.request(method, url, content=body or None, headers=headers, timeout=60)
    assert response.status_code == status, response.text
    no_traceback(response)
    answer: dict[str, Any] = response.json()
    assert words in answer["error"], answer
    api.unchanged_since(before)


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH"])
def test_a_method_the_endpoint_lacks_is_405(api: Served, method: str) -> None:
    before = api.fingerprint()
    response = httpx.request(method, api.base + "/sparql", content=INSERT.encode())
    assert response.status_code == 405, response.text
    no_traceback(response)
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["allow"].split(",")}
    api.unchanged_since(before)


def test_the_endpoint_still_answers_after_the_corpus(api: Served) -> None:
    response = httpx.get(
        api.base + "/sparql", params={"query": SELECT}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 1

"""Asking the servers over HTTP: SPARQL as a form POST (as wrk sends it), GraphQL as JSON, and
timing repeated requests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from benchmarks.suite.questions import Rows

SPARQL_JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


class AnswerError(RuntimeError):
    """A server answered a benchmark request with an error: the figures would be meaningless."""


def sparql_rows(client: httpx.Client, url: str, query: str) -> Rows:
    """The rows of a SELECT, each variable's plain value (IRI or lexical form)."""
    response = ask_sparql(client, url, query)
    body = response.json()
    return [{k: v["value"] for k, v in row.items()} for row in body["results"]["bindings"]]


def ask_sparql(client: httpx.Client, url: str, query: str) -> httpx.Response:
    response = client.post(url, data={"query": query}, headers={"Accept": SPARQL_JSON})
    if response.status_code != 200:
        raise AnswerError(f"{url} answered {response.status_code}: {response.text[:300]}")
    return response


def ask_graphql(
    client: httpx.Client, url: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    """The whole GraphQL response body; AnswerError when it carries errors."""
    response = client.post(url, json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise AnswerError(f"{url} answered {response.status_code}: {str(body)[:300]}")
    return body


def timed(send: Callable[[], object], repeats: int, *, warmup: int = 2) -> list[float]:
    """Seconds each of `repeats` calls of `send` took, after `warmup` untimed ones."""
    for _ in range(warmup):
        send()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        send()
        samples.append(time.perf_counter() - started)
    return samples

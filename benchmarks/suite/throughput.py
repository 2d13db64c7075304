"""Throughput under concurrency: wrk at several client counts against each server, for a
one-pattern SELECT, a relationship query, and the README's GraphQL page beside its SPARQL."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks.suite.http import FORM, SPARQL_JSON
from benchmarks.suite.wrk import lua_script, run_wrk

ONE_PATTERN = "/sparql, one-pattern SELECT"
RELATIONSHIP = "/sparql, relationship query (units on an aspect)"
PAGE_SPARQL = "/sparql, the page's SPARQL"
PAGE_GRAPHQL = "/graphql, the README page (20 stances)"


@dataclass(frozen=True)
class Load:
    """One request to repeat: its name, the server's name and URL, and the POST body."""

    request: str
    server: str
    url: str
    body: str
    content_type: str
    accept: str


def sparql_load(request: str, server: str, url: str, query: str) -> Load:
    return Load(request, server, url, urlencode({"query": query}), FORM, SPARQL_JSON)


def graphql_load(
    request: str, server: str, url: str, query: str, variables: dict[str, Any]
) -> Load:
    body = json.dumps({"query": query, "variables": variables})
    return Load(request, server, url, body, "application/json", "application/json")


def measure_throughput(
    loads: Sequence[Load],
    work: Path,
    *,
    clients: Sequence[int],
    seconds: int,
    tell: Callable[[str], None] = lambda _: None,
) -> list[dict[str, Any]]:
    """One wrk run per load and client count; a run that fails is recorded with its error."""
    rows: list[dict[str, Any]] = []
    for number, load in enumerate(loads):
        script = work / f"post-{number}.lua"
        script.write_text(lua_script(load.body, load.content_type, load.accept))
        for count in clients:
            tell(f"wrk: {load.request} on {load.server}, {count} clients")
            row: dict[str, Any] = {"request": load.request, "server": load.server, "clients": count}
            try:
                row.update(run_wrk(load.url, script, clients=count, seconds=seconds).as_dict())
            except (subprocess.SubprocessError, ValueError) as error:
                row["error"] = str(error)[:300]
            rows.append(row)
    return rows


def ok_rate(row: Mapping[str, Any]) -> float | None:
    """Answered requests (2xx) a second: wrk counts a refusal (429, 503) as a request too."""
    if row.get("requests_per_s") is None or not row.get("requests"):
        return None
    answered = float(row["requests"] - row["non_2xx"]) / float(row["requests"])
    return float(row["requests_per_s"]) * answered


def rate(
    rows: Sequence[Mapping[str, Any]], request: str, server: str, clients: int
) -> float | None:
    """Answered (2xx) requests a second of one run; None when not measured (or it failed)."""
    for row in rows:
        if (row["request"], row["server"], row["clients"]) == (request, server, clients):
            return ok_rate(row)
    return None

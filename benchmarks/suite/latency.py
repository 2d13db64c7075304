"""Latency of the relationship questions, each asked as GraphQL and as its SPARQL on several
servers, and rdflib's engine in a child process where it finishes in time."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from benchmarks.suite.http import AnswerError, ask_graphql, ask_sparql, sparql_rows, timed
from benchmarks.suite.questions import QUESTIONS, Subjects
from benchmarks.suite.rdflib_run import run_job
from benchmarks.suite.stats import latency_ms, skipped
from kg.namespaces import Namespaces

GRAPHQL = "GraphQL, our /graphql"
OURS = "SPARQL, our /sparql"
OXIGRAPH = "SPARQL, Oxigraph server"
RDFLIB = "SPARQL, rdflib in-process"
VIRTUOSO_GRAPHQL = "GraphQL, our /graphql on Virtuoso"
VIRTUOSO_SPARQL = "SPARQL, Virtuoso /sparql"


def measure_questions(
    client: httpx.Client,
    *,
    graphql_url: str,
    graphql_way: str,
    sparql: Mapping[str, str],
    subjects: Subjects,
    namespaces: Namespaces,
    repeats: int,
) -> dict[str, Any]:
    """For each question: whether GraphQL and SPARQL answer alike (on the first SPARQL
    endpoint), the GraphQL request's store queries, and latency each way."""
    prologue = namespaces.prologue
    checks: dict[str, Any] = {}
    latency: dict[str, dict[str, Any]] = {}
    store_queries: dict[str, int | None] = {}
    for question in QUESTIONS:
        query, variables = question.graphql(subjects)
        text = prologue + question.sparql(subjects, namespaces)
        ways: dict[str, Any] = {}
        try:
            body = ask_graphql(client, graphql_url, query, variables)
            store_queries[question.key] = body.get("extensions", {}).get("storeQueries")
            ways[graphql_way] = latency_ms(
                timed(partial(ask_graphql, client, graphql_url, query, variables), repeats)
            )
        except (AnswerError, httpx.HTTPError) as error:
            ways[graphql_way] = skipped(f"failed: {error}")
        else:
            # A failing hand-written query (Virtuoso refuses some) fails only its own way.
            try:
                first_sparql = next(iter(sparql.values()))
                from_sparql = question.from_sparql(sparql_rows(client, first_sparql, text))
                from_graphql = question.from_graphql(body["data"])
                checks[question.key] = {
                    "same_answer": from_graphql == from_sparql,
                    "graphql": _short(from_graphql),
                    "sparql": _short(from_sparql),
                }
            except (AnswerError, httpx.HTTPError) as error:
                checks[question.key] = {"same_answer": None, "failed": str(error)[:300]}
        for way, url in sparql.items():
            try:
                ways[way] = latency_ms(timed(partial(ask_sparql, client, url, text), repeats))
            except (AnswerError, httpx.HTTPError) as error:
                ways[way] = skipped(f"failed: {error}")
        latency[question.key] = ways
    return {"checks": checks, "latency": latency, "store_queries": store_queries}


def measure_rdflib(
    ntriples: Path,
    work: Path,
    project: Path,
    *,
    subjects: Subjects,
    namespaces: Namespaces,
    repeats: int,
    query_timeout: float,
    parse_timeout: float,
) -> dict[str, Any]:
    """Each question's SPARQL on an rdflib Graph of the same triples, in a child process; a
    question past `query_timeout` seconds is recorded as not finished."""
    queries = {q.key: namespaces.prologue + q.sparql(subjects, namespaces) for q in QUESTIONS}
    job = {
        "ntriples": str(ntriples),
        "repeats": repeats,
        "query_timeout": query_timeout,
        "queries": queries,
    }
    limit = parse_timeout + len(queries) * (query_timeout + 5)
    answer = run_job(job, work / "rdflib-queries.json", project, limit)
    if answer is None:
        return {q: {"did_not_finish_s": limit} for q in queries}
    results: dict[str, Any] = {}
    for key, figures in answer["queries"].items():
        if "seconds" in figures:
            results[key] = {**latency_ms(figures["seconds"]), "rows": figures["rows"]}
        else:
            results[key] = figures
    return results


def _short(answer: object) -> str:
    text = json.dumps(answer, default=str)
    return text if len(text) <= 200 else text[:197] + "..."

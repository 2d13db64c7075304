"""Latency of three relationship queries through GraphQL and through hand-written SPARQL.

Run from the project folder:  .venv/bin/python -m benchmarks.query_latency [--triples N]
For the shipped data and for a synthetic graph of N triples (default 1,000,000) it loads an
embedded store, serves the API under uvicorn and asks each question many times over HTTP:
once as GraphQL at /graphql, once as the equivalent SPARQL at /sparql, on the same server and
store. It prints p50 and p99 in milliseconds and the GraphQL/SPARQL ratio. Times are only
comparable within one run on one machine; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import httpx
import pyoxigraph as ox

from api.app import create_app
from kg.embedded import EmbeddedStore
from kg.loading import load
from kg.settings import Settings
from kg.synth import synthesize
from tests.support.serving import serving


@dataclass(frozen=True)
class Question:
    name: str
    pick: str  # SPARQL choosing the busiest subject, as ?node
    graphql: str  # with $id
    sparql: str  # with {node}


QUESTIONS = [
    Question(
        "an actor's stances: type, quote, document",
        "SELECT ?node WHERE { ?s prov:wasAttributedTo ?node } GROUP BY ?node ORDER BY DESC(COUNT(?s)) LIMIT 1",
        """query ($id: ID!) { actor(id: $id) { name stances(first: 100) { totalCount nodes {
             quote type { label } document { title } } } } }""",
        """SELECT ?stance ?quote ?typeLabel ?title WHERE {{
             {{ SELECT ?stance WHERE {{ ?stance prov:wasAttributedTo <{node}> }} ORDER BY ?stance LIMIT 100 }}
             ?stance lsk:quote ?quote ; lsk:stanceType ?type ; dcterms:source ?doc .
             OPTIONAL {{ ?type skos:prefLabel ?typeLabel FILTER (LANG(?typeLabel) = "sv") }}
             OPTIONAL {{ ?doc dcterms:title ?title }} }}""",
    ),
    Question(
        "a document's stances: actor and targets",
        "SELECT ?node WHERE { ?s a lsk:Stance ; dcterms:source ?node } GROUP BY ?node ORDER BY DESC(COUNT(?s)) LIMIT 1",
        """query ($id: ID!) { document(id: $id) { title stances(first: 100) { totalCount nodes {
             actor { name } targets { label } } } } }""",
        """SELECT ?stance ?name ?target ?label WHERE {{
             {{ SELECT ?stance WHERE {{ ?stance a lsk:Stance ; dcterms:source <{node}> }} ORDER BY ?stance LIMIT 100 }}
             ?stance prov:wasAttributedTo ?actor ; lsk:target ?target .
             OPTIONAL {{ ?actor skos:prefLabel|foaf:name ?name }}
             OPTIONAL {{ ?target skos:prefLabel|dcterms:title ?label }} }}""",
    ),
    Question(
        "an organisation's units, their posts and holders",
        "SELECT ?node WHERE { ?u org:unitOf ?node } GROUP BY ?node ORDER BY DESC(COUNT(?u)) LIMIT 1",
        """query ($id: ID!) { actor(id: $id) { ... on Organization { units { nodes { name
             posts { nodes { label heldBy { name } } } } } } } }""",
        """SELECT ?unit ?name ?post ?postLabel ?person ?personName WHERE {{
             ?unit org:unitOf <{node}> . OPTIONAL {{ ?unit skos:prefLabel ?name }}
             OPTIONAL {{ ?post org:postIn ?unit . OPTIONAL {{ ?post skos:prefLabel ?postLabel }}
               OPTIONAL {{ ?post org:heldBy ?person . OPTIONAL {{ ?person foaf:name ?personName }} }} }} }}""",
    ),
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return cut[49] * 1000, cut[98] * 1000


def timed(ask: Callable[[], httpx.Response], repeats: int) -> list[float]:
    for _ in range(3):  # warm caches and workers
        ask().raise_for_status()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = ask()
        samples.append(time.perf_counter() - started)
        response.raise_for_status()
    return samples


def measure(settings: Settings, name: str, repeats: int) -> None:
    with serving(create_app(settings, workers=2, timeout=60.0)) as api, httpx.Client() as client:
        for question in QUESTIONS:
            prologue = settings.namespaces.prologue
            picked = client.post(api + "/sparql", data={"query": prologue + question.pick})
            node = picked.json()["results"]["bindings"][0]["node"]["value"]
            payload = {"query": question.graphql, "variables": {"id": node}}
            graphql = timed(partial(client.post, api + "/graphql", json=payload), repeats)
            sparql_text = prologue + question.sparql.format(node=node)
            sparql = timed(
                partial(client.post, api + "/sparql", data={"query": sparql_text}), repeats
            )
            (g50, g99), (s50, s99) = percentiles(graphql), percentiles(sparql)
            print(
                f"| {name} | {question.name} | {g50:.1f} | {g99:.1f} | {s50:.1f} | {s99:.1f} "
                f"| {g50 / s50:.1f}x | {g99 / s99:.1f}x |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        synthetic = work / "synthetic.nt"
        triples = synthesize(args.triples, seed=1, settings=settings)
        ox.serialize(triples, output=str(synthetic), format=ox.RdfFormat.N_TRIPLES)
        del triples
        print(
            "| dataset | question | GraphQL p50 ms | GraphQL p99 ms | SPARQL p50 ms "
            "| SPARQL p99 ms | ratio p50 | ratio p99 |\n|---|---|---:|---:|---:|---:|---:|---:|"
        )
        datasets = {
            "shipped data": [settings.data_dir],
            f"synthetic {args.triples:,}": [synthetic],
        }
        for position, (name, paths) in enumerate(datasets.items()):
            path = work / f"store-{position}"
            store = EmbeddedStore(path)
            load(paths, store=store, settings=settings, validate=False)
            store.close()
            measure(replace(settings, store=str(path)), name, args.repeats)


if __name__ == "__main__":
    main()

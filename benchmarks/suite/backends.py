"""The relationship questions against Virtuoso through the remote backend: the graph loaded
with kg.loading.load into a RemoteStore, GraphQL served by `kg serve` on that store, and the
hand-written SPARQL sent straight to Virtuoso's /sparql."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx

from benchmarks.suite.graphs import SizePoint
from benchmarks.suite.latency import VIRTUOSO_GRAPHQL, VIRTUOSO_SPARQL, measure_questions
from benchmarks.suite.questions import Subjects
from benchmarks.suite.servers import kg_server
from benchmarks.suite.stats import skipped, spread
from kg.loading import load
from kg.remote import RemoteStore
from kg.settings import Settings
from tests.support.virtuoso import start_virtuoso


def measure_virtuoso(
    point: SizePoint,
    settings: Settings,
    work: Path,
    *,
    subjects: Subjects,
    repeats: int,
) -> dict[str, Any]:
    """Load time into Virtuoso and each question's latency, GraphQL and SPARQL."""
    if shutil.which("virtuoso-t") is None:
        return skipped("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = work / "virtuoso"
    shutil.rmtree(folder, ignore_errors=True)
    server = start_virtuoso(folder)
    try:
        store = RemoteStore(
            server.query_url,
            update_url=server.update_url,
            user=server.user,
            password=server.password,
            timeout=600,
        )
        try:
            report = load(point.sources, store=store, settings=settings, validate=False)
        finally:
            store.close()
        loaded = {
            "seconds": spread([report.seconds]),
            "triples_per_s": spread([report.triples / report.seconds]),
        }
        with (
            kg_server(
                settings.project_dir, server.query_url, work / "logs" / "kg-virtuoso.log"
            ) as ours,
            httpx.Client(timeout=300) as client,
        ):
            asked = measure_questions(
                client,
                graphql_url=ours.graphql or "",
                graphql_way=VIRTUOSO_GRAPHQL,
                sparql={VIRTUOSO_SPARQL: server.query_url},
                subjects=subjects,
                namespaces=settings.namespaces,
                repeats=repeats,
            )
        return {"load (kg load, no validation)": loaded, **asked}
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)

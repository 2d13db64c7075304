"""A whole run: for each size point, every section the config names, with Rich progress; the
results written to <out>/<size>.json and machine.json as each size finishes."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from benchmarks.suite.backends import measure_virtuoso
from benchmarks.suite.config import LOAD_ONLY_ABOVE, BenchConfig
from benchmarks.suite.graphs import SizePoint, shipped_point, synthetic_point
from benchmarks.suite.http import ask_graphql, sparql_rows
from benchmarks.suite.latency import (
    GRAPHQL,
    OURS,
    OXIGRAPH,
    RDFLIB,
    measure_questions,
    measure_rdflib,
)
from benchmarks.suite.load import build_store, measure_load
from benchmarks.suite.machine import describe_machine
from benchmarks.suite.questions import ONE_PATTERN, PAGE_GRAPHQL, QUESTIONS, Subjects, pick_subjects
from benchmarks.suite.ratios import compute_targets
from benchmarks.suite.servers import Endpoint, kg_server, oxigraph_server, rdflib_server
from benchmarks.suite.shacl import measure_shacl
from benchmarks.suite.stats import skipped
from benchmarks.suite.throughput import (
    ONE_PATTERN as ONE_PATTERN_REQUEST,
)
from benchmarks.suite.throughput import (
    PAGE_GRAPHQL as PAGE_GRAPHQL_REQUEST,
)
from benchmarks.suite.throughput import (
    PAGE_SPARQL,
    RELATIONSHIP,
    Load,
    graphql_load,
    measure_throughput,
    sparql_load,
)
from benchmarks.suite.wrk import wrk_missing
from kg.settings import Settings

Tell = Callable[[str], None]
STORE_CALL_SIZES = (10, 100)


def run_bench(config: BenchConfig, settings: Settings, console: Console) -> list[dict[str, Any]]:
    """Measure every size point; return (and write) one results dict per point."""
    config.out.mkdir(parents=True, exist_ok=True)
    machine = describe_machine(settings.project_dir)
    (config.out / "machine.json").write_text(json.dumps(machine, indent=2) + "\n")
    results = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch, _progress(console) as tell:
        work = Path(scratch)
        points: list[Callable[[], SizePoint]] = []
        if config.shipped:
            points.append(lambda: shipped_point(settings, work))
        for size in config.sizes:
            points.append(lambda size=size: synthetic_point(size, settings, work)[0])  # type: ignore[misc]
        for make in points:
            started = time.perf_counter()
            tell("writing the graph")
            point = make()
            result = run_point(point, config, settings, work / point.label, tell)
            result["wall_seconds"] = time.perf_counter() - started
            result["machine"] = machine
            path = config.out / f"{point.label}.json"
            path.write_text(json.dumps(result, indent=2, default=str) + "\n")
            console.print(
                f"[green]✓[/green] {point.label}: {point.triples:,} triples → {path} "
                f"({result['wall_seconds']:.0f} s)"
            )
            results.append(result)
    return results


def run_point(
    point: SizePoint, config: BenchConfig, settings: Settings, work: Path, tell: Tell
) -> dict[str, Any]:
    """Every section of the config for one size point."""
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "label": point.label,
        "triples": point.triples,
        "kind": point.kind,
        "quick": config.quick,
        "repeats": config.repeats,
    }
    repeats = 1 if point.triples > LOAD_ONLY_ABOVE else config.load_repeats
    if config.measures("load"):
        tell(f"{point.label}: load ({repeats} runs each way)")
        result["load"] = measure_load(
            point, settings, work, repeats=repeats, rdflib_timeout=config.rdflib_parse_timeout
        )
    served = [s for s in ("queries", "throughput", "virtuoso") if config.measures(s)]
    if point.triples > LOAD_ONLY_ABOVE:
        for section in [*served, "shacl"]:
            if config.measures(section):
                result[section] = skipped(f"load only above {LOAD_ONLY_ABOVE:,} triples")
        return result
    if served:
        tell(f"{point.label}: building the served store")
        store = build_store(point, settings, work / "store")
        with _our_servers(settings.project_dir, store, work) as (ours, oxigraph):
            with httpx.Client(timeout=300) as client:
                subjects = pick_subjects(
                    _selector(client, ours.sparql, settings), settings.namespaces
                )
                result["subjects"] = subjects.as_dict()
                if config.measures("queries"):
                    tell(f"{point.label}: relationship queries")
                    result["queries"] = _queries(
                        point, config, settings, work, client, ours, oxigraph, subjects
                    )
                    result["store_calls"] = _store_calls(client, ours, subjects)
            if config.measures("throughput"):
                result["throughput"] = _throughput(
                    point, config, settings, work, ours, oxigraph, subjects, tell
                )
        if config.measures("virtuoso"):
            tell(f"{point.label}: Virtuoso")
            try:
                result["virtuoso"] = measure_virtuoso(
                    point, settings, work, subjects=subjects, repeats=config.repeats
                )
            except RuntimeError as error:
                result["virtuoso"] = skipped(f"failed: {error}")
        shutil.rmtree(store, ignore_errors=True)
    if config.measures("shacl"):
        tell(f"{point.label}: SHACL")
        result["shacl"] = measure_shacl(
            point, settings, work, repeats=config.load_repeats, quick=config.quick
        )
    result["targets"] = compute_targets(result)
    return result


@contextmanager
def _our_servers(project: Path, store: Path, work: Path) -> Iterator[tuple[Endpoint, Endpoint]]:
    logs = work / "logs"
    with kg_server(project, str(store), logs / "kg.log") as ours, ExitStack() as stack:
        try:
            oxigraph = stack.enter_context(oxigraph_server(project, store, logs / "oxigraph.log"))
        except RuntimeError:
            # The store could not be opened by both servers at once: give Oxigraph a copy.
            copy = work / "store-copy"
            shutil.copytree(store, copy, dirs_exist_ok=True)
            oxigraph = stack.enter_context(
                oxigraph_server(project, copy, logs / "oxigraph-copy.log")
            )
        yield ours, oxigraph


def _selector(
    client: httpx.Client, url: str, settings: Settings
) -> Callable[[str], list[dict[str, str]]]:
    prologue = settings.namespaces.prologue
    return lambda query: sparql_rows(client, url, prologue + query)


def _queries(
    point: SizePoint,
    config: BenchConfig,
    settings: Settings,
    work: Path,
    client: httpx.Client,
    ours: Endpoint,
    oxigraph: Endpoint,
    subjects: Subjects,
) -> dict[str, Any]:
    asked = measure_questions(
        client,
        graphql_url=ours.graphql or "",
        graphql_way=GRAPHQL,
        sparql={OURS: ours.sparql, OXIGRAPH: oxigraph.sparql},
        subjects=subjects,
        namespaces=settings.namespaces,
        repeats=config.repeats,
    )
    in_rdflib = measure_rdflib(
        point.ntriples,
        work,
        settings.project_dir,
        subjects=subjects,
        namespaces=settings.namespaces,
        repeats=min(config.repeats, 5),
        query_timeout=config.rdflib_query_timeout,
        parse_timeout=config.rdflib_parse_timeout,
    )
    for question in QUESTIONS:
        asked["latency"].setdefault(question.key, {})[RDFLIB] = in_rdflib.get(
            question.key, skipped("not run")
        )
    return asked


def _store_calls(client: httpx.Client, ours: Endpoint, subjects: Subjects) -> dict[str, Any]:
    counts: dict[str, Any] = {}
    for first in STORE_CALL_SIZES:
        body = ask_graphql(
            client, ours.graphql or "", PAGE_GRAPHQL, {"id": subjects.actor, "n": first}
        )
        returned = len(body["data"]["actor"]["stances"]["nodes"])
        counts[str(first)] = {
            "store_queries": body.get("extensions", {}).get("storeQueries"),
            "stances_returned": returned,
        }
    values = [c["store_queries"] for c in counts.values()]
    counts["independent"] = None if None in values else len(set(values)) == 1
    return counts


def _throughput(
    point: SizePoint,
    config: BenchConfig,
    settings: Settings,
    work: Path,
    ours: Endpoint,
    oxigraph: Endpoint,
    subjects: Subjects,
    tell: Tell,
) -> dict[str, Any]:
    missing = wrk_missing()
    if missing:
        return skipped(missing)
    units, page = QUESTIONS[0], QUESTIONS[3]
    prologue = settings.namespaces.prologue
    relationship = prologue + units.sparql(subjects, settings.namespaces)
    page_sparql = prologue + page.sparql(subjects, settings.namespaces)
    query, variables = page.graphql(subjects)
    loads: list[Load] = []
    for server in (ours, oxigraph):
        loads += [
            sparql_load(ONE_PATTERN_REQUEST, server.name, server.sparql, ONE_PATTERN),
            sparql_load(RELATIONSHIP, server.name, server.sparql, relationship),
            sparql_load(PAGE_SPARQL, server.name, server.sparql, page_sparql),
        ]
    loads.append(
        graphql_load(PAGE_GRAPHQL_REQUEST, ours.name, ours.graphql or "", query, variables)
    )
    wrk_work = work / "wrk"
    wrk_work.mkdir(exist_ok=True)
    runs = measure_throughput(
        loads, wrk_work, clients=config.clients, seconds=config.wrk_seconds, tell=tell
    )
    tell(f"{point.label}: starting rdflib-endpoint")
    try:
        with rdflib_server(
            settings.project_dir,
            point.ntriples,
            work / "logs" / "rdflib-endpoint.log",
            timeout=config.rdflib_parse_timeout,
        ) as endpoint:
            runs += measure_throughput(
                [
                    sparql_load(ONE_PATTERN_REQUEST, endpoint.name, endpoint.sparql, ONE_PATTERN),
                    sparql_load(RELATIONSHIP, endpoint.name, endpoint.sparql, relationship),
                ],
                wrk_work,
                clients=config.clients,
                seconds=config.wrk_seconds,
                tell=tell,
            )
    except RuntimeError as error:
        runs.append(
            {
                "request": ONE_PATTERN_REQUEST,
                "server": "rdflib-endpoint",
                "clients": 0,
                "error": str(error),
            }
        )
    return {"seconds": config.wrk_seconds, "clients": list(config.clients), "runs": runs}


@contextmanager
def _progress(console: Console) -> Iterator[Tell]:
    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    )
    with progress:
        task = progress.add_task("starting", total=None)
        began, steps = [time.perf_counter()], ["starting"]

        def tell(step: str) -> None:
            # Log the step just finished with its time; show the new one beside the spinner.
            now = time.perf_counter()
            progress.console.log(f"{steps[0]} [dim]({now - began[0]:.1f} s)[/dim]")
            began[0], steps[0] = now, step
            progress.update(task, description=step)

        yield tell

"""Load: `kg load` (kg.loading.load) with and without validation into a fresh embedded store,
pyoxigraph's `bulk_load` of the same triples, and rdflib parsing them."""

from __future__ import annotations

import gc
import itertools
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from benchmarks.suite.graphs import SizePoint
from benchmarks.suite.rdflib_run import run_job
from benchmarks.suite.stats import spread
from kg.embedded import EmbeddedStore
from kg.loading import load
from kg.settings import Settings

LOAD_WAYS = (
    "kg load (validated)",
    "kg load (no validation)",
    "pyoxigraph bulk_load",
    "rdflib parse",
)


def measure_load(
    point: SizePoint, settings: Settings, work: Path, *, repeats: int, rdflib_timeout: float
) -> dict[str, Any]:
    """Seconds and triples a second for each way of loading `point`, over `repeats` runs."""
    runs = itertools.count()

    def fresh() -> Path:
        # A new folder each run: pyoxigraph lets go of a store (and its lock) only when the
        # object is collected, so reusing the last run's folder could find it still locked.
        folder = work / f"load-{next(runs)}"
        _fresh(folder)
        return folder

    def kg_load(validate: bool) -> Callable[[], float]:
        def once() -> float:
            folder = fresh()
            store = EmbeddedStore(folder)
            try:
                started = time.perf_counter()
                report = load(point.sources, store=store, settings=settings, validate=validate)
                seconds = time.perf_counter() - started
                if validate:
                    validation.append(report.validate_seconds)
                return seconds
            finally:
                store.close()
                del store
                _discard(folder)

        return once

    def bulk() -> float:
        folder = fresh()
        store = ox.Store(str(folder))
        started = time.perf_counter()
        store.bulk_load(path=str(point.ntriples), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        seconds = time.perf_counter() - started
        del store
        _discard(folder)
        return seconds

    validation: list[float] = []
    results: dict[str, Any] = {}
    for name, once in (
        (LOAD_WAYS[0], kg_load(True)),
        (LOAD_WAYS[1], kg_load(False)),
        (LOAD_WAYS[2], bulk),
    ):
        results[name] = _figures([once() for _ in range(repeats)], point.triples)
    results[LOAD_WAYS[0]]["validation_seconds"] = spread(validation)
    results[LOAD_WAYS[3]] = _rdflib_parse(
        point, work, settings.project_dir, repeats=repeats, timeout=rdflib_timeout
    )
    return results


def build_store(point: SizePoint, settings: Settings, folder: Path) -> Path:
    """The embedded store the servers read: `point` loaded as `kg load --no-validate` would."""
    _fresh(folder)
    store = EmbeddedStore(folder)
    try:
        load(point.sources, store=store, settings=settings, validate=False)
    finally:
        store.close()
    return folder


def _figures(seconds: list[float], triples: int) -> dict[str, Any]:
    return {"seconds": spread(seconds), "triples_per_s": spread([triples / s for s in seconds])}


def _rdflib_parse(
    point: SizePoint, work: Path, project: Path, *, repeats: int, timeout: float
) -> dict[str, Any]:
    job = {"ntriples": str(point.ntriples), "parse_repeats": repeats}
    answer = run_job(job, work / "rdflib-parse.json", project, timeout)
    if answer is None:
        return {"did_not_finish_s": timeout}
    return _figures(answer["parse_seconds"], point.triples)


def _discard(folder: Path) -> None:
    gc.collect()
    shutil.rmtree(folder, ignore_errors=True)


def _fresh(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

"""SHACL validation at one size: pySHACL and pyshacl-turbo in full, kg load's full validation
(of a first load into an empty store, and of a load into the store holding the graph), and
kg load's incremental validation of a change of about 1,000 triples.

The store holds `kg synth`'s graph of `triples` triples; the change is the next responses the
generator writes (its graph of `triples` + 1,000 triples, minus the first), loaded as a new
graph, as a new batch of consultation answers would be. Both graphs conform to the shapes.
The generator stops only between responses, so the smaller graph is a prefix of the larger.

    python -m benchmarks.shacl_validation 1000000 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox
from pyshacl_turbo import validate as turbo_validate

from kg.embedded import EmbeddedStore, graphs_of
from kg.loading import validate_change
from kg.rdf_files import ParsedFile, merge, parse_all, parse_file
from kg.settings import Settings
from kg.synth import synthesize
from kg.validation import Engine, validate_parsed

CHANGE_TRIPLES = 1_000
PYSHACL_LIMIT = 200_000
"""Above this many triples pySHACL takes minutes to tens of minutes, and is not run."""
FULL_LIMIT = 2_000_000
"""Above this, a full validation takes tens of minutes and gigabytes: only incremental runs."""


def measure(
    triples: int, repeats: int, work: Path, settings: Settings | None = None
) -> dict[str, object]:
    """Seconds (median, min, max of `repeats`) for each way of validating, and their ratios."""
    settings = settings or Settings.from_env()
    base = synthesize(triples, seed=1, settings=settings)
    change = synthesize(len(base) + CHANGE_TRIPLES, seed=1, settings=settings)[len(base) :]
    if not change:
        raise ValueError("the generator added nothing")
    ontology = parse_all([settings.ontology_dir], base_iri=settings.base_iri)
    shapes = parse_all([settings.shapes_dir], base_iri=settings.base_iri)
    figures: dict[str, object] = {"triples": len(base), "change_triples": len(change)}

    with tempfile.TemporaryDirectory(dir=work) as scratch:
        folder = Path(scratch)
        change_file = folder / "change.nt"
        change_file.write_bytes(ox.serialize(change, format=ox.RdfFormat.N_TRIPLES) or b"")
        parsed = [parse_file(change_file, base_iri=settings.base_iri)]
        graphs = graphs_of(parsed, settings=settings)
        everything = [*base, *change, *(t for f in ontology for t in f.triples)]

        def bare_turbo() -> None:
            store = ox.Store()
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in everything)
            turbo_validate(store, shacl_graph=merge(shapes), allow_warnings=True)

        full_runs = len(base) <= FULL_LIMIT
        skip = f"not run: full validations are not run above {FULL_LIMIT:,} triples"
        figures["turbo_full"] = _timed(bare_turbo, repeats) if full_runs else skip
        if len(base) > PYSHACL_LIMIT:
            figures["pyshacl_full"] = f"not run: pySHACL is not run above {PYSHACL_LIMIT:,} triples"
        else:
            together = [ParsedFile(folder / "all.nt", [*base, *change], "", {})]
            figures["pyshacl_full"] = _timed(
                lambda: validate_parsed(
                    together,
                    ontology=ontology,
                    shapes=shapes,
                    namespaces=settings.namespaces,
                    engine=Engine.PYSHACL,
                ),
                repeats,
            )

        # A first load: everything in one file into an empty store, validated in full.
        whole_file = folder / "whole.nt"
        whole_file.write_bytes(ox.serialize([*base, *change], format=ox.RdfFormat.N_TRIPLES) or b"")
        figures["kg_first_load"] = _first_load(whole_file, settings, repeats) if full_runs else skip

        store = EmbeddedStore(folder / "store")
        try:
            store.replace_graphs({settings.graph_prefix + "synth/base": base})
            outcomes = []

            def validate(full: bool) -> None:
                outcome = validate_change(parsed, graphs, store=store, settings=settings, full=full)
                if not outcome.report.conforms:
                    raise AssertionError("the synthetic change should conform")
                outcomes.append(outcome)

            figures["kg_full"] = _timed(lambda: validate(True), repeats) if full_runs else skip
            figures["kg_incremental"] = _timed(lambda: validate(False), repeats)
            figures["incremental_focus_nodes"] = outcomes[-1].focus_nodes
            figures["incremental_mode"] = str(outcomes[-1].mode)
        finally:
            store.close()

    figures["ratios"] = _ratios(figures)
    return figures


def _first_load(path: Path, settings: Settings, repeats: int) -> dict[str, float]:
    whole = [parse_file(path, base_iri=settings.base_iri)]
    graphs, empty = graphs_of(whole, settings=settings), EmbeddedStore()
    return _timed(lambda: validate_change(whole, graphs, store=empty, settings=settings), repeats)


def _timed(run: Callable[[], object], repeats: int) -> dict[str, float]:
    """Wall seconds, and the process's CPU seconds (all threads): on a shared machine the
    second is what the work costs, the first what it costs now."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {
        "median": statistics.median(wall),
        "min": min(wall),
        "max": max(wall),
        "runs": float(len(wall)),
        "cpu_median": statistics.median(cpu),
    }


def _ratios(figures: dict[str, object]) -> dict[str, float]:
    def median(key: str, kind: str = "median") -> float | None:
        value = figures.get(key)
        return value[kind] if isinstance(value, dict) else None

    ratios: dict[str, float] = {}
    turbo, full, incremental = median("turbo_full"), median("kg_full"), median("kg_incremental")
    first = median("kg_first_load")
    # The target: a first load (full by nature) no slower than bare pyshacl-turbo. A
    # full validation into a store holding data must also read that data out of the store.
    if turbo and first:
        ratios["kg_full_over_turbo"] = first / turbo
    if turbo and full:
        ratios["kg_full_into_store_over_turbo"] = full / turbo
    if full and incremental:
        ratios["incremental_over_kg_full"] = incremental / full
    full_cpu, incremental_cpu = (
        median("kg_full", "cpu_median"),
        median("kg_incremental", "cpu_median"),
    )
    if full_cpu and incremental_cpu:
        ratios["incremental_over_kg_full_cpu"] = incremental_cpu / full_cpu
    turbo_cpu, first_cpu = median("turbo_full", "cpu_median"), median("kg_first_load", "cpu_median")
    if turbo_cpu and first_cpu:
        ratios["kg_full_over_turbo_cpu"] = first_cpu / turbo_cpu
    pyshacl = median("pyshacl_full")
    if pyshacl and turbo:
        ratios["turbo_over_pyshacl"] = turbo / pyshacl
    return ratios


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("triples", type=int)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.triples, args.repeats, args.work), indent=2))


if __name__ == "__main__":
    main()

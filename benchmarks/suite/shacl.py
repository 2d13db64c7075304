"""SHACL validation: full with pyshacl (the reference), full with pyshacl-turbo, and
incremental, as benchmarks/shacl_validation.py measures them (its `measure` function).

That module is called with whichever of these keyword arguments its `measure` takes:
`ntriples` (the graph as one N-Triples file), `triples` (their number), `settings`, `repeats`,
`quick` and `work` (a scratch folder). It returns a JSON-ready dict of its figures.
"""

from __future__ import annotations

import importlib
import inspect
import time
from pathlib import Path
from typing import Any

from benchmarks.suite.graphs import SizePoint
from benchmarks.suite.stats import skipped
from kg.settings import Settings

MODULE = "benchmarks.shacl_validation"


def measure_shacl(
    point: SizePoint, settings: Settings, work: Path, *, repeats: int, quick: bool
) -> dict[str, Any]:
    """The SHACL figures for `point`, or why there are none."""
    if point.kind != "synthetic":
        # The measure builds its store and its change from `kg synth` graphs of the size asked.
        return skipped(f"not measured on {point.label}: {MODULE} works on kg synth graphs")
    try:
        module = importlib.import_module(MODULE)
    except ModuleNotFoundError as error:
        if error.name != MODULE:
            raise
        return skipped(f"not measured: {MODULE.replace('.', '/')}.py is not in this checkout")
    measure = getattr(module, "measure", None)
    if not callable(measure):
        return skipped(f"not measured: {MODULE} has no measure() function")
    offered: dict[str, Any] = {
        "ntriples": point.ntriples,
        "triples": point.triples,
        "settings": settings,
        "repeats": repeats,
        "quick": quick,
        "work": work,
    }
    accepted = inspect.signature(measure).parameters
    started = time.perf_counter()
    figures = measure(**{name: value for name, value in offered.items() if name in accepted})
    if not isinstance(figures, dict):
        return skipped(f"not measured: {MODULE}.measure returned {type(figures).__name__}")
    return {**figures, "wall_seconds": time.perf_counter() - started}

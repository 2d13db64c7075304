"""The size points a run measures: the shipped data/ and graphs from `kg synth`, each written
once to N-Triples (what every engine loads) in the run's scratch folder."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf_files import parse_all
from kg.settings import Settings
from kg.synth import synthesize

SHIPPED = "data"


@dataclass(frozen=True)
class SizePoint:
    """One graph to measure on: what `kg load` reads (`sources`) and the same triples as one
    N-Triples file (`ntriples`) for pyoxigraph, Oxigraph's server and rdflib."""

    label: str
    triples: int
    kind: str  # "shipped" or "synthetic"
    sources: tuple[Path, ...]
    ntriples: Path


def size_label(triples: int) -> str:
    """100000 -> "100k", 1000000 -> "1M", 2500 -> "2.5k"."""
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if triples >= unit:
            figure = triples / unit
            return f"{figure:g}{name}"
    return str(triples)


def parse_sizes(text: str) -> list[int]:
    """ "100000,1000000" (or "100k,1M") as triple counts; ValueError on anything else."""
    sizes = []
    for part in text.split(","):
        word = part.strip().lower().replace("_", "")
        if not word:
            continue
        scale = {"k": 1_000, "m": 1_000_000}.get(word[-1], 1)
        number = float(word[:-1] if scale > 1 else word)
        if number <= 0 or number * scale != int(number * scale):
            raise ValueError(f"{part.strip()!r} is not a positive number of triples")
        sizes.append(int(number * scale))
    if not sizes:
        raise ValueError("no sizes given")
    return sorted(set(sizes))


def shipped_point(settings: Settings, work: Path) -> SizePoint:
    """The project's data/ as a size point, its triples gathered into one N-Triples file."""
    triples = [
        t for f in parse_all([settings.data_dir], base_iri=settings.base_iri) for t in f.triples
    ]
    unique = list(dict.fromkeys(triples))
    path = work / "data.nt"
    ox.serialize(unique, output=str(path), format=ox.RdfFormat.N_TRIPLES)
    return SizePoint(SHIPPED, len(unique), "shipped", (settings.data_dir,), path)


def synthetic_point(triples: int, settings: Settings, work: Path) -> tuple[SizePoint, float]:
    """A `kg synth` graph of about `triples` triples (seed 1), and the seconds it took."""
    started = time.perf_counter()
    generated = synthesize(triples, seed=1, settings=settings)
    label = size_label(triples)
    path = work / f"synthetic-{label}.nt"
    ox.serialize(generated, output=str(path), format=ox.RdfFormat.N_TRIPLES)
    point = SizePoint(label, len(generated), "synthetic", (path,), path)
    return point, time.perf_counter() - started

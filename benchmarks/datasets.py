"""What every benchmark measures on: the shipped data and a synthetic graph, with a Virtuoso
started for the run (as the tests start theirs)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.embedded import EmbeddedStore
from kg.remote import RemoteStore
from kg.settings import Settings
from kg.store import Store
from kg.synth import synthesize
from tests.support.virtuoso import Virtuoso, start_virtuoso


@dataclass(frozen=True)
class Datasets:
    """Named lists of RDF files to load, a running Virtuoso, and a scratch folder."""

    files: dict[str, list[Path]]
    server: Virtuoso
    work: Path


@contextmanager
def datasets(work: Path, triples: int, settings: Settings) -> Iterator[Datasets]:
    """Write a synthetic graph of `triples` triples into `work`, start Virtuoso there, and
    stop it afterwards."""
    synthetic = work / "synthetic.nt"
    started = time.perf_counter()
    generated = synthesize(triples, seed=1, settings=settings)
    ox.serialize(generated, output=str(synthetic), format=ox.RdfFormat.N_TRIPLES)
    print(f"synthetic graph: {len(generated):,} triples in {time.perf_counter() - started:.1f} s")
    del generated
    server = start_virtuoso(work / "virtuoso")
    try:
        yield Datasets(
            files={"shipped data/": [settings.data_dir], f"synthetic {triples:,}": [synthetic]},
            server=server,
            work=work,
        )
    finally:
        server.stop()


def open_backend(backend: str, folder: Path, server: Virtuoso, *, read_only: bool = False) -> Store:
    """An embedded store in `folder`, or the run's Virtuoso ("embedded" or "virtuoso")."""
    if backend == "embedded":
        return EmbeddedStore(folder, read_only=read_only)
    return RemoteStore(
        server.query_url,
        update_url=server.update_url,
        user=server.user,
        password=server.password,
        timeout=600,
    )

"""Publishing time: `kg export` (all six formats) and `kg catalog`, on both store backends.

Run from the project folder:  .venv/bin/python -m benchmarks.publishing [--triples N]
It starts its own Virtuoso (as the tests do), loads the shipped data and a synthetic graph of
N triples (1,000,000 by default; kg.synth) into each backend without validation (loading is
measured by `kg bench`), then times, in one run, the export of every dump
(reading the store, then writing, gzipping and checksumming the files) and the catalogue
(DCAT-AP-SE + VoID, which counts the graph with SPARQL). From Virtuoso a 1M-triple graph is
read by pages: its Graph Store GET stops at ResultSetMaxRows. `--no-virtuoso-synthetic`
leaves the Virtuoso load of the synthetic graph out.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.datasets import datasets, open_backend
from kg.catalog import write_catalog
from kg.export import ExportReport, export_dumps
from kg.loading import load
from kg.settings import Settings
from kg.store import Store
from tests.contract.conftest import clear


def _time_catalog(store: Store, settings: Settings, publish: Path) -> float:
    """Seconds `kg catalog` takes over the dumps in `publish`."""
    started = time.perf_counter()
    write_catalog(store, settings=settings, out_dir=publish, dumps_dir=publish / "dumps")
    return time.perf_counter() - started


class _Stages:
    """Observer of an export that notes when reading ends and writing starts."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.writing_at = self.started

    def stage(self, name: str, total: int) -> None:
        if name == "writing":
            self.writing_at = time.perf_counter()

    def advance(self, amount: int) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--no-virtuoso-synthetic", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    with (
        tempfile.TemporaryDirectory() as scratch,
        datasets(Path(scratch), args.triples, settings) as measured,
    ):
        work, server = measured.work, measured.server
        print(
            f"{'dataset':<22} {'backend':<10} {'triples':>10} {'read s':>8} {'write s':>8} "
            f"{'export s':>9} {'MB':>8} {'catalog s':>9}"
        )
        for index, (name, paths) in enumerate(measured.files.items()):
            for backend in ("embedded", "virtuoso"):
                if backend == "virtuoso" and index > 0 and args.no_virtuoso_synthetic:
                    continue
                folder = work / f"store-{index}"
                writer = open_backend(backend, folder, server)
                clear(writer, settings)
                load(paths, store=writer, settings=settings, validate=False)
                writer.close()
                # Exported as `kg export` does it: in a store opened afresh, read-only.
                store = open_backend(backend, folder, server, read_only=True)
                publish = work / f"publish-{index}-{backend}"
                stages = _Stages()
                report = export_dumps(
                    store, settings=settings, out_dir=publish / "dumps", progress=stages
                )
                seconds = _time_catalog(store, settings, publish)
                _print(name, backend, report, stages, seconds)
                store.close()


def _print(
    dataset: str, backend: str, report: ExportReport, stages: _Stages, catalog: float | None
) -> None:
    read = stages.writing_at - stages.started
    megabytes = sum(f.bytes for f in report.files) / 1e6
    print(
        f"{dataset:<22} {backend:<10} {report.triples:>10,} {read:>8.2f} "
        f"{report.seconds - read:>8.2f} {report.seconds:>9.2f} {megabytes:>8.1f} "
        f"{'-' if catalog is None else f'{catalog:.2f}':>9}",
        flush=True,
    )


if __name__ == "__main__":
    main()

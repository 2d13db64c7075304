"""Load throughput of both store backends, on the shipped data and on a synthetic graph.

Run from the project folder:  .venv/bin/python -m benchmarks.load_throughput [--triples N]
It starts its own Virtuoso (as the tests do), measures every combination in one run and
prints triples/s for the whole load (parse + validate + write) and for the write alone.
Speeds are only comparable within one run on one machine; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.datasets import datasets, open_backend
from kg.loading import LoadReport, load
from kg.settings import Settings
from tests.contract.conftest import clear


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    settings = Settings()
    with (
        tempfile.TemporaryDirectory() as scratch,
        datasets(Path(scratch), args.triples, settings) as measured,
    ):
        print(
            f"{'dataset':<22} {'backend':<10} {'triples':>10} {'parse s':>8} {'valid. s':>8} "
            f"{'write s':>8} {'total t/s':>10} {'write t/s':>10}"
        )
        for index, (name, paths) in enumerate(measured.files.items()):
            for backend in ("embedded", "virtuoso"):
                store = open_backend(backend, measured.work / f"store-{index}", measured.server)
                clear(store, settings)
                report = load(paths, store=store, settings=settings)
                _print(name, backend, report)
                store.close()


def _print(dataset: str, backend: str, report: LoadReport) -> None:
    print(
        f"{dataset:<22} {backend:<10} {report.triples:>10,} {report.parse_seconds:>8.2f} "
        f"{report.validate_seconds:>8.2f} {report.write_seconds:>8.2f} "
        f"{report.triples / report.seconds:>10,.0f} {report.triples / report.write_seconds:>10,.0f}"
    )


if __name__ == "__main__":
    main()

"""Load throughput of both store backends, on the shipped data and on a synthetic graph.

Run from the project folder:  .venv/bin/python -m benchmarks.load_throughput [--triples N]
It starts its own Virtuoso (as the tests do), measures every combination in one run and
prints triples/s for the whole load (parse + validate + write) and for the write alone.
Speeds are only comparable within one run on one machine; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.embedded import EmbeddedStore
from kg.loading import LoadReport, load
from kg.remote import RemoteStore
from kg.settings import Settings
from kg.store import Store
from kg.synth import synthesize
from tests.contract.conftest import clear
from tests.virtuoso import start_virtuoso


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        synthetic = work / "synthetic.nt"
        started = time.perf_counter()
        triples = synthesize(args.triples, seed=1, settings=settings)
        ox.serialize(triples, output=str(synthetic), format=ox.RdfFormat.N_TRIPLES)
        print(f"synthetic graph: {len(triples):,} triples in {time.perf_counter() - started:.1f} s")
        del triples

        server = start_virtuoso(work / "virtuoso")
        try:
            datasets = {
                "shipped data/": [settings.data_dir],
                f"synthetic {args.triples:,}": [synthetic],
            }
            print(
                f"{'dataset':<22} {'backend':<10} {'triples':>10} {'parse s':>8} {'valid. s':>8} "
                f"{'write s':>8} {'total t/s':>10} {'write t/s':>10}"
            )
            for name, paths in datasets.items():
                backends: dict[str, Store] = {
                    "embedded": EmbeddedStore(work / f"store-{len(name)}"),
                    "virtuoso": RemoteStore(
                        server.query_url,
                        update_url=server.update_url,
                        user=server.user,
                        password=server.password,
                        timeout=600,
                    ),
                }
                for backend, store in backends.items():
                    clear(store, settings)
                    report = load(paths, store=store, settings=settings)
                    _print(name, backend, report)
                    store.close()
        finally:
            server.stop()


def _print(dataset: str, backend: str, report: LoadReport) -> None:
    print(
        f"{dataset:<22} {backend:<10} {report.triples:>10,} {report.parse_seconds:>8.2f} "
        f"{report.validate_seconds:>8.2f} {report.write_seconds:>8.2f} "
        f"{report.triples / report.seconds:>10,.0f} {report.triples / report.write_seconds:>10,.0f}"
    )


if __name__ == "__main__":
    main()

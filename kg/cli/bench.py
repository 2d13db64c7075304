"""`kg bench`: the benchmark suite of the checkout (benchmarks/suite), run from its folder.

The suite is not part of the installed package: it drives servers, wrk and Virtuoso and lives
beside the tests. `kg bench` imports it from the project folder (KG_PROJECT_DIR, else the
working directory) and says so, with exit code 2, when it is not there.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer
from rich.console import Console

from kg.cli.app import EXIT_OK, app, run, settings_from
from kg.errors import ConfigError

SUITE = "benchmarks.suite"


def load_suite(project: Path) -> ModuleType:
    """The checkout's benchmark suite; ConfigError when `project` has none to import."""
    if (project / "benchmarks" / "suite").is_dir() and str(project) not in sys.path:
        sys.path.insert(0, str(project))
    try:
        return importlib.import_module(SUITE)
    except ImportError as error:
        raise ConfigError(
            f"the benchmark suite ({SUITE}) cannot be imported from {project}: {error}",
            setting="KG_PROJECT_DIR",
            hint="kg bench runs from a checkout of the repository: cd into it (or set "
            "KG_PROJECT_DIR) and install it with `make bench` or pip install -e '.[dev,bench]'.",
        ) from None


@app.command("bench")
def bench_command(
    quick: Annotated[
        bool, typer.Option("--quick", help="A few minutes: data/ and 20k triples, short wrk runs.")
    ] = False,
    sizes: Annotated[
        str | None,
        typer.Option(
            help="Synthetic graph sizes in triples, comma-separated (100000,1000000 or 100k,1M); "
            "sizes above 2M are measured for load only."
        ),
    ] = None,
    repeats: Annotated[
        int | None, typer.Option(min=1, help="Latency samples per question and way.")
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(help="Only these sections: load,queries,virtuoso,throughput,shacl."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the results JSON.")] = Path("bench/results"),
    docs: Annotated[
        Path | None,
        typer.Option(help="Folder for benchmarks.md and its plots (default: the project's docs/)."),
    ] = None,
    report_only: Annotated[
        bool,
        typer.Option(
            "--report-only", help="Only rewrite docs/benchmarks.md and its plots from --out."
        ),
    ] = False,
) -> None:
    """Benchmark load, relationship queries (GraphQL, /sparql, Oxigraph's server, rdflib),
    Virtuoso, throughput under concurrency (wrk) and SHACL; write --out/*.json and
    docs/benchmarks.md with plots."""

    def body() -> int:
        settings = settings_from()
        suite = load_suite(settings.project_dir)
        console = Console(stderr=True, highlight=False, log_path=False)
        results = out if out.is_absolute() else settings.project_dir / out
        pages = docs or settings.project_dir / "docs"
        if report_only:
            try:
                page = suite.regenerate_report(results, pages)
            except FileNotFoundError as error:
                raise ConfigError(str(error), setting="--out") from None
        else:
            try:
                config = suite.BenchConfig.preset(
                    quick=quick,
                    out=results,
                    sizes=tuple(suite.parse_sizes(sizes)) if sizes else None,
                    sections=tuple(s.strip() for s in only.split(",") if s.strip())
                    if only
                    else None,
                    repeats=repeats,
                )
            except ValueError as error:
                raise ConfigError(str(error), setting="--sizes/--only/--repeats") from None
            page = suite.run_and_report(config, settings, console, pages)
        console.print(f"results in {results}; report {page}")
        return EXIT_OK

    run(body)

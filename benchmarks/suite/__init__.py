"""The benchmark suite `kg bench` and `make bench` run (issue 15): load, relationship queries
four ways, Virtuoso, throughput under concurrency, SHACL, and the targets as ratios of figures
from the same run; results in bench/results/*.json, summarised in docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from benchmarks.suite.config import SECTIONS, BenchConfig
from benchmarks.suite.graphs import parse_sizes
from benchmarks.suite.report import read_results, write_report
from benchmarks.suite.runner import run_bench
from kg.settings import Settings

__all__ = ["SECTIONS", "BenchConfig", "parse_sizes", "regenerate_report", "run_and_report"]


def run_and_report(config: BenchConfig, settings: Settings, console: Console, docs: Path) -> Path:
    """Run the suite, then write `docs`/benchmarks.md from everything in `config.out`."""
    run_bench(config, settings, console)
    return regenerate_report(config.out, docs)


def regenerate_report(results: Path, docs: Path) -> Path:
    """docs/benchmarks.md and its plots from the results already in `results`."""
    found, machine = read_results(results)
    if not found:
        raise FileNotFoundError(f"no results in {results}: run kg bench first")
    return write_report(found, machine, docs)

"""Plots of cost against graph size (log-log), written as PNG with matplotlib's Agg backend."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: files only

import matplotlib.pyplot as plt

Series = dict[str, list[tuple[float, float]]]


def _plot(series: Series, path: Path, *, title: str, ylabel: str) -> Path | None:
    drawn = {name: sorted(points) for name, points in series.items() if points}
    if not drawn:
        return None
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, points in drawn.items():
        ax.plot([x for x, _ in points], [y for _, y in points], marker="o", label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("triples (kg synth graphs)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def load_series(results: Sequence[dict[str, Any]]) -> Series:
    series: Series = {}
    for result in results:
        for way, figures in (result.get("load") or {}).items():
            if isinstance(figures, dict) and "seconds" in figures:
                series.setdefault(way, []).append((result["triples"], figures["seconds"]["median"]))
    return series


def latency_series(results: Sequence[dict[str, Any]], question: str) -> Series:
    series: Series = {}
    for result in results:
        ways = (result.get("queries") or {}).get("latency", {}).get(question, {})
        ways = {**ways, **(result.get("virtuoso") or {}).get("latency", {}).get(question, {})}
        for way, figures in ways.items():
            if isinstance(figures, dict) and "p50_ms" in figures:
                series.setdefault(way, []).append((result["triples"], figures["p50_ms"]))
    return series


def throughput_series(results: Sequence[dict[str, Any]], clients: int) -> Series:
    series: Series = {}
    for result in results:
        for run in (result.get("throughput") or {}).get("runs", []):
            if run.get("clients") == clients and "requests_per_s" in run:
                name = f"{run['request']} — {run['server']}"
                series.setdefault(name, []).append((result["triples"], run["requests_per_s"]))
    return series


def write_plots(
    results: Sequence[dict[str, Any]], folder: Path, questions: dict[str, str]
) -> list[Path]:
    """Every plot the results allow; returns the files written. Only the `kg synth` graphs are
    drawn: the shipped data/ is a graph of another shape, not a point on the same curve."""
    results = [r for r in results if r.get("kind") == "synthetic"]
    written = [
        _plot(
            load_series(results),
            folder / "load-seconds.png",
            title="Load",
            ylabel="seconds (median)",
        )
    ]
    for key, title in questions.items():
        written.append(
            _plot(
                latency_series(results, key),
                folder / f"latency-{key}.png",
                title=f"Latency: {title}",
                ylabel="p50 ms",
            )
        )
    written.append(
        _plot(
            throughput_series(results, 8),
            folder / "throughput-8-clients.png",
            title="Throughput at 8 clients",
            ylabel="requests/s",
        )
    )
    return [p for p in written if p is not None]

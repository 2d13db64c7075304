"""Summaries of repeated measurements: the median with min and max, and latency percentiles."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any


def spread(samples: Sequence[float]) -> dict[str, float]:
    """The median of `samples`, with their min and max (what every figure of the suite is)."""
    if not samples:
        raise ValueError("no samples")
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "runs": float(len(samples)),
    }


def latency_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p99, min and max in milliseconds of request times given in seconds."""
    if not seconds:
        raise ValueError("no samples")
    ordered = sorted(s * 1000 for s in seconds)
    return {
        "p50_ms": percentile(ordered, 50),
        "p99_ms": percentile(ordered, 99),
        "min_ms": ordered[0],
        "max_ms": ordered[-1],
        "runs": float(len(ordered)),
    }


def percentile(ordered: Sequence[float], pct: float) -> float:
    """The `pct` percentile of sorted values, interpolated between the two nearest ranks."""
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def skipped(reason: str) -> dict[str, Any]:
    """A section (or one way of asking) that was not measured, and why."""
    return {"skipped": reason}

"""Issue 15's targets, each a ratio of two figures measured in the same run on the same
machine, marked met or not met (or not measured)."""

from __future__ import annotations

from typing import Any

from benchmarks.suite.latency import GRAPHQL, OURS
from benchmarks.suite.throughput import ONE_PATTERN, PAGE_GRAPHQL, PAGE_SPARQL, rate

OUR_SERVER, OXIGRAPH_SERVER = "ours", "Oxigraph server"


def target(
    name: str, value: float | bool | None, goal: float | bool, comparison: str
) -> dict[str, Any]:
    """One target: `value` against `goal` by `comparison` (">=", "<=", "<" or "=="); met is None
    when the value was not measured."""
    met: bool | None
    if value is None:
        met = None
    elif comparison == ">=":
        met = bool(value >= goal)
    elif comparison == "<=":
        met = bool(value <= goal)
    elif comparison == "<":
        met = bool(value < goal)
    elif comparison == "==":
        met = value == goal
    else:
        raise ValueError(f"unknown comparison {comparison!r}")
    return {"name": name, "value": value, "target": goal, "comparison": comparison, "met": met}


def _divide(top: float | None, bottom: float | None) -> float | None:
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


def _p50(result: dict[str, Any], question: str, way: str) -> float | None:
    figures = result.get("queries", {}).get("latency", {}).get(question, {}).get(way, {})
    value = figures.get("p50_ms")
    return float(value) if value is not None else None


def compute_targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets of one size's results (sections not measured give met = None)."""
    runs = result.get("throughput", {}).get("runs", [])
    targets = []
    for clients in (8, 32):
        ours = rate(runs, ONE_PATTERN, OUR_SERVER, clients)
        theirs = rate(runs, ONE_PATTERN, OXIGRAPH_SERVER, clients)
        targets.append(
            target(
                f"/sparql throughput, ours ÷ Oxigraph's server, {clients} clients",
                _divide(ours, theirs),
                0.8,
                ">=",
            )
        )
    targets.append(
        target(
            "GraphQL page p50 latency ÷ its SPARQL's through our /sparql",
            _divide(_p50(result, "page", GRAPHQL), _p50(result, "page", OURS)),
            1.5,
            "<=",
        )
    )
    for clients in (8, 32):
        targets.append(
            target(
                f"GraphQL page throughput ÷ its SPARQL's through our /sparql, {clients} clients",
                _divide(
                    rate(runs, PAGE_GRAPHQL, OUR_SERVER, clients),
                    rate(runs, PAGE_SPARQL, OUR_SERVER, clients),
                ),
                0.5,
                ">=",
            )
        )
    shacl = result.get("shacl", {}).get("ratios", {})
    targets.append(
        target(
            "incremental validation of a 1,000-triple change ÷ full validation (kg load)",
            shacl.get("incremental_over_kg_full"),
            0.02,
            "<",
        )
    )
    targets.append(
        target(
            "kg load's full validation ÷ pyshacl-turbo on a pyoxigraph store",
            shacl.get("kg_full_over_turbo"),
            1.0,
            "<=",
        )
    )
    calls = result.get("store_calls", {})
    targets.append(
        target(
            "store queries per GraphQL request independent of result size",
            calls.get("independent"),
            True,
            "==",
        )
    )
    return targets

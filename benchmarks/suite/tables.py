"""Markdown tables of a run's results, one function per section; every figure shown is one
the results hold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks.suite.throughput import ok_rate


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, right_from: int = 1) -> str:
    """A Markdown table; columns from `right_from` on are right-aligned (figures)."""
    align = ["---" if i < right_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def figure(value: Any, digits: int = 1) -> str:
    """A number with thousands separators, else a dash."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:,.{digits}f}" if abs(value) >= 1 or value == 0 else f"{value:.3g}"
    return str(value)


def spread_text(spread: dict[str, Any] | None, digits: int = 1) -> str:
    """ "median (min–max)" of a spread dict."""
    if not spread:
        return "–"
    return f"{figure(spread['median'], digits)} ({figure(spread['min'], digits)}–{figure(spread['max'], digits)})"


def not_measured(section: Any) -> str | None:
    """Why a section or a cell was not measured, or None when it was."""
    if not isinstance(section, dict):
        return "not measured"
    if "skipped" in section:
        return str(section["skipped"])
    if "did_not_finish_s" in section:
        return f"did not finish in {figure(section['did_not_finish_s'], 0)} s"
    return None


def targets_table(results: Sequence[dict[str, Any]]) -> str:
    rows = []
    for result in results:
        for t in result.get("targets", []):
            value = t["value"]
            shown = f"{value:.3g}" if isinstance(value, float) else figure(value)
            met = {True: "**met**", False: "**not met**", None: "not measured"}[t["met"]]
            goal = figure(t["target"]) if isinstance(t["target"], bool) else f"{t['target']:g}"
            rows.append([result["label"], t["name"], shown, f"{t['comparison']} {goal}", met])
    return table(["size", "target", "measured", "target", "verdict"], rows, right_from=2)


def load_table(results: Sequence[dict[str, Any]]) -> str:
    rows = []
    for result in results:
        load = result.get("load")
        reason = not_measured(load)
        if reason or load is None:
            rows.append([result["label"], figure(result["triples"]), reason or "", "", ""])
            continue
        for way, figures in load.items():
            why = not_measured(figures)
            validation = figures.get("validation_seconds") if not why else None
            rows.append(
                [
                    result["label"],
                    figure(result["triples"]),
                    way,
                    why or spread_text(figures["seconds"], 2),
                    "" if why else spread_text(figures["triples_per_s"], 0),
                ]
            )
            if validation is not None:
                rows[-1][2] += f" (of it SHACL: {spread_text(validation, 2)} s)"
    return table(
        ["size", "triples", "way", "seconds, median (min–max)", "triples/s, median (min–max)"],
        rows,
        right_from=3,
    )


def latency_table(section: dict[str, Any], titles: dict[str, str]) -> str:
    """One row per question and way: p50, p99, min and max in ms; and whether GraphQL and SPARQL agreed."""
    rows = []
    checks = section.get("checks", {})
    for key, ways in section.get("latency", {}).items():
        check = checks.get(key, {}).get("same_answer")
        for way, figures in ways.items():
            why = not_measured(figures)
            cells = (
                [why, "", "", ""]
                if why
                else [figure(figures[k], 2) for k in ("p50_ms", "p99_ms", "min_ms", "max_ms")]
            )
            rows.append(
                [
                    titles.get(key, key),
                    way,
                    *cells,
                    figure(check) if way.startswith("GraphQL") else "",
                ]
            )
    return table(
        ["question", "way", "p50 ms", "p99 ms", "min ms", "max ms", "GraphQL = SPARQL answer"],
        rows,
        right_from=2,
    )


def throughput_table(section: dict[str, Any]) -> str:
    rows = []
    for run in section.get("runs", []):
        if "error" in run:
            rows.append(
                [
                    run["request"],
                    run["server"],
                    figure(run["clients"]),
                    "failed: " + run["error"][:120],
                    "",
                    "",
                    "",
                    "",
                ]
            )
            continue
        rows.append(
            [
                run["request"],
                run["server"],
                figure(run["clients"]),
                figure(run["requests_per_s"]),
                figure(ok_rate(run)),
                figure(run["p50_ms"], 2),
                figure(run["p99_ms"], 2),
                _refusals(run),
                figure(run["socket_errors"]),
            ]
        )
    return table(
        [
            "request",
            "server",
            "clients",
            "req/s",
            "2xx req/s",
            "p50 ms",
            "p99 ms",
            "non-2xx",
            "socket errors",
        ],
        rows,
        right_from=2,
    )


def _refusals(run: dict[str, Any]) -> str:
    """The non-2xx count, with the statuses the wrk script saw ("12 (503: 12)")."""
    statuses = run.get("statuses") or {}
    shown = ", ".join(f"{code}: {figure(n)}" for code, n in sorted(statuses.items()))
    return figure(run["non_2xx"]) + (f" ({shown})" if shown else "")


def flat_table(figures: dict[str, Any], prefix: str = "") -> list[list[str]]:
    """Nested figures (as H2's SHACL measure returns them) as name/value rows."""
    rows: list[list[str]] = []
    for name, value in figures.items():
        if isinstance(value, dict):
            rows += flat_table(value, f"{prefix}{name} / ")
        elif isinstance(value, list):
            rows.append([f"{prefix}{name}", ", ".join(figure(v, 3) for v in value)])
        else:
            rows.append([f"{prefix}{name}", figure(value, 3)])
    return rows

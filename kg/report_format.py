"""Rendering a ValidationReport as text for a person, JSON for a program, Turtle for RDF tools."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from kg.validation import Severity, ValidationReport, ValidationResult


class ReportFormat(StrEnum):
    TEXT = "text"
    TURTLE = "turtle"
    JSON = "json"


_STYLE = {Severity.VIOLATION: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_text(report: ValidationReport, console: Console, *, lang: str = "en") -> None:
    """Results grouped by focus node: where it is defined, then each failed rule."""
    compact = report.namespaces.compact
    for focus, results in report.by_focus_node().items():
        where = _location(results[0])
        console.print(
            f"[bold]{escape(compact(focus))}[/bold]" + (f"  [dim]{where}[/dim]" if where else "")
        )
        for result in results:
            style = _STYLE[result.severity]
            path = f"  path {escape(result.path)}" if result.path else ""
            value = f"  value {escape(result.value)}" if result.value else ""
            console.print(
                f"  [{style}]{result.severity.value}[/{style}]  "
                f"{escape(compact(result.shape))} [dim]({_constraint_name(result)})[/dim]"
                f"{path}{value}"
            )
            console.print(f"    {escape(result.message(lang))}")
        console.print()
    console.print(_summary(report))


def render_json(report: ValidationReport, *, lang: str = "en") -> str:
    document: dict[str, Any] = {
        "conforms": report.conforms,
        "triples": report.triple_count,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "results": [_result_json(report, r, lang) for r in report.results],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def render_turtle(report: ValidationReport) -> str:
    """The standard SHACL validation report graph, as pyshacl produced it."""
    graph = report.results_graph
    for prefix, namespace in report.namespaces.prefixes.items():
        graph.bind(prefix, namespace, override=True)
    return graph.serialize(format="turtle")


def _result_json(report: ValidationReport, result: ValidationResult, lang: str) -> dict[str, Any]:
    location = result.location
    return {
        "focusNode": result.focus_node,
        "shape": result.shape,
        "severity": result.severity.value,
        "path": result.path,
        "value": result.value,
        "constraint": result.constraint,
        "message": result.message(lang),
        "messages": result.messages,
        "file": _display_path(location.path) if location else None,
        "line": location.line if location else None,
    }


def _summary(report: ValidationReport) -> str:
    nodes = len(report.by_focus_node())
    counts = (
        f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s) "
        f"on {nodes} node(s) in {report.triple_count} triples"
    )
    if report.conforms:
        return f"[green]Conforms[/green]: {counts}."
    return f"[bold red]Does not conform[/bold red]: {counts}."


def _constraint_name(result: ValidationResult) -> str:
    """`MinCountConstraintComponent` -> `minCount`, as the shape file spells the constraint."""
    name = result.constraint.removesuffix("ConstraintComponent")
    return name[:1].lower() + name[1:]


def _location(result: ValidationResult) -> str:
    if result.location is None:
        return ""
    return f"{_display_path(result.location.path)}:{result.location.line}"


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)

"""Loading RDF files into a store: parse everything, validate it, and only then write.

A malformed file or a shape violation stops the load before the store is touched; a failing
server stops it before the target graphs change (see Store.replace_graphs). Each file goes
into a named graph of its own (see graph_name), so loading the same files again replaces
rather than adds, and a file from elsewhere never replaces another's graph.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.embedded import graphs_of
from kg.errors import ValidationFailed
from kg.incremental import FullValidation, Scope, plan
from kg.rdf_files import ParsedFile, find_rdf_files, parse_all, parse_file
from kg.settings import Settings
from kg.store import Store
from kg.validation import (
    Engine,
    ValidationReport,
    shapes_reach_of,
    validate_focus_nodes,
    validate_parsed,
)


class LoadObserver(Protocol):
    """Told what the loader is doing, so a CLI can show progress."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...


class ValidationMode(StrEnum):
    """How a load was validated."""

    FULL = "full"
    INCREMENTAL = "incremental"
    NONE = "none"


@dataclass(frozen=True)
class LoadReport:
    graphs: dict[str, int]
    triples: int
    parse_seconds: float
    validate_seconds: float
    write_seconds: float
    validation: ValidationMode = ValidationMode.FULL
    focus_nodes: int | None = None
    """How many focus nodes an incremental validation looked at."""
    full_reason: str = ""
    """Why a load into a store holding data was validated in full."""

    def validation_summary(self) -> str:
        """One phrase for the CLI: which validation ran, and why it was a full one."""
        if self.validation is ValidationMode.INCREMENTAL:
            return f"incremental validation of {self.focus_nodes:,} focus node(s)"
        if self.validation is ValidationMode.NONE:
            return "not validated"
        return "full validation" + (f" ({self.full_reason})" if self.full_reason else "")

    @property
    def seconds(self) -> float:
        return self.parse_seconds + self.validate_seconds + self.write_seconds


def load(
    paths: Sequence[Path],
    *,
    store: Store,
    settings: Settings,
    engine: Engine = Engine.TURBO,
    validate: bool = True,
    full_validation: bool = False,
    observer: LoadObserver | None = None,
) -> LoadReport:
    """Load the RDF files under `paths` into `store`, all or nothing.

    Into a store that holds data, only what the change can affect is validated (see
    kg.incremental), unless `full_validation`; the verdict is the same either way, but the
    warnings reported are those on the affected nodes only.
    """
    started = time.perf_counter()
    files = find_rdf_files(paths)
    if observer:
        observer.stage("parsing", len(files))
    parsed: list[ParsedFile] = []
    for path in files:
        parsed.append(
            parse_file(path, base_iri=settings.base_iri, max_bytes=settings.max_input_bytes)
        )
        if observer:
            observer.advance(1)
    graphs = graphs_of(parsed, settings=settings)
    parsed_at = time.perf_counter()

    mode, focus_count, reason = ValidationMode.NONE, None, ""
    if validate:
        if observer:
            observer.stage("validating", 1)
        outcome = validate_change(
            parsed, graphs, store=store, settings=settings, engine=engine, full=full_validation
        )
        report, mode = outcome.report, outcome.mode
        focus_count, reason = outcome.focus_nodes, outcome.full_reason
        if observer:
            observer.advance(1)
        if not report.conforms:
            raise ValidationFailed(
                f"{len(report.violations)} violation(s) of the shapes; nothing was loaded",
                report=report,
                hint="Fix the nodes listed above, or see them with `kg validate PATHS`.",
            )
    validated_at = time.perf_counter()

    total = sum(len(t) for t in graphs.values())
    if observer:
        observer.stage("writing", total)
    store.replace_graphs(graphs, progress=observer.advance if observer else None)
    return LoadReport(
        graphs={g: len(t) for g, t in graphs.items()},
        triples=total,
        parse_seconds=parsed_at - started,
        validate_seconds=validated_at - parsed_at,
        write_seconds=time.perf_counter() - validated_at,
        validation=mode,
        focus_nodes=focus_count,
        full_reason=reason,
    )


@dataclass(frozen=True)
class ValidationOutcome:
    """A load's validation: its report, and which kind ran (for an incremental one, on how
    many focus nodes; for a full one into a store holding data, why)."""

    report: ValidationReport
    mode: ValidationMode
    focus_nodes: int | None
    full_reason: str


def validate_change(
    parsed: Sequence[ParsedFile],
    graphs: Mapping[str, Sequence[ox.Triple]],
    *,
    store: Store,
    settings: Settings,
    engine: Engine = Engine.TURBO,
    full: bool = False,
) -> ValidationOutcome:
    """Validate the store as it would be with `graphs` (parsed from `parsed`) replaced:
    incrementally where the store holds data and the change allows (see kg.incremental)."""
    ontology = parse_all([settings.ontology_dir], base_iri=settings.base_iri)
    shapes = parse_all([settings.shapes_dir], base_iri=settings.base_iri)
    scope: Scope | FullValidation = FullValidation("asked for")
    if not full:
        scope = plan(store, graphs, prefix=settings.graph_prefix, reach=shapes_reach_of(shapes))
    if isinstance(scope, Scope):
        report = validate_focus_nodes(
            parsed,
            scope.triples,
            scope.focus_nodes,
            ontology=ontology,
            shapes=shapes,
            namespaces=settings.namespaces,
            engine=engine,
        )
        if not report.conforms:
            # For the report's "in N triples"; counting a large store takes a while, so only
            # when there is something to report.
            sizes = store.graph_sizes(settings.graph_prefix)
            kept = sum(n for graph, n in sizes.items() if graph not in graphs)
            count = kept + sum(len(triples) for triples in graphs.values())
            report = dataclasses.replace(report, triple_count=count)
        return ValidationOutcome(report, ValidationMode.INCREMENTAL, len(scope.focus_nodes), "")
    context = _other_graphs(store, settings=settings, replacing=set(graphs))
    report = validate_parsed(
        parsed,
        context=context,
        ontology=ontology,
        shapes=shapes,
        namespaces=settings.namespaces,
        engine=engine,
    )
    return ValidationOutcome(report, ValidationMode.FULL, None, scope.reason)


def _other_graphs(store: Store, *, settings: Settings, replacing: set[str]) -> list[ox.Triple]:
    """What the store will still hold beside the new graphs: validated together with them, so
    a file may refer to resources another file already loaded."""
    # Store.graph_triples reads a graph's quads directly where it can (Oxigraph's index, a
    # server's Graph Store Protocol), faster than evaluating a CONSTRUCT query over it.
    triples: list[ox.Triple] = []
    for graph in store.graph_sizes(settings.graph_prefix):
        if graph not in replacing:
            triples.extend(store.graph_triples(graph))
    return triples

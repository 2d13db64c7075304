"""Loading RDF files into a store: parse everything, validate it, and only then write.

A malformed file or a shape violation stops the load before the store is touched; a failing
server stops it before the target graphs change (see Store.replace_graphs). Each file goes
into a named graph of its own (see graph_name), so loading the same files again replaces
rather than adds, and a file from elsewhere never replaces another's graph.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.embedded import graphs_of
from kg.errors import ValidationFailed
from kg.rdf_files import ParsedFile, find_rdf_files, parse_all, parse_file
from kg.settings import Settings
from kg.store import Store
from kg.validation import Engine, validate_parsed


class LoadObserver(Protocol):
    """Told what the loader is doing, so a CLI can show progress."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...


@dataclass(frozen=True)
class LoadReport:
    graphs: dict[str, int]
    triples: int
    parse_seconds: float
    validate_seconds: float
    write_seconds: float

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
    observer: LoadObserver | None = None,
) -> LoadReport:
    """Load the RDF files under `paths` into `store`, all or nothing."""
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

    if validate:
        if observer:
            observer.stage("validating", 1)
        context = _other_graphs(store, settings=settings, replacing=set(graphs))
        report = validate_parsed(
            parsed,
            context=context,
            ontology=parse_all([settings.ontology_dir], base_iri=settings.base_iri),
            shapes=parse_all([settings.shapes_dir], base_iri=settings.base_iri),
            namespaces=settings.namespaces,
            engine=engine,
        )
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
    )


def _other_graphs(store: Store, *, settings: Settings, replacing: set[str]) -> list[ox.Triple]:
    """What the store will still hold beside the new graphs: validated together with them, so
    a file may refer to resources another file already loaded."""
    triples: list[ox.Triple] = []
    for graph in store.graph_sizes(settings.graph_prefix):
        if graph not in replacing:
            result = store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                bindings={"g": ox.NamedNode(graph)},
            )
            triples.extend(result.triples)
    return triples

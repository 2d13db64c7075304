"""Dumps of the graph for download, in six RDF formats, the same bytes whenever the data is.

`export_dumps` reads every named graph under `settings.graph_prefix` from a store and writes
to one folder (`kg export` writes to the publish folder's `dumps/`):

- `all.<ext>`: the whole graph. Triple formats (ttl nt jsonld rdf) hold the union of the named
  graphs, as a SPARQL query sees it; quad formats (nq trig) keep every graph's name.
- `graphs/<slug>.<ext>`: one file per named graph in the triple formats, where the slug is the
  graph IRI after the prefix with "/" turned into "-" (`data-vocabulary-themes`).
- `<file>.gz` beside every dump, `context.jsonld` (the JSON-LD @context), `manifest.json`
  (what each file holds: format, graph, triples, bytes, SHA-256) and `SHA256SUMS`.

Asked for some graphs only, it writes `graphs/<slug>.<ext>` for those, in every format asked.

Determinism: triples are sorted by their N-Triples form; blank nodes are relabelled by the
W3C RDF Dataset Canonicalization algorithm (RDFC-1.0, as pyoxigraph implements it) over the
quads that mention a blank node, so they are named `c14n0`, `c14n1`, … whatever labels the
store gave them; gzip headers carry no time and no file name; the manifest has no timestamps.
Hence the same data gives the same bytes, from either backend (where both hold the same terms:
Virtuoso keeps some literals in a canonical form, `"042"^^xsd:integer` as 42), given the same
pyoxigraph and zlib.

The new files are written beside the old ones and moved into place only when all are done,
so a failed export leaves the folder as it was.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.dump_files import CHECKSUMS, CONTEXT, DumpWriter, move_into_place, write_index
from kg.dump_formats import KINDS, DumpFormat, SortedDump, canonical
from kg.dump_manifest import DumpFile
from kg.errors import NotFound, OutputError
from kg.publish_iris import graph_slug
from kg.settings import Settings
from kg.store import Store

__all__ = [
    "CHECKSUMS",
    "CONTEXT",
    "DumpFormat",
    "ExportObserver",
    "ExportReport",
    "export_dumps",
]

_PROGRESS_STEP = 10_000


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: the graphs with their triples, and every dump file."""

    out_dir: Path
    graphs: dict[str, int]
    files: tuple[DumpFile, ...]
    seconds: float

    @property
    def triples(self) -> int:
        """Triples over all graphs exported (a triple in two graphs counts twice)."""
        return sum(self.graphs.values())

    @property
    def written(self) -> int:
        """Files written: the dumps, their .gz, and context, manifest and checksums."""
        return len(self.files) + 3


class ExportObserver(Protocol):
    """Told what the export is doing, so a CLI can show progress."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...


def export_dumps(
    store: Store,
    *,
    settings: Settings,
    out_dir: Path,
    formats: Sequence[DumpFormat] = tuple(DumpFormat),
    graphs: Sequence[str] | None = None,
    progress: ExportObserver | None = None,
) -> ExportReport:
    """Write the dumps of the store's graphs (or of `graphs`, IRIs or slugs) to `out_dir`."""
    started = time.perf_counter()
    sizes = store.graph_sizes(settings.graph_prefix)
    selected = _select(sizes, graphs, settings=settings)
    content = canonical(_read(store, selected, sizes, progress))
    dump = SortedDump(content, settings.namespaces)
    wanted = [f for f in DumpFormat if f in set(formats)]
    plan = _plan(dump, wanted, whole=graphs is None, settings=settings)
    if progress:
        progress.stage("writing", len(plan))
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".export-", dir=out_dir))
    except OSError as error:
        raise _output_error(out_dir, error) from None
    try:
        with DumpWriter(staging) as writer:
            for name, fmt, graph in plan:
                data = dump.serialize(fmt, graph)
                writer.add(name, fmt, graph, dump.count(graph, KINDS[fmt].quads), data)
                if progress:
                    progress.advance(1)
            files = writer.written()
        write_index(staging, files, content, settings.namespaces)
        move_into_place(staging, out_dir, [f.file for f in files])
    except OSError as error:
        raise _output_error(out_dir, error) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ExportReport(
        out_dir=out_dir,
        graphs={g: len(t) for g, t in content.items()},
        files=tuple(files),
        seconds=time.perf_counter() - started,
    )


# ------------------------------------------------------------------------------- reading


def _select(
    sizes: Mapping[str, int], asked: Sequence[str] | None, *, settings: Settings
) -> list[str]:
    if not sizes:
        raise NotFound(
            f"the store holds no graphs under {settings.graph_prefix}",
            iri=settings.graph_prefix,
            hint="Load data first: kg load data/",
        )
    if asked is None:
        return sorted(sizes)
    by_name: dict[str, str] = {}
    for graph in sizes:
        for name in (
            graph,
            graph_slug(graph, settings.graph_prefix),
            graph[len(settings.graph_prefix) :],
        ):
            by_name.setdefault(name, graph)
    chosen = []
    for name in asked:
        if name not in by_name:
            there = ", ".join(sorted(graph_slug(g, settings.graph_prefix) for g in sizes))
            raise NotFound(
                f"no named graph {name!r} in the store",
                iri=name,
                hint=f"Give a graph's IRI or its slug; the store has: {there}.",
            )
        chosen.append(by_name[name])
    return sorted(set(chosen))


def _read(
    store: Store,
    graphs: Sequence[str],
    sizes: Mapping[str, int],
    progress: ExportObserver | None,
) -> dict[str, list[ox.Triple]]:
    if progress:
        progress.stage("reading", sum(sizes[g] for g in graphs))
    content: dict[str, list[ox.Triple]] = {}
    for graph in graphs:
        triples: list[ox.Triple] = []
        read = store.graph_triples(graph)
        while chunk := list(itertools.islice(read, _PROGRESS_STEP)):
            triples.extend(chunk)
            if progress:
                progress.advance(len(chunk))
        content[graph] = triples
    return content


def _plan(
    dump: SortedDump, formats: Sequence[DumpFormat], *, whole: bool, settings: Settings
) -> list[tuple[str, DumpFormat, str | None]]:
    """(file, format, graph or None for all) for every dump to write."""
    graphs = list(dump.graphs)
    slugs: dict[str, str] = {}
    for graph in graphs:
        slug = graph_slug(graph, settings.graph_prefix)
        if slug in slugs:
            raise OutputError(
                f"graphs <{slugs[slug]}> and <{graph}> would both be written to graphs/{slug}.*",
                path=Path("graphs") / slug,
            )
        slugs[slug] = graph
    plan: list[tuple[str, DumpFormat, str | None]] = []
    for fmt in formats:
        kind = KINDS[fmt]
        if whole:
            plan.append((f"all.{kind.extension}", fmt, None))
        if not whole or not kind.quads:
            plan.extend((f"graphs/{s}.{kind.extension}", fmt, g) for s, g in slugs.items())
    return plan


def _output_error(out_dir: Path, error: OSError) -> OutputError:
    where = error.filename or out_dir
    return OutputError(
        f"cannot write the dumps to {out_dir}: {where}: {error.strerror or error}",
        path=out_dir,
        hint="Choose a folder you can write to with --out (or KG_PUBLISH_DIR).",
    )

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

import gzip
import hashlib
import heapq
import itertools
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Protocol

import pyoxigraph as ox

from kg import jsonld
from kg.dump_manifest import MANIFEST, DumpFile
from kg.errors import NotFound, OutputError
from kg.namespaces import Namespaces
from kg.publish_iris import graph_slug
from kg.settings import Settings
from kg.store import Store

CHECKSUMS = "SHA256SUMS"
CONTEXT = "context.jsonld"
_PROGRESS_STEP = 10_000


class DumpFormat(StrEnum):
    """The formats `kg export --format` takes."""

    TTL = "ttl"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"


@dataclass(frozen=True)
class _Kind:
    extension: str
    media_type: str
    quads: bool
    rdf_format: ox.RdfFormat | None  # None: kg.jsonld writes it


_KINDS: Mapping[DumpFormat, _Kind] = {
    DumpFormat.TTL: _Kind("ttl", "text/turtle", False, ox.RdfFormat.TURTLE),
    DumpFormat.NT: _Kind("nt", "application/n-triples", False, ox.RdfFormat.N_TRIPLES),
    DumpFormat.NQ: _Kind("nq", "application/n-quads", True, ox.RdfFormat.N_QUADS),
    DumpFormat.TRIG: _Kind("trig", "application/trig", True, ox.RdfFormat.TRIG),
    DumpFormat.JSONLD: _Kind("jsonld", "application/ld+json", False, None),
    DumpFormat.RDFXML: _Kind("rdf", "application/rdf+xml", False, ox.RdfFormat.RDF_XML),
}


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
    content = _canonical(_read(store, selected, sizes, progress))
    dump = _Dump(content, settings.namespaces)
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
        with _Files(staging) as writer:
            for name, fmt, graph in plan:
                data = dump.serialize(fmt, graph)
                writer.add(name, fmt, graph, dump.count(graph, _KINDS[fmt].quads), data)
                if progress:
                    progress.advance(1)
            files = writer.written()
        _write_index(staging, files, content, settings.namespaces)
        _move_into_place(staging, out_dir, [f.file for f in files])
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


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _canonical(content: dict[str, list[ox.Triple]]) -> dict[str, list[ox.Triple]]:
    """Blank nodes relabelled by RDFC-1.0. A blank node's canonical label depends only on the
    quads it occurs in, so only those are canonicalized (and none when there are none)."""
    blank = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
        for g, triples in content.items()
        for t in triples
        if _has_blank(t)
    ]
    if not blank:
        return content
    dataset = ox.Dataset(blank)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    result = {g: [t for t in triples if not _has_blank(t)] for g, triples in content.items()}
    for quad in dataset:
        result[quad.graph_name.value].append(quad.triple)
    return result


# ------------------------------------------------------------------------------- writing


class _Dump:
    """The exported graphs, sorted once, and the views the formats need (built when asked)."""

    def __init__(self, content: Mapping[str, list[ox.Triple]], namespaces: Namespaces) -> None:
        self.namespaces = namespaces
        self.prefixes = dict(sorted(namespaces.prefixes.items()))
        self._keyed = {
            g: sorted(((str(t), t) for t in triples), key=lambda pair: pair[0])
            for g, triples in sorted(content.items())
        }
        self._union: list[ox.Triple] | None = None
        self._quads: list[ox.Quad] | None = None
        self._last: tuple[tuple[DumpFormat, str | None], bytes] | None = None

    @property
    def graphs(self) -> list[str]:
        return list(self._keyed)

    def triples(self, graph: str | None) -> list[ox.Triple]:
        """One graph's triples, or (None) the union of all, sorted by N-Triples form."""
        if graph is not None:
            return [t for _, t in self._keyed[graph]]
        if self._union is None:
            merged = heapq.merge(*self._keyed.values(), key=lambda pair: pair[0])
            self._union = [t for _, t in _distinct(merged)]
        return self._union

    def quads(self, graph: str | None) -> list[ox.Quad]:
        """One graph's quads, or (None) every graph's, by graph and then triple."""
        if graph is None and self._quads is not None:
            return self._quads
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, node)
            for name, keyed in self._keyed.items()
            if graph is None or name == graph
            for node in (ox.NamedNode(name),)
            for _, t in keyed
        ]
        if graph is None:
            self._quads = quads  # N-Quads and TriG both need them
        return quads

    def count(self, graph: str | None, quads: bool) -> int:
        if graph is not None:
            return len(self._keyed[graph])
        if quads:
            return sum(len(k) for k in self._keyed.values())
        return len(self.triples(None))

    def serialize(self, fmt: DumpFormat, graph: str | None) -> bytes:
        # With one graph, the union is that graph, and all.<ext> and its graphs/ file (written
        # next) are the same bytes: serialized once.
        if graph is None and len(self._keyed) == 1 and not _KINDS[fmt].quads:
            graph = next(iter(self._keyed))
        if self._last is None or self._last[0] != (fmt, graph):
            self._last = ((fmt, graph), self._serialize(fmt, graph))
        return self._last[1]

    def _serialize(self, fmt: DumpFormat, graph: str | None) -> bytes:
        kind = _KINDS[fmt]
        if kind.rdf_format is None:
            return jsonld.document(self.triples(graph), namespaces=self.namespaces)
        data: Iterable[ox.Triple] | Iterable[ox.Quad] = (
            self.quads(graph) if kind.quads else self.triples(graph)
        )
        # N-Triples and N-Quads have no prefixes; the others declare every project prefix.
        prefixes = None if fmt in {DumpFormat.NT, DumpFormat.NQ} else self.prefixes
        return ox.serialize(data, format=kind.rdf_format, prefixes=prefixes) or b""


def _distinct(pairs: Iterable[tuple[str, ox.Triple]]) -> Iterator[tuple[str, ox.Triple]]:
    last = None
    for key, triple in pairs:
        if key != last:
            yield key, triple
            last = key


def _plan(
    dump: _Dump, formats: Sequence[DumpFormat], *, whole: bool, settings: Settings
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
        kind = _KINDS[fmt]
        if whole:
            plan.append((f"all.{kind.extension}", fmt, None))
        if not whole or not kind.quads:
            plan.extend((f"graphs/{s}.{kind.extension}", fmt, g) for s, g in slugs.items())
    return plan


class _Files:
    """Writes each dump and its .gz into the staging folder, in a worker thread: zlib, hashlib
    and file writes let go of the GIL, so compressing one dump overlaps serializing the next."""

    def __init__(self, staging: Path) -> None:
        self._staging = staging
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._pending: list[Future[list[DumpFile]]] = []
        self._packed: dict[str, bytes] = {}  # by digest: identical dumps are gzipped once

    def __enter__(self) -> _Files:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def add(self, name: str, fmt: DumpFormat, graph: str | None, triples: int, data: bytes) -> None:
        self._pending.append(self._pool.submit(self._write, name, fmt, graph, triples, data))

    def written(self) -> list[DumpFile]:
        """Every file's manifest entry, once all are written (raising what a write raised)."""
        return sorted((f for job in self._pending for f in job.result()), key=lambda f: f.file)

    def _write(
        self, name: str, fmt: DumpFormat, graph: str | None, triples: int, data: bytes
    ) -> list[DumpFile]:
        digest = hashlib.sha256(data).hexdigest()
        packed = self._packed.get(digest)
        if packed is None:
            packed = self._packed[digest] = _gzip(data)
        _write(self._staging / name, data)
        _write(self._staging / f"{name}.gz", packed)
        media_type = _KINDS[fmt].media_type
        return [
            DumpFile(name, fmt.value, media_type, graph, triples, len(data), digest),
            DumpFile(
                f"{name}.gz",
                fmt.value,
                media_type,
                graph,
                triples,
                len(packed),
                hashlib.sha256(packed).hexdigest(),
                compression="gzip",
                of=name,
            ),
        ]


def _gzip(data: bytes) -> bytes:
    # No modification time and no file name in the header, so the bytes depend on the data
    # alone (and on zlib, which the same installation keeps the same). Level 6, gzip's own
    # default: level 9 took 3.5 times as long for files 10 % smaller.
    return gzip.compress(data, compresslevel=6, mtime=0)


def _write_index(
    staging: Path,
    files: Sequence[DumpFile],
    content: Mapping[str, list[ox.Triple]],
    namespaces: Namespaces,
) -> None:
    """context.jsonld, manifest.json, and SHA256SUMS over every other file."""
    manifest = {
        "triples": sum(len(t) for t in content.values()),
        "graphs": [{"iri": g, "triples": len(t)} for g, t in sorted(content.items())],
        "files": [f.manifest_entry() for f in files],
    }
    _write(staging / CONTEXT, jsonld.context_document(namespaces))
    _write(
        staging / MANIFEST,
        (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    )
    sums = {f.file: f.sha256 for f in files}
    for extra in (CONTEXT, MANIFEST):
        sums[extra] = hashlib.sha256((staging / extra).read_bytes()).hexdigest()
    lines = "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))
    _write(staging / CHECKSUMS, lines.encode("ascii"))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _move_into_place(staging: Path, out_dir: Path, dumps: Sequence[str]) -> None:
    """Move the new files over the old ones, then remove what the previous export wrote and
    this one did not (the files its manifest lists: nothing else in the folder is touched)."""
    previous = _previous_files(out_dir)
    new = [*dumps, CONTEXT, MANIFEST, CHECKSUMS]
    for name in new:
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)
    for name in sorted(previous - set(new)):
        (out_dir / name).unlink(missing_ok=True)
    graphs_dir = out_dir / "graphs"
    if graphs_dir.is_dir() and not any(graphs_dir.iterdir()):
        graphs_dir.rmdir()


def _previous_files(out_dir: Path) -> set[str]:
    try:
        listed = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["files"]
        names = {str(entry["file"]) for entry in listed}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    # Only plain relative paths inside the folder: a manifest is data, not a list of orders.
    return {
        n
        for n in names
        if not PurePosixPath(n).is_absolute() and ".." not in PurePosixPath(n).parts
    }


def _output_error(out_dir: Path, error: OSError) -> OutputError:
    where = error.filename or out_dir
    return OutputError(
        f"cannot write the dumps to {out_dir}: {where}: {error.strerror or error}",
        path=out_dir,
        hint="Choose a folder you can write to with --out (or KG_PUBLISH_DIR).",
    )

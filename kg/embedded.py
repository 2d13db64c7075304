"""The embedded store: pyoxigraph, persistent in a folder or in memory."""

from __future__ import annotations

import contextlib
import re
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import pyoxigraph as ox

from kg.errors import ConfigError, InputError, InvalidQuery, ResultTooLarge, StoreError
from kg.queries import GRAPH_SIZES
from kg.query_limits import MAX_RESULT_TERMS, check_nesting
from kg.rdf_files import ParsedFile
from kg.serving_lock import LOCK_FILE, WriterLock
from kg.settings import Settings
from kg.sparql_text import analyse
from kg.store import (
    Dataset,
    Progress,
    QueryResult,
    ResultKind,
    drop_update,
    with_values,
)
from kg.terms import Term, n_triples

_PROGRESS_STEP = 10_000
_SYNTAX_HINT = "Check the SPARQL syntax at the position the message gives."
MEMORY = ":memory:"
T = TypeVar("T")
_IRI_PATH_CHARS = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/")
# What an Oxigraph (RocksDB) folder holds; anything else means the folder is something else.
# Plus the bulk loader's temporary files, which a load killed mid-way leaves behind, and kg's
# own lock file, which says whether a `kg serve` holds the store (kg/serving_lock.py).
_BULK_FILE = "bulk-*.sst"
_STORE_FILE = re.compile(
    r"CURRENT|IDENTITY|LOCK|LOG(\..*)?|MANIFEST-.*|OPTIONS-.*|\d+\..*|bulk-\d+\.sst|"
    + re.escape(LOCK_FILE)
)
_STORE_HINT = "Give --store (or KG_STORE) a new or empty folder, or the folder of a kg store."


class EmbeddedStore:
    """An Oxigraph store; `path=None` keeps it in memory (for tests and one-off work)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self._location = str(path) if path is not None else MEMORY
        self._read_only = read_only
        self._writer_lock: WriterLock | None = None
        if path is None:
            self._store = ox.Store()
            return
        _check_store_folder(path, read_only=read_only)
        if not read_only:
            # Before Oxigraph opens it: a running `kg serve` refuses the write (serving_lock).
            self._writer_lock = WriterLock(path)
        try:
            if read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                self._store = ox.Store(str(path))
        except OSError as error:
            if self._writer_lock is not None:
                self._writer_lock.release()
            locked = "lock" in str(error).lower()
            raise StoreError(
                f"cannot open the store at {path}: {error}",
                endpoint=self._location,
                hint="Another kg process may be using it; stop it or use another --store."
                if locked
                else "The folder may be damaged or written by another Oxigraph version; load "
                "into a new --store folder.",
            ) from None
        if not read_only:
            _remove_bulk_leftovers(path)

    @property
    def location(self) -> str:
        return self._location

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        check_nesting(analyse(sparql))  # deeper would crash the process, not raise
        with self._answering():
            answer = self._evaluate(
                sparql, bindings or {}, _dataset_options(sparql, dataset, base_iri)
            )
            # Solutions are computed as they are read, so a SERVICE call fails here, not above.
            return _materialised(answer)

    def write_answer(
        self,
        sparql: str,
        output: BinaryIO,
        result_format: ox.QueryResultsFormat,
        *,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> ResultKind:
        """The answer to a SELECT or ASK query written to `output` by pyoxigraph itself, its
        solutions never held as Python objects (the SPARQL endpoint's fast path: `output`
        bounds the size). Returns the query's kind; a graph result writes nothing."""
        check_nesting(analyse(sparql))
        with self._answering():
            answer = self._evaluate(sparql, {}, _dataset_options(sparql, dataset, base_iri))
            if isinstance(answer, ox.QueryTriples):
                return ResultKind.GRAPH
            answer.serialize(output, result_format)
        return ResultKind.ASK if isinstance(answer, ox.QueryBoolean) else ResultKind.SELECT

    @contextlib.contextmanager
    def _answering(self) -> Iterator[None]:
        """pyoxigraph's errors while a query runs or its solutions are read, as KGErrors."""
        try:
            yield
        except SyntaxError as error:
            raise InvalidQuery(f"malformed query: {error}", hint=_SYNTAX_HINT) from None
        except OSError as error:
            # Reading the store failed, or a SERVICE call did: the query cannot be answered.
            raise StoreError(
                f"the query failed: {error}",
                endpoint=self._location,
                hint="If the query calls SERVICE, check that endpoint; else the store's folder.",
            ) from None

    def _evaluate(
        self, sparql: str, bindings: Mapping[str, Term], options: dict[str, Any]
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        substitutions: dict[ox.Variable, Term | ox.Triple] = {
            ox.Variable(k): v for k, v in bindings.items()
        }
        try:
            return self._store.query(sparql, substitutions=substitutions, **options)
        except RuntimeError as error:
            # pyoxigraph substitutes only variables the query projects; bind the others with a
            # VALUES block of serialised terms, as the remote store does.
            if "projection" not in str(error):
                raise
        return self._store.query(with_values(sparql, bindings), **options)

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as error:
            raise InvalidQuery(f"malformed update: {error}", hint=_SYNTAX_HINT) from None

    def replace_graphs(
        self, graphs: Mapping[str, Sequence[ox.Triple]], *, progress: Progress | None = None
    ) -> None:
        targets = [ox.NamedNode(g) for g in graphs]
        if all(self._is_empty(t) for t in targets):
            self._fill_empty(graphs, targets, progress)
        else:
            self._swap(graphs, progress)

    def _is_empty(self, graph: ox.NamedNode) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, graph)), None) is None

    def _fill_empty(
        self,
        graphs: Mapping[str, Sequence[ox.Triple]],
        targets: list[ox.NamedNode],
        progress: Progress | None,
    ) -> None:
        # Nothing to replace: bulk loading is several times faster than a transaction, and if
        # it fails, removing the graphs (empty before) restores the store exactly.
        try:
            self._store.bulk_extend(_quads(graphs, progress))
        except BaseException:
            for graph in targets:
                self._store.remove_graph(graph)
            raise

    def _swap(self, graphs: Mapping[str, Sequence[ox.Triple]], progress: Progress | None) -> None:
        # One update is one Oxigraph transaction: old content goes and new comes in together.
        # (Staging graphs plus MOVE would also be atomic, but MOVE copies triple by triple and
        # was 2.5 times slower on a million triples.)
        inserts = " ".join(
            f"GRAPH {n_triples(ox.NamedNode(g))} {{ {_ntriples(triples)} }}"
            for g, triples in graphs.items()
        )
        self._store.update(f"{drop_update(list(graphs))} ;\nINSERT DATA {{ {inserts} }}")
        if progress is not None:
            progress(sum(len(t) for t in graphs.values()))

    def graph_sizes(self, prefix: str) -> dict[str, int]:
        result = self.query(GRAPH_SIZES, bindings={"prefix": ox.Literal(prefix)})
        return {row["g"] or "": int(row["n"] or 0) for row in result.values()}

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield quad.triple

    def close(self) -> None:
        # pyoxigraph releases the store when the object goes; flush what is buffered first.
        if self._location != MEMORY and not self._read_only:
            self._store.flush()
        if self._writer_lock is not None:
            self._writer_lock.release()


def _remove_bulk_leftovers(path: Path) -> None:
    """Delete the temporary files of a bulk load killed before it finished (a finished one
    leaves none: what it ingested is kept under RocksDB's numbered names). Safe only once the
    store is open for writing: holding RocksDB's lock, no other process is loading into it."""
    for leftover in path.glob(_BULK_FILE):
        leftover.unlink(missing_ok=True)


def _check_store_folder(path: Path, *, read_only: bool) -> None:
    """Refuse a path that is a file, or a folder holding anything but a store, before Oxigraph
    writes its files beside someone else's; create the folder for a new store."""
    if path.exists() and not path.is_dir():
        raise ConfigError(
            f"{path}: a file, not a store folder", setting="KG_STORE", hint=_STORE_HINT
        )
    try:
        entries = sorted(p.name for p in path.iterdir()) if path.is_dir() else []
    except OSError as error:
        raise ConfigError(
            f"{path}: cannot read the store folder ({error.strerror})",
            setting="KG_STORE",
            hint=_STORE_HINT,
        ) from None
    foreign = [name for name in entries if not _STORE_FILE.fullmatch(name)]
    # A writer killed between taking its lock and Oxigraph's first write leaves the lock file
    # alone: that folder is still an empty one.
    entries = [name for name in entries if name != LOCK_FILE]
    if foreign or (entries and "CURRENT" not in entries):
        named = foreign or entries
        shown = ", ".join(named[:3]) + (", …" if len(named) > 3 else "")
        raise ConfigError(
            f"{path}: not an Oxigraph store (it holds {shown}); kg writes only into its own "
            "store folders",
            setting="KG_STORE",
            hint=_STORE_HINT,
        )
    if read_only and not entries:
        raise StoreError(
            "no store here yet",
            endpoint=str(path),
            hint="Load data first (kg load data/), or point --store/KG_STORE at an existing store.",
        )
    if not read_only:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigError(
                f"{path}: cannot create the store folder ({error.strerror})",
                setting="KG_STORE",
                hint="Give --store (or KG_STORE) a folder you can write.",
            ) from None


def _materialised(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """The answer held in memory, up to MAX_RESULT_TERMS terms: solutions are computed as they
    are read, so a cross product is refused as it grows, not after it has taken the memory."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind=ResultKind.ASK, boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        width = max(len(names), 1)
        rows = tuple(tuple(s[n] for n in names) for s in _capped(answer, MAX_RESULT_TERMS // width))
        return QueryResult(kind=ResultKind.SELECT, variables=names, rows=rows)
    return QueryResult(kind=ResultKind.GRAPH, triples=tuple(_capped(answer, MAX_RESULT_TERMS // 3)))


def _capped(items: Iterable[T], most: int) -> Iterator[T]:
    for count, item in enumerate(items):
        if count == most:
            raise ResultTooLarge(
                f"the answer has more than {most:,} rows; at most {MAX_RESULT_TERMS:,} terms "
                "are held in memory",
                hint="Add a LIMIT, or make the query more selective (a pattern with no shared "
                "variable multiplies the rows of the others).",
            )
        yield item


def _dataset_options(sparql: str, dataset: Dataset | None, base_iri: str | None) -> dict[str, Any]:
    """pyoxigraph's arguments for the dataset: the request's, else the query's own FROM /
    FROM NAMED (which pyoxigraph reads itself), else the union of all graphs. The union flag
    would override a query's FROM, so it is set only when the query names no dataset."""
    options: dict[str, Any] = {"base_iri": base_iri}
    if dataset is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
    elif not analyse(sparql).declares_dataset:
        options["use_default_graph_as_union"] = True
    return options


def _quads(
    graphs: Mapping[str, Sequence[ox.Triple]], progress: Progress | None
) -> Iterator[ox.Quad]:
    for name, triples in graphs.items():
        graph = ox.NamedNode(name)
        for count, t in enumerate(triples, start=1):
            yield ox.Quad(t.subject, t.predicate, t.object, graph)
            if progress is not None and count % _PROGRESS_STEP == 0:
                progress(_PROGRESS_STEP)
        if progress is not None:
            progress(len(triples) % _PROGRESS_STEP)


def _ntriples(triples: Sequence[ox.Triple]) -> str:
    data = ox.serialize(iter(triples), format=ox.RdfFormat.N_TRIPLES)
    return data.decode("utf-8") if data else ""


def graph_name(path: Path, *, settings: Settings) -> str:
    """The named graph a file is loaded into.

    A project file's is `<base>graph/<path relative to the project, no suffix>`: published
    IRIs, never to change. Any other file's is `<base>graph/external<its resolved absolute
    path>`, suffix kept, so two files never share a graph, wherever kg runs from, and loading
    a file again replaces only what it loaded before."""
    resolved = path.resolve()
    try:
        name = resolved.relative_to(settings.project_dir.resolve()).with_suffix("").as_posix()
    except ValueError:
        name = "external" + resolved.as_posix()
    return settings.graph_prefix + _iri_path(name)


def graphs_of(files: Iterable[ParsedFile], *, settings: Settings) -> dict[str, list[ox.Triple]]:
    """Each file's triples under its graph name; two files for one graph (`x.ttl` and `x.nt`
    in one project folder) are refused, since one would silently replace the other."""
    graphs: dict[str, list[ox.Triple]] = {}
    sources: dict[str, Path] = {}
    for file in files:
        name = graph_name(file.path, settings=settings)
        if name in sources:
            raise InputError(
                f"{sources[name]} and {file.path} would be loaded into the same graph <{name}>",
                path=file.path,
                hint="Rename one of them, or load them one at a time (the second replaces the "
                "first).",
            )
        sources[name] = file.path
        graphs[name] = list(file.triples)
    return graphs


def _iri_path(text: str) -> str:
    # Percent-encode what an IRI path cannot hold (spaces, '#', '?', '%', undecodable bytes),
    # keeping letters of any script: the shipped names contain none of these and stay as they are.
    return "".join(
        c if c in _IRI_PATH_CHARS or (ord(c) > 127 and c.isprintable()) else _percent(c)
        for c in text
    )


def _percent(char: str) -> str:
    return "".join(f"%{b:02X}" for b in char.encode("utf-8", "surrogateescape"))


def memory_store(files: Iterable[ParsedFile], *, settings: Settings) -> EmbeddedStore:
    """A new in-memory store holding each file's triples in a named graph of its own."""
    store = EmbeddedStore()
    store.replace_graphs(graphs_of(files, settings=settings))
    return store


def select_rows(store: EmbeddedStore, query: str) -> tuple[list[str], list[list[str]]]:
    """Run a SELECT query; return its variable names and rows of plain strings."""
    result = store.query(query)
    return list(result.variables), [
        ["" if t is None else t.value for t in row] for row in result.rows
    ]

"""The embedded store: pyoxigraph, persistent in a folder or in memory."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.queries import GRAPH_SIZES
from kg.rdf_files import ParsedFile
from kg.settings import Settings
from kg.store import (
    STAGING_PREFIX,
    Progress,
    QueryResult,
    ResultKind,
    drop_update,
    move_update,
    with_values,
)
from kg.terms import Term

_CHUNK = 50_000
MEMORY = ":memory:"


class EmbeddedStore:
    """An Oxigraph store; `path=None` keeps it in memory (for tests and one-off work)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self._location = str(path) if path is not None else MEMORY
        self._read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            raise StoreError(
                f"cannot open the store at {path}: {error}",
                endpoint=self._location,
                hint="Another kg process may be using it; stop it or use another --store.",
            ) from None

    @property
    def location(self) -> str:
        return self._location

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for code that needs its own API (the SPARQL server)."""
        return self._store

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        try:
            answer = self._evaluate(sparql, bindings or {})
        except SyntaxError as error:
            raise StoreError(f"malformed query: {error}", endpoint=self._location) from None
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(kind=ResultKind.ASK, boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            rows = tuple(tuple(s[n] for n in names) for s in answer)
            return QueryResult(kind=ResultKind.SELECT, variables=names, rows=rows)
        return QueryResult(kind=ResultKind.GRAPH, triples=tuple(answer))

    def _evaluate(
        self, sparql: str, bindings: Mapping[str, Term]
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        substitutions: dict[ox.Variable, Term | ox.Triple] = {
            ox.Variable(k): v for k, v in bindings.items()
        }
        try:
            return self._store.query(
                sparql, use_default_graph_as_union=True, substitutions=substitutions
            )
        except RuntimeError as error:
            # pyoxigraph substitutes only variables the query projects; bind the others with a
            # VALUES block of serialised terms, as the remote store does.
            if "projection" not in str(error):
                raise
        return self._store.query(with_values(sparql, bindings), use_default_graph_as_union=True)

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as error:
            raise StoreError(f"malformed update: {error}", endpoint=self._location) from None

    def replace_graphs(
        self, graphs: Mapping[str, Sequence[ox.Triple]], *, progress: Progress | None = None
    ) -> None:
        token = uuid.uuid4().hex
        staging = {f"{STAGING_PREFIX}{token}:{i}": g for i, g in enumerate(graphs)}
        try:
            for stage, target in staging.items():
                self._write(ox.NamedNode(stage), graphs[target], progress)
            # One update: Oxigraph applies it in a single transaction, so every target graph
            # changes at once or none does.
            self._store.update(move_update(staging))
        except BaseException:
            self._store.update(drop_update(list(staging)))
            raise

    def _write(
        self, graph: ox.NamedNode, triples: Sequence[ox.Triple], progress: Progress | None
    ) -> None:
        for start in range(0, len(triples), _CHUNK):
            chunk = triples[start : start + _CHUNK]
            self._store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in chunk)
            if progress is not None:
                progress(len(chunk))

    def graph_sizes(self, prefix: str) -> dict[str, int]:
        result = self.query(GRAPH_SIZES, bindings={"prefix": ox.Literal(prefix)})
        return {row["g"] or "": int(row["n"] or 0) for row in result.values()}

    def close(self) -> None:
        # pyoxigraph releases the store when the object goes; flush what is buffered first.
        if self._location != MEMORY and not self._read_only:
            self._store.flush()


def graph_name(path: Path, *, settings: Settings) -> str:
    """The named graph a project file is loaded into: `<base>graph/<relative path, no suffix>`."""
    try:
        relative = path.resolve().relative_to(settings.project_dir.resolve())
    except ValueError:
        relative = Path("external") / path.name
    return f"{settings.base_iri}graph/{relative.with_suffix('').as_posix()}"


def memory_store(files: Iterable[ParsedFile], *, settings: Settings) -> EmbeddedStore:
    """A new in-memory store holding each file's triples in a named graph of its own."""
    store = EmbeddedStore()
    store.replace_graphs({graph_name(f.path, settings=settings): f.triples for f in files})
    return store


def select_rows(store: EmbeddedStore, query: str) -> tuple[list[str], list[list[str]]]:
    """Run a SELECT query; return its variable names and rows of plain strings."""
    result = store.query(query)
    return list(result.variables), [
        ["" if t is None else t.value for t in row] for row in result.rows
    ]

"""One store interface, two implementations: embedded Oxigraph and any SPARQL 1.1 server.

Both keep the project's data in named graphs under `<base>graph/`, one per source file, and
answer queries over the union of all graphs, unless a query (FROM, FROM NAMED) or the request
(a `Dataset`) names another dataset. Writes replace whole named graphs and are all or
nothing: new triples go to staging graphs first, and one SPARQL Update moves them into place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from kg import sparql_text
from kg.sparql_text import Form
from kg.terms import Term, n_triples

Progress = Callable[[int], None]
"""Called with the number of triples just written, so a caller can advance a progress bar."""

STAGING_PREFIX = "urn:kg:staging:"


class ResultKind(StrEnum):
    SELECT = "select"
    ASK = "ask"
    GRAPH = "graph"


_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_KINDS = {
    Form.SELECT: ResultKind.SELECT,
    Form.ASK: ResultKind.ASK,
    Form.CONSTRUCT: ResultKind.GRAPH,
    Form.DESCRIBE: ResultKind.GRAPH,
}


def query_form(sparql: str) -> ResultKind | None:
    """SELECT, ASK or GRAPH (CONSTRUCT/DESCRIBE) from the first keyword after the prologue,
    read by the SPARQL lexer; None when the text is not a query (an update, or not SPARQL)."""
    return _KINDS.get(sparql_text.query_form(sparql))


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a request names (the protocol's default-graph-uri and named-graph-uri):
    the default graph is the merge of `default_graphs`, and GRAPH sees only `named_graphs`.
    Either may be empty. It replaces whatever FROM / FROM NAMED the query says."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: ResultKind
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = field(default=())

    def column(self, name: str) -> list[Term | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def values(self) -> Iterator[dict[str, str | None]]:
        """Rows as dictionaries of lexical values (None where unbound)."""
        for row in self.rows:
            yield {
                v: (None if t is None else t.value)
                for v, t in zip(self.variables, row, strict=True)
            }


@runtime_checkable
class Store(Protocol):
    """What the CLI, the loader and the API need from a triple store."""

    @property
    def location(self) -> str:
        """Where the store is, for messages: a folder, ':memory:' or an endpoint URL."""
        ...

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a read-only query, with variables bound as terms. The default graph is the union
        of all graphs unless the query (FROM, FROM NAMED) or `dataset` names one; `dataset`
        wins over the query's. Relative IRIs in the query resolve against `base_iri`."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""
        ...

    def replace_graphs(
        self, graphs: Mapping[str, Sequence[ox.Triple]], *, progress: Progress | None = None
    ) -> None:
        """Make each named graph hold exactly the given triples, all graphs or none."""
        ...

    def graph_sizes(self, prefix: str) -> dict[str, int]:
        """Triples per named graph whose IRI starts with `prefix`."""
        ...

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        """Every triple of the named graph `graph`, however many (in no particular order).

        Raises StoreError rather than return fewer triples than the graph holds."""
        ...

    def close(self) -> None: ...


def replace_graph(store: Store, graph: str, triples: Sequence[ox.Triple]) -> None:
    """Replace one named graph (a convenience over `replace_graphs`)."""
    store.replace_graphs({graph: triples})


def load_graph(store: Store, graph: str, triples: Sequence[ox.Triple]) -> None:
    """Add triples to a named graph, keeping what it holds."""
    existing = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
        bindings={"g": ox.NamedNode(graph)},
    ).triples
    store.replace_graphs({graph: [*existing, *triples]})


def count_triples(store: Store, prefix: str) -> int:
    return sum(store.graph_sizes(prefix).values())


def move_update(moves: Mapping[str, str]) -> str:
    """One SPARQL Update moving each staging graph onto its target, replacing the target."""
    return " ;\n".join(
        f"MOVE SILENT GRAPH {_iri(src)} TO GRAPH {_iri(dst)}" for src, dst in moves.items()
    )


def drop_update(graphs: Sequence[str]) -> str:
    return " ;\n".join(f"DROP SILENT GRAPH {_iri(g)}" for g in graphs)


def _iri(value: str) -> str:
    # NamedNode checks the IRI and prints it escaped, so no text can break out of the <...>.
    return n_triples(ox.NamedNode(value))


def with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Bind variables by a VALUES block at the start of the outer WHERE group.

    Only pyoxigraph-serialised terms go in, so no caller text is ever spliced into the query.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.match(name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    match = _WHERE.search(sparql)
    if match is None:
        raise ValueError("a query with bindings needs a WHERE { … } group")
    names = " ".join(f"?{n}" for n in bindings)
    values = " ".join(n_triples(t) for t in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    return sparql[: match.end()] + block + sparql[match.end() :]

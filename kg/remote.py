"""A store on any SPARQL 1.1 server: Protocol for queries and updates, Graph Store Protocol for
bulk writes. Tested against Virtuoso, whose dialect is smoothed over where its answers are
read (`kg.sparql_answers`)."""

from __future__ import annotations

import contextlib
import itertools
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import httpx
import pyoxigraph as ox

from kg.errors import InvalidQuery, ResultTooLarge, StoreError
from kg.queries import GRAPH_SIZES, GRAPH_TRIPLES, graph_page
from kg.sparql_answers import parse_graph, parse_results
from kg.sparql_text import analyse, blank_out, with_base
from kg.store import (
    STAGING_PREFIX,
    Dataset,
    Progress,
    QueryResult,
    ResultKind,
    drop_update,
    move_update,
    query_form,
    with_values,
)
from kg.terms import Term

_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9"
_CHUNK = 50_000
# Triples asked for per page when a graph is read by queries (Virtuoso's default cap).
_PAGE = 10_000
# A graph IRI nothing is ever written to: the protocol's way of naming no graph at all.
NO_GRAPH = "urn:kg:no-graph"


class RemoteStore:
    """A SPARQL 1.1 server. Reads need only `query_url`; writes need `update_url` and
    `gsp_url` (and credentials, sent with HTTP digest or basic authentication as asked)."""

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        self._query_url = query_url
        self._update_url = update_url
        self._gsp_url = gsp_url or _virtuoso_gsp_url(update_url)
        self._auth = httpx.DigestAuth(user, password or "") if user else None
        self._timeout = timeout
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers={"User-Agent": "kg (SPARQL 1.1 client)"},
        )

    @property
    def location(self) -> str:
        return self._query_url

    # ---------------------------------------------------------------- reading

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        kind = query_form(sparql)
        if kind is None:
            raise StoreError(
                "not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)",
                endpoint=self._query_url,
                status=400,
            )
        text, graphs = _with_dataset(sparql, dataset, base_iri)
        try:
            response = self._send(
                "POST",
                self._query_url,
                data={"query": with_values(text, bindings or {}), **graphs},
                headers={"Accept": _ACCEPT_GRAPH if kind is ResultKind.GRAPH else _RESULTS_JSON},
            )
        except StoreError as error:
            if error.status == 400:
                # The SPARQL 1.1 Protocol's answer to a query the server cannot parse.
                raise InvalidQuery(
                    f"malformed query: {error.detail}",
                    hint="Check the SPARQL syntax; the server's words are above.",
                ) from None
            raise
        if "X-SPARQL-MaxRows" in response.headers:
            # Virtuoso cuts a result at ResultSetMaxRows and says so only in this header. The
            # answer is too large for the server, not a failure of it: the asker narrows it.
            raise ResultTooLarge(
                f"partial results: the server stopped at {response.headers['X-SPARQL-MaxRows']} rows",
                hint="Narrow the query with LIMIT/OFFSET or raise the server's result limit.",
            )
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type in {_RESULTS_JSON, "application/json"}:
            return parse_results(response.content, endpoint=self._query_url)
        if content_type in {"application/n-triples", "text/turtle", "text/plain"}:
            return parse_graph(response.content, content_type, endpoint=self._query_url)
        raise StoreError(f"unexpected answer of type {content_type!r}", endpoint=self._query_url)

    def graph_sizes(self, prefix: str) -> dict[str, int]:
        result = self.query(GRAPH_SIZES, bindings={"prefix": ox.Literal(prefix)})
        return {row["g"] or "": int(row["n"] or 0) for row in result.values()}

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        # Servers cut long answers short: Virtuoso stops SELECT, CONSTRUCT and even Graph Store
        # GET at ResultSetMaxRows (10,000 by default), the last without a word. So the graph's
        # size is counted first and whatever is read is checked against it: one GSP GET where
        # that suffices, else pages, unordered (fast) and then ordered (portable).
        name = ox.NamedNode(graph)
        counted = self.query(GRAPH_TRIPLES, bindings={"graph": name}).rows
        expected = int(counted[0][0].value) if counted and counted[0][0] is not None else 0
        if expected == 0:
            return iter(())
        triples = self._read_whole(graph)
        for ordered in (False, True):
            if triples is not None and len(triples) == expected:
                break
            triples = self._read_pages(name, expected, ordered=ordered)
        if triples is None or len(triples) != expected:
            raise StoreError(
                f"read {len(triples or ())} of the {expected} triples of <{graph}>",
                endpoint=self._query_url,
                hint="The graph changed while it was read, or the server cuts its answers "
                "short; try again, or raise the server's ResultSetMaxRows.",
            )
        return iter(triples)

    def _read_whole(self, graph: str) -> set[ox.Triple] | None:
        """The graph by one Graph Store Protocol GET; None where that is not on offer."""
        if self._gsp_url is None:
            return None
        try:
            response = self._send(
                "GET",
                self._gsp_url,
                params={"graph": graph},
                headers={"Accept": _ACCEPT_GRAPH},
                auth=True,
            )
        except StoreError as error:
            if error.status is not None and 400 <= error.status < 500:
                return None  # no read access there, or no GSP: pages still work
            raise
        return self._graph_answer(response)

    def _read_pages(self, graph: ox.NamedNode, expected: int, *, ordered: bool) -> set[ox.Triple]:
        # Each page starts where the last one ended, counting what actually came: a server
        # capping pages below _PAGE still yields every triple, only in more requests.
        triples: set[ox.Triple] = set()
        offset = 0
        while offset < expected:
            text = with_values(
                graph_page(offset=offset, limit=_PAGE, ordered=ordered), {"graph": graph}
            )
            response = self._send(
                "POST", self._query_url, data={"query": text}, headers={"Accept": _ACCEPT_GRAPH}
            )
            page = self._graph_answer(response)
            if not page:
                break
            triples.update(page)
            offset += len(page)
        return triples

    def _graph_answer(self, response: httpx.Response) -> set[ox.Triple]:
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type not in {"application/n-triples", "text/turtle", "text/plain"}:
            raise StoreError(
                f"unexpected answer of type {content_type!r}", endpoint=str(response.url)
            )
        return set(parse_graph(response.content, content_type, endpoint=self._query_url).triples)

    # ---------------------------------------------------------------- writing

    def update(self, sparql: str) -> None:
        if self._update_url is None:
            raise StoreError(
                "no update endpoint configured",
                endpoint=self._query_url,
                hint="Set KG_UPDATE_URL (for Virtuoso: http://HOST:PORT/sparql-auth) and KG_USER/KG_PASSWORD.",
            )
        self._send("POST", self._update_url, data={"update": sparql}, auth=True)

    def replace_graphs(
        self, graphs: Mapping[str, Sequence[ox.Triple]], *, progress: Progress | None = None
    ) -> None:
        if self._gsp_url is None:
            raise StoreError(
                "no Graph Store Protocol endpoint configured",
                endpoint=self._query_url,
                hint="Set KG_GSP_URL (for Virtuoso: http://HOST:PORT/sparql-graph-crud-auth).",
            )
        token = uuid.uuid4().hex
        staging = {f"{STAGING_PREFIX}{token}:{i}": g for i, g in enumerate(graphs)}
        try:
            for stage, target in staging.items():
                self._upload(stage, graphs[target], progress)
            # The targets change only here, in one update request, after every upload succeeded.
            self.update(move_update(staging))
        except BaseException:
            self._drop_quietly(list(staging))
            raise

    def close(self) -> None:
        self._client.close()

    # ---------------------------------------------------------------- internals

    def _upload(self, graph: str, triples: Sequence[ox.Triple], progress: Progress | None) -> None:
        assert self._gsp_url is not None
        for chunk in _chunks(triples, _CHUNK):
            body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
            self._send(
                "POST",
                self._gsp_url,
                params={"graph": graph},
                content=body,
                headers={"Content-Type": "text/turtle; charset=utf-8"},
                auth=True,
            )
            if progress is not None:
                progress(len(chunk))

    def _drop_quietly(self, graphs: list[str]) -> None:
        # The server is failing; staging graphs hold nothing anyone queries for, so a leftover
        # one is harmless and the original error is what the user needs to see.
        with contextlib.suppress(StoreError):
            self.update(drop_update(graphs))

    def _send(self, method: str, url: str, *, auth: bool = False, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(
                method, url, auth=self._auth if auth else None, **kwargs
            )
            response.read()
        except httpx.ConnectError:
            raise StoreError(
                "cannot connect", endpoint=url, hint="Is the server running, and is the URL right?"
            ) from None
        except httpx.TimeoutException:
            raise StoreError(f"no answer within {self._timeout:g} s", endpoint=url) from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            raise StoreError(f"incomplete answer from the server ({error})", endpoint=url) from None
        except httpx.HTTPError as error:
            raise StoreError(f"HTTP failure: {error}", endpoint=url) from None
        if response.status_code in {401, 403}:
            raise StoreError(
                f"the server refused the credentials (HTTP {response.status_code})",
                endpoint=url,
                status=response.status_code,
                hint="Check KG_USER and KG_PASSWORD.",
            )
        if response.status_code >= 400:
            detail = " ".join(response.text.split())[:300]
            raise StoreError(
                f"HTTP {response.status_code}: {detail}", endpoint=url, status=response.status_code
            )
        return response


def _with_dataset(
    sparql: str, dataset: Dataset | None, base_iri: str | None
) -> tuple[str, dict[str, list[str]]]:
    """The query text and protocol parameters that make Virtuoso see the dataset SPARQL says.

    Virtuoso adds protocol graphs to a query's FROM instead of replacing them, and lets GRAPH
    see every graph when only a default graph is named. So a query's FROM / FROM NAMED clauses
    are blanked out (positions kept, for error messages) and sent as parameters instead, and an
    empty graph list is sent as one graph that never holds anything. Relative IRIs are made to
    resolve against `base_iri` (see `with_base`).
    """
    read = analyse(sparql, base_iri=base_iri)
    if base_iri is not None and read.has_relative_iris:
        sparql = with_base(sparql, base_iri)
        read = analyse(sparql, base_iri=base_iri)
    if dataset is None and not read.declares_dataset:
        return sparql, {}
    if dataset is None:
        dataset = Dataset(default_graphs=read.from_graphs, named_graphs=read.from_named)
    return blank_out(sparql, read.dataset_spans), {
        "default-graph-uri": list(dataset.default_graphs) or [NO_GRAPH],
        "named-graph-uri": list(dataset.named_graphs) or [NO_GRAPH],
    }


def _chunks(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    iterator = iter(triples)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _virtuoso_gsp_url(update_url: str | None) -> str | None:
    """Virtuoso serves the Graph Store Protocol beside /sparql-auth; other servers need KG_GSP_URL."""
    if update_url and update_url.rstrip("/").endswith("/sparql-auth"):
        return update_url.rstrip("/")[: -len("sparql-auth")] + "sparql-graph-crud-auth"
    return None

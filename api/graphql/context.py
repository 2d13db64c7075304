"""What one GraphQL request carries: its store access, its deadline and its DataLoaders.

Everything here lives for one request. The loaders gather the keys the resolvers of one level
ask for and answer them with one store query, so the store queries per request follow the
query's shape, not the size of its answer; `RequestStore` counts them so responses can say so.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby

from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from kg.errors import QueryTimeout, ResultTooLarge
from kg.namespaces import Namespaces
from kg.query_pool import QueryPool
from kg.relations import Description, Page, Relations, Window
from kg.store import QueryResult
from kg.terms import Term

# How many of one request's store queries may be in the pool at once (running or waiting): a
# request that fans out over many fields then queues behind itself, not ahead of others. Two
# keep both of the default two workers busy.
MAX_QUERIES_IN_FLIGHT = 2


class RequestStore:
    """Reads through the query pool within the request's deadline, counting the queries."""

    def __init__(self, pool: QueryPool, *, deadline: float, timeout: float) -> None:
        self._pool, self._deadline, self._timeout = pool, deadline, timeout
        self._in_flight = threading.BoundedSemaphore(MAX_QUERIES_IN_FLIGHT)
        self.queries = 0

    @property
    def pool(self) -> QueryPool:
        """The app's pool, which outlives the request: what app-wide caches are keyed by."""
        return self._pool

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        if bindings:
            raise ValueError("the API's reads serialise their terms into the query")
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise request_timeout(self._timeout)
        self.queries += 1
        if not self._in_flight.acquire(timeout=remaining):
            raise request_timeout(self._timeout)
        try:
            return self._pool.query(sparql, timeout=self._deadline - time.monotonic())
        except QueryTimeout:
            raise request_timeout(self._timeout) from None
        finally:
            self._in_flight.release()


def request_timeout(seconds: float) -> QueryTimeout:
    """The error for a request stopped at its deadline, wherever it was stopped."""
    return QueryTimeout(
        f"the request ran longer than {seconds:g} s and was stopped",
        hint="Ask for fewer or smaller pages, or a shallower query.",
    )


@dataclass(frozen=True)
class IncomingKey:
    """Which resources point to `parent` by any of `predicates` (of `of_class`), which slice;
    with `aligned`, also those pointing to a section of another version aligned with it."""

    predicates: tuple[str, ...]
    parent: str
    of_class: str | None
    window: Window
    aligned: bool = False


@dataclass
class RequestContext:
    """The per-request state resolvers reach through `info.context`."""

    relations: Relations
    store: RequestStore
    max_nodes: int
    nodes: int = 0
    descriptions: DataLoader[str, Description] = field(init=False)
    incoming: DataLoader[IncomingKey, Page] = field(init=False)

    def __post_init__(self) -> None:
        self.descriptions = DataLoader(load_fn=self._describe)
        self.incoming = DataLoader(load_fn=self._incoming)

    async def describe(self, iris: Sequence[str]) -> list[Description]:
        """The descriptions of `iris`, batched with every other resolver of this level."""
        # Shielded: the loader's futures are shared between resolvers, and GraphQL cancels a
        # resolver when a sibling fails; unshielded, that would cancel the others' answer too.
        return list(await asyncio.shield(self.descriptions.load_many(list(iris))))

    async def pointing_to(self, key: IncomingKey) -> Page:
        """The page of resources pointing to `key.parent`, batched like `describe`."""
        return await asyncio.shield(self.incoming.load(key))

    @property
    def namespaces(self) -> Namespaces:
        return self.relations.ns

    def spend(self, count: int) -> None:
        """Count `count` more resources into the answer; refuse past the request's budget.

        Depth, token and alias limits bound a query's text, not its answer: three nested
        pages of 100 are a million resources. This bounds the answer itself.
        """
        self.nodes += count
        if self.nodes > self.max_nodes:
            raise ResultTooLarge(
                f"the answer would hold more than {self.max_nodes:,} resources",
                hint="Ask for smaller pages (first: …) or fewer nested lists.",
            )

    async def _describe(self, iris: list[str]) -> list[Description]:
        found = await run_in_threadpool(self.relations.describe, iris)
        return [found.get(iri, Description(iri)) for iri in iris]

    async def _incoming(self, keys: list[IncomingKey]) -> list[Page]:
        """One store query per (predicates, class) among the keys; for a lone parent the store
        cuts the page, for several it returns their whole lists."""
        answers: dict[IncomingKey, Page] = {}

        def relation(key: IncomingKey) -> tuple[tuple[str, ...], str, bool]:
            return key.predicates, key.of_class or "", key.aligned

        for (predicates, of_class, aligned), group in groupby(
            sorted(keys, key=relation), key=relation
        ):
            batch = list(group)
            parents = sorted({key.parent for key in batch})
            windows = {key.window for key in batch}
            window = next(iter(windows)) if len(parents) == 1 and len(windows) == 1 else None
            pages = await run_in_threadpool(
                partial(
                    self.relations.incoming,
                    of_class=of_class or None,
                    window=window,
                    aligned=aligned,
                ),
                predicates,
                parents,
            )
            for key in batch:
                page = pages[key.parent]
                answers[key] = page if window is not None else page.sliced(key.window)
        return [answers[key] for key in keys]


def request_context(
    pool: QueryPool, namespaces: Namespaces, *, timeout: float, max_nodes: int
) -> RequestContext:
    """A fresh context for one GraphQL operation: its own deadline, `timeout` seconds from now,
    its own DataLoaders and node budget. /graphql makes one per request; the report (api/report)
    one per document it runs, in the server or in `kg report`."""
    store = RequestStore(pool, deadline=time.monotonic() + timeout, timeout=timeout)
    return RequestContext(Relations(store, namespaces), store, max_nodes=max_nodes)

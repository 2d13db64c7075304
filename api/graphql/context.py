"""What one GraphQL request carries: its store access, its deadline and its DataLoaders.

Everything here lives for one request. The loaders gather the keys the resolvers of one level
ask for and answer them with one store query, so the store queries per request follow the
query's shape, not the size of its answer; `RequestStore` counts them so responses can say so.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from typing import TypeVar

from strawberry.dataloader import DataLoader

from kg.errors import QueryTimeout, ResultTooLarge
from kg.namespaces import Namespaces
from kg.query_pool import QueryPool
from kg.relations import Description, Page, Relations, Window
from kg.store import QueryResult
from kg.terms import Term

T = TypeVar("T")

# How many of one request's store queries may be in the pool at once (running or waiting): a
# request that fans out over many fields then queues behind itself, not ahead of others. Two
# keep both of the default two workers busy.
MAX_QUERIES_IN_FLIGHT = 2

# The threads store queries wait in, shared by every execution: enough for each of OffLoop's
# threads (api/graphql/offload.py) to have its MAX_QUERIES_IN_FLIGHT waiting at once. Kept
# rather than started per call: starlette's run_in_threadpool on each execution's own loop
# started threads at a cost that showed in every request's profile.
_STORE_THREADS = ThreadPoolExecutor(max_workers=32, thread_name_prefix="graphql-store")


async def off_loop(work: Callable[..., T], *args: object) -> T:
    """`work(*args)` on a store thread, in the caller's context (its deadline and
    `kg.query_pool.abandoned` event travel with it)."""
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(
        _STORE_THREADS, partial(context.run, work, *args)
    )


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
    only: frozenset[str] | None = None
    """The predicates the page's resources are described by (None: all); their descriptions
    are then the page's own (`RequestContext.described_on`), never shared by IRI."""


@dataclass(frozen=True)
class _Wanted:
    """A description asked for with the neighbours through `via`, by the predicates `only`."""

    iri: str
    via: tuple[str, ...] = ()
    only: frozenset[str] | None = None


@dataclass
class RequestContext:
    """The per-request state resolvers reach through `info.context`."""

    relations: Relations
    store: RequestStore
    max_nodes: int
    nodes: int = 0
    read_ahead: bool = True
    """Whether link fields are read ahead and pages described by what their selection reads
    (api/graphql/prefetch.py); off, every field resolves on its own, as a check of the same."""
    descriptions: DataLoader[_Wanted, Description] = field(init=False)
    incoming: DataLoader[IncomingKey, Page] = field(init=False)
    _on_pages: dict[IncomingKey, dict[str, Description]] = field(init=False)

    def __post_init__(self) -> None:
        self.descriptions = DataLoader(load_fn=self._describe)
        self.incoming = DataLoader(load_fn=self._incoming)
        self._on_pages = {}

    async def describe(
        self,
        iris: Sequence[str],
        *,
        via: Sequence[str] = (),
        only: frozenset[str] | None = None,
    ) -> list[Description]:
        """The descriptions of `iris`, batched with every other resolver of this level.

        With `via` (IRIs of predicates), the whole descriptions of what they link to by them
        come in the same store query, for `described_now` to find. With `only`, the resources
        may be described by those predicates alone: for a caller that knows its fields read
        nothing else. Only whole descriptions are kept for others.
        """
        keys = [_Wanted(iri, tuple(via), only) for iri in iris]
        # Shielded: the loader's futures are shared between resolvers, and GraphQL cancels a
        # resolver when a sibling fails; unshielded, that would cancel the others' answer too.
        return list(await asyncio.shield(self.descriptions.load_many(keys)))

    def described_on(self, key: IncomingKey) -> dict[str, Description] | None:
        """The descriptions of the resources on the page `key` names, as its query gave them."""
        return self._on_pages.get(key)

    def described_now(self, iris: Sequence[str]) -> list[Description] | None:
        """The descriptions of `iris` if this request has them already (read ahead, or asked
        for before), without waiting; None if any is missing."""
        found = []
        for iri in iris:
            future = self.descriptions.cache_map.get(_Wanted(iri))
            if future is None or not future.done() or future.cancelled() or future.exception():
                return None
            found.append(future.result())
        return found

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

    async def _describe(self, keys: list[_Wanted]) -> list[Description]:
        # One store query for the batch, whatever its keys ask: through every predicate any
        # asks for, and by every predicate any wants (all of them if one wants all). A
        # superset describes a little more than asked; a second query would cost more.
        via = sorted({predicate for key in keys for predicate in key.via})
        only: frozenset[str] | None = frozenset()
        for key in keys:
            only = None if only is None or key.only is None else only | key.only
        iris = list(dict.fromkeys(key.iri for key in keys))
        found = await off_loop(partial(self.relations.describe, via=via, only=only), iris)
        # Whole descriptions may serve anyone: those reached through `via`, and all of them
        # when `only` is None.
        subjects = set(iris)
        self._keep({k: v for k, v in found.items() if only is None or k not in subjects})
        return [found.get(key.iri, Description(key.iri)) for key in keys]

    def _keep(self, whole: Mapping[str, Description]) -> None:
        self.descriptions.prime_many({_Wanted(iri): d for iri, d in whole.items()})

    async def _incoming(self, keys: list[IncomingKey]) -> list[Page]:
        """One store query per (predicates, class) among the keys; for a lone parent the store
        cuts the page and describes its resources (primed into `descriptions`), for several it
        returns their whole lists."""
        answers: dict[IncomingKey, Page] = {}

        def relation(
            key: IncomingKey,
        ) -> tuple[tuple[str, ...], str, bool, bool, tuple[str, ...]]:
            only = key.only
            return (
                key.predicates,
                key.of_class or "",
                key.aligned,
                only is None,
                tuple(sorted(only or ())),
            )

        for (predicates, of_class, aligned, _, _), group in groupby(
            sorted(keys, key=relation), key=relation
        ):
            batch = list(group)
            parents = sorted({key.parent for key in batch})
            windows = {key.window for key in batch}
            if len(parents) == 1 and len(windows) == 1:
                # The store cuts the page, and describes what is on it in the same query.
                (window,) = windows
                only = batch[0].only
                page, described = await off_loop(
                    partial(
                        self.relations.incoming_described,
                        of_class=of_class or None,
                        aligned=aligned,
                        only=only,
                    ),
                    predicates,
                    parents[0],
                    window,
                )
                if only is None:
                    self._keep(described)
                for key in batch:
                    answers[key] = page
                    self._on_pages[key] = described
                continue
            pages = await off_loop(
                partial(
                    self.relations.incoming,
                    of_class=of_class or None,
                    window=None,
                    aligned=aligned,
                ),
                predicates,
                parents,
            )
            for key in batch:
                answers[key] = pages[key.parent].sliced(key.window)
        return [answers[key] for key in keys]


def request_context(
    pool: QueryPool, namespaces: Namespaces, *, timeout: float, max_nodes: int
) -> RequestContext:
    """A fresh context for one GraphQL operation: its own deadline, `timeout` seconds from now,
    its own DataLoaders and node budget. /graphql makes one per request; the report (api/report)
    one per document it runs, in the server or in `kg report`."""
    store = RequestStore(pool, deadline=time.monotonic() + timeout, timeout=timeout)
    return RequestContext(Relations(store, namespaces), store, max_nodes=max_nodes)

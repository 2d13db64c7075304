"""Running queries with a deadline: a pool of worker processes, each with its own store.

pyoxigraph cannot cancel a running query, so a query that overruns its deadline is stopped the
only sure way: its worker process is killed and a fresh one takes its place. Other queries keep
running on the other workers meanwhile. Workers return the answer already serialised, and
refuse answers larger than the cap, so one request can neither hang nor flood the server.

A request has one deadline for waiting and running: it waits for a free worker only until
then, and a request whose deadline passed while it waited is never run. A spare worker is kept
warm (started, its store open), so the one that replaces a killed worker is ready at once and
the next request is not left waiting for a process to start.
Before a worker sees a query, `admit` refuses anything but a query, and any SERVICE call to an
endpoint the operator has not allowed: the store would otherwise fetch any URL a client names.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import pickle
import queue
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from kg.errors import (
    InvalidQuery,
    KGError,
    NotRepresentable,
    QueryRejected,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
)
from kg.query_limits import check_nesting
from kg.settings import Settings
from kg.sparql_text import QueryText, analyse
from kg.store import Dataset, QueryResult
from kg.terms import Term

# How the pool's errors name the store: never its folder or internal URL, which are no
# business of the public the pool answers.
PUBLIC_STORE_NAME = "the store"


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


@dataclass(frozen=True)
class _Request:
    """What a worker is asked: `media_types` maps a kind (select, ask, graph) to the type to
    serialise it as; None means "send the result itself"."""

    sparql: str
    media_types: Mapping[str, str] | None
    dataset: Dataset | None = None
    bindings: Mapping[str, Term] = field(default_factory=dict)


def admit(sparql: str, *, settings: Settings) -> QueryText:
    """Refuse, before anything runs, what the pool does not serve: anything but a query, and a
    SERVICE call to any endpoint not on `settings.service_allowlist` (a variable target is
    never allowed, since it could name any endpoint)."""
    read = analyse(sparql, base_iri=settings.base_iri)
    check_nesting(read)
    if not read.is_query:
        raise QueryRejected(
            "only SPARQL queries are served here, not updates: this endpoint is read-only",
            hint="Send SELECT, ASK, CONSTRUCT or DESCRIBE.",
        )
    if read.has_stray_backslash:
        raise QueryRejected(
            "the query has a backslash outside a string, an IRI or a prefixed name",
            hint="\\u escapes are read only inside strings and IRIs.",
        )
    for service in read.services:
        if service.iri is None or service.iri not in settings.service_allowlist:
            target = service.iri or service.written or "(nothing)"
            raise QueryRejected(
                f"SERVICE {target} is refused: this endpoint calls no other SPARQL endpoint"
                + (
                    " unless its operator allows it"
                    if not settings.service_allowlist
                    else " except " + ", ".join(settings.service_allowlist)
                ),
                hint="Query that endpoint yourself, or ask the operator to list it in "
                "KG_SERVICE_ALLOW (SERVICE with a variable is never allowed).",
            )
    return read


def _serve(settings: Settings, connection: Connection, max_bytes: int) -> None:
    """A worker's life: open the store read-only, then answer requests until told to stop."""
    from kg.connect import open_store
    from kg.result_format import serialize

    try:
        store = open_store(settings, read_only=True)
    except KGError as error:
        # The operator reads the cause here; the public answer leaves the store's folder out.
        logging.getLogger(__name__).error("a query worker could not open the store: %s", error)
        connection.send(("failed", "the store could not be opened", None))
        return
    connection.send(("ready",))
    while True:
        request: _Request | None = connection.recv()
        if request is None:
            break
        try:
            result = store.query(
                request.sparql,
                bindings=request.bindings,
                dataset=request.dataset,
                base_iri=settings.base_iri,
            )
            if request.media_types is None:
                # The caller wants the result itself, pickled, under the same cap.
                body = pickle.dumps(result)
                _check_size(len(body), max_bytes)
                connection.send(("result", body))
                continue
            media_type = request.media_types.get(result.kind.value)
            if media_type is None:
                raise QueryRejected(f"no format was agreed for a {result.kind.value} result")
            body = serialize(result, media_type)
            _check_size(len(body), max_bytes)
            connection.send(("ok", body, media_type))
        except StoreError as error:
            # Both stores say "your query is wrong" the HTTP way, with status 400. The detail
            # leaves out the store's location: the answer may go to the public.
            kind = "rejected" if error.status == 400 else "store"
            connection.send((kind, error.detail, error.hint))
        except KGError as error:
            connection.send((type(error).__name__, error.message, error.hint))
        except Exception as error:
            # A fault of the store library: answer it, and keep the worker alive.
            connection.send(("store", f"the query failed ({type(error).__name__})", None))
    store.close()


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ResultTooLarge(
            f"the answer is {size:,} bytes; this endpoint serves at most {max_bytes:,}",
            hint="Narrow the query, or page through it with LIMIT and OFFSET.",
        )


class _Worker:
    """One worker process; `ready` once it has opened its store and said so."""

    def __init__(self, settings: Settings, max_bytes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(settings, child, max_bytes), daemon=True
        )
        try:
            self.process.start()
        except OSError as error:
            raise StoreError(
                f"a query worker could not be started ({error.strerror or error})",
                endpoint=PUBLIC_STORE_NAME,
                hint="The server is short of processes or memory; try again shortly.",
            ) from error
        finally:
            child.close()
        self.ready = False
        # Readiness is read by whoever takes the worker, and by `QueryPool.warm`.
        self._starting = threading.Lock()

    def wait_ready(self, seconds: float) -> bool:
        """Whether the worker is ready within `seconds`; raises StoreError if it failed."""
        if self.ready:
            return True
        if not self._starting.acquire(timeout=max(seconds, 0.0)):
            return False
        try:
            if self.ready:
                return True
            if not self.connection.poll(max(seconds, 0.0)):
                return False
            status, *payload = self.connection.recv()
            if status != "ready":
                message, hint = payload
                raise StoreError(message, endpoint=PUBLIC_STORE_NAME, hint=hint)
            self.ready = True
            return True
        finally:
            self._starting.release()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class QueryPool:
    """`size` worker processes answering queries within `timeout` seconds, and a spare."""

    def __init__(
        self,
        settings: Settings,
        *,
        size: int = 2,
        timeout: float = 10.0,
        max_bytes: int = 50_000_000,
    ) -> None:
        self._settings, self._timeout, self._max_bytes = settings, timeout, max_bytes
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers = [_Worker(settings, max_bytes) for _ in range(size)]
        self._spare: _Worker | None = _Worker(settings, max_bytes)
        self._runs = 0
        for worker in self._workers:
            self._idle.put(worker)

    @property
    def timeout(self) -> float:
        """Seconds a query may run before it is stopped."""
        return self._timeout

    @property
    def max_bytes(self) -> int:
        """The largest answer served, in bytes."""
        return self._max_bytes

    @property
    def runs(self) -> int:
        """How many queries were handed to a worker (a query refused or past its deadline
        before it reached one is not counted)."""
        return self._runs

    def warm(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for every worker and the spare to be ready; whether
        they all are. A server may call it before it takes requests; tests do."""
        deadline = time.monotonic() + timeout
        with self._lock:
            workers = [*self._workers, *([self._spare] if self._spare else [])]
        return all(worker.wait_ready(deadline - time.monotonic()) for worker in workers)

    def run(
        self, sparql: str, *, media_types: Mapping[str, str], dataset: Dataset | None = None
    ) -> Answer:
        """Answer `sparql` as `media_types[kind]` (kind: select, ask or graph), over `dataset`
        when the request names one, within the pool's timeout, waiting included. Raises
        QueryRejected before running anything `admit` refuses."""
        admit(sparql, settings=self._settings)
        request = _Request(sparql, dict(media_types), dataset)
        body, media_type = self._ask(request, time.monotonic() + self._timeout)
        return Answer(body=body, media_type=media_type)

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        bindings: Mapping[str, Term] | None = None,
    ) -> QueryResult:
        """The result of `sparql` itself, within `timeout` seconds (at most the pool's),
        waiting for a free worker included."""
        admit(sparql, settings=self._settings)
        limit = self._timeout if timeout is None else min(timeout, self._timeout)
        request = _Request(sparql, None, bindings=dict(bindings or {}))
        result: QueryResult = pickle.loads(self._ask(request, time.monotonic() + limit)[0])
        return result

    def _ask(self, request: _Request, deadline: float) -> tuple[Any, ...]:
        worker = self._take(deadline)
        try:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _waited_too_long(deadline, "no worker came free before it")
            with self._lock:
                self._runs += 1
            worker.connection.send(request)
            if not worker.connection.poll(remaining):
                worker = self._replace(worker)
                raise QueryTimeout(
                    f"the query ran longer than {remaining:.3g} s and was stopped",
                    hint="Make the query more selective, or add a LIMIT.",
                )
            status, *payload = worker.connection.recv()
        except (EOFError, OSError) as error:
            worker = self._replace(worker)
            raise StoreError(
                "a query worker stopped unexpectedly", endpoint=PUBLIC_STORE_NAME
            ) from error
        finally:
            self._idle.put(worker)
        if status in ("ok", "result"):
            return tuple(payload)
        message, hint = payload
        error_type = {
            "rejected": QueryRejected,
            "QueryRejected": QueryRejected,
            "InvalidQuery": InvalidQuery,
            "ResultTooLarge": ResultTooLarge,
            "NotRepresentable": NotRepresentable,
        }.get(status)
        if error_type is not None:
            raise error_type(message, hint=hint)
        raise StoreError(message, endpoint=PUBLIC_STORE_NAME, hint=hint)

    def _take(self, deadline: float) -> _Worker:
        """A free, ready worker, waited for until `deadline` at most."""
        try:
            worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0.0))
        except queue.Empty:
            raise _waited_too_long(deadline, "every query worker stayed busy until then") from None
        try:
            if worker.wait_ready(deadline - time.monotonic()):
                return worker
        except (EOFError, OSError, StoreError) as error:
            # It died starting (its store would not open): a fresh one takes its place.
            self._idle.put(self._replace(worker))
            if isinstance(error, StoreError):
                raise
            raise StoreError(
                "a query worker stopped while starting", endpoint=PUBLIC_STORE_NAME
            ) from error
        # Still starting at the deadline: it is not stuck, so it stays.
        self._idle.put(worker)
        raise _waited_too_long(deadline, "the free worker was still starting")

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill `worker`; the warm spare takes its place, and a new spare starts."""
        worker.stop()
        with self._lock:
            fresh = self._spare or _Worker(self._settings, self._max_bytes)
            self._workers = [fresh if w is worker else w for w in self._workers]
            self._spare = None
        try:
            spare = _Worker(self._settings, self._max_bytes)
        except StoreError:
            spare = None  # the next replacement starts one itself
        with self._lock:
            if self._spare is None:
                self._spare = spare
            elif spare is not None:
                spare.stop()
        return fresh

    def close(self) -> None:
        with self._lock:
            for worker in [*self._workers, *([self._spare] if self._spare else [])]:
                with contextlib.suppress(OSError, BrokenPipeError):
                    worker.connection.send(None)
                worker.stop()


def _waited_too_long(deadline: float, why: str) -> QueryTimeout:
    late = time.monotonic() - deadline
    return QueryTimeout(
        f"the query was not run: its deadline passed while it waited ({why}"
        + (f", {late:.2g} s ago)" if late > 0.01 else ")"),
        hint="The server is busy with other queries; try again shortly, or with a simpler "
        "query that leaves the workers free sooner.",
    )

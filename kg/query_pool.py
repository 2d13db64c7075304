"""Running queries with a deadline: a pool of worker processes, each with its own store.

pyoxigraph cannot cancel a running query, so a query that overruns its deadline is stopped the
only sure way: its worker process is killed and a fresh one takes its place. Other queries keep
running on the other workers meanwhile. Workers return the answer already serialised, and
refuse answers larger than the cap, so one request can neither hang nor flood the server.

A request has one deadline for waiting and running: it waits for a free worker only until
then, and a request whose deadline passed while it waited is never run. The wait is a bounded
queue: past `max_waiting` waiting requests, one more is refused at once (Overloaded), so a
burst cannot pile up requests that would all time out. A request whose client has gone
(`abandoned`) stops waiting, or has its worker killed. A spare worker is kept warm (started,
its store open), so the one that replaces a killed worker is ready at once and the next request
is not left waiting for a process to start.
Before a worker sees a query, `admit` refuses anything but a query, and any SERVICE call to an
endpoint the operator has not allowed: the store would otherwise fetch any URL a client names.
"""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import queue
import threading
import time
from collections import deque
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from kg.errors import (
    KGError,
    Overloaded,
    QueryCancelled,
    QueryTimeout,
    StoreError,
)
from kg.query_limits import admit
from kg.query_pool_async import LoopSide, waited_too_long
from kg.query_worker import PUBLIC_STORE_NAME, Answer, Worker, WorkerRequest, outcome
from kg.settings import Settings
from kg.store import Dataset, QueryResult
from kg.terms import Term

abandoned: ContextVar[threading.Event | None] = ContextVar("abandoned", default=None)
"""Set, for one request, to an event that fires when its client has gone (the API's
`api.admission.CancelOnDisconnect` does): a query of that request then stops waiting, or its
worker is killed and replaced, instead of running on for nobody."""

# How often a waiting or running query looks at its request's `abandoned` event.
_CANCEL_CHECK_SECONDS = 0.05


@dataclass(frozen=True)
class PoolStatus:
    """What a pool is doing now, and what it has refused since it started (for /health)."""

    workers: int
    busy: int
    waiting: int
    max_waiting: int
    runs: int
    timed_out: int
    cancelled: int
    refused: int

    @property
    def saturated(self) -> bool:
        """Whether a new request would be refused: every worker busy and the queue full."""
        return self.busy >= self.workers and self.waiting >= self.max_waiting


class QueryPool(LoopSide):
    """`size` worker processes answering queries within `timeout` seconds, and a spare.

    At most `max_waiting` requests wait for a worker at once (default: four per worker); one
    more is refused at once with Overloaded, since it would only wait past its deadline. Each
    worker runs at `niceness` (0: the caller's priority).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        size: int = 2,
        timeout: float = 10.0,
        max_bytes: int = 50_000_000,
        max_waiting: int | None = None,
        niceness: int = 0,
    ) -> None:
        self._settings, self._timeout, self._max_bytes = settings, timeout, max_bytes
        self._niceness = niceness
        self._max_waiting = 4 * size if max_waiting is None else max_waiting
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        # Callers on an event loop waiting for a worker (run_async): woken when one is freed.
        self._sleepers: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = deque()
        self._workers = [self._new_worker() for _ in range(size)]
        self._spare: Worker | None = self._new_worker()
        self._runs = self._waiting = self._timed_out = self._cancelled = self._refused = 0
        self._closed = False
        for worker in self._workers:
            self._idle.put(worker)

    def _new_worker(self) -> Worker:
        return Worker(self._settings, self._max_bytes, self._niceness)

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

    def status(self) -> PoolStatus:
        with self._lock:
            return PoolStatus(
                workers=len(self._workers),
                busy=len(self._workers) - self._idle.qsize(),
                waiting=self._waiting,
                max_waiting=self._max_waiting,
                runs=self._runs,
                timed_out=self._timed_out,
                cancelled=self._cancelled,
                refused=self._refused,
            )

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
        request = WorkerRequest(sparql, dict(media_types), dataset)
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
        request = WorkerRequest(sparql, None, bindings=dict(bindings or {}))
        result: QueryResult = pickle.loads(self._ask(request, time.monotonic() + limit)[0])
        return result

    def probe(self, timeout: float) -> bool:
        """Whether an idle worker answers `ASK {}` within `timeout` seconds; False, without
        waiting, when every worker is busy (then nothing is known of the store). Raises
        StoreError when the store cannot be reached."""
        request = WorkerRequest("ASK {}", {"ask": "application/sparql-results+json"})
        try:
            self._ask(request, time.monotonic() + timeout, queue_up=False)
        except (QueryTimeout, Overloaded):
            return False
        return True

    def _ask(
        self, request: WorkerRequest, deadline: float, *, queue_up: bool = True
    ) -> tuple[Any, ...]:
        cancel = abandoned.get()
        worker = self._take(deadline, cancel, queue_up=queue_up)
        try:
            with self._lock:
                self._runs += 1
            worker.connection.send(request)
            sent = time.monotonic()
            ending = self._await_answer(worker, deadline, cancel)
            if ending != "answered":
                worker = self._replace(worker)
                raise self._stopped(ending, deadline - sent)
            status, *payload = worker.connection.recv()
        except (EOFError, OSError) as error:
            worker = self._replace(worker)
            raise StoreError(
                "a query worker stopped unexpectedly", endpoint=PUBLIC_STORE_NAME
            ) from error
        finally:
            self._release(worker)
        return outcome(status, payload)

    def _overloaded(self) -> Overloaded:
        return Overloaded(
            f"every query worker is busy and {self._waiting} requests wait already, "
            "the most this server queues",
            retry_after=max(1, round(self._timeout / 2)),
            hint="Try again in a few seconds.",
        )

    @staticmethod
    def _await_answer(worker: Worker, deadline: float, cancel: threading.Event | None) -> str:
        """ "answered", "late" (the deadline passed) or "cancelled" (the client went)."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "late"
            if cancel is None:
                return "answered" if worker.connection.poll(remaining) else "late"
            if worker.connection.poll(min(remaining, _CANCEL_CHECK_SECONDS)):
                return "answered"
            if cancel.is_set():
                return "cancelled"

    def _stopped(self, outcome: str, allowed: float) -> KGError:
        with self._lock:
            if outcome == "cancelled":
                self._cancelled += 1
            else:
                self._timed_out += 1
        if outcome == "cancelled":
            return QueryCancelled("the client went away, so its query was stopped")
        return QueryTimeout(
            f"the query ran longer than {allowed:.3g} s and was stopped",
            hint="Make the query more selective, or add a LIMIT.",
        )

    def _take(self, deadline: float, cancel: threading.Event | None, *, queue_up: bool) -> Worker:
        """A free, ready worker, waited for until `deadline` at most, in a bounded queue."""
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            worker = self._wait_for_worker(deadline, cancel, queue_up=queue_up)
        try:
            if worker.wait_ready(deadline - time.monotonic()):
                return worker
        except (EOFError, OSError, StoreError) as error:
            # It died starting (its store would not open): a fresh one takes its place.
            self._release(self._replace(worker))
            if isinstance(error, StoreError):
                raise
            raise StoreError(
                "a query worker stopped while starting", endpoint=PUBLIC_STORE_NAME
            ) from error
        # Still starting at the deadline: it is not stuck, so it stays.
        self._release(worker)
        raise waited_too_long(deadline, "the free worker was still starting")

    def _wait_for_worker(
        self, deadline: float, cancel: threading.Event | None, *, queue_up: bool
    ) -> Worker:
        with self._lock:
            if not queue_up or self._waiting >= self._max_waiting:
                if queue_up:  # a probe that found every worker busy was refused nothing
                    self._refused += 1
                raise self._overloaded()
            self._waiting += 1
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    with self._lock:
                        self._timed_out += 1
                    raise waited_too_long(deadline, "every query worker stayed busy until then")
                if cancel is not None and cancel.is_set():
                    with self._lock:
                        self._cancelled += 1
                    raise QueryCancelled("the client went away while its query waited")
                wait = remaining if cancel is None else min(remaining, _CANCEL_CHECK_SECONDS)
                with contextlib.suppress(queue.Empty):
                    return self._idle.get(timeout=wait)
        finally:
            with self._lock:
                self._waiting -= 1

    def _replace(self, worker: Worker) -> Worker:
        """Kill `worker`; the warm spare takes its place, and a new spare starts."""
        worker.stop()
        with self._lock:
            fresh = self._spare or self._new_worker()
            self._workers = [fresh if w is worker else w for w in self._workers]
            self._spare = None
        try:
            spare = self._new_worker()
        except StoreError:
            spare = None  # the next replacement starts one itself
        with self._lock:
            closed = self._closed
            if self._spare is None and not closed:
                self._spare = spare
            elif spare is not None:
                spare.stop()
        if closed:  # the pool closed meanwhile: leave no process behind it
            fresh.stop()
        return fresh

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for worker in [*self._workers, *([self._spare] if self._spare else [])]:
                with contextlib.suppress(OSError, BrokenPipeError):
                    worker.connection.send(None)
                worker.stop()

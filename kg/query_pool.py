"""Running queries with a deadline: a pool of worker processes, each with its own store.

pyoxigraph cannot cancel a running query, so a query that overruns its deadline is stopped the
only sure way: its worker process is killed and a fresh one takes its place. Other queries keep
running on the other workers meanwhile. Workers return the answer already serialised, and
refuse answers larger than the cap, so one request can neither hang nor flood the server.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from kg.errors import KGError, StoreError
from kg.settings import Settings
from kg.store import QueryResult


class QueryRejected(KGError):
    """The query is malformed, not a query, or asks for a format that kind of query lacks."""


class QueryTimeout(KGError):
    """The query ran past the deadline and was stopped."""


class ResultTooLarge(KGError):
    """The answer is larger than the endpoint serves."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


def _serve(settings: Settings, connection: Connection, max_bytes: int) -> None:
    """A worker's life: open the store read-only, then answer requests until told to stop."""
    from kg.connect import open_store
    from kg.result_format import serialize
    from kg.store import query_form

    store = open_store(settings, read_only=True)
    while True:
        request = connection.recv()
        if request is None:
            break
        sparql, media_types = request
        try:
            if query_form(sparql) is None:
                raise QueryRejected("only SPARQL queries are served here, not updates")
            result = store.query(sparql)
            if media_types is None:
                # The caller wants the result itself, pickled, under the same cap.
                body = pickle.dumps(result)
                _check_size(len(body), max_bytes)
                connection.send(("result", body))
                continue
            media_type = media_types[result.kind.value]
            body = serialize(result, media_type)
            _check_size(len(body), max_bytes)
            connection.send(("ok", body, media_type))
        except StoreError as error:
            # Both stores say "your query is wrong" the HTTP way, with status 400.
            kind = "rejected" if error.status == 400 else "store"
            connection.send((kind, error.message, error.hint))
        except KGError as error:
            connection.send((type(error).__name__, error.message, error.hint))
    store.close()


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ResultTooLarge(
            f"the answer is {size:,} bytes; this endpoint serves at most {max_bytes:,}",
            hint="Narrow the query, or page through it with LIMIT and OFFSET.",
        )


class _Worker:
    def __init__(self, settings: Settings, max_bytes: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(settings, child, max_bytes), daemon=True
        )
        self.process.start()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class QueryPool:
    """`size` worker processes answering queries within `timeout` seconds."""

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
        for worker in self._workers:
            self._idle.put(worker)

    def run(self, sparql: str, *, media_types: dict[str, str]) -> Answer:
        """Answer `sparql` as `media_types[kind]` (kind: select, ask or graph)."""
        body, media_type = self._ask(sparql, media_types, self._timeout)
        return Answer(body=body, media_type=media_type)

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        """The result of `sparql` itself, within `timeout` seconds (at most the pool's)."""
        limit = self._timeout if timeout is None else min(timeout, self._timeout)
        result: QueryResult = pickle.loads(self._ask(sparql, None, limit)[0])
        return result

    def _ask(
        self, sparql: str, media_types: dict[str, str] | None, timeout: float
    ) -> tuple[Any, ...]:
        worker = self._idle.get()
        try:
            worker.connection.send((sparql, media_types))
            if not worker.connection.poll(max(timeout, 0.0)):
                worker = self._replace(worker)
                raise QueryTimeout(
                    f"the query ran longer than {timeout:g} s and was stopped",
                    hint="Make the query more selective, or add a LIMIT.",
                )
            status, *payload = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker = self._replace(worker)
            raise StoreError(
                "a query worker stopped unexpectedly", endpoint=self._settings.store
            ) from None
        finally:
            self._idle.put(worker)
        if status in ("ok", "result"):
            return tuple(payload)
        message, hint = payload
        error_type = {
            "rejected": QueryRejected,
            "QueryRejected": QueryRejected,
            "ResultTooLarge": ResultTooLarge,
        }.get(status)
        if error_type is not None:
            raise error_type(message, hint=hint)
        raise StoreError(message, endpoint=self._settings.store, hint=hint)

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop()
        fresh = _Worker(self._settings, self._max_bytes)
        with self._lock:
            self._workers = [fresh if w is worker else w for w in self._workers]
        return fresh

    def close(self) -> None:
        with self._lock:
            for worker in self._workers:
                with contextlib.suppress(OSError, BrokenPipeError):
                    worker.connection.send(None)
                worker.stop()

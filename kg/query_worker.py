"""One query worker: a process with its own read-only store, answering the pool's requests.

A worker returns each answer already serialised, and refuses one larger than its cap, so a
request can flood neither the pipe nor the server. `kg.query_pool` runs them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import (
    InvalidQuery,
    KGError,
    NotRepresentable,
    QueryRejected,
    ResultTooLarge,
    StoreError,
)
from kg.result_format import NATIVE_SOLUTION_FORMATS, CappedBuffer, check_size, serialize
from kg.settings import Settings
from kg.store import Dataset
from kg.terms import Term

if TYPE_CHECKING:
    from kg.embedded import EmbeddedStore

# How the pool's errors name the store: never its folder or internal URL, which are no
# business of the public the pool answers.
PUBLIC_STORE_NAME = "the store"


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


@dataclass(frozen=True)
class WorkerRequest:
    """What a worker is asked: `media_types` maps a kind (select, ask, graph) to the type to
    serialise it as; None means "send the result itself"."""

    sparql: str
    media_types: Mapping[str, str] | None
    dataset: Dataset | None = None
    bindings: Mapping[str, Term] = field(default_factory=dict)


def serve(settings: Settings, connection: Connection, max_bytes: int, niceness: int) -> None:
    """A worker's life: open the store read-only, then answer requests until told to stop."""
    from kg.connect import open_store
    from kg.embedded import EmbeddedStore

    if niceness:
        # A lane that serves anyone's SPARQL yields the CPU to the lane the pages run on.
        os.nice(niceness)

    try:
        store = open_store(settings, read_only=True)
    except KGError as error:
        # The operator reads the cause here; the public answer leaves the store's folder out.
        logging.getLogger(__name__).error("a query worker could not open the store: %s", error)
        connection.send(("failed", "the store could not be opened", None))
        return
    connection.send(("ready",))
    while True:
        request: WorkerRequest | None = connection.recv()
        if request is None:
            break
        try:
            native = _native_format(request)
            if native is not None and isinstance(store, EmbeddedStore):
                # The endpoint's common case: pyoxigraph writes the answer, bounded as it goes.
                reply = _written(store, request, native, settings.base_iri, max_bytes)
                if reply is not None:
                    connection.send(reply)
                    continue
            result = store.query(
                request.sparql,
                bindings=request.bindings,
                dataset=request.dataset,
                base_iri=settings.base_iri,
            )
            if request.media_types is None:
                # The caller wants the result itself, pickled, under the same cap.
                body = pickle.dumps(result)
                check_size(len(body), max_bytes)
                connection.send(("result", body))
                continue
            media_type = request.media_types.get(result.kind.value)
            if media_type is None:
                raise QueryRejected(f"no format was agreed for a {result.kind.value} result")
            body = serialize(result, media_type)
            check_size(len(body), max_bytes)
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


def _written(
    store: EmbeddedStore,
    request: WorkerRequest,
    native: ox.QueryResultsFormat,
    base_iri: str,
    max_bytes: int,
) -> tuple[str, bytes, str] | None:
    """The reply for a query pyoxigraph answered in `native`; None when the answer is not of
    the kind the caller read from the query (the general path then says so)."""
    output = CappedBuffer(max_bytes)
    written = store.write_answer(
        request.sparql,
        output,  # type: ignore[arg-type]  # a writer: all pyoxigraph needs of a file
        native,
        dataset=request.dataset,
        base_iri=base_iri,
    )
    media_type = (request.media_types or {}).get(written.value)
    return None if media_type is None else ("ok", output.getvalue(), media_type)


def _native_format(request: WorkerRequest) -> ox.QueryResultsFormat | None:
    """The format pyoxigraph can write the answer in itself, when the request is for one kind
    of solutions (select or ask) in such a format, with nothing to bind."""
    if request.media_types is None or request.bindings or len(request.media_types) != 1:
        return None
    ((kind, media_type),) = request.media_types.items()
    return NATIVE_SOLUTION_FORMATS.get(media_type) if kind in ("select", "ask") else None


class Worker:
    """One worker process; `ready` once it has opened its store and said so."""

    def __init__(self, settings: Settings, max_bytes: int, niceness: int = 0) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=serve, args=(settings, child, max_bytes, niceness), daemon=True
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


_ERRORS: dict[str, type[KGError]] = {
    "rejected": QueryRejected,
    "QueryRejected": QueryRejected,
    "InvalidQuery": InvalidQuery,
    "ResultTooLarge": ResultTooLarge,
    "NotRepresentable": NotRepresentable,
}


def outcome(status: str, payload: list[Any]) -> tuple[Any, ...]:
    """A worker's reply (its status, then the rest): the payload when it answered, else
    the error it reported, raised."""
    if status in ("ok", "result"):
        return tuple(payload)
    message, hint = payload
    error_type = _ERRORS.get(status)
    if error_type is not None:
        raise error_type(message, hint=hint)
    raise StoreError(message, endpoint=PUBLIC_STORE_NAME, hint=hint)

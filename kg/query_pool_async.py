"""The query pool's side for callers on an event loop: waiting for a worker, and for its answer,
on the caller's loop, with no thread between.

A thread per request would cost more than the query: the hand-off to it and back, and the GIL
the two contend for. Here a request waits for a free worker on a future that `_release` wakes,
and for the answer on the worker's connection (`kg.pipe_reader.receive`); cancelling the
awaiting task (its client gone) stops the query, as the `abandoned` event does for threads.
`kg.query_pool.QueryPool` keeps the rest: the workers, the deadlines and the counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping

from kg.errors import KGError, Overloaded, QueryTimeout, StoreError
from kg.pipe_reader import receive
from kg.query_limits import admit
from kg.query_worker import PUBLIC_STORE_NAME, Answer, Worker, WorkerRequest, outcome
from kg.settings import Settings
from kg.store import Dataset


class LoopSide:
    """What QueryPool answers callers on an event loop with (a mixin: the pool's state is
    declared here and set by QueryPool)."""

    _settings: Settings
    _timeout: float
    _idle: queue.Queue[Worker]
    _lock: threading.Lock
    _sleepers: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]]
    _waiting: int
    _max_waiting: int
    _runs: int
    _refused: int
    _timed_out: int
    _cancelled: int

    # QueryPool's own methods, which this side shares.
    _replace: Callable[[Worker], Worker]
    _stopped: Callable[[str, float], KGError]
    _overloaded: Callable[[], Overloaded]

    async def run_async(
        self, sparql: str, *, media_types: Mapping[str, str], dataset: Dataset | None = None
    ) -> Answer:
        """As `run`, awaited on the caller's event loop instead of blocking a thread. Cancelling
        the awaiting task (its client gone) stops the query, killing its worker if it runs."""
        admit(sparql, settings=self._settings)
        request = WorkerRequest(sparql, dict(media_types), dataset)
        deadline = time.monotonic() + self._timeout
        worker = await self._take_async(deadline)
        with self._lock:
            self._runs += 1
        try:
            worker.connection.send(request)
            sent = time.monotonic()
            status, *payload = await receive(worker.connection, deadline - sent)
        except TimeoutError:
            self._replace_later(worker)
            raise self._stopped("late", deadline - sent) from None
        except asyncio.CancelledError:
            self._replace_later(worker)
            self._stopped("cancelled", 0.0)  # counts it
            raise
        except (EOFError, OSError) as error:
            self._replace_later(worker)
            raise StoreError(
                "a query worker stopped unexpectedly", endpoint=PUBLIC_STORE_NAME
            ) from error
        self._release(worker)
        body, media_type = outcome(status, payload)
        return Answer(body=body, media_type=media_type)

    async def _take_async(self, deadline: float) -> Worker:
        """As `_take`, waiting on the event loop: a free, ready worker, or Overloaded at once
        when the queue is full, or QueryTimeout at the deadline."""
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            worker = await self._wait_async(deadline)
        if worker.ready:
            return worker
        # A replacement still starting: rare, so its blocking wait may take a thread.
        try:
            if await asyncio.to_thread(worker.wait_ready, deadline - time.monotonic()):
                return worker
        except (EOFError, OSError, StoreError) as error:
            self._replace_later(worker)
            if isinstance(error, StoreError):
                raise
            raise StoreError(
                "a query worker stopped while starting", endpoint=PUBLIC_STORE_NAME
            ) from error
        except asyncio.CancelledError:
            self._release(worker)  # it only waited: the worker is as good as before
            raise
        self._release(worker)
        raise waited_too_long(deadline, "the free worker was still starting")

    async def _wait_async(self, deadline: float) -> Worker:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._waiting >= self._max_waiting:
                self._refused += 1
                raise self._overloaded()
            self._waiting += 1
        try:
            while True:
                with self._lock:
                    # Looked at under the lock `_wake_next` takes, so no wake-up is missed.
                    with contextlib.suppress(queue.Empty):
                        return self._idle.get_nowait()
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        self._timed_out += 1
                        raise waited_too_long(deadline, "every query worker stayed busy until then")
                    woken: asyncio.Future[None] = loop.create_future()
                    self._sleepers.append((loop, woken))
                try:
                    async with asyncio.timeout(remaining):
                        await woken
                except TimeoutError:
                    pass  # the next turn takes a worker freed just now, or gives up
                except asyncio.CancelledError:
                    with self._lock:
                        self._cancelled += 1
                        passed_over = (loop, woken) not in self._sleepers
                    if passed_over:
                        self._wake_next()  # the worker it was woken for goes to another
                    raise
                finally:
                    with self._lock:
                        # Tested first: a failed remove() would format the future's repr.
                        if (loop, woken) in self._sleepers:
                            self._sleepers.remove((loop, woken))
        finally:
            with self._lock:
                self._waiting -= 1

    def _release(self, worker: Worker) -> None:
        """Give `worker` back, waking one caller waiting on an event loop, if any."""
        self._idle.put(worker)
        self._wake_next()

    def _wake_next(self) -> None:
        with self._lock:
            if not self._sleepers or self._idle.empty():
                return
            loop, woken = self._sleepers.popleft()
        if _running_loop() is loop:
            _wake(woken)  # on its own loop: no need to go through its wake-up pipe
            return
        with contextlib.suppress(RuntimeError):  # that loop has closed
            loop.call_soon_threadsafe(_wake, woken)

    def _replace_later(self, worker: Worker) -> None:
        """Kill and replace `worker` on a thread of its own: stopping and starting processes
        blocks, and an event loop serving other requests must not wait for it."""

        def replace() -> None:
            with contextlib.suppress(StoreError):
                self._release(self._replace(worker))

        threading.Thread(target=replace, name="kg-replace-worker", daemon=True).start()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _wake(woken: asyncio.Future[None]) -> None:
    if not woken.done():
        woken.set_result(None)


def waited_too_long(deadline: float, why: str) -> QueryTimeout:
    late = time.monotonic() - deadline
    return QueryTimeout(
        f"the query was not run: its deadline passed while it waited ({why}"
        + (f", {late:.2g} s ago)" if late > 0.01 else ")"),
        hint="The server is busy with other queries; try again shortly, or with a simpler "
        "query that leaves the workers free sooner.",
    )

"""GraphQL executions off the server's event loop, a bounded number at once.

Assembling a large answer is Python work between awaits: on the server's loop it would hold up
every other request (/health included) for as long as it takes, and no deadline can interrupt
it. So each execution runs on an event loop of its own, in one of `threads` threads kept for
the purpose; one execution per thread at a time, so a slow one delays only itself. At most
`max_waiting` more wait for a thread, each until its deadline; past that, Overloaded at once.
A thread counts as busy until its execution has really finished, so the capacity /health
reports is the capacity there is.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import gc
import threading
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from kg.errors import KGError, Overloaded, QueryTimeout

T = TypeVar("T")

# graphql-core creates a coroutine per async resolver of a level and drops the rest when one
# fails (a stopped or over-budget execution): Python then warns of each when it is collected.
# That is graphql-core's way, not a fault, and would bury real warnings in the server's log.
warnings.filterwarnings(
    "ignore",
    message=r"coroutine 'GraphQLCoreConverter\.from_resolver\.<locals>\._async_resolver' "
    "was never awaited",
    category=RuntimeWarning,
)

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)
"""The address of the request's client, where per-client limits apply (api.admission sets it)."""

# How long past its deadline an execution may take to stop by itself before its client is
# answered without it.
_GRACE_SECONDS = 0.5


@dataclass(frozen=True)
class ExecutionStatus:
    threads: int
    busy: int
    waiting: int
    max_waiting: int
    refused: int

    @property
    def saturated(self) -> bool:
        return self.busy >= self.threads and self.waiting >= self.max_waiting


class _LoopThread:
    """A thread running an event loop of its own, for one execution at a time."""

    def __init__(self, number: int) -> None:
        self.loop = asyncio.new_event_loop()
        self.loop.set_exception_handler(_quiet_about_stopped_work)
        self.thread = threading.Thread(
            target=self.loop.run_forever, name=f"graphql-{number}", daemon=True
        )
        self.thread.start()
        self.task: asyncio.Task[Any] | None = None

    def start(
        self, make: Callable[[], Awaitable[T]], context: contextvars.Context
    ) -> concurrent.futures.Future[T]:
        """Run `make()` on this thread's loop, in `context` (the request's context vars)."""
        done: concurrent.futures.Future[T] = concurrent.futures.Future()

        async def relay() -> None:
            if not done.set_running_or_notify_cancel():
                return  # given up on before it started
            try:
                done.set_result(await make())
            except BaseException as error:  # the caller re-raises it, cancellation included
                done.set_exception(error)

        def begin() -> None:
            self.task = self.loop.create_task(relay())

        self.loop.call_soon_threadsafe(begin, context=context)
        return done

    def cancel(self) -> None:
        self.loop.call_soon_threadsafe(lambda: self.task.cancel() if self.task else None)

    def stop(self) -> None:
        async def drain() -> None:
            running = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(drain(), self.loop).result(timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        if not self.thread.is_alive():
            self.loop.close()  # drops the callbacks still queued, and what they hold


@dataclass
class _Turn:
    """One client's share of the threads: its slots, and how many of its requests use them."""

    slots: asyncio.Semaphore
    users: int = 0


class OffLoop:
    """Runs coroutines on `threads` loop threads, with a bounded, deadline-bound wait."""

    def __init__(self, *, threads: int = 16, max_waiting: int = 32, per_client: int = 1) -> None:
        self._threads, self._max_waiting, self._per_client = threads, max_waiting, per_client
        self._clients: dict[str, _Turn] = {}
        self._started: list[_LoopThread] = []
        self._idle: list[_LoopThread] = []
        self._waiters: deque[asyncio.Future[_LoopThread]] = deque()
        self._refused = 0
        self._home: asyncio.AbstractEventLoop | None = None

    def status(self) -> ExecutionStatus:
        return ExecutionStatus(
            threads=self._threads,
            busy=len(self._started) - len(self._idle),
            waiting=sum(1 for waiter in self._waiters if not waiter.done()),
            max_waiting=self._max_waiting,
            refused=self._refused,
        )

    async def run(self, make: Callable[[], Awaitable[T]], *, timeout: float) -> T:
        """`await make()` on a thread of its own, waiting for one at most `timeout` seconds."""
        self._home = asyncio.get_running_loop()
        deadline = time.monotonic() + timeout
        client = client_address.get()
        if client is None:
            return await self._run(make, deadline, timeout)
        # A client's own executions beyond `per_client` wait for its others, not for the
        # threads everyone shares: one client cannot hold them all.
        turn = self._clients.setdefault(client, _Turn(asyncio.Semaphore(self._per_client)))
        turn.users += 1
        try:
            try:
                await asyncio.wait_for(turn.slots.acquire(), deadline - time.monotonic())
            except TimeoutError:
                raise _late("its other requests") from None
            try:
                return await self._run(make, deadline, timeout)
            finally:
                turn.slots.release()
        finally:
            turn.users -= 1
            if not turn.users:
                del self._clients[client]  # nothing of this client runs or waits: forget it

    async def _run(self, make: Callable[[], Awaitable[T]], deadline: float, timeout: float) -> T:
        worker = await self._acquire(deadline)
        future = worker.start(make, contextvars.copy_context())
        future.add_done_callback(lambda _: self._home_call(self._release, worker))
        answer = asyncio.wrap_future(future)
        answer.add_done_callback(_retrieved)  # read even when the client has gone
        try:
            # The execution has its own deadline, but Python work between awaits can overrun
            # it; the client is answered at the deadline regardless (the thread stays busy,
            # and counted, until the work really stops).
            return await asyncio.wait_for(
                asyncio.shield(answer), deadline - time.monotonic() + _GRACE_SECONDS
            )
        except TimeoutError:
            worker.cancel()
            raise QueryTimeout(
                f"the request ran longer than {timeout:g} s and was stopped",
                hint="Ask for fewer or smaller pages, or a shallower query.",
            ) from None
        except asyncio.CancelledError:
            worker.cancel()  # the client went: stop the execution too
            raise

    def close(self) -> None:
        for worker in self._started:
            worker.stop()
        self._started.clear()
        self._idle.clear()
        # Finalise what stopped executions left while the interpreter is whole: at exit,
        # their finalisers would fail noisily.
        gc.collect()

    async def _acquire(self, deadline: float) -> _LoopThread:
        if self._idle:
            return self._idle.pop()
        if len(self._started) < self._threads:
            worker = _LoopThread(len(self._started) + 1)
            self._started.append(worker)
            return worker
        if self.status().waiting >= self._max_waiting:
            self._refused += 1
            raise Overloaded(
                f"{self._threads} GraphQL requests run and {self._max_waiting} wait already, "
                "the most this server takes at once",
                hint="Try again in a few seconds.",
            )
        waiter: asyncio.Future[_LoopThread] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        took = False
        try:
            worker = await asyncio.wait_for(asyncio.shield(waiter), deadline - time.monotonic())
            took = True
            return worker
        except TimeoutError:
            raise _late("a free GraphQL thread") from None
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            if not took and waiter.done() and not waiter.cancelled():
                self._release(waiter.result())  # handed over as the wait ended: pass it on

    def _release(self, worker: _LoopThread) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _home_call(self, action: Callable[[_LoopThread], None], worker: _LoopThread) -> None:
        if self._home is not None and not self._home.is_closed():
            self._home.call_soon_threadsafe(action, worker)


def _late(waited_for: str) -> QueryTimeout:
    return QueryTimeout(
        f"the request was not run: its deadline passed while it waited for {waited_for}",
        hint="The server is busy; try again shortly.",
    )


def _retrieved(answer: asyncio.Future[Any]) -> None:
    if not answer.cancelled():
        answer.exception()  # marks it read: an execution stopped for a gone client is no news


def _quiet_about_stopped_work(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The loop threads' handler: an execution that was stopped (its client gone, its deadline
    passed) leaves futures failed with our own errors that nobody reads; those are expected.
    Anything else is logged as asyncio would."""
    if isinstance(context.get("exception"), KGError | asyncio.CancelledError):
        return
    loop.default_exception_handler(context)

"""Reading a worker's answer on the event loop, without a thread and without blocking it.

`multiprocessing.Connection.recv` blocks until a whole message has come, so a caller on an event
loop would have to hand it to a thread; under load those hand-offs, and the GIL they contend
for, cost more than the query. Here the loop watches the connection's descriptor and reads
whatever has come, until a whole message of the connection's framing (what `send` writes: a
4-byte big-endian length, or -1 and an 8-byte length, then the pickle) has arrived.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import struct
from multiprocessing.connection import Connection
from typing import Any

_CHUNK = 1 << 20
_SHORT = struct.Struct("!i")
_LONG = struct.Struct("!Q")


class _Frame:
    """One message being assembled from the chunks read so far."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._size: int | None = None
        self._start = 0

    def feed(self, chunk: bytes) -> bool:
        """Add `chunk`; whether the message is complete."""
        self._buffer += chunk
        if self._size is None:
            if len(self._buffer) < _SHORT.size:
                return False
            (size,) = _SHORT.unpack_from(self._buffer)
            if size == -1:
                if len(self._buffer) < _SHORT.size + _LONG.size:
                    return False
                (size,) = _LONG.unpack_from(self._buffer, _SHORT.size)
                self._start = _SHORT.size + _LONG.size
            else:
                self._start = _SHORT.size
            self._size = size
        return len(self._buffer) - self._start >= self._size

    def payload(self) -> memoryview:
        assert self._size is not None
        return memoryview(self._buffer)[self._start : self._start + self._size]


async def receive(connection: Connection, timeout: float) -> Any:
    """The next object sent on `connection`, within `timeout` seconds (TimeoutError after).

    EOFError or OSError when the other end has gone. Cancelling the awaiting task leaves the
    connection part-read: its worker must then be stopped, as a late one is."""
    loop = asyncio.get_running_loop()
    descriptor = connection.fileno()
    frame = _Frame()
    done: asyncio.Future[None] = loop.create_future()

    def readable() -> None:
        if done.done():
            return
        try:
            chunk = os.read(descriptor, _CHUNK)
        except BlockingIOError:
            return
        except OSError as error:
            done.set_exception(error)
            return
        if not chunk:
            done.set_exception(EOFError("the worker closed its connection"))
        elif frame.feed(chunk):
            done.set_result(None)

    def late() -> None:
        if not done.done():
            done.set_exception(TimeoutError())

    loop.add_reader(descriptor, readable)
    # A bare timer rather than asyncio.timeout: this runs once a request, and is cheaper.
    timer = loop.call_later(max(timeout, 0.0), late)
    try:
        await done
    finally:
        timer.cancel()
        loop.remove_reader(descriptor)
    return pickle.loads(frame.payload())

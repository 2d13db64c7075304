"""Who gets served, and for how long: per-client limits, and cancelling work for clients gone.

`ClientGate` gives each client address a token bucket (a sustained rate and a burst) and a cap
on requests in flight, so one client, however fast, gets its share and no more; the rest are
answered 429 with Retry-After before any work starts. `CancelOnDisconnect` notices a client
that hangs up and cancels its request: the query pool (`kg.query_pool.abandoned`) then stops
its queries, killing a worker if one is running, instead of computing for nobody.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.graphql.offload import client_address
from kg.errors import ConfigError
from kg.query_pool import abandoned

# Buckets are forgotten once this many addresses are tracked and a bucket is idle and full:
# a scan from many addresses must not grow the table without bound.
_MAX_TRACKED = 10_000


@dataclass(frozen=True)
class ClientLimits:
    """What one client address may ask: `rate` requests a second sustained (0: no rate
    limit), bursts of up to `burst`, at most `concurrency` requests at once, and of those at
    most `sparql_concurrency` to /sparql, whose queries can each hold a worker for the whole
    timeout: one client then never holds the whole SPARQL lane."""

    rate: float = 20.0
    burst: int = 100
    concurrency: int = 6  # what a browser opens to one host over HTTP/1.1
    sparql_concurrency: int = 1

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ClientLimits:
        """KG_CLIENT_RATE, KG_CLIENT_BURST and KG_CLIENT_CONCURRENCY; unset keeps the default."""
        default = cls()
        return cls(
            rate=_number(env, "KG_CLIENT_RATE", default.rate, float, minimum=0),
            burst=_number(env, "KG_CLIENT_BURST", default.burst, int, minimum=1),
            concurrency=_number(env, "KG_CLIENT_CONCURRENCY", default.concurrency, int, minimum=1),
            sparql_concurrency=_number(
                env, "KG_CLIENT_SPARQL_CONCURRENCY", default.sparql_concurrency, int, minimum=1
            ),
        )


def _number(env: Mapping[str, str], name: str, default: Any, kind: type, *, minimum: float) -> Any:
    text = env.get(name)
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or not value >= minimum or (kind is float and math.isinf(value)):
        raise ConfigError(
            f"{name} must be a {'whole ' if kind is int else ''}number of at least {minimum:g}, "
            f"not {text!r}",
            setting=name,
            hint=f"Leave it unset for the default ({default}).",
        )
    return value


@dataclass
class _Bucket:
    tokens: float
    updated: float
    in_flight: int = 0
    sparql_in_flight: int = 0


class ClientGate:
    """ASGI middleware: 429 for a client past its rate or its requests in flight."""

    def __init__(self, app: ASGIApp, *, limits: ClientLimits) -> None:
        self.app, self.limits = app, limits
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = client[0] if client else "unknown"
        sparql = scope["path"].rstrip("/") == "/sparql"
        refusal = self._admit(address, sparql=sparql)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        token = client_address.set(address)  # for the GraphQL threads' per-client share
        try:
            await self.app(scope, receive, send)
        finally:
            client_address.reset(token)
            with self._lock:
                bucket = self._buckets[address]
                bucket.in_flight -= 1
                bucket.sparql_in_flight -= sparql

    def _admit(self, address: str, *, sparql: bool) -> JSONResponse | None:
        limits, now = self.limits, time.monotonic()
        with self._lock:
            bucket = self._buckets.get(address)
            if bucket is None:
                if len(self._buckets) >= _MAX_TRACKED:
                    self._forget_idle(now)
                bucket = self._buckets[address] = _Bucket(tokens=limits.burst, updated=now)
            if limits.rate:
                bucket.tokens = min(
                    limits.burst, bucket.tokens + (now - bucket.updated) * limits.rate
                )
            bucket.updated = now
            if bucket.in_flight >= limits.concurrency:
                return _too_many(
                    f"this client has {bucket.in_flight} requests in flight, the most one "
                    "client may have",
                    retry_after=1,
                )
            if sparql and bucket.sparql_in_flight >= limits.sparql_concurrency:
                return _too_many(
                    f"this client has {bucket.sparql_in_flight} SPARQL queries in flight, the "
                    "most one client may have",
                    retry_after=1,
                )
            if limits.rate and bucket.tokens < 1:
                wait = math.ceil((1 - bucket.tokens) / limits.rate)
                return _too_many(
                    f"this client sent more than {limits.burst} requests at "
                    f"{limits.rate:g} a second",
                    retry_after=wait,
                )
            if limits.rate:
                bucket.tokens -= 1
            bucket.in_flight += 1
            bucket.sparql_in_flight += sparql
            return None

    def _forget_idle(self, now: float) -> None:
        rate, burst = self.limits.rate, self.limits.burst
        for address, bucket in list(self._buckets.items()):
            refilled = not rate or bucket.tokens + (now - bucket.updated) * rate >= burst
            if bucket.in_flight == 0 and refilled:
                del self._buckets[address]


def _too_many(message: str, *, retry_after: int) -> JSONResponse:
    return JSONResponse(
        {"error": message, "hint": f"Slow down: try again in {retry_after} s."},
        status_code=429,
        headers={"Retry-After": str(retry_after)},
    )


class CancelOnDisconnect:
    """ASGI middleware: when the client hangs up before its answer is sent, cancel the
    request's task and set its `abandoned` event, which stops its store queries.

    One task reads the client's messages for the app (one at a time, so a large body is still
    read at the app's pace) and goes on listening after the body for the disconnect."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        gone = threading.Event()
        answered = False
        inbox: asyncio.Queue[Message] = asyncio.Queue(maxsize=1)

        async def sending(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.body" and not message.get("more_body"):
                answered = True
            await send(message)

        async def answer() -> None:
            await self.app(scope, inbox.get, sending)

        token = abandoned.set(gone)  # in this task's context, which the app's task copies
        app = asyncio.create_task(answer())
        abandoned.reset(token)

        async def listen() -> None:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    if not answered:
                        gone.set()
                        app.cancel()
                    if inbox.empty():
                        inbox.put_nowait(message)
                    return
                await inbox.put(message)

        listener = asyncio.create_task(listen())
        try:
            await app
        except asyncio.CancelledError:
            if not gone.is_set():
                raise  # the server is stopping, not the client
        finally:
            listener.cancel()
            app.cancel()  # a no-op once it is done

"""/health: whether the store answers, and how full each lane of work is, told honestly.

The API runs work in lanes of separate capacity: the public SPARQL endpoint's worker pool,
the pool GraphQL, the pages and the reports read through, and the threads GraphQL executes on.
/health reports each lane's size, how much of it is busy, how many requests wait, and what it
has refused, timed out or cancelled since it started. The answer:

- "ok" (200): the store answers and nothing waits;
- "busy" (200): requests wait for capacity, but new ones are still taken;
- "degraded" (200): the SPARQL lane is full (new SPARQL requests are refused) while GraphQL and
  the pages are served;
- "saturated" (503): GraphQL and the pages refuse new requests;
- "unavailable" (503): the store cannot be reached.

It never waits in a queue: the store is probed (ASK {}) only on a worker idle at that moment,
at most once a second, and a lane with no idle worker is reported busy instead.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.errors import public_message
from api.graphql.offload import OffLoop
from kg.errors import KGError
from kg.query_pool import QueryPool

_PROBE_EVERY_SECONDS = 1.0
_PROBE_TIMEOUT_SECONDS = 2.0


class Health:
    """The /health route over the app's pools and GraphQL threads."""

    def __init__(self) -> None:
        self._probed_at = -_PROBE_EVERY_SECONDS
        self._reachable: str | None = None  # None: reachable; else why not

    async def answer(self, request: Request) -> Response:
        state = request.app.state
        pages: QueryPool = state.query_pool
        sparql: QueryPool = state.sparql_pool
        offload: OffLoop = state.offload
        problem = await self._probe(pages)
        lanes: dict[str, Any] = {
            "graphql_and_pages": asdict(pages.status()),
            "sparql": asdict(sparql.status()),
            "graphql_executions": asdict(offload.status()),
        }
        waiting = any(lane["waiting"] for lane in lanes.values())
        if problem is not None:
            status, code = "unavailable", 503
        elif pages.status().saturated or offload.status().saturated:
            status, code = "saturated", 503
        elif sparql.status().saturated:
            status, code = "degraded", 200
        else:
            status, code = ("busy" if waiting else "ok"), 200
        # Which store, and where, is the operator's business: the public learns whether it works.
        body: dict[str, Any] = {"status": status, "lanes": lanes}
        if problem is not None:
            body["error"] = problem
        return JSONResponse(body, status_code=code)

    async def _probe(self, pool: QueryPool) -> str | None:
        """Why the store cannot be reached, or None; from a probe at most once a second."""
        now = time.monotonic()
        if now - self._probed_at < _PROBE_EVERY_SECONDS:
            return self._reachable
        self._probed_at = now
        try:
            answered = await run_in_threadpool(pool.probe, _PROBE_TIMEOUT_SECONDS)
        except KGError as error:
            self._reachable = public_message(error)
        else:
            if answered:  # else every worker was busy: what was known stands
                self._reachable = None
        return self._reachable

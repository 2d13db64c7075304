"""414 for an over-long request URI, with a message saying what to do instead.

uvicorn's HTTP/1.1 parser (h11) holds at most `h11_max_incomplete_event_size` bytes of a
request head; past that it answers a bare 400 and drops the connection while the client is
still sending, which the client sees as a reset (at about 128 KB with uvicorn's default
settings). So the server is run with room for MAX_REQUEST_HEAD_BYTES (see SERVER_OPTIONS), and
this middleware answers 414 for any URI over MAX_URI_BYTES, well inside that room.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

MAX_URI_BYTES = 65_536
MAX_REQUEST_HEAD_BYTES = 1_048_576

SERVER_OPTIONS: dict[str, Any] = {"h11_max_incomplete_event_size": MAX_REQUEST_HEAD_BYTES}
"""Options for uvicorn.Config / uvicorn.run that the limits above rely on."""


class UriLimit:
    """ASGI middleware: 414 when path and query string together exceed MAX_URI_BYTES."""

    def __init__(self, app: ASGIApp, *, limit: int = MAX_URI_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = len(scope.get("raw_path") or scope["path"].encode()) + len(
                scope.get("query_string", b"")
            )
            if size > self.limit:
                response = JSONResponse(
                    {
                        "error": f"the request URI is {size:,} bytes; this server reads at most "
                        f"{self.limit:,}",
                        "hint": "Send a long SPARQL query by POST (application/sparql-query, "
                        "or a form with query=) instead of in the URL.",
                    },
                    status_code=414,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

"""414 for an over-long request URI, with a message saying what to do instead.

The server reads at most MAX_REQUEST_HEAD_BYTES of a request head (URI and headers): past that
it answers a bare 400 and drops the connection, so a client cannot fill the server's memory
with one endless header. Within that room this middleware answers 414, with a hint, for any
URI over MAX_URI_BYTES. SERVER_OPTIONS runs uvicorn with the fast parser (httptools, on
uvloop) bounded that way; h11, the fallback, bounds the head with its own option.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_URI_BYTES = 65_536
MAX_REQUEST_HEAD_BYTES = 1_048_576


URI_BYTES = "kg.uri_bytes"
"""The scope key under which the server gives the size of a URI too long to parse."""


_PARSEABLE_URL_BYTES = 65_535


class _HeadTooLarge(Exception):
    pass


class BoundedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, reading at most MAX_REQUEST_HEAD_BYTES of a request head.

    httptools itself buffers a URI or header of any length; an exception raised in a parser
    callback makes uvicorn answer 400 and close the connection, as h11 does past its limit."""

    _head_bytes = 0

    def on_message_begin(self) -> None:
        self._head_bytes = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value))
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        size = len(self.url)
        if size <= _PARSEABLE_URL_BYTES:
            super().on_headers_complete()
            return
        # httptools cannot parse a longer URL (its offsets are 16-bit) and answers a bare 400;
        # UriLimit answers 414 with a hint instead, for any request that carries the size.
        self.url = b"/"
        super().on_headers_complete()
        self.scope[URI_BYTES] = size  # type: ignore[literal-required]

    def _count(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > MAX_REQUEST_HEAD_BYTES:
            raise _HeadTooLarge


SERVER_OPTIONS: dict[str, Any] = {
    "http": BoundedHttpTools,
    "loop": "uvloop",
    "h11_max_incomplete_event_size": MAX_REQUEST_HEAD_BYTES,
}
"""Options for uvicorn.Config / uvicorn.run that the limits above rely on."""


class UriLimit:
    """ASGI middleware: 414 when path and query string together exceed MAX_URI_BYTES."""

    def __init__(self, app: ASGIApp, *, limit: int = MAX_URI_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = scope.get(URI_BYTES) or len(
                scope.get("raw_path") or scope["path"].encode()
            ) + len(scope.get("query_string", b""))
            if size > self.limit or URI_BYTES in scope:
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

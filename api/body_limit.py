"""Reading a request body under a size limit, before anything parses it.

A client may declare any Content-Length, or none (chunked), and send without end. The body is
read chunk by chunk and the read stops at the limit, so an oversized request costs the server
at most `limit` bytes of memory and no parsing; a declared length over the limit is refused
before a byte of the body is read.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Message


class BodyTooLarge(Exception):
    """The request body is over `limit` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is over {limit:,} bytes")
        self.limit = limit


async def read_body(request: Request, *, limit: int) -> bytes:
    """The whole body of `request`, or BodyTooLarge as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def replaying(request: Request, body: bytes) -> Request:
    """`request` again, its body (already read) given once more to whoever reads it next."""
    given = False

    async def receive() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await request.receive()  # what follows the body: the client's disconnect

    return Request(request.scope, receive)

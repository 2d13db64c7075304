"""The one table from the library's errors to what the API answers.

Every boundary of the API (SPARQL, GraphQL, resource pages, /health) turns a `KGError` into an
answer through `answer_for`: an HTTP status, a GraphQL error code and a title for pages. The
most specific class comes first. `public_message` is what a client may read: a store error's
text without the store's folder or internal address.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import (
    InvalidArgument,
    KGError,
    NotFound,
    NotRepresentable,
    QueryRejected,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
)


@dataclass(frozen=True)
class ErrorAnswer:
    status: int
    code: str
    title: str


ERROR_TABLE: tuple[tuple[type[KGError], ErrorAnswer], ...] = (
    (NotFound, ErrorAnswer(404, "NOT_FOUND", "Not found")),
    (InvalidArgument, ErrorAnswer(400, "BAD_USER_INPUT", "Bad request")),
    (QueryRejected, ErrorAnswer(400, "BAD_QUERY", "The query was refused")),
    (NotRepresentable, ErrorAnswer(406, "NOT_ACCEPTABLE", "Not available in that format")),
    (ResultTooLarge, ErrorAnswer(422, "TOO_LARGE", "The answer is too large")),
    (QueryTimeout, ErrorAnswer(503, "TIMEOUT", "The store took too long")),
    # The backing store failed or refused (Virtuoso, for one, refuses queries it estimates
    # to run too long): a gateway error.
    (StoreError, ErrorAnswer(502, "STORE_UNAVAILABLE", "The store failed")),
)
FALLBACK = ErrorAnswer(500, "ERROR", "Internal error")


def answer_for(error: KGError) -> ErrorAnswer:
    """How the API answers `error`."""
    return next((answer for kind, answer in ERROR_TABLE if isinstance(error, kind)), FALLBACK)


def public_message(error: KGError) -> str:
    """What the public may read of an error: a store's folder or address left out."""
    return error.detail if isinstance(error, StoreError) else error.message

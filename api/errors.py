"""The one table from errors to what the API answers.

Every boundary of the API (SPARQL, GraphQL, resource pages, /health) turns a `KGError` into an
answer through `answer_for`: an HTTP status, a GraphQL error code and a title for pages. The
most specific class comes first. A fault in the request itself, found before the library is
asked anything (a query that is not GraphQL, a variable of the wrong type, a method or media
type the endpoint does not take), has no `KGError`: its answer is named below, and
`answer_for_code` finds any answer by the code a GraphQL error carries, so a GraphQL
response's status and its `extensions.code` come from this one module. `public_message` is
what a client may read: a store error's text without the store's folder or internal address.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import (
    InvalidArgument,
    KGError,
    NotFound,
    NotRepresentable,
    Overloaded,
    QueryCancelled,
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


NOT_ACCEPTABLE = ErrorAnswer(406, "NOT_ACCEPTABLE", "Not available in that format")
ERROR_TABLE: tuple[tuple[type[KGError], ErrorAnswer], ...] = (
    (NotFound, ErrorAnswer(404, "NOT_FOUND", "Not found")),
    (InvalidArgument, ErrorAnswer(400, "BAD_USER_INPUT", "Bad request")),
    (QueryRejected, ErrorAnswer(400, "BAD_QUERY", "The query was refused")),
    (NotRepresentable, NOT_ACCEPTABLE),
    (ResultTooLarge, ErrorAnswer(422, "TOO_LARGE", "The answer is too large")),
    (QueryTimeout, ErrorAnswer(503, "TIMEOUT", "The store took too long")),
    (Overloaded, ErrorAnswer(503, "OVERLOADED", "The server is busy")),
    # Nobody reads this answer (the client has gone); it is here so the table is whole.
    (QueryCancelled, ErrorAnswer(503, "CANCELLED", "The request was cancelled")),
    # The backing store failed or refused (Virtuoso, for one, refuses queries it estimates
    # to run too long): a gateway error.
    (StoreError, ErrorAnswer(502, "STORE_UNAVAILABLE", "The store failed")),
)
FALLBACK = ErrorAnswer(500, "ERROR", "Internal error")

# Faults of the request itself; the GraphQL codes are those Apollo and graphql-http clients know.
PARSE_FAILED = ErrorAnswer(400, "GRAPHQL_PARSE_FAILED", "The query is not GraphQL")
VALIDATION_FAILED = ErrorAnswer(
    400, "GRAPHQL_VALIDATION_FAILED", "The query does not fit the schema"
)
BAD_VARIABLES = ErrorAnswer(400, "BAD_VARIABLES", "A variable does not fit its type")
OPERATION_NOT_DETERMINED = ErrorAnswer(
    400, "OPERATION_NOT_DETERMINED", "Which operation to run is not clear"
)
BAD_REQUEST = ErrorAnswer(400, "BAD_REQUEST", "Bad request")
PAYLOAD_TOO_LARGE = ErrorAnswer(413, "PAYLOAD_TOO_LARGE", "The request is too large")
# A client past its share (api.admission.ClientGate): its to slow down, so a 4xx.
RATE_LIMITED = ErrorAnswer(429, "RATE_LIMITED", "Too many requests")
METHOD_NOT_ALLOWED = ErrorAnswer(405, "METHOD_NOT_ALLOWED", "Method not allowed")
UNSUPPORTED_MEDIA_TYPE = ErrorAnswer(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type")
# What one GraphQL request may ask for (api.graphql.limits): a request past a limit is refused
# before it runs, as the client's to mend.
LIMITS = tuple(
    ErrorAnswer(400, code, "The query asks for too much")
    for code in ("TOO_COSTLY", "TOO_DEEP", "TOO_MANY_ALIASES", "TOO_MANY_TOKENS")
)
REQUEST_ERRORS = (
    *LIMITS,
    PARSE_FAILED,
    VALIDATION_FAILED,
    BAD_VARIABLES,
    OPERATION_NOT_DETERMINED,
    BAD_REQUEST,
    PAYLOAD_TOO_LARGE,
    RATE_LIMITED,
    METHOD_NOT_ALLOWED,
    UNSUPPORTED_MEDIA_TYPE,
)
_BY_CODE = {
    answer.code: answer
    for answer in (*(answer for _, answer in ERROR_TABLE), *REQUEST_ERRORS, FALLBACK)
}


def answer_for(error: KGError) -> ErrorAnswer:
    """How the API answers `error`."""
    return next((answer for kind, answer in ERROR_TABLE if isinstance(error, kind)), FALLBACK)


def answer_for_code(code: str) -> ErrorAnswer:
    """The answer whose GraphQL code is `code`; an unknown code is our bug (500)."""
    return _BY_CODE.get(code, FALLBACK)


def public_message(error: KGError) -> str:
    """What the public may read of an error: a store's folder or address left out."""
    return error.detail if isinstance(error, StoreError) else error.message

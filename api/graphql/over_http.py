"""GraphQL over HTTP: which media type answers, which status, and the request's own faults.

The rules are the GraphQL-over-HTTP spec's (graphql.github.io/graphql-over-http):

- A client that names `application/graphql-response+json` in Accept gets it; any other client
  (`application/json`, `*/*`, no Accept at all) gets `application/json`, the type every
  client before the spec understood. A client that accepts neither gets 406.
- Under `application/graphql-response+json`, a response without data (the request failed
  before execution: not GraphQL, not valid, a variable of the wrong type, no operation to run)
  has no `data` entry and the status of its first error's code; a response with data is 200,
  field errors and all.
- Under `application/json`, every well-formed request is answered 200, as before the spec.
- A request that is not well formed (not JSON, no query, a query that is not a string, a body
  that is not JSON) is refused with a 4xx and a JSON body of `errors`, whatever was accepted.

Statuses and codes come from `api.errors`, the one table of the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, OperationDefinitionNode, parse
from starlette.responses import JSONResponse
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from api.errors import (
    BAD_VARIABLES,
    PARSE_FAILED,
    VALIDATION_FAILED,
    ErrorAnswer,
    answer_for_code,
)
from api.negotiation import best_match

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
OFFERED = (GRAPHQL_RESPONSE, JSON)


def response_media_type(accept: str | None) -> str | None:
    """The media type to answer in; None when the client accepts neither."""
    chosen = best_match(accept, OFFERED)
    if chosen == GRAPHQL_RESPONSE and not _names(accept or "", GRAPHQL_RESPONSE):
        # Won only through a wildcard, on which both types tie: a client that never named
        # the new type may not know it, so it gets the one every client reads.
        return JSON
    return chosen


def _names(accept: str, media_type: str) -> bool:
    return any(part.split(";")[0].strip().lower() == media_type for part in accept.split(","))


@dataclass
class Refusal(Exception):
    """A request refused before it is read as GraphQL: answered with `answer`'s status."""

    answer: ErrorAnswer
    message: str
    headers: Mapping[str, str] = field(default_factory=dict)

    def response(self, media_type: str | None) -> JSONResponse:
        body = {"errors": [{"message": self.message, "extensions": {"code": self.answer.code}}]}
        return JSONResponse(
            body,
            status_code=self.answer.status,
            headers={**self.headers, "Vary": "Accept"},
            media_type=media_type or JSON,
        )


def request_error(answer: ErrorAnswer, message: str) -> ExecutionResult:
    """An error found before execution, as strawberry would return one of its own."""
    return PreExecutionError(
        data=None, errors=[GraphQLError(message, extensions={"code": answer.code})]
    )


def several_operations(query: str | None, *, max_tokens: int) -> bool:
    """Whether `query` holds more than one operation (False when it does not parse: the
    parse error is reported where every other one is)."""
    if not query:
        return False
    try:
        document = parse(query, max_tokens=max_tokens)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return len(operations) > 1


def add_codes(result: ExecutionResult) -> None:
    """Give a code to each error of a request that failed before execution and has none yet.

    Errors raised while fields resolve carry a path, and our own a code already (the
    `Reporting` extension); what is left failed before any field ran: the parse, the
    validation (the depth and alias limits included), or the variables, which graphql-core
    coerces as execution starts and strawberry does not mark as a pre-execution error.
    """
    if result.data is not None or not result.errors:
        return
    for error in result.errors:
        if error.path is not None or (error.extensions or {}).get("code"):
            continue
        if isinstance(error, GraphQLSyntaxError):
            answer = PARSE_FAILED
        elif isinstance(result, PreExecutionError):
            answer = VALIDATION_FAILED
        else:
            answer = BAD_VARIABLES
        error.extensions = {**(error.extensions or {}), "code": answer.code}


def without_data(result: ExecutionResult) -> bool:
    """Whether the request failed as a whole: no data, and no field that was ever resolved."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def status_of(response: Mapping[str, Any]) -> int:
    """The status of a response body: 200 with data; without, its first error's."""
    if "data" in response:
        return 200
    first = (response.get("errors") or [{}])[0]
    return answer_for_code(first.get("extensions", {}).get("code", "")).status

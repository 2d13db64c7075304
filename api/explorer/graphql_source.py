"""The explorer's one way to the data: its GraphQL documents, run against the API's schema.

A page names a document in `queries/` and passes variables; the document runs in-process,
with the request context /graphql builds (the same store, deadline, cost and node limits), so a
page can show nothing a client of the API could not ask for itself.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from graphql import GraphQLError
from starlette.requests import Request
from strawberry.types import ExecutionResult

from api.errors import ErrorAnswer, answer_for, answer_for_code
from api.graphql.endpoint import GraphQLEndpoint
from kg.errors import KGError

QUERIES = Path(__file__).resolve().parent / "queries"


FRAGMENTS = QUERIES / "fragments"
_SPREAD = re.compile(r"\.\.\.\s*([_A-Za-z][_0-9A-Za-z]*)")


@cache
def document(name: str) -> str:
    """The text of `queries/<name>.graphql`, followed by the shared fragments it spreads
    (`queries/fragments/<Name>.graphql`, found by name, and those they spread in turn)."""
    text = (QUERIES / f"{name}.graphql").read_text(encoding="utf-8")
    included: list[str] = []
    wanted = _SPREAD.findall(text)
    while wanted:
        fragment = wanted.pop(0)
        path = FRAGMENTS / f"{fragment}.graphql"
        if fragment in included or not path.is_file():
            continue  # an inline fragment (`... on X`) or one the document defines itself
        included.append(fragment)
        body = path.read_text(encoding="utf-8")
        text += "\n" + body
        wanted += _SPREAD.findall(body)
    return text


def query_names() -> list[str]:
    """Every document the explorer runs."""
    return sorted(path.stem for path in QUERIES.glob("*.graphql"))


@dataclass(frozen=True)
class PageQueryFailed(Exception):
    """A page's query did not answer: how the page should answer instead."""

    answer: ErrorAnswer
    message: str
    hint: str | None = None
    argument: str | None = None
    """The argument the API refused, where it names one (`extensions.argument`)."""


class GraphQLSource:
    """Runs the explorer's documents through the endpoint's schema and context."""

    def __init__(self, endpoint: GraphQLEndpoint) -> None:
        self._endpoint = endpoint

    async def run(self, request: Request, name: str, variables: dict[str, Any]) -> dict[str, Any]:
        """The `data` of document `name` with `variables`; raises PageQueryFailed with the
        API's own answer (status, code, message, hint) when the query fails."""
        context = await self._endpoint.get_context(request, None)
        timeout = self._endpoint.limits.timeout

        async def execute() -> ExecutionResult:
            return await asyncio.wait_for(
                self._endpoint.schema.execute(
                    document(name), variable_values=variables, context_value=context
                ),
                timeout=timeout,
            )

        try:
            result = await self._endpoint.offload.run(execute, timeout=timeout)
        except KGError as error:  # refused or timed out while it waited for a thread
            raise PageQueryFailed(answer_for(error), error.message, error.hint) from None
        except TimeoutError:
            raise PageQueryFailed(
                answer_for_code("TIMEOUT"), "the page took too long to gather and was stopped"
            ) from None
        if result.errors:
            raise _failure(result.errors[0])
        return result.data or {}


def graphiql_link(prefix: str, name: str, variables: dict[str, Any]) -> str:
    """A link opening the page's own query, with its variables, in GraphiQL."""
    query = {"query": document(name)}
    if variables:
        query["variables"] = json.dumps(variables, ensure_ascii=False)
    return f"{prefix}/graphql?{urlencode(query)}"


def _failure(error: GraphQLError) -> PageQueryFailed:
    original = error.original_error
    extensions = error.extensions or {}
    argument = extensions.get("argument")
    named = argument if isinstance(argument, str) else None
    if isinstance(original, KGError):
        return PageQueryFailed(answer_for(original), original.message, original.hint, named)
    code = extensions.get("code", "ERROR")
    hint = extensions.get("hint")
    return PageQueryFailed(
        answer_for_code(str(code)), error.message, hint if isinstance(hint, str) else None
    )

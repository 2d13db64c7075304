"""How the report reads the graph: its GraphQL documents (`queries/`), run in-process against
the API's schema, each with a fresh request context, so the report can state nothing a client
of the API could not ask for, under the same limits.

The server runs them with the request's pool (api/report/routes.py); `kg report` with a pool
of its own over the store the settings name (`local_runner`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from graphql import GraphQLError
from strawberry.schema.base import BaseSchema
from strawberry.types import ExecutionResult

from api.graphql.context import RequestContext, request_context, request_timeout
from api.graphql.limits import Limits
from api.graphql.offload import OffLoop
from api.graphql.schema import build_schema
from kg.errors import KGError
from kg.query_pool import QueryPool
from kg.settings import Settings

QUERIES = Path(__file__).resolve().parent / "queries"


class Runner(Protocol):
    """Runs the report's document `name` with `variables`; the `data` of its answer."""

    def __call__(self, name: str, variables: dict[str, Any]) -> Awaitable[dict[str, Any]]: ...


class ReportQueryFailed(KGError):
    """A report's query failed for a reason that is not one of the library's own errors."""


@cache
def document(name: str) -> str:
    """The text of `queries/<name>.graphql`."""
    return (QUERIES / f"{name}.graphql").read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Every document the report runs."""
    return sorted(path.stem for path in QUERIES.glob("*.graphql"))


def schema_runner(
    schema: BaseSchema,
    new_context: Callable[[], Awaitable[RequestContext]],
    timeout: float,
    offload: OffLoop | None = None,
) -> Runner:
    """A runner over `schema`, with a fresh context from `new_context` for each document;
    on `offload`'s threads when given (the server's), else on the caller's loop."""

    async def run(name: str, variables: dict[str, Any]) -> dict[str, Any]:
        context = await new_context()

        async def execute() -> ExecutionResult:
            return await asyncio.wait_for(
                schema.execute(document(name), variable_values=variables, context_value=context),
                timeout=timeout,
            )

        try:
            result = await (execute() if offload is None else offload.run(execute, timeout=timeout))
        except TimeoutError:
            raise request_timeout(timeout) from None
        if result.errors:
            raise _failure(result.errors[0])
        return result.data or {}

    return run


@asynccontextmanager
async def local_runner(settings: Settings, limits: Limits) -> AsyncIterator[Runner]:
    """A runner for `kg report`: one worker process over the store `settings` names."""
    pool = QueryPool(settings, size=1, timeout=limits.timeout)
    try:

        async def new_context() -> RequestContext:
            return request_context(
                pool, settings.namespaces, timeout=limits.timeout, max_nodes=limits.max_nodes
            )

        yield schema_runner(build_schema(limits), new_context, limits.timeout)
    finally:
        pool.close()


def _failure(error: GraphQLError) -> KGError:
    """The library's own error where there is one (NotFound for an unknown IRI, say)."""
    original = error.original_error
    if isinstance(original, KGError):
        return original
    hint = (error.extensions or {}).get("hint")
    return ReportQueryFailed(error.message, hint=hint if isinstance(hint, str) else None)

"""The GraphQL endpoint: strawberry's ASGI app with a fresh request context per request."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from api.graphql.context import RequestContext, RequestStore, request_timeout
from api.graphql.schema import Limits, build_schema, error_code
from kg.namespaces import Namespaces
from kg.relations import Relations


class GraphQLEndpoint(GraphQL[RequestContext, None]):
    """POST (and GET) queries at /graphql; GraphiQL for a browser's GET."""

    def __init__(self, namespaces: Namespaces, limits: Limits) -> None:
        super().__init__(build_schema(limits), graphql_ide="graphiql", allow_queries_via_get=True)
        self._namespaces, self._limits = namespaces, limits

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> RequestContext:
        pool = request.app.state.query_pool
        store = RequestStore(
            pool, deadline=time.monotonic() + self._limits.timeout, timeout=self._limits.timeout
        )
        return RequestContext(
            Relations(store, self._namespaces), store, max_nodes=self._limits.max_nodes
        )

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        """Run the operation under the request's deadline.

        Store queries already stop at the deadline; this also stops a request that spends its
        time assembling a large answer rather than waiting for the store.
        """
        try:
            return await asyncio.wait_for(
                super().execute_operation(*args, **kwargs), timeout=self._limits.timeout
            )
        except TimeoutError:
            error = request_timeout(self._limits.timeout)
            return ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        error.message,
                        original_error=error,
                        extensions={"code": error_code(error), "hint": error.hint},
                    )
                ],
            )

    async def get_root_value(self, request: Any) -> None:
        return None

"""The GraphQL endpoint: strawberry's ASGI app with a fresh request context per request."""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.graphql.context import RequestContext, RequestStore
from api.graphql.schema import Limits, build_schema
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
        return RequestContext(Relations(store, self._namespaces), store)

    async def get_root_value(self, request: Any) -> None:
        return None

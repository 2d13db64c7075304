"""The GraphQL endpoint: strawberry's ASGI app with a fresh request context per request,
speaking GraphQL over HTTP (media types, statuses and refusals: `api.graphql.over_http`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult

from api.body_limit import BodyTooLarge, read_body, replaying
from api.errors import (
    BAD_REQUEST,
    FALLBACK,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    OPERATION_NOT_DETERMINED,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
)
from api.graphiql import graphiql_page
from api.graphql.context import RequestContext, request_context, request_timeout
from api.graphql.offload import OffLoop
from api.graphql.over_http import (
    GRAPHQL_RESPONSE,
    JSON,
    OFFERED,
    Refusal,
    add_codes,
    request_error,
    response_media_type,
    several_operations,
    status_of,
    without_data,
)
from api.graphql.schema import Limits, build_schema, error_code
from api.negotiation import content_type
from kg.errors import KGError, Overloaded, QueryTimeout
from kg.namespaces import Namespaces


class GraphQLEndpoint(GraphQL[RequestContext, None]):
    """POST, GET and HEAD queries at /graphql; GraphiQL for a browser's GET."""

    def __init__(self, namespaces: Namespaces, limits: Limits) -> None:
        super().__init__(build_schema(limits), graphql_ide="graphiql", allow_queries_via_get=True)
        self._namespaces, self._limits = namespaces, limits
        self.offload = OffLoop()
        """Where every execution of this schema runs: /graphql's, the explorer's, reports'."""

    @property
    def limits(self) -> Limits:
        """What one request may ask for; the explorer's pages run under the same."""
        return self._limits

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our page, on the scripts npm vendored, not strawberry's, which loads them from a CDN.
        return await graphiql_page(request)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> RequestContext:
        return request_context(
            request.app.state.query_pool,
            self._namespaces,
            timeout=self._limits.timeout,
            max_nodes=self._limits.max_nodes,
        )

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        """Run the operation off the server's event loop (`offload`), under the request's
        deadline.

        Store queries already stop at the deadline; this also stops a request that spends its
        time assembling a large answer rather than waiting for the store.
        """
        execute = super().execute_operation
        timeout = self._limits.timeout

        async def bounded() -> Any:
            return await asyncio.wait_for(execute(*args, **kwargs), timeout=timeout)

        try:
            return await self.offload.run(bounded, timeout=timeout)
        except TimeoutError:
            return _failed(request_timeout(timeout))
        except (Overloaded, QueryTimeout) as error:
            return _failed(error)

    async def get_root_value(self, request: Any) -> None:
        return None

    # ------------------------------------------------------------ GraphQL over HTTP

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        response = await self._answer(Request(scope, receive))
        await response(scope, receive, send)

    async def _answer(self, request: Request) -> Response:
        if request.method == "HEAD":
            # Answered as a GET; the server (uvicorn) sends its headers without the body.
            request = Request({**request.scope, "method": "GET"}, request.receive)
        if self.should_render_graphql_ide(self.request_adapter_class(request)):
            return await self.run(request)
        media_type = response_media_type(request.headers.get("accept"))
        try:
            if media_type is None:
                raise Refusal(
                    NOT_ACCEPTABLE,
                    f"GraphQL answers in {' or '.join(OFFERED)}; Accept names neither",
                    headers={"Accept": ", ".join(OFFERED)},
                )
            if (
                request.method == "POST"
                and content_type(request.headers.get("content-type"))[0] != JSON
            ):
                raise Refusal(
                    UNSUPPORTED_MEDIA_TYPE,
                    "A GraphQL POST is a JSON body: send it with Content-Type: application/json",
                )
            if request.method == "POST":
                request = replaying(request, await self._body(request))
            return await self.run(request)
        except Refusal as refusal:
            return refusal.response(media_type)
        except HTTPException as refused:
            # strawberry's own refusals of a request that is not well formed (a body that is
            # not JSON, no query, a query or variables of the wrong JSON type).
            answer = BAD_REQUEST if refused.status_code == 400 else FALLBACK
            return Refusal(answer, refused.reason).response(media_type)

    async def _body(self, request: Request) -> bytes:
        limit = self._limits.max_body_bytes
        try:
            return await read_body(request, limit=limit)
        except BodyTooLarge:
            raise Refusal(
                PAYLOAD_TOO_LARGE,
                f"The request body is over {limit:,} bytes, the most this endpoint reads",
                # Closing stops the server reading (and discarding) the rest of the body.
                headers={"Connection": "close"},
            ) from None

    def decode_json(self, data: str | bytes) -> object:
        # strawberry turns only a JSONDecodeError into a 400; these are the client's too.
        try:
            return json.loads(data)
        except UnicodeDecodeError as error:
            raise Refusal(
                BAD_REQUEST, f"The request body is not UTF-8 (byte {error.start})"
            ) from None
        except RecursionError:
            raise Refusal(BAD_REQUEST, "The JSON is nested too deeply to read") from None

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method == "POST" and not isinstance(
            self.parse_json(await request.get_body()), dict | list
        ):
            # strawberry reads any JSON body as an object (`data.get`): a bare scalar was a 500.
            raise Refusal(BAD_REQUEST, "A GraphQL POST body is a JSON object")
        parsed = await super().parse_http_body(request)
        for data in parsed if isinstance(parsed, list) else [parsed]:
            if not isinstance(data.operation_name, str | None):
                raise Refusal(BAD_REQUEST, "operationName must be a string or null, if given")
        return parsed

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: RequestContext,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        # strawberry runs the first operation when the request names none; the spec says no.
        if request_data.operation_name is None and several_operations(
            request_data.query, max_tokens=self._limits.max_tokens
        ):
            return request_error(
                OPERATION_NOT_DETERMINED,
                "The document holds several operations: name the one to run in operationName",
            )
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as refused:
            cause = refused.__cause__
            if isinstance(cause, InvalidOperationTypeError) and request_adapter.method == "GET":
                raise Refusal(
                    METHOD_NOT_ALLOWED,
                    "Only queries may be sent by GET; send any other operation by POST",
                    headers={"Allow": "POST"},
                ) from refused
            if isinstance(cause, CannotGetOperationTypeError):
                return request_error(
                    OPERATION_NOT_DETERMINED,
                    f"The document has no operation named {request_data.operation_name!r}",
                )
            raise

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        add_codes(result)
        response = await super().process_result(request, result)
        if without_data(result) and (
            response_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE
        ):
            # The new media type's contract: no data entry, and a 4xx or 5xx status.
            del response["data"]
        return response

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # Carries the negotiated type to create_response, which is not given the request.
        sub_response.media_type = response_media_type(request.headers.get("accept")) or JSON
        return sub_response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        media_type = sub_response.media_type or JSON
        response.headers["content-type"] = f"{media_type}; charset=utf-8"
        response.headers["vary"] = "Accept"
        if media_type == GRAPHQL_RESPONSE and isinstance(response_data, dict):
            response.status_code = status_of(response_data)
        if isinstance(response_data, dict) and _overloaded(response_data):
            response.headers["Retry-After"] = "1"
        return response


def _failed(error: KGError) -> ExecutionResult:
    """The answer to an operation stopped or refused before it could answer."""
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


def _overloaded(response: GraphQLHTTPResponse) -> bool:
    """Whether the server refused the operation for want of capacity (try again later)."""
    errors: list[Any] = list(response.get("errors") or [])
    return any(
        isinstance(error, dict) and (error.get("extensions") or {}).get("code") == "OVERLOADED"
        for error in errors
    )

"""The application factory: one Starlette app, its routes, and the query pool's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.errors import public_message
from api.explorer.routes import Explorer
from api.graphiql import assets_mount
from api.graphql.endpoint import GraphQLEndpoint
from api.graphql.schema import Limits
from api.home import home
from api.publishing import PublishedRoutes
from api.report.routes import ReportRoutes
from api.resources import Resources
from api.sparql import sparql_endpoint
from api.uri_limit import UriLimit
from kg.errors import KGError
from kg.namespaces import Namespaces
from kg.query_pool import QueryPool
from kg.settings import Settings


def create_app(
    settings: Settings,
    *,
    workers: int = 2,
    timeout: float = 10.0,
    max_bytes: int = 50_000_000,
    graphql_limits: Limits | None = None,
) -> Starlette:
    """The API over the store `settings` names; queries run in `workers` processes, each
    stopped after `timeout` seconds and capped at `max_bytes` of answer. A GraphQL request
    as a whole is stopped after `graphql_limits.timeout` seconds."""
    graphql = GraphQLEndpoint(
        Namespaces(settings.base_iri), graphql_limits or Limits(timeout=timeout)
    )
    explorer = Explorer(graphql, settings.namespaces)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.query_pool = QueryPool(
            settings, size=workers, timeout=timeout, max_bytes=max_bytes
        )
        app.state.settings = settings
        try:
            yield
        finally:
            app.state.query_pool.close()

    return Starlette(
        routes=[
            Route("/", home),
            Route("/health", health),
            Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),  # HEAD comes with GET
            Route("/sparql/", sparql_endpoint, methods=["GET", "POST"]),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            assets_mount(),  # GraphiQL's scripts, vendored by npm
            *explorer.routes(),  # the pages for people (api/explorer)
            *ReportRoutes(graphql, explorer.kit).routes(),  # the consultation report
            # The publication, then every other path as an IRI under the base (keep it last).
            *PublishedRoutes(settings.publish_dir).routes(),
            *Resources(settings, timeout=timeout, explorer=explorer).routes(),
        ],
        lifespan=lifespan,
        exception_handlers={Exception: internal_error},
        middleware=[
            # Open data: any origin may read, without credentials; CORS wraps every answer,
            # the 414 included.
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "HEAD", "POST"],
                allow_headers=["*"],
                expose_headers=["Content-Type"],
            ),
            Middleware(UriLimit),
        ],
    )


async def internal_error(request: Request, error: Exception) -> Response:
    """A bug of ours: the client gets a plain message, never a traceback."""
    return JSONResponse({"error": "internal server error"}, status_code=500)


async def health(request: Request) -> Response:
    """200 when a worker can reach the store, 503 with the reason when it cannot."""
    pool: QueryPool = request.app.state.query_pool
    try:
        await run_in_threadpool(
            pool.run, "ASK {}", media_types={"ask": "application/sparql-results+json"}
        )
    except KGError as error:
        return JSONResponse(
            {"status": "unavailable", "error": public_message(error)}, status_code=503
        )
    # Which store, and where, is the operator's business: the public learns only that it works.
    return JSONResponse({"status": "ok"})

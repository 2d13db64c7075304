"""The application factory: one Starlette app, its routes, and the query pool's lifetime."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.admission import CancelOnDisconnect, ClientGate, ClientLimits
from api.explorer.routes import Explorer
from api.graphiql import assets_mount
from api.graphql.endpoint import GraphQLEndpoint
from api.graphql.schema import Limits
from api.health import Health
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

# How much lower the public SPARQL lane's workers run (nice): under CPU contention the pages
# and GraphQL, whose queries the API itself writes, go first.
SPARQL_NICENESS = 5
# How many queries may wait for the GraphQL and pages lane: each GraphQL execution (16 at once,
# api/graphql/offload.py) has at most 2 in the pool (api/graphql/context.py).
PAGES_QUEUE = 32
WARM_UP_SECONDS = 60.0


def create_app(
    settings: Settings,
    *,
    workers: int = 2,
    timeout: float = 10.0,
    max_bytes: int = 50_000_000,
    graphql_limits: Limits | None = None,
    sparql_workers: int | None = None,
    client_limits: ClientLimits | None = None,
    sparql_queue: int | None = None,
) -> Starlette:
    """The API over the store `settings` names.

    Queries run in two lanes of worker processes that cannot starve each other: `workers`
    for GraphQL, the pages, the reports and /health, and `sparql_workers` (default: as many)
    for the public SPARQL endpoint, at a lower CPU priority, where at most `sparql_queue`
    requests wait (default: four per worker) and more are refused 503. Each query is stopped after
    `timeout` seconds and capped at `max_bytes` of answer; a GraphQL request as a whole is
    stopped after `graphql_limits.timeout` seconds. `client_limits` caps each client address
    (`kg serve` sets them; none by default, as for tests and embedding).
    """
    graphql = GraphQLEndpoint(
        Namespaces(settings.base_iri), graphql_limits or Limits(timeout=timeout)
    )
    explorer = Explorer(graphql, settings.namespaces)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.query_pool = QueryPool(
            settings,
            size=workers,
            timeout=timeout,
            max_bytes=max_bytes,
            max_waiting=PAGES_QUEUE,
        )
        app.state.sparql_pool = QueryPool(
            settings,
            size=sparql_workers or workers,
            timeout=timeout,
            max_bytes=max_bytes,
            max_waiting=sparql_queue,
            niceness=SPARQL_NICENESS,
        )
        app.state.offload = graphql.offload
        app.state.settings = settings
        # Take requests only once every worker and spare has its store open, so the first
        # requests are not refused as late; a store that will not open is /health's to say.
        for pool in (app.state.query_pool, app.state.sparql_pool):
            with contextlib.suppress(KGError):
                await run_in_threadpool(pool.warm, WARM_UP_SECONDS)
        try:
            yield
        finally:
            app.state.query_pool.close()
            app.state.sparql_pool.close()
            graphql.offload.close()

    return Starlette(
        routes=[
            Route("/", home),
            Route("/health", Health().answer),
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
            *([Middleware(ClientGate, limits=client_limits)] if client_limits else []),
            Middleware(CancelOnDisconnect),
        ],
    )


async def internal_error(request: Request, error: Exception) -> Response:
    """A bug of ours: the client gets a plain message, never a traceback."""
    return JSONResponse({"error": "internal server error"}, status_code=500)

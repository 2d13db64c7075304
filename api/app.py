"""The application factory: one Starlette app, its routes, and the query pool's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from api.graphql.endpoint import GraphQLEndpoint
from api.graphql.schema import Limits
from api.sparql import sparql_endpoint
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
            Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
            Route("/graphql", graphql, methods=["GET", "POST"]),
        ],
        lifespan=lifespan,
        exception_handlers={Exception: internal_error},
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
        return JSONResponse({"status": "unavailable", "error": error.message}, status_code=503)
    return JSONResponse({"status": "ok", "store": request.app.state.settings.store})


_EXAMPLE = (
    "PREFIX lsk: <https://example.org/lsk/def/>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
    "SELECT ?actor (COUNT(?stance) AS ?stances) WHERE {\n  ?stance a lsk:Stance ; "
    "prov:wasAttributedTo ?actor .\n} GROUP BY ?actor ORDER BY DESC(?stances)"
)


_GRAPHQL_EXAMPLE = (
    '{ actor(id: "actor:uppsala-kommun") { name stances(first: 3) { totalCount nodes {'
    " quote document { title } } } } }"
)


async def home(request: Request) -> Response:
    from urllib.parse import quote

    return HTMLResponse(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stockholm–Uppsala life-science consultation graph</title></head>
<body>
<h1>The Stockholm–Uppsala life-science consultation graph</h1>
<p>Who answered the 2026 consultation on the joint life-science strategy, and where they stand,
with the document and the verbatim words for every stance.</p>
<ul>
<li><a href="/graphql">GraphQL</a> (<code>/graphql</code>): GraphiQL in a browser, to explore
actors, documents, stances and the relations between them;
<a href="/graphql?query={quote(_GRAPHQL_EXAMPLE)}">an example answer</a></li>
<li><a href="/sparql?query={quote(_EXAMPLE)}">SPARQL endpoint</a> (<code>/sparql</code>, read-only, SPARQL 1.1 Protocol):
stances per actor, as an example</li>
<li><a href="/health">Health</a></li>
</ul>
</body></html>""")

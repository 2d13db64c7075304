"""The read-only SPARQL 1.1 Protocol endpoint: GET and POST, answers negotiated by Accept."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.negotiation import best_match
from kg.errors import StoreError
from kg.query_pool import QueryPool, QueryRejected, QueryTimeout, ResultTooLarge
from kg.result_format import GRAPH_TYPES, SOLUTION_TYPES
from kg.store import ResultKind, query_form

MAX_QUERY_BYTES = 100_000
_FORM = "application/x-www-form-urlencoded"


async def sparql_endpoint(request: Request) -> Response:
    pool: QueryPool = request.app.state.query_pool
    query, problem = await _read_query(request)
    if problem is not None:
        return problem
    assert query is not None
    if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
        return _error(413, f"the query is longer than {MAX_QUERY_BYTES:,} bytes")
    kind = query_form(query)
    if kind is None:
        return _error(
            400,
            "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE",
            hint="This endpoint is read-only; updates are not accepted.",
        )
    offered = GRAPH_TYPES if kind is ResultKind.GRAPH else SOLUTION_TYPES
    media_type = best_match(request.headers.get("accept"), offered)
    if media_type is None:
        return _error(
            406,
            f"cannot answer a {kind.value.upper()} query as {request.headers.get('accept')!r}",
            hint="Accept one of: " + ", ".join(offered),
        )
    media_types = {
        ResultKind.SELECT.value: media_type,
        ResultKind.ASK.value: media_type,
        ResultKind.GRAPH.value: media_type,
    }
    try:
        answer = await run_in_threadpool(pool.run, query, media_types=media_types)
    except QueryRejected as error:
        return _error(400, error.message, hint=error.hint)
    except QueryTimeout as error:
        return _error(503, error.message, hint=error.hint)
    except ResultTooLarge as error:
        return _error(422, error.message, hint=error.hint)
    except StoreError as error:
        # The backing store failed or refused (Virtuoso, for one, refuses queries it estimates
        # to run too long): a gateway error, with the store's own words.
        return _error(502, error.message, hint=error.hint)
    return Response(
        answer.body, media_type=answer.media_type + "; charset=utf-8", headers={"Vary": "Accept"}
    )


async def _read_query(request: Request) -> tuple[str | None, Response | None]:
    """The query text from GET ?query=, a form POST or a direct application/sparql-query POST."""
    read_only = _error(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if request.method == "GET":
        if "update" in request.query_params:
            return None, read_only
        query = request.query_params.get("query")
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            return None, read_only
        if content_type == "application/sparql-query":
            query = (await request.body()).decode("utf-8", errors="replace")
        elif content_type == _FORM:
            form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
            if "update" in form:
                return None, read_only
            query = form.get("query", [None])[0]
        else:
            return None, _error(
                415,
                f"unsupported request type {content_type!r}",
                hint="POST application/sparql-query or a form with query=",
            )
    if not query:
        return None, _error(400, "missing the query parameter", hint="GET /sparql?query=SELECT…")
    return query, None


def _error(status: int, message: str, *, hint: str | None = None) -> JSONResponse:
    return JSONResponse({"error": message, **({"hint": hint} if hint else {})}, status_code=status)

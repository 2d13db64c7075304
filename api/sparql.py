"""The read-only SPARQL 1.1 Protocol endpoint: GET, HEAD and POST, answers negotiated by Accept.

A request is read as the protocol says (https://www.w3.org/TR/sparql11-protocol/): one query,
by GET, a form POST or a direct POST; the dataset from default-graph-uri / named-graph-uri; no
update in any form. GET with no parameters answers the Service Description instead. Errors
are JSON objects with an `error` and a `hint`, and never name the store's folder or address.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.body_limit import BodyTooLarge, read_body
from api.errors import answer_for, public_message
from api.negotiation import best_match, content_type
from api.pages import esc, page, root
from kg.errors import KGError, Overloaded
from kg.queries import GRAPH_SIZES
from kg.query_pool import QueryPool
from kg.result_format import OFFERED
from kg.service_description import (
    DESCRIPTION_TYPES,
    ServiceFacts,
    description,
    serialize_description,
    service_facts,
)
from kg.settings import Settings
from kg.sparql_text import Form, analyse
from kg.store import Dataset, ResultKind, query_form

MAX_QUERY_BYTES = 100_000
# A POST body is read no further than this: room for the longest query percent-encoded in a
# form, far short of what would hold the server up reading it.
MAX_BODY_BYTES = 1_048_576
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_HTML = "text/html"
_READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
_READ_ONLY_HINT = "Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE) as query=…"
_LABELS = {
    ResultKind.SELECT: "SELECT",
    ResultKind.ASK: "ASK",
    ResultKind.GRAPH: "CONSTRUCT/DESCRIBE",
}


@dataclass(frozen=True)
class _Operation:
    query: str
    dataset: Dataset | None


class _Refusal(Exception):
    """A request the protocol does not allow: answered with `status` and a message."""

    def __init__(self, status: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.hint = status, message, hint


async def sparql_endpoint(request: Request) -> Response:
    """Answer one SPARQL Protocol request, or describe the service when there is none."""
    if request.method in {"GET", "HEAD"} and not request.scope["query_string"]:
        return await _describe(request)
    try:
        operation = await _read_operation(request)
        kind = _kind(operation.query)
    except _Refusal as refusal:
        refused = _error(refusal.status, refusal.message, hint=refusal.hint)
        if refusal.status == 413:
            refused.headers["Connection"] = "close"  # read no more of what the client sends
        return refused
    media_type = _negotiate(request, OFFERED[kind], f"answer a {_LABELS[kind]} query")
    if isinstance(media_type, Response):
        return media_type
    pool: QueryPool = request.app.state.sparql_pool
    try:
        answer = await pool.run_async(
            operation.query, media_types={kind.value: media_type}, dataset=operation.dataset
        )
    except KGError as error:
        return _failure(error)
    return Response(
        answer.body, media_type=answer.media_type + "; charset=utf-8", headers={"Vary": "Accept"}
    )


async def _read_operation(request: Request) -> _Operation:
    """The query and dataset of a GET, form POST or direct POST; _Refusal for anything else."""
    # The raw query string, as Starlette's request.url.query decodes it, without building a URL.
    parameters = parse_qsl(request.scope["query_string"].decode("latin-1"), keep_blank_values=True)
    direct: str | None = None
    if request.method == "POST":
        media_type, options = content_type(request.headers.get("content-type"))
        if media_type == _UPDATE:
            raise _Refusal(403, _READ_ONLY, _READ_ONLY_HINT)
        if media_type not in {_FORM, _DIRECT}:
            raise _Refusal(
                415,
                f"unsupported request type {media_type or '(none)'!r}",
                f"POST {_DIRECT} with the query as the body, or {_FORM} with query=… "
                "(the endpoint is read-only: updates are not accepted in any form)",
            )
        charset = options.get("charset", "utf-8").lower()
        if charset not in {"utf-8", "utf8"}:
            raise _Refusal(
                415,
                f"unsupported charset {charset!r}: requests are read as UTF-8",
                "Send the request body in UTF-8.",
            )
        try:
            body = _utf8(await read_body(request, limit=MAX_BODY_BYTES))
        except BodyTooLarge:
            raise _Refusal(
                413,
                f"the request body is over {MAX_BODY_BYTES:,} bytes, the most this endpoint reads",
                "A query that long is not one a person writes; send a shorter query.",
            ) from None
        if media_type == _FORM:
            parameters += parse_qsl(body, keep_blank_values=True)
        else:
            direct = body
    names = [name for name, _ in parameters]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        if "query" in names or direct is not None:
            raise _Refusal(400, "a request carries either a query or an update, not both")
        raise _Refusal(403, _READ_ONLY, _READ_ONLY_HINT)
    queries = [value for name, value in parameters if name == "query"]
    if direct is not None:
        queries.append(direct)
    if len(queries) > 1:
        raise _Refusal(
            400,
            f"the request carries {len(queries)} queries; the protocol allows exactly one",
            "Send one query= parameter (or the query as the body of a direct POST).",
        )
    if not queries or not queries[0].strip():
        raise _Refusal(
            400, "missing the query parameter", "GET /sparql?query=SELECT… (no query: GET /sparql)"
        )
    if len(queries[0].encode("utf-8")) > MAX_QUERY_BYTES:
        raise _Refusal(413, f"the query is longer than {MAX_QUERY_BYTES:,} bytes")
    return _Operation(queries[0], _dataset(parameters))


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Refusal(
            400, f"the request body is not UTF-8 (byte {error.start})", "Send UTF-8."
        ) from None


def _dataset(parameters: Sequence[tuple[str, str]]) -> Dataset | None:
    """The protocol's dataset, when the request names one; it replaces the query's."""
    graphs: dict[str, list[str]] = {"default-graph-uri": [], "named-graph-uri": []}
    for name, value in parameters:
        if name in graphs:
            try:
                graphs[name].append(ox.NamedNode(value).value)
            except ValueError:
                raise _Refusal(400, f"{name} is not an absolute IRI: {value!r}") from None
    if not any(graphs.values()):
        return None
    return Dataset(
        default_graphs=tuple(graphs["default-graph-uri"]),
        named_graphs=tuple(graphs["named-graph-uri"]),
    )


def _kind(query: str) -> ResultKind:
    kind = query_form(query)
    if kind is not None:
        return kind
    read = analyse(query)
    if read.form is Form.UPDATE:
        raise _Refusal(403, _READ_ONLY, _READ_ONLY_HINT)
    if read.keyword is None:
        raise _Refusal(400, "the query is empty (a prologue at most)")
    line, column = read.keyword_at or (1, 1)
    raise _Refusal(
        400,
        "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prologue, "
        f"found {read.keyword[:40]!r} at line {line}, column {column}",
        "This endpoint answers SPARQL 1.1 queries; updates are not accepted.",
    )


def _failure(error: KGError) -> JSONResponse:
    answer = _error(answer_for(error).status, public_message(error), hint=error.hint)
    if isinstance(error, Overloaded):
        answer.headers["Retry-After"] = str(error.retry_after)
    return answer


def _error(status: int, message: str, *, hint: str | None = None) -> JSONResponse:
    return JSONResponse({"error": message, **({"hint": hint} if hint else {})}, status_code=status)


# ------------------------------------------------------------------ service description


async def _describe(request: Request) -> Response:
    media_type = _negotiate(request, (*DESCRIPTION_TYPES, _HTML), "describe the service")
    if isinstance(media_type, Response):
        return media_type
    pool: QueryPool = request.app.state.sparql_pool
    settings: Settings = request.app.state.settings
    try:
        sizes = await run_in_threadpool(
            pool.query, GRAPH_SIZES, bindings={"prefix": ox.Literal(settings.graph_prefix)}
        )
    except KGError as error:
        return _failure(error)
    graphs = {row["g"] or "": int(row["n"] or 0) for row in sizes.values()}
    facts = service_facts(settings, graphs, timeout=pool.timeout, max_bytes=pool.max_bytes)
    headers = {"Vary": "Accept"}
    if media_type == _HTML:
        answer = page(request, "SPARQL endpoint", _page(facts, root(request)))
        answer.headers["Vary"] = "Accept"
        return answer
    body = serialize_description(description(facts), media_type)
    return Response(body, media_type=media_type + "; charset=utf-8", headers=headers)


def _page(facts: ServiceFacts, prefix: str) -> str:
    """The description for a person: what the endpoint is, its rules, and a query form."""
    notes = "".join(f"<li>{esc(note)}</li>" for note in facts.notes)
    graphs = "".join(
        f'<tr><td><a href="{esc(prefix + "/" + iri.removeprefix(facts.base_iri))}">'
        f"<code>{esc(iri)}</code></a></td><td>{size:,}</td></tr>"
        if iri.startswith(facts.base_iri)
        else f"<tr><td><code>{esc(iri)}</code></td><td>{size:,}</td></tr>"
        for iri, size in facts.graphs.items()
    )
    formats = ", ".join(f"<code>{esc(t)}</code>" for t in facts.result_formats)
    example = (
        "SELECT ?class (COUNT(*) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"
    )
    return f"""<p class="kind">SPARQL 1.1 Protocol</p>
<h1>SPARQL endpoint</h1>
<p class="iri">{esc(facts.endpoint)}</p>
<p>GET or POST a query; the answer's format follows <code>Accept</code>: {formats}. The
machine-readable Service Description is served here to any client that accepts Turtle,
RDF/XML, JSON-LD or N-Triples.</p>
<ul>{notes}</ul>
<h2>Ask</h2>
<form method="get" action="">
<p><label for="query">Query</label></p>
<p><textarea id="query" name="query" rows="10" style="width:100%">{esc(example)}</textarea></p>
<p><button type="submit">Run</button></p>
</form>
<h2>Named graphs</h2>
<table><thead><tr><th>graph</th><th>triples</th></tr></thead><tbody>{graphs}</tbody></table>"""


def _negotiate(request: Request, offered: Sequence[str], what: str) -> str | Response:
    """The media type to answer in, or the 406 that names what is offered."""
    accept = request.headers.get("accept")
    media_type = best_match(accept, offered)
    if media_type is None:
        return _error(
            406, f"cannot {what} as {accept!r}", hint="Accept one of: " + ", ".join(offered)
        )
    return media_type

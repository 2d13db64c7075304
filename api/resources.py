"""Dereferenceable IRIs: the server's path `/X` is the IRI `base_iri + X`, and answers with it.

Direct answers, not 303 redirects: a resource's IRI answers 200 with the representation the
client's Accept asks for (Turtle, N-Triples, JSON-LD, RDF/XML or an HTML page), with
`Vary: Accept` and `Link: rel="alternate"` headers naming the per-format URLs (`?format=ttl`,
`nt`, `jsonld`, `rdf`, `html`). No Accept, or `*/*`, gets Turtle. Both the RDF and the page come
from one gathered set of triples (`kg.resource_view.gather`), read through the worker pool
within the request's deadline.

Only the vocabulary redirects, to its documentation, and only for browsers: a term `/def/X`
answers HTML with 303 to `/def/#X`, a shape `/shapes/S` with 303 to `/def/#shape-S`, a SKOS
scheme `/id/scheme/Y` with 303 to `/def/#scheme-Y`; asked for RDF they describe themselves.
The ontology and the shapes are read from the project's files at startup, the rest from the
store. A named graph's IRI (`/graph/…`) answers its triple count and links to its dumps.
"""

from __future__ import annotations

import time

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from api.errors import answer_for
from api.explorer.routes import Explorer
from api.graphql.context import RequestStore
from api.pages import esc, page, problem, root
from api.publishing import FORMAT_KEYS, Publication, choose_rdf, media_type, missing
from api.resource_page import PageContext, render
from kg.docs import anchor
from kg.errors import KGError, NotRepresentable, QueryTimeout
from kg.publish_iris import graph_slug
from kg.relations import Window
from kg.resource_view import INCOMING_PAGE, ResourceView, gather, graph_size
from kg.result_format import serialize, to_rdf
from kg.settings import Settings
from kg.store import QueryResult, ResultKind
from kg.term_files import TermFiles

HTML = "text/html"
# Server's order, for ties and for `*/*`: the data first.
OFFERED = (
    "text/turtle",
    HTML,
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
)
_KEYS = {**FORMAT_KEYS, "html": HTML}
_EXTENSIONS = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
}
_CHARSET = {"text/turtle", "application/rdf+xml"}
LANGUAGES = ("en", "sv")


class Resources:
    """The catch-all route answering every path under the base as an IRI."""

    def __init__(self, settings: Settings, *, timeout: float, explorer: Explorer) -> None:
        self.settings = settings
        self.explorer = explorer
        self.ns = settings.namespaces
        self.timeout = timeout
        self.terms = TermFiles.read(settings)
        self.publication = Publication(settings.publish_dir)

    def routes(self) -> list[Route]:
        return [Route("/{path:path}", self.dereference)]

    async def dereference(self, request: Request) -> Response:
        path: str = request.path_params["path"]
        iri = self.ns.base_iri + path
        try:
            ox.NamedNode(iri)
        except ValueError:
            return self._not_found(request, iri)
        chosen = _choose(request)
        if isinstance(chosen, Response):
            return chosen
        html = chosen == HTML
        vocabulary = self._vocabulary(request, iri, path, html=html, chosen=chosen)
        if vocabulary is not None:
            return vocabulary
        if iri.startswith(self.settings.graph_prefix):
            return await self._graph(request, iri, html=html, chosen=chosen)

        window = _window(request)
        if isinstance(window, Response):
            return window
        try:
            view = await run_in_threadpool(
                gather, self._store(request), iri, self.ns, window=window
            )
        except KGError as error:
            return _store_failed(request, error)
        if not view.exists:
            return self._not_found(request, iri)
        if html and iri.startswith(self.ns.prefixes["scheme"]):
            return _see_other(request, "/def/#" + anchor(iri, self.ns))
        if html:
            # An actor, a position, a consultation or a strategy has the explorer's page.
            explored = await self.explorer.resource_page(request, iri, view.describe().types)
            if explored is not None:
                explored.headers.update(self._alternates(request, view))
                return explored
        return self._represent(request, view, chosen)

    def _vocabulary(
        self, request: Request, iri: str, path: str, *, html: bool, chosen: str
    ) -> Response | None:
        """The ontology, its terms and the shapes (from the files); None for anything else."""
        document = self.terms.document(iri)
        if document is not None:
            if not html:
                return self._represent(request, document, chosen)
            if iri == self.terms.shapes_iri:
                return _see_other(request, "/def/#sec-shapes")
            if not path.endswith("/"):
                return _see_other(request, "/def/")
            docs = self.publication.file("def/index.html")
            if docs is None:
                return missing(request, "The vocabulary documentation (def/index.html)")
            return FileResponse(docs, media_type=media_type(docs), headers={"Vary": "Accept"})
        lsk, shapes = self.ns.prefixes["lsk"], self.ns.prefixes["lsksh"]
        if not iri.startswith((lsk, shapes)):
            return None
        view = self.terms.view(iri)
        if view is not None:
            if html:
                return _see_other(request, "/def/#" + anchor(iri, self.ns))
            return self._represent(request, view, chosen)
        # Files the docs put beside their page (the ontology as Turtle, RDF/XML, JSON-LD).
        asset = self.publication.file("def/" + iri[len(lsk) :]) if iri.startswith(lsk) else None
        if asset is not None:
            return FileResponse(asset, media_type=media_type(asset))
        return self._not_found(request, iri)

    async def _graph(self, request: Request, iri: str, *, html: bool, chosen: str) -> Response:
        """A named graph: how many triples it holds and where to download them."""
        try:
            size = await run_in_threadpool(graph_size, self._store(request), iri)
        except KGError as error:
            return _store_failed(request, error)
        if not size:
            return self._not_found(request, iri)
        slug = graph_slug(iri, self.settings.graph_prefix)
        if not html:
            dump = self.publication.file(f"dumps/graphs/{slug}.{_EXTENSIONS[chosen]}")
            if dump is None:
                return missing(request, f"The dump of {iri}")
            return FileResponse(dump, media_type=media_type(dump), headers={"Vary": "Accept"})
        prefix = root(request) + "/dumps/graphs/"
        downloads = " ".join(
            f"<a href='{esc(prefix)}{esc(slug)}.{ext}'>{name}</a>"
            for ext, name in (
                ("ttl", "Turtle"),
                ("nt", "N-Triples"),
                ("jsonld", "JSON-LD"),
                ("rdf", "RDF/XML"),
            )
        )
        body = (
            "<p class='kind'>Named graph</p>"
            f"<h1>{esc(iri[len(self.ns.base_iri) :])}</h1><p class='iri'>{esc(iri)}</p>"
            f"<p>{size:,} triples, loaded by <code>kg load</code> from one project file "
            f"(<code>{esc(iri[len(self.settings.graph_prefix) :])}</code>).</p>"
            f"<p class='formats'>Download: {downloads}</p>"
        )
        return page(request, "Named graph", body)

    def _represent(self, request: Request, view: ResourceView, chosen: str) -> Response:
        """The view as the chosen representation, with the headers naming the others."""
        headers = self._alternates(request, view)
        if chosen == HTML:
            response = render(view, self._page_context(request))
            response.headers.update(headers)
            return response
        result = QueryResult(kind=ResultKind.GRAPH, triples=view.triples)
        try:
            body = (
                to_rdf(result, ox.RdfFormat.TURTLE, dict(self.ns.prefixes)).encode("utf-8")
                if chosen == "text/turtle"
                else serialize(result, chosen)
            )
        except NotRepresentable as error:
            return problem(request, 406, "Not representable", error.message, hint=error.hint)
        media = chosen + ("; charset=utf-8" if chosen in _CHARSET else "")
        return Response(body, media_type=media, headers=headers)

    def _alternates(self, request: Request, view: ResourceView) -> dict[str, str]:
        """Vary, and Link headers naming the resource's other representations."""
        path = root(request) + "/" + request.path_params["path"]
        links = [
            f'<{path}?format={key}>; rel="alternate"; type="{media}"'
            for key, media in _KEYS.items()
        ]
        window = view.window
        if window.offset + window.limit < view.incoming_total:
            links.append(f'<{path}?page={window.offset // window.limit + 2}>; rel="next"')
        return {"Vary": "Accept", "Link": ", ".join(links)}

    def _page_context(self, request: Request) -> PageContext:
        lang = request.query_params.get("lang", "en")

        def documented(iri: str) -> str | None:
            # Schemes, their concepts and terms have an entry on the docs page.
            known = ("scheme", "stype", "theme", "lsk", "lsksh")
            if any(iri.startswith(self.ns.prefixes[p]) for p in known):
                return anchor(iri, self.ns)
            return None

        return PageContext(
            request,
            self.ns,
            self.terms,
            lang if lang in LANGUAGES else "en",
            documented,
        )

    def _store(self, request: Request) -> RequestStore:
        return RequestStore(
            request.app.state.query_pool,
            deadline=time.monotonic() + self.timeout,
            timeout=self.timeout,
        )

    def _not_found(self, request: Request, iri: str) -> Response:
        return problem(
            request,
            404,
            "Not found",
            f"Nothing in this graph is identified by {iri}.",
            hint="Check the address; the start page links what is published, and SPARQL "
            "(/sparql) can search the graph.",
        )


def _choose(request: Request) -> str | Response:
    """HTML or an RDF media type: `?format=` when given, else by Accept."""
    return choose_rdf(request, OFFERED, _KEYS)


def _window(request: Request) -> Window | Response:
    """Which page of incoming links to show (`?page=`, from 1)."""
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or int(raw) > 1_000_000:
        return problem(request, 400, "Bad page", f"page={raw!r} is not a page number")
    return Window((int(raw) - 1) * INCOMING_PAGE, INCOMING_PAGE)


def _see_other(request: Request, target: str) -> Response:
    return RedirectResponse(root(request) + target, status_code=303, headers={"Vary": "Accept"})


def _store_failed(request: Request, error: KGError) -> Response:
    answer = answer_for(error)
    # A store error's message names the store (for a folder, a path on the server's disk):
    # the client gets the kind of failure, the operator's log has the rest.
    message = error.message if isinstance(error, QueryTimeout) else "the query did not complete"
    return problem(request, answer.status, answer.title, message, hint="Try again in a moment.")

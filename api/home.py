"""The start page: what the graph is, and a link to every way in."""

from __future__ import annotations

import time
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.graphql.context import RequestStore
from api.pages import esc, page, root
from kg.errors import KGError
from kg.resource_view import example_instance
from kg.settings import Settings

_SPARQL_EXAMPLE = """SELECT ?actor (COUNT(?stance) AS ?stances) WHERE {
  ?stance a lsk:Stance ; prov:wasAttributedTo ?actor .
} GROUP BY ?actor ORDER BY DESC(?stances)"""

_GRAPHQL_EXAMPLE = (
    '{ actor(id: "actor:uppsala-kommun") { name stances(first: 3) { totalCount nodes {'
    " quote document { title } } } } }"
)


async def home(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    prefix = root(request)
    namespaces = settings.namespaces
    sparql = (
        f"PREFIX lsk: <{namespaces.lsk}>\nPREFIX prov: <{namespaces.prefixes['prov']}>\n"
        + _SPARQL_EXAMPLE
    )
    example = await _example_stance(request, settings)
    stance = ""
    if example is not None:
        path = prefix + "/" + example[len(settings.base_iri) :]
        stance = (
            f"<li>Every IRI under <code>{esc(settings.base_iri)}</code> answers at its own path, "
            f"as an HTML page or as RDF by <code>Accept</code>; a stance, for example: "
            f'<a href="{esc(path)}">{esc(path)}</a></li>'
        )
    body = f"""<p class="kind">Open data</p>
<h1>The Stockholm–Uppsala life-science consultation graph</h1>
<p>Who answered the 2026 consultation on the joint life-science strategy of Region Stockholm
and Region Uppsala, and where they stand: every stance with the verbatim words it was taken
in and the document it comes from.</p>
<h2>Look</h2>
<ul>
<li><a href="{esc(prefix)}/explore">The explorer</a> (<code>/explore</code>, in Swedish, or
<a href="{esc(prefix)}/explore?lang=en">in English</a>): which actor said what about which part
of the strategy, where they agree, how they are tied together, and what happened when, with
every quote and its source</li>
</ul>
<h2>Ask</h2>
<ul>
<li><a href="{esc(prefix)}/graphql">GraphQL</a> (<code>/graphql</code>): GraphiQL in a browser,
to explore actors, documents, stances and the relations between them;
<a href="{esc(prefix)}/graphql?query={esc(quote(_GRAPHQL_EXAMPLE))}">an example answer</a></li>
<li><a href="{esc(prefix)}/sparql">SPARQL 1.1 endpoint</a> (<code>/sparql</code>, read-only;
its service description, and a query form in a browser);
<a href="{esc(prefix)}/sparql?query={esc(quote(sparql))}">stances per actor</a>, as an example</li>
{stance}
</ul>
<h2>Take</h2>
<ul>
<li><a href="{esc(prefix)}/dumps/">Downloads</a> (<code>/dumps/</code>): the whole graph and each
named graph in Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML, gzipped too, with SHA-256
checksums</li>
<li><a href="{esc(prefix)}/catalog">DCAT-AP-SE catalogue</a> (<code>/catalog</code>, RDF/XML or
Turtle by <code>Accept</code>), for Sveriges dataportal to harvest</li>
<li><a href="{esc(prefix)}/.well-known/void">VoID description</a>
(<code>/.well-known/void</code>): sizes, classes, properties, links</li>
</ul>
<h2>Read</h2>
<ul>
<li><a href="{esc(prefix)}/def/">Vocabulary documentation</a> (<code>/def/</code>): the ontology,
the SHACL shapes with their Swedish and English messages, and the SKOS schemes</li>
<li><a href="{esc(prefix)}/health">Health</a> of the service</li>
</ul>"""
    return page(request, "Start", body)


async def _example_stance(request: Request, settings: Settings) -> str | None:
    store = RequestStore(request.app.state.query_pool, deadline=time.monotonic() + 5.0, timeout=5.0)
    try:
        example = await run_in_threadpool(
            example_instance, store, settings.namespaces.iri("lsk:Stance")
        )
    except KGError:
        return None  # the page still links everything else; /health tells what is wrong
    return example if example is not None and example.startswith(settings.base_iri) else None

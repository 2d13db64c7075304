"""The read-only SPARQL endpoint over real HTTP (uvicorn on a free port), on both backends."""

from __future__ import annotations

import html
import json
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from api.app import create_app
from kg.settings import Settings
from tests.support.serving import loaded, serving

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://example.org/lsk/def/Stance> }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass(frozen=True)
class Served:
    base: str  # the API's URL
    store: str  # the store's folder or the Virtuoso's URL: no answer may show it


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Served]:
    backend = loaded(
        request.param,
        [settings.data_dir],
        request=request,
        directory=tmp_path_factory.mktemp("served"),
        settings=settings,
    )
    with serving(create_app(backend, workers=2, timeout=2.0, max_bytes=200_000)) as base:
        yield Served(base=base, store=backend.store)


@pytest.fixture(scope="module")
def endpoint(served: Served) -> str:
    return served.base


def count_of(response: httpx.Response) -> int:
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_and_both_posts_answer_alike(endpoint: str) -> None:
    get = httpx.get(endpoint + "/sparql", params={"query": COUNT})
    form = httpx.post(endpoint + "/sparql", data={"query": COUNT})
    direct = httpx.post(
        endpoint + "/sparql", content=COUNT, headers={"Content-Type": "application/sparql-query"}
    )
    assert [r.status_code for r in (get, form, direct)] == [200, 200, 200]
    assert get.headers["content-type"].startswith("application/sparql-results+json")
    assert count_of(get) == count_of(form) == count_of(direct) == 116


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_solutions_are_negotiated(endpoint: str, accept: str, expected: str) -> None:
    response = httpx.get(endpoint + "/sparql", params={"query": COUNT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)
    assert "116" in response.text


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json"])
def test_graphs_are_negotiated(endpoint: str, accept: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER (?s = <https://example.org/lsk/id/actor/stuns>) }"
    response = httpx.get(endpoint + "/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert "STUNS" in response.text


def test_unacceptable_type_is_406(endpoint: str) -> None:
    response = httpx.get(
        endpoint + "/sparql", params={"query": COUNT}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 406


def test_malformed_query_is_400(endpoint: str) -> None:
    response = httpx.get(endpoint + "/sparql", params={"query": "SELECT WHERE {"})
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    "send",
    [
        lambda base: httpx.post(base + "/sparql", data={"update": "DROP ALL"}),
        lambda base: httpx.post(
            base + "/sparql",
            content="DROP ALL",
            headers={"Content-Type": "application/sparql-update"},
        ),
        lambda base: httpx.get(base + "/sparql", params={"update": "DROP ALL"}),
        lambda base: httpx.get(base + "/sparql", params={"query": "DROP ALL"}),
    ],
)
def test_updates_are_refused_and_change_nothing(endpoint: str, send) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= send(endpoint).status_code < 500
    assert count_of(httpx.get(endpoint + "/sparql", params={"query": COUNT})) == 116


def test_a_query_past_the_deadline_is_stopped_and_the_server_still_answers(endpoint: str) -> None:
    started = time.monotonic()
    slow = httpx.get(endpoint + "/sparql", params={"query": HEAVY}, timeout=30)
    # 503: our deadline stopped it; 502: the backing server refused it up front (Virtuoso
    # estimates the cost and says no). Either way it did not hold the server up.
    assert slow.status_code in {502, 503}
    assert time.monotonic() - started < 10
    assert count_of(httpx.get(endpoint + "/sparql", params={"query": COUNT})) == 116


def test_an_answer_over_the_size_cap_is_refused(endpoint: str) -> None:
    response = httpx.get(endpoint + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 422
    assert "LIMIT" in response.json()["hint"]


def test_a_standard_client_reads_the_endpoint(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert result["results"]["bindings"][0]["n"]["value"] == "116"  # type: ignore[index,call-overload]


def test_health_and_home(endpoint: str) -> None:
    assert httpx.get(endpoint + "/health").json()["status"] == "ok"
    home = httpx.get(endpoint + "/")
    assert home.status_code == 200
    assert 'href="/sparql?query=' in home.text
    assert 'href="/graphql"' in home.text
    # The query links answer here; every link, the publication's too, is followed in
    # test_publishing.py, where a publish folder is written first.
    for link in re.findall(r'href="(/(?:sparql|graphql|health)[^"]*)"', home.text):
        assert httpx.get(endpoint + html.unescape(link)).status_code == 200, link


def test_rdflib_reads_the_endpoint_as_a_graph(endpoint: str) -> None:
    graph = rdflib.Graph(SPARQLStore(endpoint + "/sparql"))
    rows = [tuple(row) for row in graph.query(COUNT)]  # type: ignore[arg-type]
    assert rows == [(rdflib.Literal(116),)]
    stuns = rdflib.URIRef("https://example.org/lsk/id/actor/stuns")
    assert set(graph.objects(stuns, rdflib.SKOS.prefLabel)) == {rdflib.Literal("STUNS", lang="sv")}
    assert (stuns, rdflib.RDF.type, None) in graph


# ---------------------------------------------------------------- the dataset

GRAPH = "https://example.org/lsk/graph/data/"
HUDDINGE, STOCKHOLM = GRAPH + "huddinge", GRAPH + "stockholm"
ALL_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(endpoint: str, query: str, **params: str | list[str]) -> int:
    response = httpx.get(endpoint + "/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return count_of(response)


def column(response: httpx.Response, name: str) -> list[str]:
    assert response.status_code == 200, response.text
    return [b[name]["value"] for b in response.json()["results"]["bindings"] if name in b]


def size_of(endpoint: str, graph: str) -> int:
    return count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")


def test_from_counts_only_that_graph(endpoint: str) -> None:
    huddinge = size_of(endpoint, HUDDINGE)
    assert 0 < huddinge < count(endpoint, ALL_TRIPLES)
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{HUDDINGE}> WHERE {{ ?s ?p ?o }}") == (
        huddinge
    )
    both = f"SELECT (COUNT(*) AS ?n) FROM <{HUDDINGE}> FROM <{STOCKHOLM}> WHERE {{ ?s ?p ?o }}"
    assert count(endpoint, both) == huddinge + size_of(endpoint, STOCKHOLM)


def test_from_alone_names_no_graph_for_graph_patterns(endpoint: str) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{HUDDINGE}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(endpoint, query) == 0


def test_from_named_alone_leaves_the_default_graph_empty(endpoint: str) -> None:
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{HUDDINGE}> {{ ?s ?p ?o }}") == 0
    graphs = httpx.get(
        endpoint + "/sparql",
        params={
            "query": f"SELECT DISTINCT ?g FROM NAMED <{HUDDINGE}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        },
    )
    assert column(graphs, "g") == [HUDDINGE]


def test_the_protocols_graphs_replace_the_querys(endpoint: str) -> None:
    huddinge = size_of(endpoint, HUDDINGE)
    from_stockholm = f"SELECT (COUNT(*) AS ?n) FROM <{STOCKHOLM}> WHERE {{ ?s ?p ?o }}"
    assert count(endpoint, from_stockholm, **{"default-graph-uri": HUDDINGE}) == huddinge
    assert count(endpoint, ALL_TRIPLES, **{"default-graph-uri": HUDDINGE}) == huddinge
    # Only named graphs given: the default graph is empty, and GRAPH sees just those.
    assert count(endpoint, from_stockholm, **{"named-graph-uri": HUDDINGE}) == 0
    named = httpx.get(
        endpoint + "/sparql",
        params={
            "query": f"SELECT DISTINCT ?g FROM NAMED <{STOCKHOLM}> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            "named-graph-uri": HUDDINGE,
        },
    )
    assert column(named, "g") == [HUDDINGE]


def test_the_dataset_comes_in_every_kind_of_request(endpoint: str) -> None:
    huddinge = size_of(endpoint, HUDDINGE)
    form = httpx.post(
        endpoint + "/sparql", data={"query": ALL_TRIPLES, "default-graph-uri": HUDDINGE}
    )
    direct = httpx.post(
        endpoint + "/sparql",
        params={"default-graph-uri": HUDDINGE},
        content=ALL_TRIPLES,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert count_of(form) == count_of(direct) == huddinge


def test_a_graph_parameter_that_is_no_iri_is_400(endpoint: str) -> None:
    response = httpx.get(
        endpoint + "/sparql", params={"query": ALL_TRIPLES, "default-graph-uri": "not an iri"}
    )
    assert response.status_code == 400
    assert "default-graph-uri" in response.json()["error"]


def test_without_a_dataset_the_default_graph_is_the_union(endpoint: str) -> None:
    assert count(endpoint, COUNT) == 116
    assert count(endpoint, ALL_TRIPLES) >= size_of(endpoint, HUDDINGE) + size_of(
        endpoint, STOCKHOLM
    )


# ---------------------------------------------------------------- base IRI and forms


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?label WHERE { <id/actor/stuns> skos:prefLabel ?label }",
        "BASE <id/actor/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?label WHERE { <stuns> skos:prefLabel ?label }",
        "PREFIX a: <id/actor/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?label WHERE { a:stuns skos:prefLabel ?label }",
    ],
)
def test_relative_iris_resolve_against_the_base_iri(endpoint: str, query: str) -> None:
    response = httpx.get(endpoint + "/sparql", params={"query": query})
    assert column(response, "label") == ["STUNS"]


def test_relative_iris_in_dataset_clauses_and_templates(endpoint: str) -> None:
    relative = "SELECT (COUNT(*) AS ?n) FROM <graph/data/huddinge> WHERE { ?s ?p ?o }"
    assert count(endpoint, relative) == size_of(endpoint, HUDDINGE)
    built = httpx.get(
        endpoint + "/sparql",
        params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
        headers={"Accept": "application/n-triples"},
    )
    assert built.status_code == 200
    assert "<https://example.org/lsk/s> <https://example.org/lsk/p>" in built.text


@pytest.mark.parametrize(
    ("query", "media_type"),
    [
        ("SELECT*{}", "application/sparql-results+json"),
        ("SELECT(1 AS ?x){}", "application/sparql-results+json"),
        ("select * where {}", "application/sparql-results+json"),
        ("ASK{}", "application/sparql-results+json"),
        ("ask {}", "application/sparql-results+json"),
        ("DESCRIBE<https://example.org/lsk/id/actor/stuns>", "text/turtle"),
        ("describe <id/actor/stuns>", "text/turtle"),
        ("construct where { <id/actor/stuns> ?p ?o }", "text/turtle"),
        ("BASE <https://example.org/lsk/>\nPREFIX a: <id/actor/>\nDESCRIBE a:stuns", "text/turtle"),
        ("# SELECT, said a comment\nPREFIX x: <http://x/> # another\nASK{}", None),
        ("PREFIX x:<http://x/>SELECT*{}", None),
    ],
)
def test_every_query_form_is_recognised(endpoint: str, query: str, media_type: str | None) -> None:
    response = httpx.get(endpoint + "/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    if media_type is not None:
        assert response.headers["content-type"].startswith(media_type)
    if media_type == "text/turtle":
        # What DESCRIBE returns is up to the server (Virtuoso gives links to the resource,
        # Oxigraph its own triples); either names it.
        assert "<https://example.org/lsk/id/actor/stuns>" in response.text


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a/> <http://b/> <http://c/> }",
        "# a comment first\ndrop all",
        "PREFIX x: <http://x/>\ndelete where { ?s ?p ?o }",
        "CLEAR ALL",
        "LOAD <http://127.0.0.1:9/data.ttl>",
    ],
)
def test_updates_as_queries_are_refused_as_read_only(endpoint: str, update: str) -> None:
    for response in (
        httpx.get(endpoint + "/sparql", params={"query": update}),
        httpx.post(
            endpoint + "/sparql",
            content=update,
            headers={"Content-Type": "application/sparql-query"},
        ),
    ):
        assert response.status_code == 403
        assert "read-only" in response.json()["error"]
    assert count(endpoint, COUNT) == 116


def test_text_that_is_no_query_is_400_saying_where(endpoint: str) -> None:
    response = httpx.get(
        endpoint + "/sparql", params={"query": "PREFIX x: <http://x/>\nSELEC * {}"}
    )
    assert response.status_code == 400
    assert "'SELEC' at line 2, column 1" in response.json()["error"]


def test_a_syntax_error_is_400_with_the_parsers_message(endpoint: str) -> None:
    response = httpx.get(endpoint + "/sparql", params={"query": "ASK { ?s ?p }"})
    assert response.status_code == 400
    assert re.search(r"syntax|expected", response.json()["error"], re.IGNORECASE)


# ---------------------------------------------------------------- formats


def test_ask_is_answered_in_json_and_xml_only(endpoint: str) -> None:
    for accept, media_type in [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/json"),
    ]:
        response = httpx.get(
            endpoint + "/sparql", params={"query": "ASK {}"}, headers={"Accept": accept}
        )
        assert response.headers["content-type"].startswith(media_type)
        assert response.json()["boolean"] is True
    xml = httpx.get(
        endpoint + "/sparql",
        params={"query": "ASK {}"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert "<boolean>true</boolean>" in xml.text
    for accept in ("text/csv", "text/tab-separated-values", "text/csv, text/tab-separated-values"):
        refused = httpx.get(
            endpoint + "/sparql", params={"query": "ASK {}"}, headers={"Accept": accept}
        )
        assert refused.status_code == 406
        assert "application/sparql-results+xml" in refused.json()["hint"]


def test_select_answers_plain_json_to_generic_clients(endpoint: str) -> None:
    response = httpx.get(
        endpoint + "/sparql", params={"query": COUNT}, headers={"Accept": "application/json"}
    )
    assert response.headers["content-type"].startswith("application/json")
    assert count_of(response) == 116


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("application/rdf+xml", "xml"),
        ("application/n-quads", "nquads"),
        ("application/trig", "trig"),
    ],
)
def test_graphs_in_rdf_xml_and_quad_formats(endpoint: str, accept: str, rdflib_format: str) -> None:
    query = "CONSTRUCT WHERE { <https://example.org/lsk/id/actor/stuns> ?p ?o }"
    response = httpx.get(endpoint + "/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    parsed = rdflib.Dataset()
    parsed.parse(data=response.text, format=rdflib_format)
    stuns = rdflib.URIRef("https://example.org/lsk/id/actor/stuns")
    labels = {o for _, _, o, _ in parsed.quads((stuns, rdflib.SKOS.prefLabel, None, None))}
    assert labels == {rdflib.Literal("STUNS", lang="sv")}


def test_a_406_names_what_is_offered(endpoint: str) -> None:
    response = httpx.get(
        endpoint + "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 406
    assert "application/rdf+xml" in response.json()["hint"]


# ---------------------------------------------------------------- the protocol's rules


def test_repeated_queries_are_400(endpoint: str) -> None:
    twice: list[tuple[str, str | int | float | bool | None]] = [
        ("query", "ASK {}"),
        ("query", "SELECT * {}"),
    ]
    get = httpx.get(endpoint + "/sparql", params=twice)
    form = httpx.post(endpoint + "/sparql", data=dict(twice[:1]), params=dict(twice[1:]))
    form_body = httpx.post(
        endpoint + "/sparql",
        content="query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    direct = httpx.post(
        endpoint + "/sparql",
        params={"query": "ASK {}"},
        content="ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    for response in (get, form, form_body, direct):
        assert response.status_code == 400
        assert "exactly one" in response.json()["error"]


def test_a_query_with_an_update_is_400(endpoint: str) -> None:
    response = httpx.get(endpoint + "/sparql", params={"query": "ASK {}", "update": "DROP ALL"})
    assert response.status_code == 400
    assert "not both" in response.json()["error"]


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/plain", b"ASK {}", 415),
        (None, b"query=ASK%20%7B%7D", 415),
        ("application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 415),
        ("application/x-www-form-urlencoded; charset=latin-1", b"query=ASK%20%7B%7D", 415),
        ("application/sparql-query", b"ASK { ?s ?p '\xe5' }", 400),
        ("application/sparql-query", b"", 400),
        ('application/sparql-query; charset="utf-8"', b"ASK {}", 200),
        ("Application/SPARQL-Query; Charset=UTF-8", b"ASK {}", 200),
    ],
)
def test_request_bodies_are_checked(
    endpoint: str, content_type: str | None, body: bytes, status: int
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = httpx.post(endpoint + "/sparql", content=body, headers=headers)
    assert response.status_code == status, response.text
    if status != 200:
        assert response.json()["error"]


def test_an_over_long_query_is_413(endpoint: str) -> None:
    query = "ASK {} #" + "x" * 100_000
    response = httpx.post(
        endpoint + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413


def test_the_endpoint_answers_with_a_trailing_slash_too(endpoint: str) -> None:
    assert count_of(httpx.get(endpoint + "/sparql/", params={"query": COUNT})) == 116


# ---------------------------------------------------------------- errors say nothing of the server


@pytest.mark.parametrize(
    "query",
    ["SELECT WHERE {", HEAVY, "SELECT * WHERE { ?s ?p ?o }"],
    ids=["malformed", "timeout", "too-large"],
)
def test_error_bodies_never_show_where_the_store_is(served: Served, query: str) -> None:
    response = httpx.get(served.base + "/sparql", params={"query": query}, timeout=30)
    assert 400 <= response.status_code < 600
    assert response.json()["error"]
    assert served.store not in response.text
    assert (urlsplit(served.store).netloc or served.store) not in response.text


def test_health_does_not_show_the_store(served: Served) -> None:
    response = httpx.get(served.base + "/health")
    assert response.json()["status"] == "ok"
    assert set(response.json()) == {"status", "lanes"}  # what is busy, never where the store is
    assert served.store not in response.text


# ---------------------------------------------------------------- HEAD, CORS, 414


def test_head_answers_like_get_without_a_body(endpoint: str) -> None:
    head = httpx.head(endpoint + "/sparql", params={"query": COUNT})
    get = httpx.get(endpoint + "/sparql", params={"query": COUNT})
    assert head.status_code == 200
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.content == b""
    assert httpx.head(endpoint + "/sparql", params={"query": "ASK {"}).status_code == 400
    described = httpx.head(endpoint + "/sparql")
    assert described.status_code == 200
    assert described.headers["content-type"].startswith("text/turtle")
    assert described.content == b""


def test_cors_lets_any_origin_read(endpoint: str) -> None:
    origin = {"Origin": "https://app.example"}
    get = httpx.get(endpoint + "/sparql", params={"query": COUNT}, headers=origin)
    post = httpx.post(endpoint + "/sparql", data={"query": COUNT}, headers=origin)
    for response in (get, post):
        assert response.headers["access-control-allow-origin"] == "*"
        assert "content-type" in response.headers["access-control-expose-headers"].lower()
        assert "access-control-allow-credentials" not in response.headers
    preflight = httpx.options(
        endpoint + "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    assert preflight.headers["access-control-allow-origin"] == "*"


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """Send a GET with `target` as it is (httpx refuses URLs over 64 KB); the status and body."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    assert host is not None
    assert port is not None
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_an_over_long_uri_is_414_with_a_clear_message(endpoint: str) -> None:
    padding = "x" * (200 * 1024)
    status, body = raw_get(endpoint, "/sparql?query=ASK%20%7B%7D%23" + padding)
    assert status == 414
    assert "POST" in json.loads(body)["hint"]
    # Under the limit, a long URI is read as usual.
    status, body = raw_get(endpoint, "/sparql?query=ASK%20%7B%7D%23" + "x" * 60_000)
    assert status == 200
    assert json.loads(body)["boolean"] is True


# ---------------------------------------------------------------- service description

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")


def description(endpoint: str, accept: str | None, rdflib_format: str) -> rdflib.Graph:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(endpoint + "/sparql", headers=headers)
    assert response.status_code == 200, response.text
    if accept:
        assert response.headers["content-type"].startswith(accept)
    return rdflib.Graph().parse(data=response.text, format=rdflib_format)


def test_get_without_a_query_describes_the_service(endpoint: str, settings: Settings) -> None:
    graph = description(endpoint, None, "turtle")
    service = graph.value(None, rdflib.RDF.type, SD.Service)
    assert service is not None
    assert graph.value(service, SD.endpoint) == rdflib.URIRef(settings.base_iri + "sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.feature, SD.BasicFederatedQuery) not in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.RDF_XML} <= formats
    assert {FORMATS.SPARQL_Results_CSV, FORMATS.Turtle, FORMATS["JSON-LD"]} <= formats
    notes = " ".join(str(c) for c in graph.objects(service, rdflib.RDFS.comment))
    assert "union of all named graphs" in notes
    assert settings.base_iri in notes
    dataset = graph.value(service, SD.defaultDataset)
    assert graph.value(dataset, SD.defaultGraph) is not None
    sizes = {
        str(graph.value(named, SD.name)): int(
            str(graph.value(graph.value(named, SD.graph), VOID.triples))
        )
        for named in graph.objects(dataset, SD.namedGraph)
    }
    assert sizes[HUDDINGE] == size_of(endpoint, HUDDINGE)
    assert len(sizes) >= 6


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("text/turtle", "turtle"),
    ],
)
def test_the_description_is_negotiated(endpoint: str, accept: str, rdflib_format: str) -> None:
    turtle = description(endpoint, None, "turtle")
    assert isomorphic(description(endpoint, accept, rdflib_format), turtle)


def test_a_browser_gets_a_page_with_a_query_form(endpoint: str, settings: Settings) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = httpx.get(endpoint + "/sparql", headers={"Accept": accept})
    assert page.headers["content-type"].startswith("text/html")
    assert '<form method="get"' in page.text
    assert 'name="query"' in page.text
    assert settings.base_iri + "sparql" in page.text
    assert HUDDINGE in page.text
    refused = httpx.get(endpoint + "/sparql", headers={"Accept": "application/sparql-results+json"})
    assert refused.status_code == 406
    assert "text/turtle" in refused.json()["hint"]

"""The read-only SPARQL endpoint over real HTTP (uvicorn on a free port), on both backends."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from api.app import create_app
from kg.settings import Settings
from tests.serving import loaded, serving

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://example.org/lsk/def/Stance> }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def endpoint(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    served = loaded(
        request.param,
        [settings.data_dir],
        request=request,
        directory=tmp_path_factory.mktemp("served"),
        settings=settings,
    )
    with serving(create_app(served, workers=2, timeout=2.0, max_bytes=200_000)) as base:
        yield base


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
    assert count_of(get) == count_of(form) == count_of(direct) == 108


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
    assert "108" in response.text


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
    assert count_of(httpx.get(endpoint + "/sparql", params={"query": COUNT})) == 108


def test_a_query_past_the_deadline_is_stopped_and_the_server_still_answers(endpoint: str) -> None:
    started = time.monotonic()
    slow = httpx.get(endpoint + "/sparql", params={"query": HEAVY}, timeout=30)
    # 503: our deadline stopped it; 502: the backing server refused it up front (Virtuoso
    # estimates the cost and says no). Either way it did not hold the server up.
    assert slow.status_code in {502, 503}
    assert time.monotonic() - started < 10
    assert count_of(httpx.get(endpoint + "/sparql", params={"query": COUNT})) == 108


def test_an_answer_over_the_size_cap_is_refused(endpoint: str) -> None:
    response = httpx.get(endpoint + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 422
    assert "LIMIT" in response.json()["hint"]


def test_a_standard_client_reads_the_endpoint(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert result["results"]["bindings"][0]["n"]["value"] == "108"  # type: ignore[index,call-overload]


def test_health_and_home(endpoint: str) -> None:
    assert httpx.get(endpoint + "/health").json()["status"] == "ok"
    home = httpx.get(endpoint + "/")
    assert home.status_code == 200
    assert 'href="/sparql?query=' in home.text
    # Every link on the page answers.
    for link in re.findall(r'href="([^"]+)"', home.text):
        assert httpx.get(endpoint + html.unescape(link)).status_code == 200, link
    assert 'href="/graphql"' in home.text


def test_rdflib_reads_the_endpoint_as_a_graph(endpoint: str) -> None:
    graph = rdflib.Graph(SPARQLStore(endpoint + "/sparql"))
    rows = [tuple(row) for row in graph.query(COUNT)]  # type: ignore[arg-type]
    assert rows == [(rdflib.Literal(108),)]
    stuns = rdflib.URIRef("https://example.org/lsk/id/actor/stuns")
    assert set(graph.objects(stuns, rdflib.SKOS.prefLabel)) == {rdflib.Literal("STUNS", lang="sv")}
    assert (stuns, rdflib.RDF.type, None) in graph

"""SERVICE reaches nothing unless the operator allows it: a loopback listener proves it.

Both stores would fetch a SERVICE endpoint themselves (Oxigraph over live HTTP, Virtuoso by its
own rules), which on a public server is request forgery into the publisher's network. The
endpoint refuses such a query before any store sees it, however the clause is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib

from api.app import create_app
from kg.embedded import EmbeddedStore
from kg.settings import Settings
from tests.support.listener import Listener
from tests.support.serving import loaded, serving, serving_project_data


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def endpoint(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    with serving_project_data(request, tmp_path_factory, settings, workers=1, timeout=10.0) as base:
        yield base


def queries(target: str) -> list[str]:
    """SERVICE clauses to `target` (http://127.0.0.1:PORT), in every shape a client may write."""
    return [
        f"SELECT * WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {{ SELECT ?s WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{target}/> {{ ?s ?q ?r }} }} }} LIMIT 1",
        f"# SERVICE <http://elsewhere.example/> in a comment\n"
        f'SELECT * {{ ?s ?p "SERVICE <http://elsewhere.example/>" . SERVICE # a comment\n'
        f"  <{target}/x> {{ ?s ?p ?o }} }}",
        f"PREFIX ep: <{target}/> SELECT * {{ SERVICE ep:sparql {{ ?s ?p ?o }} }}",
        f"BASE <{target}/> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ VALUES ?ep {{ <{target}/sparql> }} SERVICE ?ep {{ ?s ?p ?o }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\u0053ERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ # a comment that CR ends\rSERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
    ]


@pytest.mark.parametrize("number", range(len(queries("http://x"))))
def test_service_is_refused_and_reaches_nothing(
    endpoint: str, listener: Listener, number: int
) -> None:
    target = f"http://127.0.0.1:{listener.port}"
    query = queries(target)[number]
    for response in (
        httpx.get(endpoint + "/sparql", params={"query": query}, timeout=30),
        httpx.post(endpoint + "/sparql", data={"query": query}, timeout=30),
        httpx.post(
            endpoint + "/sparql",
            content=query,
            headers={"Content-Type": "application/sparql-query"},
            timeout=30,
        ),
    ):
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert "SERVICE" in error or "backslash" in error
        if "?ep" not in query and "backslash" not in error:
            assert f"127.0.0.1:{listener.port}" in error  # names the endpoint refused
    assert listener.connections == 0


def test_the_description_offers_no_federation(endpoint: str) -> None:
    graph = rdflib.Graph().parse(data=httpx.get(endpoint + "/sparql").text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert not list(graph.subjects(sd.feature, sd.BasicFederatedQuery))


def test_an_allowed_endpoint_is_queried_and_no_other(
    request: pytest.FixtureRequest, tmp_path: Path, settings: Settings, listener: Listener
) -> None:
    """Embedded only: a second instance of the endpoint, on the allow-list, answers a
    federated query; the listener, not on it, is still refused."""
    remote = loaded(
        "embedded", [settings.data_dir], request=request, directory=tmp_path, settings=settings
    )
    with serving(create_app(remote, workers=1, timeout=10.0)) as other:
        store = EmbeddedStore(tmp_path / "a")
        store.close()
        allowed = dataclasses.replace(
            settings, store=str(tmp_path / "a"), service_allowlist=(other + "/sparql",)
        )
        with serving(create_app(allowed, workers=1, timeout=10.0)) as base:
            federated = (
                f"SELECT ?n WHERE {{ SERVICE <{other}/sparql> {{ SELECT (COUNT(*) AS ?n) "
                "WHERE { ?s a <https://example.org/lsk/def/Stance> } } }"
            )
            response = httpx.get(base + "/sparql", params={"query": federated}, timeout=30)
            assert response.status_code == 200, response.text
            assert response.json()["results"]["bindings"][0]["n"]["value"] == "116"
            refused = httpx.get(
                base + "/sparql",
                params={"query": queries(f"http://127.0.0.1:{listener.port}")[0]},
            )
            assert refused.status_code == 400
            assert other + "/sparql" in refused.json()["error"]
            description = rdflib.Graph().parse(
                data=httpx.get(base + "/sparql").text, format="turtle"
            )
            sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
            assert list(description.subjects(sd.feature, sd.BasicFederatedQuery))
    assert listener.connections == 0

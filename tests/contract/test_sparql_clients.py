"""Real SPARQL clients, each with its default formats, against the endpoint on both backends.

SPARQLWrapper asks for SPARQL XML results, and RDF/XML for graphs; rdflib's SPARQLStore asks
for XML too, and sends default-graph-uri for a Graph bound to one named graph; the npm package
fetch-sparql-endpoint (pinned in tests/clients/package-lock.json, installed by `make install`)
asks for JSON or XML results, and Turtle for graphs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from xml.dom.minidom import Document

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import SPARQLWrapper

from kg.settings import Settings
from tests.support.serving import serving_project_data

STANCE = "https://example.org/lsk/def/Stance"
STUNS = rdflib.URIRef("https://example.org/lsk/id/actor/stuns")
HUDDINGE = "https://example.org/lsk/graph/data/huddinge"
SELECT = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{STANCE}> }}"
ASK = f"ASK {{ ?s a <{STANCE}> }}"
CONSTRUCT = f"CONSTRUCT WHERE {{ <{STUNS}> ?p ?o }}"
DESCRIBE = f"DESCRIBE <{STUNS}>"
CLIENTS = Path(__file__).resolve().parents[1] / "clients"


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def endpoint(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    with serving_project_data(request, tmp_path_factory, settings, workers=2, timeout=10.0) as base:
        yield base + "/sparql"


def huddinge_size(endpoint: str) -> int:
    response = httpx.get(
        endpoint,
        params={"query": f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{HUDDINGE}> {{ ?s ?p ?o }} }}"},
    )
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def describes_stuns(graph: rdflib.Graph) -> bool:
    # DESCRIBE's answer is the server's choice; both name the resource.
    return any(STUNS in (s, o) for s, _, o in graph)


# ---------------------------------------------------------------- SPARQLWrapper


def wrapper(endpoint: str, query: str) -> object:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    return client.query().convert()


def test_sparqlwrapper_select_in_its_default_xml(endpoint: str) -> None:
    document = wrapper(endpoint, SELECT)
    assert isinstance(document, Document)
    literal = document.getElementsByTagName("literal")[0]
    assert literal.firstChild.data == "116"  # type: ignore[union-attr]


def test_sparqlwrapper_ask_in_its_default_xml(endpoint: str) -> None:
    document = wrapper(endpoint, ASK)
    assert isinstance(document, Document)
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]


def test_sparqlwrapper_construct_in_its_default_rdf_xml(endpoint: str) -> None:
    graph = wrapper(endpoint, CONSTRUCT)
    assert isinstance(graph, rdflib.Graph)
    assert (STUNS, rdflib.SKOS.prefLabel, rdflib.Literal("STUNS", lang="sv")) in graph


def test_sparqlwrapper_describe_in_its_default_rdf_xml(endpoint: str) -> None:
    graph = wrapper(endpoint, DESCRIBE)
    assert isinstance(graph, rdflib.Graph)
    assert describes_stuns(graph)


# ---------------------------------------------------------------- rdflib SPARQLStore


def test_rdflib_select_and_ask(endpoint: str) -> None:
    graph = rdflib.Graph(SPARQLStore(endpoint))
    assert [tuple(row) for row in graph.query(SELECT)] == [(rdflib.Literal(116),)]  # type: ignore[arg-type]
    assert graph.query(ASK).askAnswer is True
    assert graph.query(f"ASK {{ <{STUNS}> a <{STANCE}> }}").askAnswer is False


def test_rdflib_construct_and_describe(endpoint: str) -> None:
    graph = rdflib.Graph(SPARQLStore(endpoint))
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None
    assert (STUNS, rdflib.SKOS.prefLabel, rdflib.Literal("STUNS", lang="sv")) in constructed
    described = graph.query(DESCRIBE).graph
    assert described is not None
    assert describes_stuns(described)


def test_rdflib_graph_bound_to_one_named_graph_sees_only_it(endpoint: str) -> None:
    store = SPARQLStore(endpoint)
    everything = rdflib.Graph(store)
    huddinge = rdflib.Graph(store, identifier=rdflib.URIRef(HUDDINGE))
    size = huddinge_size(endpoint)
    assert len(huddinge) == size
    assert len(list(huddinge.triples((None, None, None)))) == size
    assert len(everything) > size
    counted = huddinge.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert [int(str(row[0])) for row in counted] == [size]  # type: ignore[index]
    # STUNS is described in Uppsala's graph, not Huddinge's.
    assert (STUNS, rdflib.SKOS.prefLabel, None) in everything
    assert (STUNS, rdflib.SKOS.prefLabel, None) not in huddinge


# ---------------------------------------------------------------- an npm client


@pytest.fixture(scope="session")
def fetch_sparql_endpoint() -> list[str]:
    """The command line of the npm client; fails (never skips) when it is not installed."""
    node = shutil.which("node")
    script = CLIENTS / "node_modules" / "fetch-sparql-endpoint" / "bin" / "fetch-sparql-endpoint.js"
    if node is None or not script.is_file():
        pytest.fail(
            "the npm SPARQL client is not installed: install Node.js and npm "
            "(apt-get install nodejs npm), then run `make install`, which runs "
            "`npm ci` in tests/clients"
        )
    return [node, str(script)]


def run_node(command: list[str], endpoint: str, query: str, *extra: str) -> str:
    done = subprocess.run(
        [*command, "--endpoint", endpoint, "--query", query, *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # The client prints errors to stderr but exits 0, so both are checked.
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    return done.stdout


@pytest.mark.parametrize("method", [[], ["--get"]], ids=["post", "get"])
def test_npm_client_select(
    fetch_sparql_endpoint: list[str], endpoint: str, method: list[str]
) -> None:
    out = run_node(fetch_sparql_endpoint, endpoint, SELECT, *method)
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows == [{"n": '"116"^^http://www.w3.org/2001/XMLSchema#integer'}]


def test_npm_client_ask(fetch_sparql_endpoint: list[str], endpoint: str) -> None:
    assert run_node(fetch_sparql_endpoint, endpoint, ASK).strip() == "true"
    assert run_node(
        fetch_sparql_endpoint, endpoint, f"ASK {{ <{STUNS}> a <{STANCE}> }}"
    ).strip() == ("false")


def test_npm_client_construct_and_describe(fetch_sparql_endpoint: list[str], endpoint: str) -> None:
    constructed = rdflib.Graph().parse(
        data=run_node(fetch_sparql_endpoint, endpoint, CONSTRUCT), format="turtle"
    )
    assert (STUNS, rdflib.SKOS.prefLabel, rdflib.Literal("STUNS", lang="sv")) in constructed
    described = rdflib.Graph().parse(
        data=run_node(fetch_sparql_endpoint, endpoint, DESCRIBE), format="turtle"
    )
    assert describes_stuns(described)

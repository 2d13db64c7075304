"""The W3C SPARQL 1.1 Protocol test suite, run over real HTTP against the endpoint on both backends.

The manifest (../shared/vendor/w3c-sparql11-protocol/manifest.ttl) encodes each test as HTTP
requests with the expected status class, result format and boolean. Its data files are loaded
into the named graphs its `ut:graphData` labels give, in a store of their own (a second
Virtuoso for that backend), so the dataset cases see nothing else. Every query-side case
(query_*, bad_query_*, bad_multiple_queries) runs as the manifest says; every update case
must be refused with a 4xx naming the endpoint read-only, and must leave the data as it was.
The manifest's `/sparql/` path prefix is replaced by the endpoint's `/sparql`.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDFS, Namespace

from api.app import create_app
from kg.embedded import EmbeddedStore
from kg.settings import Settings
from kg.store import Store
from tests.contract.conftest import remote_store
from tests.support.serving import serving
from tests.support.virtuoso import start_virtuoso

SETTINGS = Settings(project_dir=Path(__file__).resolve().parents[2])
SUITE = SETTINGS.project_dir.parent / "shared" / "vendor" / "w3c-sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
RESULTS_XML = "{http://www.w3.org/2005/sparql-results#}"


@dataclass(frozen=True)
class Expected:
    status_classes: frozenset[int]  # 2, 3, 4 …
    result_format: str | None  # "boolean", "tabular", "RDF"
    boolean: bool | None


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected: Expected


@dataclass(frozen=True)
class Case:
    name: str
    requests: tuple[HttpRequest, ...]
    graph_data: dict[str, Path] = field(default_factory=dict)  # graph IRI → file

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def read_manifest(folder: Path) -> list[Case]:
    """Every test of the manifest, in its order."""
    manifest_file = folder / "manifest.ttl"
    if not manifest_file.is_file():
        raise FileNotFoundError(
            f"the W3C protocol suite is missing: {manifest_file} "
            "(it is part of ../shared/vendor, beside the project)"
        )
    graph = rdflib.Graph().parse(manifest_file, format="turtle", publicID=manifest_file.as_uri())
    manifest = next(graph.subjects(MF.entries, None))
    entries = graph.value(manifest, MF.entries)
    return [_case(graph, entry) for entry in Collection(graph, entries)]  # type: ignore[arg-type]


def _case(graph: rdflib.Graph, entry: rdflib.term.Node) -> Case:
    name = str(entry).rsplit("#", 1)[-1]
    action = graph.value(entry, MF.action)
    requests = Collection(graph, graph.value(action, HT.requests))  # type: ignore[arg-type]
    graph_data = {}
    for data in graph.objects(entry, UT.graphData):
        source = graph.value(data, UT.graph)
        graph_data[str(graph.value(data, RDFS.label))] = Path(str(source).removeprefix("file://"))
    return Case(name, tuple(_request(graph, r) for r in requests), graph_data)


def _request(graph: rdflib.Graph, node: rdflib.term.Node) -> HttpRequest:
    headers = {}
    header_list = graph.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(graph, header_list):
            headers[str(graph.value(header, HT.fieldName))] = str(
                graph.value(header, HT.fieldValue)
            )
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
    response = graph.value(node, HT.resp)
    statuses = frozenset(
        int(str(s).removeprefix(HTS)[0]) for s in graph.objects(response, MF.expectedStatus)
    )
    result_format = graph.value(response, MF.expectedFormat)
    boolean = graph.value(response, MF.expectedBoolean)
    path = str(graph.value(node, HT.absolutePath))
    assert path.startswith("/sparql/"), path
    return HttpRequest(
        method=str(graph.value(node, HT.methodName)),
        path="/sparql" + path.removeprefix("/sparql/"),
        headers=headers,
        body=body,
        expected=Expected(
            status_classes=statuses,
            result_format=str(result_format) if result_format is not None else None,
            boolean=bool(boolean.toPython()) if boolean is not None else None,  # type: ignore[attr-defined]
        ),
    )


CASES = read_manifest(SUITE)
QUERY_CASES = [c for c in CASES if not c.is_update]
UPDATE_CASES = [c for c in CASES if c.is_update]
GRAPHS = {iri: path for case in CASES for iri, path in case.graph_data.items()}


def test_the_manifest_is_read_whole() -> None:
    # 20 query-side and 14 update cases in the vendored manifest; a change shows here.
    assert len(QUERY_CASES) == 20
    assert len(UPDATE_CASES) == 14
    assert sorted(GRAPHS) == [f"http://kasei.us/2009/09/sparql/data/data{n}.rdf" for n in (1, 2, 3)]


def _fill(store: Store) -> None:
    store.replace_graphs(
        {
            iri: list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
            for iri, path in GRAPHS.items()
        }
    )


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def suite_endpoint(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The endpoint over a store that holds only the suite's three graphs."""
    directory = tmp_path_factory.mktemp("w3c")
    if request.param == "embedded":
        store = EmbeddedStore(directory / "store")
        _fill(store)
        store.close()
        settings = Settings(project_dir=SETTINGS.project_dir, store=str(directory / "store"))
        with serving(create_app(settings, workers=1, timeout=10.0)) as base:
            yield base
        return
    server = start_virtuoso(directory / "virtuoso")
    try:
        remote = remote_store(server)
        _fill(remote)
        remote.close()
        settings = Settings(project_dir=SETTINGS.project_dir, store=server.query_url)
        with serving(create_app(settings, workers=1, timeout=10.0)) as base:
            yield base
    finally:
        server.stop()


def send(base: str, request: HttpRequest) -> httpx.Response:
    return httpx.request(
        request.method,
        base + request.path,
        headers=request.headers,
        content=request.body,
        timeout=30,
    )


def check(response: httpx.Response, expected: Expected) -> None:
    """The response has the status class, result format and boolean the manifest expects."""
    assert response.status_code // 100 in expected.status_classes, response.text
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    if expected.result_format == "boolean" or expected.boolean is not None:
        assert expected.result_format == "boolean"
        value = _boolean(media_type, response.text)
        if expected.boolean is not None:
            assert value is expected.boolean
    elif expected.result_format == "tabular":
        assert _variables(media_type, response.text)
    elif expected.result_format == "RDF":
        rdf_format = {
            "text/turtle": "turtle",
            "application/n-triples": "nt",
            "application/rdf+xml": "xml",
            "application/ld+json": "json-ld",
        }[media_type]
        rdflib.Graph().parse(data=response.text, format=rdf_format)


def _boolean(media_type: str, body: str) -> bool:
    if media_type in {"application/sparql-results+json", "application/json"}:
        value = json.loads(body)["boolean"]
        assert isinstance(value, bool)
        return value
    assert media_type == "application/sparql-results+xml", media_type
    element = ET.fromstring(body).find(f"{RESULTS_XML}boolean")
    assert element is not None
    assert element.text in {"true", "false"}
    return element.text == "true"


def _variables(media_type: str, body: str) -> list[str]:
    if media_type in {"application/sparql-results+json", "application/json"}:
        document = json.loads(body)
        assert isinstance(document["results"]["bindings"], list)
        return list(document["head"]["vars"])
    if media_type == "application/sparql-results+xml":
        root = ET.fromstring(body)
        assert root.find(f"{RESULTS_XML}results") is not None
        return [v.attrib["name"] for v in root.iter(f"{RESULTS_XML}variable")]
    if media_type == "text/csv":
        return next(csv.reader(io.StringIO(body)))
    assert media_type == "text/tab-separated-values", media_type
    return [v.removeprefix("?") for v in body.splitlines()[0].split("\t")]


@pytest.mark.parametrize("case", QUERY_CASES, ids=[c.name for c in QUERY_CASES])
def test_query_case(suite_endpoint: str, case: Case) -> None:
    for request in case.requests:
        check(send(suite_endpoint, request), request.expected)


@pytest.mark.parametrize("case", UPDATE_CASES, ids=[c.name for c in UPDATE_CASES])
def test_update_case_is_refused(suite_endpoint: str, case: Case) -> None:
    update = case.requests[0]
    response = send(suite_endpoint, update)
    assert 400 <= response.status_code < 500, response.text
    error = response.json()
    assert "read-only" in error["error"] + " " + error.get("hint", "")
    # Nothing changed: every graph still holds its document.
    graphs = " ".join(
        f"GRAPH <{iri}> {{ <{iri}> a <http://xmlns.com/foaf/0.1/Document> }}" for iri in GRAPHS
    )
    still = httpx.get(suite_endpoint + "/sparql", params={"query": f"ASK {{ {graphs} }}"})
    assert still.json()["boolean"] is True

"""Dereferenceable IRIs over real HTTP (uvicorn on a free port), on both backends: the path
`/X` answers for the IRI `base_iri + X`, as RDF by Accept or as an HTML page."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import httpx
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.compare import to_isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

from api.app import create_app
from kg.settings import Settings
from tests.contract.conftest import clear, remote_store
from tests.support.serving import loaded, serving
from tests.support.virtuoso import Virtuoso

BASE = "https://example.org/lsk/"
LSK = rdflib.Namespace(BASE + "def/")
STANCE = "id/stance/uppsala-yttrande-01"
QUOTE = (
    "Uppsala kommun välkomnar initiativet att ta fram en gemensam strategi för life science "
    "i Stockholm-Uppsalaregionen."
)
DOCUMENT = "id/document/uppsala-yttrande-ksn-2026-00942"
DOCUMENT_TITLE = "Yttrande över förslag till strategi för life science i Stockholm-Uppsalaregionen"
SOURCE_FILE = "003_50e66dcccbccbcd5.txt"
PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("resources")
    served = loaded(
        request.param, [settings.data_dir], request=request, directory=directory, settings=settings
    )
    served = dataclasses.replace(served, publish_dir=directory / "publish")
    with serving(create_app(served, workers=2, timeout=5.0)) as base:
        yield base


def get(base: str, path: str, accept: str, **params: str) -> httpx.Response:
    return httpx.get(f"{base}/{path}", headers={"Accept": accept}, params=params, timeout=30)


def graph_of(response: httpx.Response) -> rdflib.Graph:
    media_type = response.headers["content-type"].split(";")[0]
    return rdflib.Graph().parse(data=response.content, format=PARSERS[media_type])


def test_a_stance_as_turtle_has_its_description_incoming_links_and_provenance(site: str) -> None:
    response = get(site, STANCE, "text/turtle")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert "Accept" in response.headers["vary"]
    graph = graph_of(response)
    stance, document = rdflib.URIRef(BASE + STANCE), rdflib.URIRef(BASE + DOCUMENT)
    actor = rdflib.URIRef(BASE + "id/actor/uppsala-kommun")
    assert (stance, LSK.quote, rdflib.Literal(QUOTE, lang="sv")) in graph
    assert (stance, RDF.type, LSK.Stance) in graph
    assert (stance, PROV.wasAttributedTo, actor) in graph
    assert (actor, SKOS.prefLabel, rdflib.Literal("Uppsala kommun", lang="sv")) in graph
    assert (stance, DCTERMS.source, document) in graph
    # Provenance: the document's title, its source text and that text's file name.
    assert (document, DCTERMS.title, rdflib.Literal(DOCUMENT_TITLE, lang="sv")) in graph
    source_text = graph.value(document, LSK.sourceText)
    assert graph.value(source_text, LSK.fileName) == rdflib.Literal(SOURCE_FILE)
    # Incoming: the memo's stance was taken over from this one.
    derived = rdflib.URIRef(BASE + "id/stance/uppsala-tjansteskrivelse-01")
    assert (derived, PROV.wasDerivedFrom, stance) in graph


def test_a_stance_as_html_shows_its_quote_actor_document_and_source_file(site: str) -> None:
    response = get(site, STANCE, "text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert f"<blockquote class='quote' lang='sv'>{QUOTE}</blockquote>" in page
    assert "Uppsala kommun" in page
    assert f"href='/{DOCUMENT}'" in page
    assert DOCUMENT_TITLE in page
    assert SOURCE_FILE in page
    assert "welcomes" in page  # the stance type's label
    assert "href='/id/stance/uppsala-tjansteskrivelse-01'" in page  # an incoming link
    for key in ("ttl", "nt", "jsonld", "rdf"):
        assert f"href='?format={key}'" in page
    assert "/sparql?query=DESCRIBE" in page
    assert "/graphql?query=" in page
    assert "<script" not in page
    assert "http://" not in page.split("<body>")[0]


@pytest.mark.parametrize(
    "accept", ["application/ld+json", "application/rdf+xml", "application/n-triples"]
)
def test_every_rdf_format_gives_the_same_graph_as_turtle(site: str, accept: str) -> None:
    turtle = graph_of(get(site, STANCE, "text/turtle"))
    other = get(site, STANCE, accept)
    assert other.status_code == 200
    assert other.headers["content-type"].split(";")[0] == accept
    assert to_isomorphic(graph_of(other)) == to_isomorphic(turtle)


def test_per_format_urls_are_announced_and_answer_without_accept(site: str) -> None:
    response = get(site, STANCE, "text/html")
    links = response.headers["link"]
    for key, media_type in [
        ("ttl", "text/turtle"),
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html"),
    ]:
        assert f'</{STANCE}?format={key}>; rel="alternate"; type="{media_type}"' in links
        answer = httpx.get(f"{site}/{STANCE}", params={"format": key})
        assert answer.status_code == 200
        assert answer.headers["content-type"].split(";")[0] == media_type


def test_no_accept_or_any_type_gets_turtle(site: str) -> None:
    assert get(site, STANCE, "*/*").headers["content-type"].startswith("text/turtle")


def test_an_unknown_iri_is_404_with_a_clear_page(site: str) -> None:
    page = get(site, "id/stance/no-such-stance", "text/html")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert f"{BASE}id/stance/no-such-stance" in page.text
    text = get(site, "id/stance/no-such-stance", "text/turtle")
    assert text.status_code == 404
    assert text.headers["content-type"].startswith("text/plain")
    assert "Not found" in text.text
    assert get(site, "nothing/here", "text/html").status_code == 404
    # What the client wrote comes back escaped, never as markup.
    hostile = get(site, "id/<script>alert(1)</script>", "text/html")
    assert hostile.status_code == 404
    assert "<script>" not in hostile.text
    assert "&lt;script&gt;" in hostile.text


def test_unacceptable_types_and_unknown_formats_are_refused(site: str) -> None:
    refused = get(site, STANCE, "image/png")
    assert refused.status_code == 406
    assert "text/turtle" in refused.text
    unknown = httpx.get(f"{site}/{STANCE}", params={"format": "xls"})
    assert unknown.status_code == 400
    assert "ttl" in unknown.text
    assert httpx.get(f"{site}/{STANCE}", params={"page": "zero"}).status_code == 400


def test_an_ontology_term_redirects_a_browser_to_the_docs_and_describes_itself_as_rdf(
    site: str,
) -> None:
    html = get(site, "def/Stance", "text/html")
    assert html.status_code == 303
    assert html.headers["location"] == "/def/#Stance"
    turtle = get(site, "def/Stance", "text/turtle")
    assert turtle.status_code == 200
    graph = graph_of(turtle)
    assert (LSK.Stance, RDF.type, OWL.Class) in graph
    assert (LSK.Stance, RDFS.label, rdflib.Literal("stance", lang="en")) in graph
    # What points to the class in the ontology: properties whose domain it is.
    assert (LSK.quote, RDFS.domain, LSK.Stance) in graph


def test_a_shape_describes_itself_with_its_blank_nodes(site: str) -> None:
    shape = rdflib.URIRef(BASE + "shapes/Stance-quote")
    assert get(site, "shapes/Stance-quote", "text/html").headers["location"] == (
        "/def/#shape-Stance-quote"
    )
    graph = graph_of(get(site, "shapes/Stance-quote", "text/turtle"))
    assert (shape, RDF.type, SH.PropertyShape) in graph
    languages = graph.value(shape, SH.languageIn)
    assert languages is not None
    assert list(Collection(graph, languages)) == [rdflib.Literal("sv")]


def test_a_scheme_redirects_a_browser_to_the_docs_and_is_described_from_the_store(
    site: str,
) -> None:
    html = get(site, "id/scheme/stance-types", "text/html")
    assert html.status_code == 303
    assert html.headers["location"] == "/def/#scheme-stance-types"
    graph = graph_of(get(site, "id/scheme/stance-types", "text/turtle"))
    scheme = rdflib.URIRef(BASE + "id/scheme/stance-types")
    welcomes = rdflib.URIRef(BASE + "id/stance-type/welcomes")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert (scheme, SKOS.hasTopConcept, welcomes) in graph
    assert (welcomes, SKOS.inScheme, scheme) in graph  # incoming
    assert (welcomes, SKOS.prefLabel, rdflib.Literal("welcomes", lang="en")) in graph


def test_the_ontology_iri_and_namespace(site: str) -> None:
    assert get(site, "def", "text/html").headers["location"] == "/def/"
    for path in ("def", "def/"):
        graph = graph_of(get(site, path, "text/turtle"))
        assert (rdflib.URIRef(BASE + "def"), RDF.type, OWL.Ontology) in graph
        assert (LSK.Stance, RDF.type, OWL.Class) in graph
    missing = get(site, "def/", "text/html")
    assert missing.status_code == 404
    assert "kg publish" in missing.text
    assert get(site, "def/NoSuchTerm", "text/turtle").status_code == 404


def test_a_named_graph_answers_with_its_size(site: str) -> None:
    page = get(site, "graph/data/uppsala", "text/html")
    assert page.status_code == 200
    assert re.search(r"[\d,]+ triples", page.text)
    assert "/dumps/graphs/data-uppsala.ttl" in page.text
    assert get(site, "graph/data/nowhere", "text/html").status_code == 404


def test_a_concept_page_links_its_documentation(site: str) -> None:
    page = get(site, "id/stance-type/welcomes", "text/html")
    assert page.status_code == 200
    assert "href='/def/#stype-welcomes'" in page.text
    assert "Referred to by" in page.text  # the stances of that type


OTHER_BASE = "https://data.example.se/ls/"


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def other_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    rebased = dataclasses.replace(settings, base_iri=OTHER_BASE)
    directory = tmp_path_factory.mktemp("other-base")
    served = loaded(
        request.param, [settings.data_dir], request=request, directory=directory, settings=rebased
    )
    served = dataclasses.replace(served, publish_dir=directory / "publish")
    try:
        with serving(create_app(served, workers=1, timeout=5.0)) as base:
            yield base
    finally:
        if request.param == "virtuoso":
            # Leave the shared server as the other modules expect it: no graphs of this base.
            server: Virtuoso = request.getfixturevalue("virtuoso")
            store = remote_store(server)
            clear(store, rebased)
            store.close()


def test_another_base_iri_is_served_at_the_same_paths(other_site: str) -> None:
    graph = graph_of(get(other_site, STANCE, "text/turtle"))
    stance = rdflib.URIRef(OTHER_BASE + STANCE)
    assert (stance, rdflib.URIRef(OTHER_BASE + "def/quote"), rdflib.Literal(QUOTE, lang="sv")) in (
        graph
    )
    assert not any(BASE in str(term) for triple in graph for term in triple)
    page = get(other_site, STANCE, "text/html").text
    assert f"href='/{DOCUMENT}'" in page
    assert OTHER_BASE + STANCE in page
    term = graph_of(get(other_site, "def/Stance", "text/turtle"))
    assert (rdflib.URIRef(OTHER_BASE + "def/Stance"), RDF.type, OWL.Class) in term
    assert get(other_site, "def/Stance", "text/html").headers["location"] == "/def/#Stance"


def test_the_start_page_links_an_example_stance(site: str) -> None:
    home = httpx.get(site + "/").text
    found = re.search(r"""href=["'](/id/stance/[^"']+)["']""", home)
    assert found is not None
    assert get(site, found.group(1).lstrip("/"), "text/html").status_code == 200

"""`kg publish`, then the server serving what it wrote, over real HTTP on both backends: the
dumps with their checksums, the catalogue, VoID and the vocabulary docs, from the publish
folder and nothing outside it."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import html
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import rdflib
from rdflib.namespace import DCAT, OWL, RDF

from api.app import create_app
from kg.settings import Settings
from tests.support.cli import assert_no_traceback, kg
from tests.support.serving import loaded, serving
from tests.support.shipped import shipped

BASE = "https://example.org/lsk/"


@dataclasses.dataclass(frozen=True)
class Site:
    url: str
    folder: Path


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Site]:
    directory = tmp_path_factory.mktemp("publishing")
    served = loaded(
        request.param, [settings.data_dir], request=request, directory=directory, settings=settings
    )
    folder = directory / "publish"
    published = kg("publish", "--store", served.store, env={"KG_PUBLISH_DIR": str(folder)})
    assert published.returncode == 0, published.stdout + published.stderr
    assert_no_traceback(published)
    assert f"Published {shipped().triples:,} triples" in published.stdout
    # Something outside the folder that no request may reach, and a link pointing at it.
    (directory / "secret.txt").write_text("not for the public\n", encoding="utf-8")
    (folder / "dumps" / "escape.txt").symlink_to(directory / "secret.txt")
    app = create_app(dataclasses.replace(served, publish_dir=folder), workers=2, timeout=5.0)
    with serving(app) as url:
        yield Site(url, folder)


def test_publish_writes_every_part(site: Site) -> None:
    for name in ("dumps/all.ttl", "dumps/SHA256SUMS", "catalog.rdf", "catalog.ttl", "void.ttl"):
        assert (site.folder / name).is_file(), name
    assert (site.folder / "def" / "index.html").is_file()


def test_the_dumps_index_lists_every_file_with_size_and_checksum(site: Site) -> None:
    page = httpx.get(site.url + "/dumps/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for line in (site.folder / "dumps" / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert f"href='/dumps/{name}'" in page.text
        assert digest in page.text
    size = (site.folder / "dumps" / "all.ttl").stat().st_size
    assert f"{size:,}" in page.text
    assert "escape.txt" not in page.text  # a link out of the folder is not listed either
    assert httpx.get(site.url + "/dumps").headers["location"] == "/dumps/"


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("all.ttl", "text/turtle"),
        ("all.nt", "application/n-triples"),
        ("all.nq", "application/n-quads"),
        ("all.trig", "application/trig"),
        ("all.jsonld", "application/ld+json"),
        ("all.rdf", "application/rdf+xml"),
        ("graphs/data-uppsala.ttl", "text/turtle"),
        ("SHA256SUMS", "text/plain"),
        ("context.jsonld", "application/ld+json"),
        ("manifest.json", "application/json"),
    ],
)
def test_dump_files_are_served_as_their_media_type(site: Site, name: str, media_type: str) -> None:
    response = httpx.get(f"{site.url}/dumps/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.content == (site.folder / "dumps" / name).read_bytes()


def test_gzipped_dumps_are_downloads_not_encodings(site: Site) -> None:
    with httpx.Client() as client:
        response = client.get(f"{site.url}/dumps/all.ttl.gz", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in response.headers
    # The bytes are the gzip file itself, matching its checksum and unpacking to the dump.
    sums = {}
    for line in (site.folder / "dumps" / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        sums[name] = digest
    assert hashlib.sha256(response.content).hexdigest() == sums["all.ttl.gz"]
    assert gzip.decompress(response.content) == (site.folder / "dumps" / "all.ttl").read_bytes()


@pytest.mark.parametrize(
    ("accept", "media_type", "parser"),
    [
        (None, "application/rdf+xml", "xml"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_the_catalogue_is_negotiated(
    site: Site, accept: str | None, media_type: str, parser: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(site.url + "/catalog", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]
    graph = rdflib.Graph().parse(data=response.content, format=parser)
    assert (rdflib.URIRef(BASE + "catalog"), RDF.type, DCAT.Catalog) in graph
    written = rdflib.Graph().parse(site.folder / "catalog.ttl", format="turtle")
    assert len(graph) == len(written)


def test_void_is_served_at_the_well_known_path(site: Site) -> None:
    turtle = httpx.get(site.url + "/.well-known/void")
    assert turtle.status_code == 200
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.content == (site.folder / "void.ttl").read_bytes()
    xml = httpx.get(site.url + "/.well-known/void", headers={"Accept": "application/rdf+xml"})
    assert xml.headers["content-type"].startswith("application/rdf+xml")
    assert len(rdflib.Graph().parse(data=xml.content, format="xml")) == len(
        rdflib.Graph().parse(data=turtle.content, format="turtle")
    )
    assert httpx.get(
        site.url + "/.well-known/void", headers={"Accept": "image/png"}
    ).status_code == (406)


def test_def_serves_the_docs_to_a_browser_and_the_ontology_as_rdf(site: Site) -> None:
    docs = httpx.get(site.url + "/def/", headers={"Accept": "text/html"})
    assert docs.status_code == 200
    assert docs.content == (site.folder / "def" / "index.html").read_bytes()
    assert 'id="Stance"' in docs.text  # the anchor /def/Stance redirects to
    ontology = httpx.get(site.url + "/def/", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=ontology.content, format="turtle")
    assert (rdflib.URIRef(BASE + "def"), RDF.type, OWL.Ontology) in graph
    # Files the docs write beside the page are served too; terms keep their meaning.
    assert httpx.get(site.url + "/def/lsk.ttl").headers["content-type"].startswith("text/turtle")


def test_a_named_graph_iri_answers_rdf_with_its_dump(site: Site) -> None:
    response = httpx.get(site.url + "/graph/data/uppsala", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.content == (site.folder / "dumps/graphs/data-uppsala.ttl").read_bytes()


def raw_get(url: str, target: str) -> tuple[int, bytes]:
    """A GET of `target` sent exactly as written (clients would normalise the dots away)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(
            f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer


@pytest.mark.parametrize(
    "target",
    [
        "/dumps/../../secret.txt",
        "/dumps/%2e%2e/%2e%2e/secret.txt",
        "/dumps/..%2f..%2fsecret.txt",
        "/dumps/graphs/..%2f..%2f..%2fsecret.txt",
        "/dumps/%2fetc%2fpasswd",
        "/dumps//etc/passwd",
        "/dumps/escape.txt",
        "/def/..%2f..%2fsecret.txt",
        "/def/%2e%2e/%2e%2e/secret.txt",
    ],
)
def test_nothing_outside_the_publish_folder_is_served(site: Site, target: str) -> None:
    status, answer = raw_get(site.url, target)
    assert status in {400, 404}
    assert b"not for the public" not in answer
    assert b"root:" not in answer


def test_missing_parts_answer_404_with_the_command_that_writes_them(
    request: pytest.FixtureRequest, tmp_path: Path, settings: Settings
) -> None:
    served = loaded(
        "embedded", [settings.data_dir], request=request, directory=tmp_path, settings=settings
    )
    app = create_app(dataclasses.replace(served, publish_dir=tmp_path / "empty"), workers=1)
    with serving(app) as url:
        for path in ("/dumps/", "/dumps/all.ttl", "/catalog", "/.well-known/void", "/def/"):
            response = httpx.get(url + path, headers={"Accept": "text/html"})
            assert response.status_code == 404, path
            assert "kg publish" in response.text, path
        plain = httpx.get(url + "/catalog", headers={"Accept": "application/rdf+xml"})
        assert plain.status_code == 404
        assert plain.headers["content-type"].startswith("text/plain")


def test_the_start_page_links_everything_and_every_link_answers(site: Site) -> None:
    home = httpx.get(site.url + "/")
    assert home.status_code == 200
    links = {html.unescape(link) for link in re.findall(r"""href=["']([^"']+)["']""", home.text)}
    for expected in ("/dumps/", "/catalog", "/.well-known/void", "/def/", "/sparql", "/graphql"):
        assert any(link == expected or link.startswith(expected + "?") for link in links), expected
    assert any(link.startswith("/id/stance/") for link in links)
    for link in links:
        assert httpx.get(site.url + link, timeout=30).status_code == 200, link
    stance = next(link for link in links if link.startswith("/id/stance/"))
    page = httpx.get(site.url + stance, headers={"Accept": "text/html"})
    assert "<blockquote class='quote' lang='sv'>" in page.text


def test_publish_from_a_missing_store_fails_cleanly(tmp_path: Path) -> None:
    result = kg(
        "publish", "--store", str(tmp_path / "no-store"), env={"KG_PUBLISH_DIR": str(tmp_path)}
    )
    assert result.returncode == 3
    assert "no store here yet" in result.stderr
    assert_no_traceback(result)
    assert not (tmp_path / "dumps").exists()

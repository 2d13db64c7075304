"""The SPARQL editor page over HTTP: YASGUI from files npm vendored, served by this server alone,
a policy that refuses requests elsewhere, an example that runs on /sparql, and how to install
the editor when its files are missing. (A real browser runs it in tests/browser.)"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from api.explorer.graphql_source import GraphQLSource
from api.explorer.kit import PageKit
from api.explorer.sparql_editor import (
    ASSETS,
    PREFIX,
    VENDORED,
    editor_assets_mount,
    sparql_editor,
)
from api.graphql.endpoint import GraphQLEndpoint
from api.graphql.schema import DEFAULT_LIMITS
from kg.namespaces import DEFAULT_BASE_IRI, Namespaces
from tests.support.serving import serving


@pytest.fixture(scope="module")
def editor(site: str) -> httpx.Response:
    page = httpx.get(site + "/explore/sparql", timeout=60)
    assert page.status_code == 200, "YASGUI is not installed: run `make install`"
    return page


def test_the_page_holds_the_editor_under_a_policy_that_refuses_other_servers(
    editor: httpx.Response,
) -> None:
    policy = editor.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert "unsafe-eval" not in policy
    assert "'unsafe-inline'" not in directives.get("script-src", directives["default-src"])
    assert '<div id="yasgui" data-endpoint="/sparql"' in editor.text
    assert '<a class="graphiql" href="/graphql">' in editor.text  # GraphiQL beside it
    # Without JavaScript a plain form still posts a query to the endpoint.
    noscript = re.search(r"<noscript>.*?</noscript>", editor.text, re.S)
    assert noscript
    assert '<form class="sparql-plain" action="/sparql" method="post">' in noscript[0]
    assert re.search(r"<script>|<script [^>]*>[^<]", editor.text) is None  # no inline script


def test_every_script_and_style_is_this_servers_own(site: str, editor: httpx.Response) -> None:
    urls = re.findall(r"<script[^>]* src=\"([^\"]+)\"", editor.text)
    urls += re.findall(r"<link[^>]* href=\"([^\"]+)\"", editor.text)
    assert {f"{PREFIX}/yasgui.js", f"{PREFIX}/start.js", f"{PREFIX}/yasgui.css"} <= set(urls)
    for url in urls:
        absolute = urljoin(site + "/explore/sparql", url)
        assert urlsplit(absolute).netloc == urlsplit(site).netloc, url
        assert httpx.get(absolute, timeout=60).status_code == 200, url


def test_only_the_editors_files_are_served_and_always_revalidated(site: str) -> None:
    for name, path in ASSETS.items():
        served = httpx.get(f"{site}{PREFIX}/{name}", timeout=60)
        assert served.status_code == 200, name
        assert served.content == (VENDORED / path).read_bytes()
        assert served.headers["cache-control"] == "no-cache"
    for other in (
        "package.json",
        "package-lock.json",
        "yasgui.min.js.map",
        "node_modules/@zazuko/yasgui/build/yasgui.min.js",
        "node_modules/@zazuko/yasgui/package.json",
        "",
    ):
        assert httpx.get(f"{site}{PREFIX}/{other}", timeout=60).status_code == 404, other


def test_the_start_script_turns_off_the_completers_that_ask_other_servers() -> None:
    start = (VENDORED / "start.js").read_text(encoding="utf-8")
    assert 'var completers = ["prefixes", "variables"];' in start  # not classes, properties
    assert start.count("prefixCcApi = null") + start.count("prefixCcApi: null") == 2
    assert "getData: function () {\n        return [{ endpoint: endpoint }];" in start


def test_the_example_query_runs_on_the_endpoint(site: str, editor: httpx.Response) -> None:
    example = re.search(r'data-example="([^"]*)"', editor.text)
    assert example
    # As YASQE sends it: a form POST asking for SPARQL results in JSON.
    answer = httpx.post(
        site + "/sparql",
        data={"query": html.unescape(example[1])},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    rows = answer.json()["results"]["bindings"]
    assert rows
    assert {row["way"]["value"] for row in rows} == {"for", "against"}
    assert {row["label"]["xml:lang"] for row in rows} == {"sv"}  # in the page's language


def test_without_its_files_the_page_says_how_to_install_them(tmp_path: Path) -> None:
    (tmp_path / "start.js").write_text("")  # the project's own file is there; npm's are not
    namespaces = Namespaces(DEFAULT_BASE_IRI)
    kit = PageKit(GraphQLSource(GraphQLEndpoint(namespaces, DEFAULT_LIMITS)), namespaces)

    async def page(request: Request) -> Response:
        return await sparql_editor(kit, request, directory=tmp_path)

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [Route("/explore/sparql", page), Route("/health", health)]
    app = Starlette(routes=[*routes, editor_assets_mount(tmp_path)])
    with serving(app) as base:
        response = httpx.get(base + "/explore/sparql", params={"lang": "en"}, timeout=30)
        asset = httpx.get(f"{base}{PREFIX}/yasgui.js", timeout=30)
    assert response.status_code == 503
    assert "The SPARQL editor is not installed" in response.text
    assert "make install" in response.text
    assert "yasgui.js, yasgui.css" in response.text
    assert "<script" not in response.text
    assert '<form class="sparql-plain" action="/sparql" method="post">' in response.text
    assert asset.status_code == 404

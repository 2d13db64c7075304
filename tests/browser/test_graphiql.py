"""GraphiQL in a real browser with no internet: headless Chromium opens /graphql, types a
query, runs it and reads the answer, on scripts the API serves itself.

Every request that is not to the test server is refused and recorded (none may be tried), and
every host name but 127.0.0.1 fails to resolve, as on a machine without a network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route as StarletteRoute

from api.graphiql import ASSETS, EXAMPLE, PREFIX, graphiql_page, missing
from kg.settings import Settings
from tests.support.browser import offline_chromium
from tests.support.serving import serving, serving_project_data

QUERY = '{ actor(id: "actor:uppsala-kommun") { name } }'


@pytest.fixture(scope="module", params=["embedded"])
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    with serving_project_data(request, tmp_path_factory, settings) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from the system; fails (never skips) when it or GraphiQL is missing."""
    if missing():
        pytest.fail(
            "GraphiQL's scripts are not installed: install Node.js and npm (apt-get install "
            "nodejs npm), then run `make install`, which runs `npm ci` in api/static/graphiql"
        )
    with offline_chromium() as launched:
        yield launched


def editor_text(page: Page, editor: str) -> str:
    """The whole text of one of GraphiQL's CodeMirror editors, as CodeMirror holds it."""
    text: str = page.evaluate(
        "(selector) => document.querySelector(selector).CodeMirror.getValue()",
        f"{editor} .CodeMirror",
    )
    return text


def test_graphiql_runs_a_query_without_a_network(
    api: str, browser: Browser, tmp_path: Path
) -> None:
    origin = urlsplit(api)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    served: list[str] = []  # paths the page asked the test server for
    elsewhere: list[str] = []  # everything else it tried to reach

    def only_the_server(route: Route) -> None:
        url = urlsplit(route.request.url)
        if (url.scheme, url.netloc) == (origin.scheme, origin.netloc):
            served.append(url.path)
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_the_server)
    page = context.new_page()
    page.on("websocket", lambda socket: elsewhere.append(socket.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def logged(message: ConsoleMessage) -> None:
        # A refused load or a breach of the page's Content-Security-Policy is logged as an error.
        if message.type == "error":
            errors.append(message.text)

    page.on("console", logged)
    try:
        page.goto(api + "/graphql")
        editor = page.locator(".graphiql-query-editor .CodeMirror")
        expect(editor).to_be_visible(timeout=20_000)
        assert editor_text(page, ".graphiql-query-editor") == EXAMPLE

        # Replace the opening example by typing, as a person would (GraphiQL closes brackets
        # and quotes as they are typed, and the typed closing ones step over them).
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type(QUERY)
        page.keyboard.press("Escape")  # closes the completion list, if one is open
        assert editor_text(page, ".graphiql-query-editor") == QUERY

        page.locator(".graphiql-execute-button").click()
        result = page.locator(".result-window")
        expect(result).to_contain_text("Uppsala kommun", timeout=20_000)
        answer: dict[str, Any] = json.loads(editor_text(page, ".result-window"))
        assert answer["data"] == {"actor": {"name": "Uppsala kommun"}}
        page.screenshot(path=tmp_path / "graphiql.png")
    finally:
        context.close()

    assert elsewhere == [], f"the page tried to reach other hosts: {elsewhere}"
    assert errors == []
    # The page ran on the vendored files, and the query went to /graphql.
    assert {f"{PREFIX}/{name}" for name in ASSETS} <= set(served)
    assert served.count("/graphql") >= 2  # the page, then the query (and the schema)
    assert (tmp_path / "graphiql.png").stat().st_size > 10_000


def test_the_page_loads_only_from_the_server(api: str) -> None:
    page = httpx.get(api + "/graphql", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src" not in policy  # scripts fall to 'self': no inline script, no CDN
    assert "http" not in page.text.replace(api, "")  # no URL to anywhere
    # Queries by GET and POST answer JSON as before.
    by_get = httpx.get(api + "/graphql", params={"query": QUERY}, timeout=30)
    assert by_get.json()["data"] == {"actor": {"name": "Uppsala kommun"}}
    by_post = httpx.post(api + "/graphql", json={"query": QUERY}, timeout=30)
    assert by_post.json()["data"] == {"actor": {"name": "Uppsala kommun"}}


def test_only_the_vendored_files_are_served(api: str) -> None:
    for name in ASSETS:
        response = httpx.get(f"{api}{PREFIX}/{name}", timeout=30)
        assert response.status_code == 200, name
        assert response.headers["cache-control"] == "no-cache"
        kind = "text/css" if name.endswith(".css") else "javascript"
        assert kind in response.headers["content-type"]
        again = httpx.get(
            f"{api}{PREFIX}/{name}", headers={"If-None-Match": response.headers["etag"]}
        )
        assert again.status_code == 304
    for other in [
        "package.json",
        "package-lock.json",
        "node_modules/react/package.json",
        "node_modules/graphiql/graphiql.js",
        "..%2F..%2Fgraphiql.py",
        "",
    ]:
        assert httpx.get(f"{api}{PREFIX}/{other}", timeout=30).status_code == 404, other


def test_without_its_scripts_the_page_says_how_to_install_them(tmp_path: Path) -> None:
    (tmp_path / "start.js").write_text("")  # the project's own file is there; npm's are not

    async def page(request: Request) -> Response:
        return await graphiql_page(request, directory=tmp_path)

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    app = Starlette(routes=[StarletteRoute("/graphql", page), StarletteRoute("/health", health)])
    with serving(app) as base:
        response = httpx.get(base + "/graphql", headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 503
    assert "GraphiQL is not installed" in response.text
    assert "make install" in response.text
    assert "<script" not in response.text
    assert "graphiql.js" in response.text
    assert "start.js" not in response.text

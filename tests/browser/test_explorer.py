"""The explorer in a real browser with no internet: headless Chromium opens its pages, clicks
through them as a reader would, and runs axe-core's accessibility check on each.

As in test_graphiql.py, every request not to the test server is refused and recorded (none may
be tried) and no host name but 127.0.0.1 resolves. Each test saves a full-page screenshot under
test-output/explorer/ (docs/screenshots/ keeps the README's copies of two). What a page must
show is asked of the GraphQL API itself, never written down here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect

from api.explorer.i18n import WORDS
from kg.namespaces import DEFAULT_BASE_IRI
from kg.settings import Settings
from tests.conftest import PROJECT_DIR
from tests.support.browser import axe_blocking, chromium_with_axe, readable
from tests.support.graphql import data
from tests.support.serving import serving_project_data

SHOTS = PROJECT_DIR / "test-output" / "explorer"
ACTOR = "actor:uppsala-kommun"
WAIT = 20_000  # milliseconds: the pages are server-rendered, but CI machines are slow


@pytest.fixture(scope="module", params=["embedded"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[str]:
    with serving_project_data(request, tmp_path_factory, settings) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from the system; fails (never skips) when it or axe-core is missing."""
    with chromium_with_axe(SHOTS) as launched:
        yield launched


@dataclass
class Visit:
    """One browser tab on the test server, with what it asked of it and of anywhere else."""

    page: Page
    base: str
    served: list[str] = field(default_factory=list)  # paths asked of the test server
    elsewhere: list[str] = field(default_factory=list)  # everything else it tried to reach
    errors: list[str] = field(default_factory=list)  # script errors and console errors

    def open(self, path: str) -> None:
        """Go to `path` on the test server and insist it answered 200."""
        response = self.page.goto(self.base + path)
        assert response is not None, path
        assert response.status == 200, f"{path} answered {response.status}: {self.h1()}"

    def h1(self) -> str:
        heading = self.page.locator("h1")
        return heading.first.inner_text() if heading.count() else "(no h1)"

    def shoot(self, name: str, *, full_page: bool = True) -> None:
        """A screenshot under test-output/explorer/: the full page, or its first screen (what
        the README shows)."""
        path = SHOTS / name
        self.page.screenshot(path=path, full_page=full_page)
        assert path.stat().st_size > 5_000, f"{name} is a blank screenshot"

    def assert_offline(self) -> None:
        assert self.elsewhere == [], f"the page tried to reach other hosts: {self.elsewhere}"
        assert self.errors == [], f"the page logged errors: {self.errors}"


@contextmanager
def tab(
    site: str, browser: Browser, *, bypass_csp: bool = False, javascript: bool = True
) -> Iterator[Visit]:
    """A fresh browser context on the test server, every other address refused and noted."""
    origin = urlsplit(site)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        bypass_csp=bypass_csp,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    visit = Visit(page, site)

    def only_the_server(route: Route) -> None:
        url = urlsplit(route.request.url)
        if (url.scheme, url.netloc) == (origin.scheme, origin.netloc):
            visit.served.append(url.path)
            route.continue_()
        else:
            visit.elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    def logged(message: ConsoleMessage) -> None:
        # A refused load or a breach of the Content-Security-Policy is logged as an error.
        if message.type == "error":
            visit.errors.append(f"{message.text} ({message.location.get('url')})")

    context.route("**/*", only_the_server)
    page.on("websocket", lambda socket: visit.elsewhere.append(socket.url))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.on("console", logged)
    try:
        yield visit
    finally:
        context.close()


@pytest.fixture
def visit(site: str, browser: Browser) -> Iterator[Visit]:
    with tab(site, browser) as opened:
        yield opened


@pytest.fixture
def audit(site: str, browser: Browser) -> Iterator[Visit]:
    """A tab that lets axe's script in past a page's Content-Security-Policy (which forbids
    inline scripts, as injecting one is); the other tests keep the policy in force."""
    with tab(site, browser, bypass_csp=True) as opened:
        yield opened


def path_of(iri: str) -> str:
    """The site path of an IRI under the base (where the server shows its page)."""
    assert iri.startswith(DEFAULT_BASE_IRI), iri
    return "/" + iri.removeprefix(DEFAULT_BASE_IRI)


def squashed(text: str) -> str:
    return " ".join(text.split())


def texts(page: Page, selector: str) -> list[str]:
    return [squashed(text) for text in page.locator(selector).all_inner_texts()]


def quotes(stances: list[dict[str, Any]]) -> list[str]:
    return sorted(squashed(stance["quote"]) for stance in stances)


# --- the pages, as a reader uses them ---------------------------------------------------------


def first_cell(page: Page) -> str:
    """The href of a matrix cell for Uppsala kommun if it has one, else of the first cell."""
    cells = page.locator("table.matrix a.cell")
    expect(cells.first).to_be_visible(timeout=WAIT)
    hrefs = [str(cells.nth(i).get_attribute("href")) for i in range(cells.count())]
    ours = [href for href in hrefs if parse_qs(urlsplit(href).query).get("actor") == [ACTOR]]
    return (ours or hrefs)[0]


def test_clicking_a_matrix_cell_shows_its_quotes(site: str, visit: Visit) -> None:
    page = visit.page
    visit.open("/explore")
    href = first_cell(page)
    query = parse_qs(urlsplit(href).query)
    actor, target = query["actor"][0], query["on"][0]
    assert urlsplit(href).fragment == "cell"
    visit.shoot("matrix.png")
    visit.shoot("matrix-screen.png", full_page=False)

    page.locator(f'table.matrix a.cell[href="{href}"]').click()
    shown = page.locator("section#cell blockquote.quote")
    expect(shown.first).to_be_visible(timeout=WAIT)
    assert page.url.endswith("#cell")
    assert page.locator("section#cell article.stance").count() == shown.count()

    # The cell lists exactly the stances the API gives for that actor on that section or
    # position (an aspect's cell includes its development areas, as the API's filter does).
    kind = data(site, "query ($id: ID!) { node(id: $id) { __typename } }", {"id": target})
    on = "position" if kind["node"]["__typename"] == "Position" else "target"
    asked = data(
        site,
        "query ($filter: StanceFilter) { stances(filter: $filter, first: 100) { nodes { quote } } }",
        {"filter": {"actor": actor, on: target}},
    )["stances"]["nodes"]
    assert sorted(texts(page, "section#cell blockquote.quote")) == quotes(asked)
    visit.shoot("cell.png")
    visit.assert_offline()


def test_the_matrix_and_its_cells_work_without_javascript(site: str, browser: Browser) -> None:
    with tab(site, browser, javascript=False) as visit:
        page = visit.page
        visit.open("/explore?columns=positions")
        cells = page.locator("table.matrix a.cell")
        expect(cells.first).to_be_visible(timeout=WAIT)
        cells.first.click()
        expect(page.locator("section#cell blockquote.quote").first).to_be_visible(timeout=WAIT)
        assert "columns=positions" in page.url
        visit.shoot("positions-cell-no-script.png")
        visit.assert_offline()


def a_shared_position(site: str) -> dict[str, Any]:
    """A position that at least two actors argue (for or against), with its stances."""
    positions = data(site, "{ positions(first: 100) { nodes { id actors { id } } } }")
    actors = {p["id"]: len(p["actors"]) for p in positions["positions"]["nodes"]}
    shared = [position for position, count in actors.items() if count >= 2]
    assert shared, "no position is argued by two actors"
    against = data(
        site,
        """{ stances(filter: { argues: AGAINST }, first: 100) { nodes {
             positions { polarity position { id } } } } }""",
    )["stances"]["nodes"]
    contested = {
        argued["position"]["id"]
        for stance in against
        for argued in stance["positions"]
        if argued["polarity"] == "AGAINST"
    }
    # Both sides filled where the data has such a position, else the most voices.
    shared.sort(key=lambda position: (position not in contested, -actors[position]))
    chosen: dict[str, Any] = data(
        site,
        """query ($id: ID!) { position(id: $id) { id label actors { id label }
             stances(first: 100) { nodes { quote actor { id label }
               positions { polarity position { id } } } } } }""",
        {"id": shared[0]},
    )["position"]
    return chosen


def test_a_position_page_shows_every_actors_quotes(site: str, visit: Visit) -> None:
    position = a_shared_position(site)
    page = visit.page
    visit.open(path_of(position["id"]))
    expect(page.locator("section.side.for")).to_be_visible(timeout=WAIT)
    expect(page.locator("section.side.against")).to_be_attached()

    def arguing(polarity: str) -> list[dict[str, Any]]:
        return [
            stance
            for stance in position["stances"]["nodes"]
            if any(
                argued["polarity"] == polarity and argued["position"]["id"] == position["id"]
                for argued in stance["positions"]
            )
        ]

    for side, polarity in (("for", "FOR"), ("against", "AGAINST")):
        stances = arguing(polarity)
        assert sorted(texts(page, f"section.side.{side} blockquote.quote")) == quotes(stances)
        names = set(texts(page, f"section.side.{side} a.actor"))
        assert names == {squashed(stance["actor"]["label"]) for stance in stances}
    everyone = set(texts(page, "section.side a.actor"))
    assert {squashed(actor["label"]) for actor in position["actors"]} <= everyone
    assert len(everyone) >= 2
    visit.shoot("position.png")
    visit.assert_offline()


def test_an_actor_page_leads_through_its_diagram(site: str, visit: Visit) -> None:
    page = visit.page
    visit.open("/id/actor/uppsala-kommun")  # as a browser asks: Accept text/html
    name = data(site, f'{{ actor(id: "{ACTOR}") {{ label }} }}')["actor"]["label"]
    expect(page.locator("h1")).to_contain_text(name, timeout=WAIT)
    diagram = page.locator("svg.diagram")
    expect(diagram).to_be_visible()
    assert diagram.get_attribute("role") == "img" or diagram.locator("title").count()
    links = diagram.locator("a")
    assert links.count() >= 1, "the diagram links none of the actor's relations"
    assert page.locator("ul.relations a").count() >= 1
    visit.shoot("actor.png")
    visit.shoot("actor-screen.png", full_page=False)

    link = links.first
    target = link.get_attribute("href") or link.get_attribute("xlink:href")
    assert target, "a node of the diagram links nowhere"
    # Clicked on its node's shape, as a reader would (the link's middle may fall between the
    # shape and its label, where nothing is drawn).
    node = link.locator("circle, rect, ellipse")
    with page.expect_navigation() as navigation:
        (node.first if node.count() else link).click()
    response = navigation.value
    assert response is not None, target
    assert response.status == 200, target
    iri = DEFAULT_BASE_IRI + urlsplit(page.url).path.removeprefix("/")
    related = data(
        site,
        'query ($id: ID!) { node(id: $id) { sv: label(lang: "sv") en: label(lang: "en") } }',
        {"id": iri},
    )["node"]
    heading = squashed(visit.h1())
    assert any(label and squashed(label) in heading for label in related.values()), heading
    visit.shoot("actor-related.png")
    visit.assert_offline()


def nav_words(page: Page) -> str:
    return squashed(" ".join(page.locator("header nav").all_inner_texts()))


def test_the_language_switch_turns_the_page_english_and_back(visit: Visit) -> None:
    page = visit.page
    visit.open("/explore")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert WORDS["sv"]["nav.positions"] in nav_words(page)

    page.locator("a.lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=WAIT)
    english = nav_words(page)
    assert WORDS["en"]["nav.positions"] in english
    assert WORDS["sv"]["nav.positions"] not in english
    assert "lang=en" in page.url
    # The English page links on in English: the matrix's cells keep the language.
    cells = page.locator("table.matrix a.cell")
    if cells.count():
        assert "lang=en" in str(cells.first.get_attribute("href"))
    visit.shoot("english.png")

    page.locator("a.lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv", timeout=WAIT)
    assert WORDS["sv"]["nav.positions"] in nav_words(page)
    assert "lang=en" not in page.url
    visit.assert_offline()


def focused(page: Page) -> dict[str, str]:
    """The focused element's tag, class, href and id."""
    found: dict[str, str] = page.evaluate(
        """() => { const e = document.activeElement;
                   return { tag: e.tagName.toLowerCase(), cls: e.className || '',
                            href: e.getAttribute('href') || '', id: e.id || '' }; }"""
    )
    return found


def test_the_keyboard_reaches_the_skip_link_first_and_every_cell(visit: Visit) -> None:
    page = visit.page
    visit.open("/explore")
    cells = page.locator("table.matrix a.cell")
    expect(cells.first).to_be_visible(timeout=WAIT)
    # Every cell is a link with an address, which the keyboard reaches in the page's order.
    assert (
        page.locator("table.matrix a.cell:not([href]), table.matrix a.cell[tabindex]").count() == 0
    )
    page.keyboard.press("Tab")
    first = focused(page)
    assert (first["tag"], first["href"]) == ("a", "#content"), first
    assert "skip" in first["cls"].split()
    expect(page.locator("a.skip")).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "content"

    # Tabbing on from the content reaches a matrix cell, and Enter opens it.
    for _ in range(300):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "a" and "cell" in now["cls"].split():
            break
    else:
        pytest.fail("300 presses of Tab never reached a cell of the matrix")
    visit.shoot("keyboard.png")
    page.keyboard.press("Enter")
    expect(page.locator("section#cell blockquote.quote").first).to_be_visible(timeout=WAIT)
    visit.assert_offline()


@pytest.mark.parametrize(
    ("path", "shot"),
    [("/explore/consultation", "consultation.png"), ("/explore/strategy", "strategy.png")],
)
def test_the_overview_pages_open_offline(visit: Visit, path: str, shot: str) -> None:
    visit.open(path)
    expect(visit.page.locator("main h1")).to_have_count(1)
    assert visit.page.locator("main h2, main table, main ol, main ul").count() >= 1
    visit.shoot(shot)
    visit.assert_offline()


def test_the_sparql_editor_runs_its_query_offline(visit: Visit) -> None:
    page = visit.page
    visit.open("/explore/sparql")
    expect(page.locator("#yasgui .yasqe .CodeMirror").first).to_be_visible(timeout=WAIT)
    table = page.locator("#yasgui .yasr table")
    if not table.count():  # the editor may wait for the reader to run the query
        page.locator("#yasgui .yasqe_queryButton").first.click()
    expect(table.first).to_be_visible(timeout=WAIT)
    expect(table.first.locator("tbody tr").first).to_be_visible(timeout=WAIT)
    assert table.first.locator("tbody tr").count() >= 1
    assert "/sparql" in visit.served, visit.served
    visit.shoot("sparql.png")
    visit.assert_offline()


# --- accessibility: axe-core on every page ---------------------------------------------------


def matrix_cell(site: str, visit: Visit) -> str:
    visit.open("/explore")
    cell = urlsplit(urljoin(visit.page.url, first_cell(visit.page)))
    return f"{cell.path}?{cell.query}#{cell.fragment}"


def a_position(site: str, visit: Visit) -> str:
    return path_of(a_shared_position(site)["id"])


def a_consultation(site: str, visit: Visit) -> str:
    consultations = data(site, "{ consultations(first: 1) { nodes { id } } }")
    return path_of(consultations["consultations"]["nodes"][0]["id"])


def the_strategy(site: str, visit: Visit) -> str:
    return path_of(data(site, "{ strategy { id } }")["strategy"]["id"])


def fixed(path: str) -> Callable[[str, Visit], str]:
    return lambda site, visit: path


PAGES: dict[str, Callable[[str, Visit], str]] = {
    "matrix": fixed("/explore"),
    "matrix-positions": fixed("/explore?columns=positions"),
    "cell": matrix_cell,
    "positions": fixed("/explore/positions"),
    "position": a_position,
    "actor": fixed("/id/actor/uppsala-kommun"),
    "consultations": fixed("/explore/consultation"),
    "consultation": a_consultation,
    "strategies": fixed("/explore/strategy"),
    "strategy": the_strategy,
    "search": fixed("/explore/search?q=forskning"),
    "sparql": fixed("/explore/sparql"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_nothing_serious(site: str, audit: Visit, name: str) -> None:
    visit = audit
    path = PAGES[name](site, visit)
    visit.open(path)
    page = visit.page
    if name == "sparql":  # the editor is drawn by script: check it once it is there
        expect(page.locator("#yasgui .CodeMirror").first).to_be_visible(timeout=WAIT)
    found = axe_blocking(page, SHOTS / f"axe-{name}.json")
    visit.shoot(f"axe-{name}.png")
    assert not found, f"axe on {path}:\n{readable(found)}"
    visit.assert_offline()

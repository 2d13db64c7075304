"""The stance matrix page over HTTP: its counts are the API's stance counts, a chosen cell lists
exactly that cell's quotes, the filters and the expansion change what it shows, a filter naming
nothing is a 404 page, and it speaks English when asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from kg.namespaces import DEFAULT_BASE_IRI
from tests.support.graphql import data

PER_REQUEST = 15


@dataclass
class Cell:
    href: str
    label: str
    text: str = ""

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.href).query).items()}

    @property
    def count(self) -> int:
        return int("".join(ch for ch in self.text if ch.isdigit()))


@dataclass
class Page:
    """What the tests read of a matrix page."""

    cells: list[Cell] = field(default_factory=list)
    column_headers: list[str] = field(default_factory=list)
    row_headers: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    tables: int = 0


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self._open: list[tuple[str, dict[str, str]]] = []
        self._text: list[str] | None = None
        self._in_cell_section = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        classes = found.get("class", "").split()
        if tag == "table" and "matrix" in classes:
            self.page.tables += 1
        if tag == "section" and found.get("id") == "cell":
            self._in_cell_section = True
        if tag == "a" and "cell" in classes:
            self.page.cells.append(Cell(found["href"], found.get("aria-label", "")))
            self._start(tag, found)
        elif tag in ("caption", "th") or (tag == "blockquote" and "quote" in classes):
            self._start(tag, found)

    def _start(self, tag: str, found: dict[str, str]) -> None:
        self._open.append((tag, found))
        self._text = []

    def handle_data(self, text: str) -> None:
        if self._text is not None:
            self._text.append(text)

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._in_cell_section = False
        if not self._open or self._open[-1][0] != tag or self._text is None:
            return
        _, found = self._open.pop()
        text = " ".join("".join(self._text).split())
        self._text = None
        if tag == "a":
            self.page.cells[-1].text = text
        elif tag == "caption":
            self.page.captions.append(text)
        elif tag == "th" and found.get("scope") == "col":
            self.page.column_headers.append(text)
        elif tag == "th" and found.get("scope") == "row":
            self.page.row_headers.append(text)
        elif tag == "blockquote" and self._in_cell_section:
            self.page.quotes.append(text)


def fetch(site: str, query: str = "", status: int = 200) -> tuple[httpx.Response, Page]:
    response = httpx.get(f"{site}/explore{query}", timeout=60)
    assert response.status_code == status, response.text[:500]
    reader = _Reader()
    reader.feed(response.text)
    return response, reader.page


def stance_counts(site: str, filters: list[dict[str, Any]]) -> list[int]:
    """`stances(filter: …).totalCount` for each filter, asked of the API."""
    counts: list[int] = []
    for start in range(0, len(filters), PER_REQUEST):
        chunk = filters[start : start + PER_REQUEST]
        heads = ", ".join(f"$f{n}: StanceFilter" for n in range(len(chunk)))
        body = " ".join(f"c{n}: stances(filter: $f{n}) {{ totalCount }}" for n in range(len(chunk)))
        found = data(
            site, f"query ({heads}) {{ {body} }}", {f"f{n}": f for n, f in enumerate(chunk)}
        )
        counts += [found[f"c{n}"]["totalCount"] for n in range(len(chunk))]
    return counts


def cell_filter(cell: Cell, base: dict[str, str], *, positions: bool = False) -> dict[str, str]:
    query = cell.query
    return {**base, "actor": query["actor"], ("position" if positions else "target"): query["on"]}


def test_every_cell_counts_the_stances_the_api_finds_for_it(site: str) -> None:
    _, page = fetch(site)
    assert page.tables == 1
    assert page.captions
    assert page.cells
    expected = stance_counts(site, [cell_filter(c, {}) for c in page.cells])
    assert [c.count for c in page.cells] == expected
    # Colour is never the only signal: each cell says its count and polarity in words.
    assert all("ståndpunkt" in c.label for c in page.cells)
    assert all(c.href.endswith("#cell") for c in page.cells)


def test_the_rows_are_the_actors_with_stances_and_link_to_them(site: str) -> None:
    response, page = fetch(site)
    rows = data(site, "{ stanceMatrix { rows { actor { id } } } }")["stanceMatrix"]["rows"]
    assert len(page.row_headers) == len(rows) > 0
    for row in rows:
        assert f'href="/{row["actor"]["id"].removeprefix(DEFAULT_BASE_IRI)}"' in response.text


def test_a_chosen_cell_lists_the_quotes_of_exactly_its_stances(site: str) -> None:
    _, page = fetch(site)
    cell = max(page.cells, key=lambda c: c.count)
    chosen_response, chosen = fetch(site, "?" + urlsplit(cell.href).query)
    assert 'id="cell"' in chosen_response.text
    wanted = data(
        site,
        "query ($f: StanceFilter) { stances(filter: $f, first: 100) { nodes { quote } } }",
        {"f": cell_filter(cell, {})},
    )["stances"]["nodes"]
    assert sorted(chosen.quotes) == sorted(" ".join(s["quote"].split()) for s in wanted)
    assert len(chosen.quotes) == cell.count
    # The chosen cell is marked, and the matrix is still there above it.
    assert 'aria-current="true"' in chosen_response.text
    assert len(chosen.cells) == len(page.cells)


def test_a_filter_changes_the_matrix_and_applies_to_the_cells(site: str) -> None:
    document = "doc:stockholm-business-region-remissvar"
    _, everything = fetch(site)
    _, filtered = fetch(site, f"?document={document}")
    assert filtered.cells
    assert len(filtered.cells) < len(everything.cells)
    assert all(c.query.get("document") == document for c in filtered.cells)
    expected = stance_counts(site, [cell_filter(c, {"document": document}) for c in filtered.cells])
    assert [c.count for c in filtered.cells] == expected
    _, municipalities = fetch(site, "?kind=MUNICIPALITY")
    assert 0 < len(municipalities.row_headers) < len(everything.row_headers)


def test_the_positions_view_counts_stances_arguing_each_position(site: str) -> None:
    _, page = fetch(site, "?columns=positions")
    positions = data(site, '{ positions(first: 100) { nodes { label(lang: "sv") } } }')
    labels = {p["label"] for p in positions["positions"]["nodes"]}
    assert set(page.column_headers[1:]) == labels
    assert page.cells
    assert all(c.query["on"].startswith("position:") for c in page.cells)
    expected = stance_counts(site, [cell_filter(c, {}, positions=True) for c in page.cells])
    assert [c.count for c in page.cells] == expected


def test_an_expanded_aspect_shows_its_development_areas(site: str) -> None:
    aspect = data(
        site,
        '{ node(id: "strat:3-1-3") { ... on Section { developmentAreas { nodes { label } } } } }',
    )["node"]
    areas = [a["label"] for a in aspect["developmentAreas"]["nodes"]]
    assert areas

    def shows(headers: list[str], label: str) -> bool:
        return any(label in header for header in headers)

    _, folded = fetch(site)
    _, one = fetch(site, "?expand=strat:3-1-3")
    _, every = fetch(site, "?expand=all")
    assert not any(shows(folded.column_headers, area) for area in areas)
    assert all(shows(one.column_headers, area) for area in areas)
    assert len(folded.column_headers) < len(one.column_headers) < len(every.column_headers)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?document=doc:no-such-document", 404, "filter.document"),
        ("?position=position:no-such-position", 404, "filter.position"),
        ("?actor=actor:no-such-actor&on=doc:strategi", 404, "no-such-actor"),
        ("?expand=strat:no-such-aspect", 404, "expand"),
        ("?kind=NO_SUCH_KIND", 400, "NO_SUCH_KIND"),
    ],
)
def test_a_filter_naming_nothing_is_an_error_page_not_an_empty_matrix(
    site: str, query: str, status: int, message: str
) -> None:
    response, page = fetch(site, query, status=status)
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text
    assert page.tables == 0
    assert "Traceback" not in response.text


def test_the_page_speaks_english_when_asked(site: str) -> None:
    swedish, _ = fetch(site)
    english, page = fetch(site, "?lang=en")
    assert swedish.headers["content-language"] == "sv"
    assert english.headers["content-language"] == "en"
    assert '<html lang="en">' in english.text
    assert "Who stands where" in english.text
    assert "Who stands where" not in swedish.text
    assert all("stance" in c.label for c in page.cells)
    assert all(c.query.get("lang") == "en" for c in page.cells)

"""The strategy pages over real HTTP: the versions side by side with their alignment, each
section with the count of stances that concern it, and the sections nobody commented on marked
in words. What the pages should show is asked of the GraphQL API on the same server."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from markupsafe import escape

from kg.namespaces import DEFAULT_BASE_IRI
from tests.support.graphql import data

HTML = {"Accept": "text/html"}
WORK = "/id/document/life-science-strategi-stockholm-uppsalaregionen"
VERSIONS = """query ($id: ID!) { document(id: $id) { versions { id } } }"""
SECTIONS = """query ($id: ID!) { document(id: $id) { displayLabel
  sections(first: 100) { nodes { id alignedSections { section { id } } } } } }"""
COUNT = """query ($target: ID!) {
  stances(filter: {target: $target, acrossVersions: false}) { totalCount } }"""


@dataclass
class Section:
    href: str
    count: int | None = None  # the stances shown as concerning it
    uncommented: bool = False  # marked as commented on by nobody


@dataclass
class Row:
    aligned: bool
    sections: list[Section] = field(default_factory=list)


class VersionTable(HTMLParser):
    """The rows of `table.strategy-versions`: each cell's section, count and marking."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.headers: list[str] = []
        self.rows: list[Row] = []
        self._heading = False
        self._count = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        classes = (named.get("class") or "").split()
        if tag == "table" and "strategy-versions" in classes:
            self.inside = True
        if not self.inside:
            return
        if tag == "th" and named.get("scope") == "col":
            self.headers.append("")
        elif tag == "tr" and ("aligned" in classes or "unaligned" in classes):
            self.rows.append(Row(aligned="aligned" in classes))
        elif tag == "td" and "section" in classes:
            self.rows[-1].sections.append(Section(""))
        elif tag == "p" and "heading" in classes:
            self._heading = True
        elif tag == "a" and self._heading and not self.rows[-1].sections[-1].href:
            self.rows[-1].sections[-1].href = named["href"] or ""
        elif tag == "span" and "count" in classes and self.rows:
            self.rows[-1].sections[-1].count = int(named["data-count"] or "0")
        elif tag == "p" and "uncommented-note" in classes:
            self.rows[-1].sections[-1].uncommented = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._heading = False
        elif tag == "table":
            self.inside = False

    def handle_data(self, text: str) -> None:
        if self.inside and self.headers and not self.rows:
            self.headers[-1] += text


def table_of(html: str) -> VersionTable:
    parser = VersionTable()
    parser.feed(html)
    return parser


def path(iri: str) -> str:
    return "/" + iri.removeprefix(DEFAULT_BASE_IRI)


def iri(path: str) -> str:
    return DEFAULT_BASE_IRI + path.removeprefix("/")


def versions(site: str) -> list[dict[str, Any]]:
    """The versions of the work, each with its sections and their alignment."""
    found = data(site, VERSIONS, {"id": iri(WORK)})["document"]["versions"]
    return [data(site, SECTIONS, {"id": v["id"]})["document"] for v in found]


@pytest.mark.parametrize(
    "url", ["/explore/strategy", WORK, "/id/document/strategi-remissversion-region-stockholm"]
)
def test_both_versions_stand_side_by_side_with_aligned_sections_on_one_row(
    site: str, url: str
) -> None:
    page = httpx.get(site + url, headers=HTML)
    assert page.status_code == 200
    table = table_of(page.text)
    known = versions(site)
    assert len(known) == 2
    assert sorted(h.strip().split("\n")[0] for h in table.headers) == sorted(
        v["displayLabel"] for v in known
    )
    pairs = {
        frozenset((s["id"], a["section"]["id"]))
        for v in known
        for s in v["sections"]["nodes"]
        for a in s["alignedSections"]
    }
    assert pairs
    assert sum(row.aligned for row in table.rows) == len(pairs)
    for row in table.rows:
        if row.aligned:
            assert frozenset(s.href for s in row.sections) in {
                frozenset(path(i) for i in pair) for pair in pairs
            }
    # Every section of every version is on the page, once.
    shown = [s.href for row in table.rows for s in row.sections]
    assert sorted(shown) == sorted(path(s["id"]) for v in known for s in v["sections"]["nodes"])


def test_each_section_counts_the_stances_on_it_and_marks_those_nobody_commented_on(
    site: str,
) -> None:
    table = table_of(httpx.get(site + "/explore/strategy").text)
    cells = [s for row in table.rows for s in row.sections]
    assert any(s.uncommented for s in cells)
    assert any(s.count for s in cells)
    for cell in cells:
        expected = data(site, COUNT, {"target": iri(cell.href)})["stances"]["totalCount"]
        if expected:
            assert (cell.count, cell.uncommented) == (expected, False), cell.href
        else:
            assert (cell.count, cell.uncommented) == (None, True), cell.href


def test_the_stances_under_a_section_show_their_quotes_without_javascript(site: str) -> None:
    page = httpx.get(site + "/explore/strategy").text
    stances = data(
        site,
        """{ stances(filter: {target: "stratrs:3-3", acrossVersions: false}) {
          nodes { quote } } }""",
    )["stances"]["nodes"]
    assert stances
    for stance in stances:
        assert str(escape(stance["quote"])) in page
    assert '<details class="stances">' in page
    assert "Ingen har kommenterat" in page


def test_the_strategy_page_speaks_english_when_asked(site: str) -> None:
    page = httpx.get(site + "/explore/strategy", params={"lang": "en"})
    assert page.headers["content-language"] == "en"
    assert "No comments" in page.text
    assert "Ingen har kommenterat" not in page.text


def test_an_unknown_strategy_is_a_404_page_without_a_traceback(site: str) -> None:
    page = httpx.get(site + "/id/document/no-such-strategy", headers=HTML)
    assert page.status_code == 404
    assert "Traceback" not in page.text

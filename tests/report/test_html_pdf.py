"""The HTML and PDF reports, read back as a reader's tools read them: the HTML parsed into a
tree, the PDF through pypdf's text and outline. What they must say is worked out by hand-written
SPARQL on the same store (tests/report/expected.py and the queries here), never asked of the
code under test: every quote once, every section in the strategy's order, the uncommented
sections listed, the summary table's counts; and both formats the same bytes every time."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from api.report.model import Ref, Report
from api.report.render_html import render_html
from api.report.render_pdf import render_pdf
from api.report.words import Words
from kg.settings import Settings
from tests.report.conftest import SHIPPED, SYNTHETIC, sparql_rows
from tests.report.expected import ALIGNED, stance_quotes, summary_counts

CASES = [*((c, lang) for c in SHIPPED for lang in ("sv", "en")), (SYNTHETIC, "sv")]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
LOADING = {"script", "link", "img", "iframe", "object", "embed", "video", "audio", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def all(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag and attrs.items() <= e.attrs.items()]

    def text(self) -> str:
        parts = (c if isinstance(c, str) else c.text() for c in self.children)
        return " ".join(" ".join(parts).split())

    def by_id(self, anchor: str) -> Element:
        (found,) = [e for e in self.iter() if e.attrs.get("id") == anchor]
        return found


class _Tree(HTMLParser):
    """The page as a tree; an end tag that does not close the open element fails, so the page
    must be well formed (every element the template opens, it closes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        assert len(element.attrs) == len(attrs), f"<{tag}> repeats an attribute"
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> tuple[str, Element]:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [tree.root], f"<{tree.stack[-1].tag}> is never closed"
    return tree.doctype, tree.root


def squeezed(text: str) -> str:
    """`text` without whitespace: a PDF line may break after a hyphen inside a word
    ("Stockholm-⏎Uppsala"), which no whitespace normalising can tell from a space."""
    return "".join(text.split())


@dataclass(frozen=True)
class Rendered:
    consultation: str
    report: Report
    settings: Settings
    html: str
    page: Element
    doctype: str
    pdf: bytes
    pdf_text: str
    outline: list[str]

    @property
    def words(self) -> Words:
        return Words(self.report.lang)

    def main_part(self, anchor: str) -> Element:
        """The <section> a main part's h2 (id `anchor`) heads."""
        sections = self.page.all("section")
        (found,) = [s for s in sections if "main" in s.attrs["class"] and s.all("h2", id=anchor)]
        return found


@pytest.fixture(scope="module", params=CASES, ids=lambda case: f"{case[0].split(':')[1]}-{case[1]}")
def rendered(
    request: pytest.FixtureRequest,
    reports: dict[tuple[str, str], Report],
    synthetic_report: Report,
    shipped_settings: Settings,
    synthetic_settings: Settings,
) -> Rendered:
    consultation, lang = request.param
    if consultation == SYNTHETIC:
        report, settings = synthetic_report, synthetic_settings
    else:
        report, settings = reports[(consultation, lang)], shipped_settings
    html, pdf = render_html(report), render_pdf(report)
    doctype, page = parse(html)
    reader = PdfReader(BytesIO(pdf))
    text = squeezed("".join(sheet.extract_text() for sheet in reader.pages))
    outline = [item.title or "" for item in _flat(reader.outline)]
    return Rendered(consultation, report, settings, html, page, doctype, pdf, text, outline)


def _flat(outline: Sequence[object]) -> Iterator[Destination]:
    for item in outline:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            assert isinstance(item, Destination)
            yield item


# --- what the graph says, by hand-written SPARQL -------------------------------------------


def expected_sections(r: Rendered) -> list[tuple[str, str]]:
    """(section IRI, heading) of the version the consultation sent, in natural order of their
    numbers (3.2 before 3.10, numbers before letters): the strategy's order."""
    c = r.settings.namespaces.expand(r.consultation)
    rows = sparql_rows(
        r.settings,
        f"SELECT ?s ?notation (SAMPLE(?label) AS ?l) WHERE {{ <{c}> lsk:consultationOn ?v ."
        " ?s lsk:sectionOf ?v ; skos:notation ?notation ."
        f' OPTIONAL {{ ?s skos:prefLabel ?own FILTER (lang(?own) = "{r.report.lang}") }}'
        ' OPTIONAL { ?s skos:prefLabel ?sv FILTER (lang(?sv) = "sv") }'
        " BIND (COALESCE(?own, ?sv) AS ?label) } GROUP BY ?s ?notation",
    )
    ordered = sorted(rows, key=lambda row: (_natural(row[1]), row[0]))
    return [(iri, " ".join(f"{notation} {label}".split())) for iri, notation, label in ordered]


def _natural(notation: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", notation))


def commented(r: Rendered) -> set[str]:
    """The sections with a stance of the answers on them or under them, or on a section of
    another version aligned with one of those."""
    c = r.settings.namespaces.expand(r.consultation)
    rows = sparql_rows(
        r.settings,
        f"SELECT DISTINCT ?s WHERE {{ <{c}> lsk:consultationOn ?v . ?s lsk:sectionOf ?v ."
        f" ?x a lsk:Stance ; dcterms:source/lsk:respondsTo <{c}> ; lsk:target ?t ."
        f" {{ ?t skos:broader* ?s }} UNION {{ ?t {ALIGNED} ?a . ?a skos:broader* ?s }}"
        f" UNION {{ ?t skos:broader+ ?b . ?b {ALIGNED} ?s }} }}",
    )
    return {row[0] for row in rows}


# --- the HTML --------------------------------------------------------------------------------


def test_html_is_one_well_formed_document(rendered: Rendered) -> None:
    page = rendered.page
    assert rendered.doctype.lower() == "doctype html"
    (html,) = page.all("html")
    assert html.attrs["lang"] == rendered.report.lang
    assert len(page.all("h1")) == 1
    assert page.all("title")[0].text().endswith(rendered.report.consultation.ref.label)
    ids = [e.attrs["id"] for e in page.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids)), "an id is used twice"
    inward = {a.attrs["href"][1:] for a in page.all("a") if a.attrs["href"].startswith("#")}
    assert inward <= set(ids), f"links lead nowhere: {sorted(inward - set(ids))}"
    levels = [_level(e) for e in page.iter() if _level(e)]
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"a heading of level {after} follows one of {before}"
    for table in page.all("table"):
        assert table.all("caption"), "a table without a caption"
        assert all(th.attrs.get("scope") in ("col", "row") for th in table.all("th"))


def _level(element: Element) -> int:
    if re.fullmatch(r"h[1-6]", element.tag):
        return int(element.tag[1])
    return int(element.attrs["aria-level"]) if element.attrs.get("role") == "heading" else 0


def test_html_fetches_nothing(rendered: Rendered) -> None:
    page = rendered.page
    assert not [e.tag for e in page.iter() if e.tag in LOADING]
    assert not [e.tag for e in page.iter() if {"src", "srcset", "style"} & set(e.attrs)]
    assert not [a for e in page.iter() for name, a in e.attrs.items() if name.startswith("on")]
    (style,) = page.all("style")
    assert not {"url(", "@import"} & set(re.findall(r"url\(|@import", style.text()))


def test_every_quote_once_in_html(rendered: Rendered) -> None:
    quotes = stance_quotes(rendered.settings, rendered.consultation)
    assert quotes, "the consultation has no quoted stances to check"
    body = rendered.page.all("body")[0]
    text = body.text()
    blockquotes = {q.attrs["id"]: q for q in body.all("blockquote")}
    assert set(blockquotes) == {f"stance-{iri.rsplit('/', 1)[-1]}" for iri in quotes}
    for iri, quote in quotes.items():
        quote = " ".join(quote.split())
        within = sum(" ".join(other.split()).count(quote) for other in quotes.values())
        assert text.count(quote) == within, f"{iri} is quoted {text.count(quote)} times"
        block = blockquotes[f"stance-{iri.rsplit('/', 1)[-1]}"]
        (said,) = block.all("p", **{"class": "quoted"})
        assert said.text() == quote
        assert block.all("cite"), f"{iri}'s quote names no source"


def test_see_links_and_appendix_lead_to_the_quote(rendered: Rendered) -> None:
    page, words = rendered.page, rendered.words
    for link in page.all("a", **{"class": "see"}):
        key = link.attrs["href"].removeprefix("#stance-")
        assert link.text() == words["see"].format(key=key)
        assert page.by_id(f"stance-{key}").tag == "blockquote"
    for stance in rendered.report.appendix:
        entry = page.by_id(f"appendix-{stance.key}")
        assert [a for a in entry.all("a") if a.attrs["href"] == f"#stance-{stance.key}"]
        assert stance.quote not in entry.text()


def test_sections_in_the_strategys_order_in_html(rendered: Rendered) -> None:
    part = rendered.main_part("by-section")
    headings = [e.text() for e in part.iter() if _level(e) > 2]
    expected = [heading for _, heading in expected_sections(rendered)]
    assert headings[0].startswith(rendered.words["whole"])
    assert headings[1:] == expected
    toc = [a.text() for a in rendered.page.all("nav")[0].all("a")]
    assert toc[toc.index(rendered.words["by_section"]) + 2 :][: len(expected)] == expected


def test_uncommented_sections_listed_in_html(rendered: Rendered) -> None:
    sections, said = expected_sections(rendered), commented(rendered)
    uncommented = [heading for iri, heading in sections if iri not in said]
    part = rendered.main_part("uncommented")
    assert [li.text() for li in part.all("li")] == uncommented
    summary = rendered.words.uncommented_summary(len(uncommented), len(sections))
    assert summary in part.text()


def cell_counts(text: str) -> tuple[int, int, int]:
    found = {sign: int(n) for n, sign in re.findall(r"(\d+)([+○−])", text)}
    assert squeezed(text) == squeezed(" ".join(f"{n}{s}" for s, n in found.items())), (
        f"a cell says {text!r}"
    )
    return (found.get("+", 0), found.get("○", 0), found.get("−", 0))


def summary_table(r: Rendered) -> tuple[list[str], dict[tuple[str, str], tuple[int, int, int]]]:
    """The column IRIs of the summary table, and its cells by (actor IRI, column IRI)."""
    (table,) = r.page.all("table", **{"class": "summary"})
    header, *rows = table.all("tr")
    columns = [th.all("a")[0].attrs["href"] for th in header.all("th")[1:]]
    assert header.all("th")[0].text() == r.words["actor"]
    cells = {}
    for row in rows:
        actor = row.all("th")[0].all("a")[0].attrs["href"]
        for column, td in zip(columns, row.all("td"), strict=True):
            cells[(actor, column)] = cell_counts(td.text())
    return columns, cells


def test_summary_table_counts_as_sparql_does(rendered: Rendered) -> None:
    columns, cells = summary_table(rendered)
    version = rendered.report.version.id
    assert columns[0] == version
    expected = summary_counts(rendered.settings, rendered.consultation, version, columns)
    assert {key for key, counts in cells.items() if any(counts)} == set(expected)
    for key, counts in cells.items():
        assert counts == expected.get(key, (0, 0, 0)), key


def test_labels_are_escaped(rendered: Rendered) -> None:
    nasty = "<script>alert('x')</script> & <b>"
    report = rendered.report
    consultation = dataclasses.replace(
        report.consultation, ref=Ref(report.consultation.ref.id, nasty)
    )
    whole = dataclasses.replace(report.whole, ref=Ref(report.whole.ref.id, nasty))
    html = render_html(dataclasses.replace(report, consultation=consultation, whole=whole))
    assert "<script" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;" in html
    _, page = parse(html)
    assert page.all("h1")[0].text().endswith(" ".join(nasty.split()))


def test_links_go_where_href_says(rendered: Rendered) -> None:
    html = render_html(rendered.report, href=lambda iri: "/here?iri=" + iri)
    _, page = parse(html)
    actor = rendered.report.appendix[0].actor
    assert f'href="/here?iri={actor.id}"' in html
    outward = {a.attrs["href"] for a in page.all("a") if not a.attrs["href"].startswith("#")}
    assert all(target.startswith("/here?iri=") for target in outward)


# --- the PDF ---------------------------------------------------------------------------------


def test_pdf_metadata(rendered: Rendered) -> None:
    reader = PdfReader(BytesIO(rendered.pdf))
    title = f"{rendered.words['title']}: {rendered.report.consultation.ref.label}"
    assert reader.metadata is not None
    assert reader.metadata.title == title
    assert str(reader.root_object["/Lang"]) == rendered.report.lang
    assert reader.metadata.creation_date is None


def test_every_quote_once_in_pdf(rendered: Rendered) -> None:
    quotes = [squeezed(q) for q in stance_quotes(rendered.settings, rendered.consultation).values()]
    for quote in quotes:
        within = sum(other.count(quote) for other in quotes)
        assert rendered.pdf_text.count(quote) == within, quote


def body_of(r: Rendered, start: str, end: str) -> str:
    """The PDF's text from main part `start`'s heading to the next one's (`end`): searched
    after the contents, whose last line is the appendix's title."""
    text, words = r.pdf_text, r.words
    after_contents = text.index(squeezed(words["appendix"])) + len(squeezed(words["appendix"]))
    begin = text.index(squeezed(words[start]), after_contents)
    return text[begin : text.index(squeezed(words[end]), begin)]


def test_sections_in_the_strategys_order_in_pdf(rendered: Rendered) -> None:
    expected = [heading for _, heading in expected_sections(rendered)]
    words, outline = rendered.words, rendered.outline
    start = outline.index(words["by_section"])
    assert outline[start + 1].startswith(words["whole"])
    assert outline[start + 2 : start + 2 + len(expected)] == expected
    assert outline[start + 2 + len(expected)] == words["uncommented"]
    body, at = body_of(rendered, "by_section", "uncommented"), 0
    for heading in expected:
        at = body.index(squeezed(heading), at) + len(squeezed(heading))


def test_uncommented_sections_listed_in_pdf(rendered: Rendered) -> None:
    sections, said = expected_sections(rendered), commented(rendered)
    after = "elsewhere" if rendered.report.elsewhere else "summary"
    listed, at = body_of(rendered, "uncommented", after), 0
    for heading in [heading for iri, heading in sections if iri not in said]:
        at = listed.index(squeezed(heading), at) + len(squeezed(heading))


def test_summary_table_in_pdf(rendered: Rendered) -> None:
    table = body_of(rendered, "summary", "cross_cutting")
    assert table.startswith(squeezed(rendered.words["summary"]))
    assert squeezed(rendered.words["actor"]) in table
    for notation, _ in rendered.report.summary.columns:
        assert notation is None or notation in table
    _, cells = summary_table(rendered)
    for counts in cells.values():
        if any(counts):
            signs = zip(counts, "+○−", strict=True)
            assert "".join(f"{n}{sign}" for n, sign in signs if n) in table


# --- the same bytes --------------------------------------------------------------------------


def test_html_and_pdf_are_the_same_each_time(rendered: Rendered) -> None:
    assert render_html(rendered.report) == rendered.html
    assert render_pdf(rendered.report) == rendered.pdf

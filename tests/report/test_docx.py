"""The DOCX report, opened with python-docx and checked against hand-written SPARQL: every quote
once, with a footnote naming its source; every section as a Word heading, in order; the
uncommented sections listed; the summary table's numbers; and the same bytes on every render."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.table import Table
from docx.text.paragraph import Paragraph

from api.report.docx_parts import bookmark_names
from api.report.model import Report
from api.report.render_docx import render_docx
from api.report.words import Words
from kg.settings import Settings
from tests.report.conftest import STOCKHOLM, SYNTHETIC, UPPSALA, sparql_rows
from tests.report.expected import ALIGNED, stance_quotes, summary_counts

CASES = [(UPPSALA, "sv"), (UPPSALA, "en"), (STOCKHOLM, "sv"), (STOCKHOLM, "en"), (SYNTHETIC, "sv")]

Block = Paragraph | Table


@dataclass(frozen=True)
class Rendered:
    """One report, its DOCX, and the DOCX read back."""

    consultation: str
    report: Report
    settings: Settings
    data: bytes
    blocks: tuple[Block, ...]
    footnotes: dict[str, str]

    @property
    def words(self) -> Words:
        return Words(self.report.lang)

    @property
    def document(self) -> Document:
        return docx.Document(io.BytesIO(self.data))


@pytest.fixture(scope="module")
def rendered(
    reports: dict[tuple[str, str], Report],
    synthetic_report: Report,
    shipped_settings: Settings,
    synthetic_settings: Settings,
) -> dict[tuple[str, str], Rendered]:
    """Each case rendered once for the whole module."""
    out: dict[tuple[str, str], Rendered] = {}
    for consultation, lang in CASES:
        shipped = consultation != SYNTHETIC
        report = reports[(consultation, lang)] if shipped else synthetic_report
        data = render_docx(report)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            notes = parse_xml(package.read("word/footnotes.xml"))
        out[(consultation, lang)] = Rendered(
            consultation,
            report,
            shipped_settings if shipped else synthetic_settings,
            data,
            tuple(docx.Document(io.BytesIO(data)).iter_inner_content()),
            {
                note.get(qn("w:id")): "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
                for note in notes.iter(qn("w:footnote"))
            },
        )
    return out


@pytest.fixture(params=CASES, ids=lambda case: f"{case[0].split(':')[1]}-{case[1]}")
def case(request: pytest.FixtureRequest, rendered: dict[tuple[str, str], Rendered]) -> Rendered:
    return rendered[request.param]


def norm(text: str) -> str:
    return " ".join(text.split())


def paragraphs(blocks: tuple[Block, ...]) -> list[Paragraph]:
    return [block for block in blocks if isinstance(block, Paragraph)]


def text_of(block: Block) -> str:
    if isinstance(block, Paragraph):
        return norm(block.text)
    return "\n".join(norm(cell.text) for row in block.rows for cell in row.cells)


def style_name(block: Block) -> str:
    return (block.style.name if block.style is not None else None) or ""


def is_heading(block: Block, level: int | None = None) -> bool:
    if not isinstance(block, Paragraph):
        return False
    name = style_name(block)
    return name == f"Heading {level}" if level else name.startswith("Heading ")


def chapter(case: Rendered, key: str) -> tuple[Block, ...]:
    """The blocks under the Heading 1 that says `words[key]`, up to the next Heading 1."""
    title = case.words[key]
    start = next(i for i, b in enumerate(case.blocks) if is_heading(b, 1) and text_of(b) == title)
    end = next(
        (i for i in range(start + 1, len(case.blocks)) if is_heading(case.blocks[i], 1)),
        len(case.blocks),
    )
    return case.blocks[start + 1 : end]


def quote_paragraphs(blocks: tuple[Block, ...]) -> list[Paragraph]:
    """The printed quotes: Quote paragraphs that carry a bookmark (the attribution under each
    is a Quote paragraph too, with the footnote reference)."""
    return [
        p
        for p in paragraphs(blocks)
        if style_name(p) == "Quote" and p._p.find(qn("w:bookmarkStart")) is not None
    ]


def notation_key(notation: str) -> tuple[tuple[int, int | str], ...]:
    """3.1.10 after 3.1.9; a letter after every number."""
    return tuple((0, int(n)) if n.isdigit() else (1, n) for n in re.split(r"[.\s]+", notation))


def version_sections(case: Rendered) -> list[str]:
    """The version's sections in the strategy's order, by their notations."""
    rows = sparql_rows(
        case.settings,
        f"SELECT ?s ?n WHERE {{ ?s lsk:sectionOf <{case.report.version.id}> ; skos:notation ?n }}",
    )
    return [s for s, n in sorted(rows, key=lambda row: (notation_key(row[1]), row[0]))]


def test_every_quote_is_printed_once(case: Rendered) -> None:
    expected = Counter(norm(q) for q in stance_quotes(case.settings, case.consultation).values())
    assert expected
    printed = Counter(text_of(p) for p in quote_paragraphs(case.blocks))
    assert printed == expected
    body = "\n".join(text_of(block) for block in case.blocks)
    for quote, times in expected.items():
        if not any(quote in other for other in expected if other != quote):
            assert body.count(quote) == times, quote


def test_every_printed_quote_has_a_footnote_naming_its_source(case: Rendered) -> None:
    quotes = stance_quotes(case.settings, case.consultation)
    first = [
        m.stance
        for part in (case.report.whole, *case.report.sections, *case.report.elsewhere)
        for m in part.mentions
        if m.first
    ]
    printed = quote_paragraphs(case.blocks)
    assert len(printed) == len(first) == len(case.footnotes) - 2
    for paragraph, stance in zip(printed, first, strict=True):
        assert text_of(paragraph) == norm(quotes[stance.id])
        attribution = paragraph._p.getnext()
        assert attribution is not None
        refs = attribution.findall(f".//{qn('w:footnoteReference')}")
        assert len(refs) == 1
        note = case.footnotes[refs[0].get(qn("w:id"))]
        assert stance.citation.document.label in note
        if stance.citation.lines:
            assert stance.citation.lines in note
        assert note == case.words.source(stance.citation)
        run_pr = refs[0].getparent().find(qn("w:rPr"))
        assert run_pr.find(qn("w:vertAlign")).get(qn("w:val")) == "superscript"


def test_footnotes_part_is_related_with_word_separators(case: Rendered) -> None:
    with zipfile.ZipFile(io.BytesIO(case.data)) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        notes = parse_xml(package.read("word/footnotes.xml"))
    assert (
        'PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"' in types
    )
    assert (
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"'
        ' Target="footnotes.xml"' in rels
    )
    kinds = [(n.get(qn("w:id")), n.get(qn("w:type"))) for n in notes.iter(qn("w:footnote"))]
    assert kinds[:2] == [("-1", "separator"), ("0", "continuationSeparator")]
    styles = {s.style_id for s in case.document.styles}
    assert {"FootnoteText", "FootnoteReference"} <= styles


def test_every_section_is_a_heading_in_the_strategys_order(case: Rendered) -> None:
    report, words = case.report, case.words
    assert [part.ref.id for part in report.sections] == version_sections(case)
    body = chapter(case, "by_section")
    headings = [(text_of(b), style_name(b)) for b in body if is_heading(b)]
    assert headings == [
        (norm(words.heading(part)), f"Heading {min(2 + part.depth, 9)}")
        for part in (report.whole, *report.sections)
    ]


def commented_sections(case: Rendered) -> set[str]:
    """Sections of the version with a stance of the answers on them or under them, or on a
    section of another version aligned with one of them or under such a section."""
    rows = sparql_rows(
        case.settings,
        "SELECT DISTINCT ?s WHERE {"
        f" ?s lsk:sectionOf <{case.report.version.id}> ."
        f" ?x a lsk:Stance ; dcterms:source/lsk:respondsTo <{_iri(case)}> ; lsk:target ?t ."
        f" ?t skos:broader*/{ALIGNED}?/skos:broader* ?s }}",
    )
    return {s for (s,) in rows}


def _iri(case: Rendered) -> str:
    return case.settings.namespaces.expand(case.consultation)


def test_uncommented_sections_are_listed(case: Rendered) -> None:
    report, words = case.report, case.words
    commented = commented_sections(case)
    by_id = {part.ref.id: part for part in report.sections}
    expected = [norm(words.heading(by_id[s])) for s in version_sections(case) if s not in commented]
    listed = chapter(case, "uncommented")
    assert text_of(listed[0]) == words.uncommented_summary(len(expected), len(report.sections))
    assert [text_of(b) for b in listed[1:]] == expected
    assert all(isinstance(b, Paragraph) and style_name(b) == "List Bullet" for b in listed[1:])
    # Under an uncommented section's own heading: its sentence and no quote.
    body = chapter(case, "by_section")
    starts = [i for i, b in enumerate(body) if is_heading(b)]
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        if text_of(body[start]) in expected:
            assert [text_of(b) for b in body[start + 1 : end]] == [words["no_comment"]]


def test_summary_table_matches_sparql_counts(case: Rendered) -> None:
    report, words = case.report, case.words
    summary = report.summary
    tables = [b for b in chapter(case, "summary") if isinstance(b, Table)]
    assert len(tables) == 1
    table = tables[0]
    assert style_name(table) == "Table Grid"
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    columns = [ref.id for _, ref in summary.columns]
    expected = summary_counts(case.settings, case.consultation, report.version.id, columns)
    header = [norm(cell.text) for cell in table.rows[0].cells]
    assert header == [
        words["actor"],
        *(norm(f"{n} {ref.label}" if n else ref.label) for n, ref in summary.columns),
    ]
    actors = [actor for actor, _ in summary.rows]
    assert {actor for actor, _ in expected} <= {actor.id for actor in actors}
    assert len(table.rows) == 1 + len(actors)
    signs = {"+": 0, "○": 1, "−": 2}
    for row, actor in zip(table.rows[1:], actors, strict=True):
        cells = [norm(cell.text) for cell in row.cells]
        assert cells[0] == norm(actor.label)
        for column, text in zip(columns, cells[1:], strict=True):
            counts = [0, 0, 0]
            for n, sign in re.findall(r"(\d+)([+○−])", text):
                counts[signs[sign]] += int(n)
            assert tuple(counts) == expected.get((actor.id, column), (0, 0, 0)), (actor, column)


def test_links_point_at_bookmarks_word_accepts(case: Rendered) -> None:
    body = case.document.element.body
    names = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(names) == len(set(names)) == len(quote_paragraphs(case.blocks))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name) for name in names)
    links = {
        "".join(t.text or "" for t in link.iter(qn("w:t"))): link.get(qn("w:anchor"))
        for link in body.iter(qn("w:hyperlink"))
    }
    assert set(links.values()) <= set(names)
    report = case.report
    referred = {
        m.stance.key
        for part in (report.whole, *report.sections, *report.elsewhere)
        for m in part.mentions
        if not m.first
    }
    assert referred <= set(links)


def test_headings_tables_language_and_properties(case: Rendered) -> None:
    document, words = case.document, case.words
    title = f"{words['title']}: {case.report.consultation.ref.label}"
    assert style_name(document.paragraphs[0]) == "Title"
    assert document.paragraphs[0].text == title
    chapters = [text_of(b) for b in case.blocks if is_heading(b, 1)]
    assert chapters[:4] == [
        words[k] for k in ("consultation", "answers", "by_section", "uncommented")
    ]
    assert chapters[-3:] == [words[k] for k in ("summary", "cross_cutting", "appendix")]
    assert all(style_name(b) == "Table Grid" for b in case.blocks if isinstance(b, Table))
    properties = document.core_properties
    assert properties.title == title
    assert properties.language == {"sv": "sv-SE", "en": "en-GB"}[case.report.lang]
    assert properties.created is None
    assert properties.modified is None
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == properties.language


def test_two_renders_are_the_same_bytes_of_a_sound_zip(case: Rendered) -> None:
    assert render_docx(case.report) == case.data
    with zipfile.ZipFile(io.BytesIO(case.data)) as package:
        assert package.testzip() is None
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_bookmark_names_are_short_unique_and_stable() -> None:
    keys = ["uppsala-yttrande-01", "a-b", "a.b", "x" * 60, "x" * 61]
    names = bookmark_names(keys)
    assert names == bookmark_names(list(reversed(keys)))
    assert names["uppsala-yttrande-01"] == "stance_uppsala_yttrande_01"
    assert len(set(names.values())) == len(keys)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name) for name in names.values())

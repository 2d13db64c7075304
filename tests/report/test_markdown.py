"""The Markdown report: the same content as every format, read back from its text."""

from __future__ import annotations

import re

import pytest

from api.report.formats import ReportFormat, render
from api.report.model import Report
from api.report.render_markdown import text
from api.report.words import Words
from kg.settings import Settings
from tests.report.conftest import SHIPPED
from tests.report.expected import stance_quotes, summary_counts


def markdown(report: Report) -> str:
    return render(report, ReportFormat.MD).decode("utf-8")


def unescaped(line: str) -> str:
    return re.sub(r"\\(.)", r"\1", line)


def section(md: str, heading: str) -> str:
    """The text under the level-2 heading `heading`, to the next one."""
    return md.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("consultation", [*SHIPPED])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_quote_appears_once_as_a_block_quote_with_its_source_note(
    reports: dict[tuple[str, str], Report],
    shipped_settings: Settings,
    consultation: str,
    lang: str,
) -> None:
    md = markdown(reports[(consultation, lang)])
    quoted = [unescaped(line[2:]) for line in md.splitlines() if line.startswith("> ")]
    quotes = stance_quotes(shipped_settings, consultation)
    # Once per stance: two stances on one sentence (its two verbs) print it twice.
    for quote in quotes.values():
        shared = list(quotes.values()).count(quote)
        assert quoted.count(" ".join(quote.split())) == shared, quote
    for stance in reports[(consultation, lang)].appendix:
        note = re.search(rf"^\[\^{re.escape(stance.key)}\]: (.+)$", md, re.MULTILINE)
        assert note is not None, stance.key
        assert unescaped(note.group(1)).startswith(stance.citation.document.label)
        if stance.citation.lines:
            assert unescaped(note.group(1)).endswith(stance.citation.lines)


@pytest.mark.parametrize("consultation", [*SHIPPED])
def test_sections_in_order_uncommented_listed_and_the_summary_as_sparql_counts(
    reports: dict[tuple[str, str], Report], shipped_settings: Settings, consultation: str
) -> None:
    report = reports[(consultation, "sv")]
    words = Words("sv")
    md = markdown(report)
    headings = [
        unescaped(line.lstrip("#").strip()) for line in md.splitlines() if line.startswith("###")
    ]
    wanted = [words.heading(p) for p in report.sections]
    found = [h for h in headings if h in wanted]
    assert found[: len(wanted)] == wanted
    listed = section(md, words["uncommented"])
    for part in report.uncommented:
        assert f"- {text(words.heading(part))}" in listed
    for part in report.sections:
        if part.commented:
            assert f"- {text(words.heading(part))}\n" not in listed
    table = [
        [unescaped(cell.strip()) for cell in line.strip("|").split("|")]
        for line in section(md, words["summary"]).splitlines()
        if line.startswith("| ") and not line.startswith(f"| {words['actor']}")
    ]
    columns = [ref.id for _, ref in report.summary.columns]
    expected = summary_counts(shipped_settings, consultation, report.version.id, columns)
    labels = {actor.label: actor.id for actor, _ in report.summary.rows}
    found_counts: dict[tuple[str, str], tuple[int, int, int]] = {}
    for actor, *cells in table:
        for column, cell in zip(columns, cells, strict=True):
            if cell:
                signs = {sign: int(n) for n, sign in re.findall(r"(\d+)([+○−])", cell)}
                found_counts[(labels[actor], column)] = (
                    signs.get("+", 0),
                    signs.get("○", 0),
                    signs.get("−", 0),
                )
    assert found_counts == expected


def test_markup_in_the_graphs_text_is_escaped() -> None:
    assert text("a *b* [c](d) <e> | f\n g") == r"a \*b\* \[c\](d) \<e\> \| f g"

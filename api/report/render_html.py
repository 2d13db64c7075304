"""The report as one self-contained HTML page: no script, and nothing fetched from anywhere
(its stylesheet is inlined), so the file can be mailed, archived or printed as it is; its print
stylesheet is also what WeasyPrint lays out as the PDF (api/report/render_pdf.py).

The template (templates/report.html) only lays out; what it needs beyond the `Report` is worked
out here: each part's anchor and heading level, where each stance's quote stands, and the
other parts grouped by kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from api.explorer.rendering import template_environment
from api.report.model import Part, Report
from api.report.words import Words

TEMPLATES = Path(__file__).resolve().parent / "templates"

_environment = template_environment(TEMPLATES, keep_trailing_newline=True)

BODY_LEVEL = 3
"""The level of the headings of the parts right under a main part (h2)."""


@dataclass(frozen=True)
class Placed:
    """A part where the page shows it: its anchor, heading and heading level."""

    part: Part
    anchor: str
    heading: str
    level: int


@dataclass(frozen=True)
class Group:
    """The other parts of one kind, under one subheading."""

    heading: str
    anchor: str
    parts: tuple[Placed, ...]


def render_html(report: Report, *, href: Callable[[str], str] = str) -> str:
    """The report as a complete HTML5 document; `href` turns an IRI into the link a name gets."""
    words = Words(report.lang)
    whole = Placed(report.whole, "whole", words.heading(report.whole), BODY_LEVEL)
    sections = _levelled(report.sections, words)
    groups = _grouped(report.elsewhere, words)
    placed = (whole, *sections, *(p for group in groups for p in group.parts))
    return _environment.get_template("report.html").render(
        report=report,
        words=words,
        href=href,
        fill=lambda name, /, **values: fill(words, name, **values),
        whole=whole,
        sections=sections,
        anchors={p.part.ref.id: p.anchor for p in placed},
        groups=groups,
        quoted_in={
            mention.stance.key: p for p in placed for mention in p.part.mentions if mention.first
        },
        answers_summary=words.answers_summary(
            len(report.consultation.answers), len(report.appendix), len(report.respondents)
        ),
        style=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
    )


def fill(words: Words, name: str, /, **values: object) -> Markup:
    """A Words sentence with its blanks filled, escaped: a value that is already markup (a
    link) stays markup, any other is escaped as text."""
    return Markup(escape(words[name])).format(**values)


def _levelled(parts: tuple[Part, ...], words: Words) -> tuple[Placed, ...]:
    """The sections with heading levels from their depth, never more than one below the heading
    before (a section whose parent is missing from the version would otherwise skip one)."""
    placed: list[Placed] = []
    previous = BODY_LEVEL
    for number, part in enumerate(parts, start=1):
        level = min(BODY_LEVEL + part.depth, previous + 1)
        placed.append(Placed(part, f"section-{number}", words.heading(part), level))
        previous = level
    return tuple(placed)


def _grouped(parts: tuple[Part, ...], words: Words) -> tuple[Group, ...]:
    """The other parts under their kind's heading, the kinds in the order they first come."""
    kinds: dict[str, list[Placed]] = {}
    for number, part in enumerate(parts, start=1):
        placed = Placed(part, f"elsewhere-{number}", words.heading(part), BODY_LEVEL + 1)
        kinds.setdefault(words.kind(part), []).append(placed)
    return tuple(
        Group(kind, f"kind-{number}", tuple(placed))
        for number, (kind, placed) in enumerate(kinds.items(), start=1)
    )

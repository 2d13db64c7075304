"""The strategy pages: the section tree of each version of the strategy side by side, aligned
sections on one row, each section with the stances that concern it and those no actor
commented on marked in words (/explore/strategy, and a strategy's or the work's IRI).

A section's count is that of the stances on it or on a section under it in the same version,
as `stances(filter: {target:, acrossVersions: false})` counts them; the stances listed under it
are those on the section itself (the first few, with a link to the section's page for the
rest), so a development area's stances are not repeated under its aspect. The alignment across
versions is shown beside, not added in. Everything comes from one query per version, whose
cost does not grow with the number of stances in the graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from api.explorer.graphql_source import PageQueryFailed
from api.explorer.kit import PageKit
from api.explorer.strategy_choice import choose_strategy, is_ambiguous

WORDS = {
    "sv": {
        "strategy.title": "Strategin",
        "strategy.intro": (
            "Strategins versioner sida vid sida. Avsnitt som motsvarar varandra står på samma "
            "rad; under varje avsnitt står ståndpunkterna som gäller det."
        ),
        "strategy.caption": "Avsnitten i {count} versioner av strategin, sida vid sida",
        "strategy.caption.one": "Avsnitten i strategin",
        "strategy.work": "En version av",
        "strategy.this": "(den här sidans)",
        "strategy.whole": "Om strategin som helhet",
        "strategy.whole.none": "Ingen ståndpunkt gäller versionen som helhet.",
        "strategy.sections": "{count} avsnitt",
        "strategy.legend": (
            "Motsvarighet: ”exakt” är samma avsnitt med annat nummer, ”nära” ett avsnitt vars "
            "rubrik också skiljer sig."
        ),
        "section.more": "Här visas {shown} av {total}; alla på avsnittets sida.",
        "section.stances": "{count} ståndpunkter",
        "section.stances.one": "1 ståndpunkt",
        "section.under": "varav {count} på underavsnitt",
        "section.none": "Ingen har kommenterat",
        "section.missing": "Ingen motsvarighet i denna version",
        "match.EXACT": "exakt motsvarighet",
        "match.CLOSE": "nära motsvarighet",
        "kind.ASPECT": "aspekt",
        "kind.DEVELOPMENT_AREA": "utvecklingsområde",
        "kind.SECTION": "avsnitt",
    },
    "en": {
        "strategy.title": "The strategy",
        "strategy.intro": (
            "The versions of the strategy side by side. Sections that correspond share a row; "
            "under each section are the stances on it."
        ),
        "strategy.caption": "The sections of {count} versions of the strategy, side by side",
        "strategy.caption.one": "The sections of the strategy",
        "strategy.work": "A version of",
        "strategy.this": "(this page's)",
        "strategy.whole": "On the strategy as a whole",
        "strategy.whole.none": "No stance is on the version as a whole.",
        "strategy.sections": "{count} sections",
        "strategy.legend": (
            "Correspondence: “exact” is the same section under another number, “close” one "
            "whose heading differs too."
        ),
        "section.more": "{shown} of {total} shown here; all on the section's page.",
        "section.stances": "{count} stances",
        "section.stances.one": "1 stance",
        "section.under": "{count} of them on sections under it",
        "section.none": "No comments",
        "section.missing": "No counterpart in this version",
        "match.EXACT": "exact counterpart",
        "match.CLOSE": "close counterpart",
        "kind.ASPECT": "aspect",
        "kind.DEVELOPMENT_AREA": "development area",
        "kind.SECTION": "section",
    },
}


@dataclass
class Cell:
    """A section in its version's column: how deep it lies, and the stances concerning it."""

    section: dict[str, Any]
    depth: int
    own: list[dict[str, Any]]  # the first stances on the section itself, as cards
    own_count: int  # how many stances are on the section itself
    total: int  # how many are on it or on a section under it
    matches: list[str] = field(default_factory=list)  # how it aligns with the row's others


async def strategy_overview(kit: PageKit, request: Request) -> Response:
    return await _page(kit, request, None)


async def strategy_page(kit: PageKit, request: Request, iri: str) -> Response:
    return await _page(kit, request, iri)


async def _page(kit: PageKit, request: Request, iri: str | None) -> Response:
    try:
        head = (await kit.query(request, "strategy", {"id": iri})).data["strategy"]
        work = head["versionOf"] or (head if head["versions"] else None)
        ids = [v["id"] for v in work["versions"]] if work else [head["id"]]
        answers = [await kit.query(request, "strategy_sections", {"id": i}) for i in ids]
    except PageQueryFailed as failure:
        if iri is None and is_ambiguous(failure):
            links = kit.links(request)
            return await choose_strategy(kit, request, lambda chosen: links.href(chosen.iri))
        return kit.failed(request, failure)
    versions = sorted(
        (a.data["document"] for a in answers), key=lambda v: -v["sections"]["totalCount"]
    )
    return kit.render(
        request,
        "strategy.html",
        words=WORDS,
        strategy=head,
        work=work if work and work["id"] != head["id"] else None,
        asked=iri,
        versions=versions,
        rows=_rows(versions),
        graphiql=answers[0].graphiql,
    )


def _rows(versions: list[dict[str, Any]]) -> list[list[Cell | None]]:
    """The table's rows: the first version's sections in order, each with the sections of
    the other versions aligned with it in their columns; then those aligned with none."""
    columns = [_cells(v["sections"]["nodes"]) for v in versions]
    column_of = {cell.section["id"]: i for i, cells in enumerate(columns) for cell in cells}
    cell_of = {cell.section["id"]: cell for cells in columns for cell in cells}
    placed: set[str] = set()
    rows: list[list[Cell | None]] = []
    for cells in columns:
        for cell in cells:
            if cell.section["id"] in placed:
                continue
            row: list[Cell | None] = [None] * len(columns)
            row[column_of[cell.section["id"]]] = cell
            placed.add(cell.section["id"])
            for aligned in cell.section["alignedSections"]:
                other = aligned["section"]["id"]
                column = column_of.get(other)
                if column is None or other in placed or row[column] is not None:
                    continue
                row[column] = cell_of[other]
                cell_of[other].matches = [aligned["kind"]]
                cell.matches = [aligned["kind"]]
                placed.add(other)
            rows.append(row)
    return rows


def _cells(sections: list[dict[str, Any]]) -> list[Cell]:
    """A version's sections in reading order (by number, each followed by those under it),
    with the first stances on each and the count of those on it or under it (a stance on two
    sections of one branch counted once)."""
    ids = {s["id"] for s in sections}
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for section in sections:
        parent = section["broader"]["id"] if section["broader"] else None
        children[parent if parent in ids else None].append(section)
    cells: list[Cell] = []

    def walk(parent: str | None, depth: int) -> set[str]:
        concerning: set[str] = set()
        for section in sorted(children[parent], key=_number):
            cards, every = section["cards"], section["all"]
            cell = Cell(section, depth, cards["nodes"], cards["totalCount"], 0)
            cells.append(cell)
            under = {s["id"] for s in every["nodes"]} | walk(section["id"], depth + 1)
            # Past a page of ids (100 on one section) the count can only be a lower bound.
            under |= {
                f"{section['id']}#{n}" for n in range(len(every["nodes"]), every["totalCount"])
            }
            cell.total = len(under)
            concerning |= under
        return concerning

    walk(None, 0)
    return cells


def _number(section: dict[str, Any]) -> tuple[tuple[int, int | str], ...]:
    """Sort key for a section number: 3.1.10 after 3.1.9, letters after numbers."""
    parts = re.split(r"[.\s]+", section["notation"] or section["label"] or "")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)

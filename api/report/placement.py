"""Where each stance goes in the report: the version's sections in reading order, the part
each target places a stance on (its own section, an aligned one, one above it in another
version's tree, the strategy as a whole, or a part of its own), each stance's first mention,
and the positions argued on several parts."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from api.report.answers import appendix_order, by_name
from api.report.model import CrossCutting, Mention, Part, PositionOnSection, Ref, Side, Stance

# The order of the parts on other things than the version's sections: the strategy's own
# points and other versions' sections first, then documents and decisions, then the rest.
KIND_ORDER = {"StrategyPoint": 0, "Section": 1, "Document": 2, "Decision": 3}


def _number(section: dict[str, Any]) -> tuple[tuple[int, int | str], ...]:
    """Sort key for a section number: 3.1.10 after 3.1.9, letters after numbers."""
    parts = re.split(r"[.\s]+", section["notation"] or section["label"] or "")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def reading_order(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sections in the strategy's order: by number, each followed by those under it."""
    ids = {s["id"] for s in sections}
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for section in sections:
        parent = section["broader"]["id"] if section["broader"] else None
        children[parent if parent in ids else None].append(section)
    ordered: list[dict[str, Any]] = []

    def walk(parent: str | None) -> None:
        for section in sorted(children[parent], key=lambda s: (_number(s), s["id"])):
            ordered.append(section)
            walk(section["id"])

    walk(None)
    return ordered


def depths(sections: list[dict[str, Any]]) -> dict[str, int]:
    ids = {s["id"] for s in sections}
    parent = {
        s["id"]: s["broader"]["id"] for s in sections if s["broader"] and s["broader"]["id"] in ids
    }
    depth: dict[str, int] = {}
    for section in sections:  # in reading order: a parent comes before its children
        up = parent.get(section["id"])
        depth[section["id"]] = depth[up] + 1 if up else 0
    return depth


def whole_ids(strategy: dict[str, Any] | None) -> set[str]:
    """What a stance on the strategy as a whole is on: the version, its work, its siblings."""
    if not strategy:
        return set()
    ids = {strategy["id"]}
    work = strategy.get("versionOf")
    if work:
        ids |= {work["id"], *(v["id"] for v in work["versions"])}
    return ids


def placement(sections: list[dict[str, Any]], elsewhere: list[dict[str, Any]]) -> dict[str, str]:
    """Section of this version, by the id of a section of any version that places on it: its
    own, one aligned with it, or one under such a section in another version's tree (a
    development area of 003 under the aspect aligned with Region Stockholm's "C"), as the
    stance matrix counts them."""
    placed: dict[str, str] = {s["id"]: s["id"] for s in sections}
    for section in sections:  # in reading order, so the first aligned section wins
        for aligned in section["alignedSections"]:
            placed.setdefault(aligned["section"]["id"], section["id"])
    parent = {s["id"]: s["broader"]["id"] for s in elsewhere if s["broader"]}
    for section in sorted(elsewhere, key=lambda s: s["id"]):
        up: str | None = section["id"]
        while up is not None and up not in placed:
            up = parent.get(up)
        if up is not None:
            placed.setdefault(section["id"], placed[up])
    return placed


def part_of(
    ref: Ref, notation: str | None, kind: str, depth: int, on: list[Stance], printed: set[str]
) -> Part:
    """A part with the stances on it, marking each stance's first mention in the report."""

    def mention(stance: Stance) -> Mention:
        first = stance.key not in printed
        printed.add(stance.key)
        return Mention(stance, first)

    by_position: dict[str, tuple[Ref, list[Stance], list[Stance]]] = {}
    remarks: list[Stance] = []
    for stance in on:
        if not stance.positions:
            remarks.append(stance)
        for argued in stance.positions:
            _, for_it, against_it = by_position.setdefault(
                argued.position.id, (argued.position, [], [])
            )
            (for_it if argued.side is Side.FOR else against_it).append(stance)
    groups = []
    for position, for_it, against_it in sorted(
        by_position.values(), key=lambda e: (e[0].label.casefold(), e[0].id)
    ):
        groups.append(
            PositionOnSection(
                position,
                tuple(mention(s) for s in for_it),
                tuple(mention(s) for s in against_it),
            )
        )
    remarks.sort(key=lambda s: (s.actor.label.casefold(), appendix_order(s)))
    return Part(ref, notation, kind, depth, tuple(groups), tuple(mention(s) for s in remarks))


def with_counts_under(
    parts: list[Part], sections: list[dict[str, Any]], on_part: dict[str, list[Stance]]
) -> list[Part]:
    """Each part with the number of stances on the sections under it."""
    ids = {s["id"] for s in sections}
    children: dict[str, list[str]] = defaultdict(list)
    for section in sections:
        if section["broader"] and section["broader"]["id"] in ids:
            children[section["broader"]["id"]].append(section["id"])

    def below(section: str) -> set[str]:
        found: set[str] = set()
        for child in children[section]:
            found |= {s.key for s in on_part[child]} | below(child)
        return found

    return [
        Part(p.ref, p.notation, p.kind, p.depth, p.positions, p.remarks, len(below(p.ref.id)))
        for p in parts
    ]


def cross_cutting(body: list[Part]) -> tuple[CrossCutting, ...]:
    """The positions argued on more than one part, in the order of their names."""
    parts_of: dict[str, list[Ref]] = defaultdict(list)
    groups: dict[str, list[PositionOnSection]] = defaultdict(list)
    for part in body:
        for group in part.positions:
            parts_of[group.position.id].append(part.ref)
            groups[group.position.id].append(group)
    found = []
    for position_id, parts in parts_of.items():
        if len(parts) < 2:
            continue
        mine = groups[position_id]
        for_it = [m for g in mine for m in g.for_it]
        against_it = [m for g in mine for m in g.against_it]
        stances = {m.stance.key: m.stance for m in (*for_it, *against_it)}
        found.append(
            CrossCutting(
                position=mine[0].position,
                parts=tuple(parts),
                actors_for=by_name(m.stance.actor for m in for_it),
                actors_against=by_name(m.stance.actor for m in against_it),
                stances=tuple(sorted(stances.values(), key=appendix_order)),
            )
        )
    return tuple(sorted(found, key=lambda c: (c.position.label.casefold(), c.position.id)))

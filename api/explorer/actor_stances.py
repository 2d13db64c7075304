"""An actor's stances, grouped twice for its page: by what they are about (the strategy as a
whole or one of its sections), and by the position they argue, for and against.

A stance about two sections, or arguing two positions, is shown in each group. The page shows
the full card each time, so each placement gets its own anchor: the first keeps the card's
own (`stance-<name>`, what links to a stance point at), the others are prefixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Stance = Mapping[str, Any]


@dataclass(frozen=True)
class Placement:
    """A stance where a group shows it; `anchor` is the prefix of its card's id ("" for the
    card's own id)."""

    stance: Stance
    anchor: str


@dataclass
class TargetGroup:
    """The stances about one target: the strategy, a section or another document."""

    iri: str
    label: str
    order: tuple[int, tuple[int, ...], str]
    stances: list[Placement] = field(default_factory=list)


@dataclass
class PositionGroup:
    """The stances arguing one position (`iri` empty: those the curator grouped into none)."""

    iri: str
    label: str
    for_: list[Placement] = field(default_factory=list)
    against: list[Placement] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.for_) + len(self.against)


class _Anchors:
    """Hands out each stance's own anchor once, then prefixed ones."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._count = 0

    def __call__(self, stance: Stance) -> str:
        if stance["id"] not in self._seen:
            self._seen.add(stance["id"])
            return ""
        self._count += 1
        return f"also{self._count}-"


def by_target(stances: Iterable[Stance], anchors: _Anchors) -> list[TargetGroup]:
    """Groups by target: documents (the strategy as a whole) first, then sections in the
    order of their numbers (2.10 after 2.9)."""
    groups: dict[str, TargetGroup] = {}
    for stance in stances:
        for target in stance["targets"]:
            group = groups.get(target["id"])
            if group is None:
                label = target.get("displayLabel") or target["id"]
                group = groups[target["id"]] = TargetGroup(
                    target["id"], label, _order(target, label)
                )
            group.stances.append(Placement(stance, anchors(stance)))
    return sorted(groups.values(), key=lambda group: group.order)


def by_position(stances: Iterable[Stance], anchors: _Anchors) -> list[PositionGroup]:
    """Groups by argued position, most stances first; those arguing none last."""
    groups: dict[str, PositionGroup] = {}
    unplaced = PositionGroup("", "")
    for stance in stances:
        for argued in stance["positions"]:
            position = argued["position"]
            group = groups.setdefault(
                position["id"], PositionGroup(position["id"], position.get("label") or "")
            )
            side = group.against if argued["polarity"] == "AGAINST" else group.for_
            side.append(Placement(stance, anchors(stance)))
        if not stance["positions"]:
            unplaced.for_.append(Placement(stance, anchors(stance)))
    ordered = sorted(groups.values(), key=lambda group: (-group.count, group.label))
    return ordered + ([unplaced] if unplaced.count else [])


def grouped(stances: Iterable[Stance]) -> tuple[list[TargetGroup], list[PositionGroup]]:
    """The stances by target and by position, with anchors unique across both."""
    listed = list(stances)
    anchors = _Anchors()
    return by_target(listed, anchors), by_position(listed, anchors)


def _order(target: Mapping[str, Any], label: str) -> tuple[int, tuple[int, ...], str]:
    notation = target.get("notation")
    if target.get("__typename") != "Section" or not notation:
        return (0, (), label)
    return (1, tuple(int(n) for n in re.findall(r"\d+", notation)), label)

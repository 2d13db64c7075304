"""Agreement between actors: the positions, targets or themes on which at least two of them
take a stance, and how their stances relate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox

from kg.namespaces import Namespaces
from kg.sections import on_or_under, representatives
from kg.sparql_fragments import named_nodes, values_block
from kg.store import QueryResult
from kg.terms import n_triples


class Relation(StrEnum):
    """How the stances of several actors on one point relate. On a position only AGREE (all
    argue it, or all argue against it) and OPPOSE (some for, some against) occur."""

    SAME = "same"  # all take the same stance type
    AGREE = "agree"  # different types of the same polarity (welcomes and supports)
    OPPOSE = "oppose"  # a positive and a negative stance meet
    DIFFER = "differ"  # anything else (a proposal beside a welcome)


class Basis(StrEnum):
    """What `Relations.agreement` compares stances on."""

    POSITION = "position"  # the curated positions they argue, for or against
    TARGET = "target"  # the strategy or section they are on (versions aligned), by stance type
    THEME = "theme"  # the cross-cutting theme they touch, by stance type


@dataclass(frozen=True)
class Agreement:
    """Stances of at least two of the actors asked about, on one target or theme."""

    on: str
    relation: Relation
    stances: tuple[str, ...]
    actors: tuple[str, ...]


def find_agreement(
    select: Callable[[str], QueryResult],
    namespaces: Namespaces,
    actors: Sequence[str],
    *,
    basis: Basis = Basis.POSITION,
    theme: str | None = None,
    aspect: str | None = None,
) -> list[Agreement]:
    """Positions, targets or themes on which at least two of `actors` take a stance, and
    how the stances relate: on positions by whether they argue for or against it, on
    targets and themes by stance type and its polarity.

    Sections and documents aligned across versions of the strategy are one target (kg/sections.py):
    a stance on Region Stockholm's "3.3.Norden" and one on 003's 2.3 are on the same point, named
    by the full-text version's section. `aspect` likewise takes in the aligned sections."""
    filters = ""
    if theme is not None:
        filters += f" ?stance lsk:theme {n_triples(ox.NamedNode(theme))} ."
    if aspect is not None:
        filters += f" {on_or_under('stance', ox.NamedNode(aspect))}"
    if basis is Basis.POSITION:
        # The link's predicate is the polarity: lsk:argues (for) or lsk:arguesAgainst.
        pattern = "?stance ?type ?on . VALUES ?type { lsk:argues lsk:arguesAgainst }"
    else:
        on = "lsk:theme" if basis is Basis.THEME else "lsk:target"
        pattern = (
            f"?stance lsk:stanceType ?type ; {on} ?on . OPTIONAL {{ ?type lsk:polarity ?polarity }}"
        )
    result = select(
        f"SELECT DISTINCT ?on ?stance ?actor ?type ?polarity WHERE {{"
        f" {values_block('actor', named_nodes(actors))}"
        f" ?stance prov:wasAttributedTo ?actor . {pattern} {filters}"
        f" }} ORDER BY ?on ?stance"
    )
    standing_for = representatives(select) if basis is Basis.TARGET else {}
    groups: dict[str, list[tuple[str, str, str, str | None]]] = {}
    for point, stance, actor, kind, polarity in result.rows:
        if point is None or stance is None or actor is None or kind is None:
            continue
        on = standing_for.get(point.value, point.value)
        groups.setdefault(on, []).append(
            (stance.value, actor.value, kind.value, polarity.value if polarity else None)
        )
    answer = []
    for target, rows in sorted(groups.items()):
        # Stances on aligned targets arrive apart: keep each point in stance order.
        rows.sort(key=lambda row: (row[0], row[1], row[2], row[3] or ""))
        who = tuple(dict.fromkeys(actor for _, actor, _, _ in rows))
        if len(who) < 2:
            continue
        stances = tuple(dict.fromkeys(stance for stance, _, _, _ in rows))
        kinds = {k for _, _, k, _ in rows}
        if basis is Basis.POSITION:
            relation = Relation.AGREE if len(kinds) == 1 else Relation.OPPOSE
        else:
            relation = _relation(namespaces, kinds, {p for *_, p in rows})
        answer.append(Agreement(target, relation, stances, who))
    return answer


def _relation(namespaces: Namespaces, kinds: set[str], polarities: set[str | None]) -> Relation:
    if len(kinds) == 1:
        return Relation.SAME
    positive, negative = namespaces.iri("stype:positive"), namespaces.iri("stype:negative")
    if positive in polarities and negative in polarities:
        return Relation.OPPOSE
    if len(polarities) == 1:
        return Relation.AGREE
    return Relation.DIFFER

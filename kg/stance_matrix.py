"""Who stands where: stances counted by actor and by part of the strategy, or by position.

A matrix's columns are what the stances are about. By sections: the strategy as a whole, then
its top-level sections in order, where a section holding aspects gives way to its aspects (each
optionally followed by its development areas). By positions: the curator's positions. A column
counts a stance exactly as the stances filter would with that column as its `target` (on it, on
anything under it, across versions through the alignment) or its `position`
(kg/stance_filter.py), so a cell's count is the `totalCount` of the stances the cell stands
for; the equivalence is tested on both backends (tests/contract/test_graphql_matrix.py).

Every cell is counted in one store query (after one finding what each section column covers),
whatever the number of cells. Values enter the query as pyoxigraph terms, serialised by pyoxigraph.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox

from kg.namespaces import Namespaces
from kg.resource_description import Queryable
from kg.sections import target_closure
from kg.sparql_fragments import named_nodes, values_block
from kg.stance_filter import StanceConditions, stance_pattern
from kg.terms import n_triples


class ColumnKind(StrEnum):
    """What a column stands for."""

    STRATEGY = "strategy"  # the strategy document as a whole, with its other versions
    SECTION = "section"  # a top-level section holding no aspect (a chapter)
    ASPECT = "aspect"
    DEVELOPMENT_AREA = "development-area"  # shown under its aspect when the aspect is expanded
    POSITION = "position"


@dataclass(frozen=True)
class Column:
    """A column: the resource it counts stances on (or arguing it), and where it sits."""

    iri: str
    kind: ColumnKind
    parent: str | None = None  # the aspect a development area is under
    areas: int = 0  # how many development areas an aspect has (shown or not)
    expanded: bool = False  # an aspect whose development areas follow it


@dataclass(frozen=True)
class Cell:
    """The stances one actor takes on one column, by polarity. A stance has one stance type,
    so the polarities add up to the count; `neutral` is whatever is neither."""

    actor: str
    column: str
    count: int
    positive: int
    negative: int

    @property
    def neutral(self) -> int:
        return max(0, self.count - self.positive - self.negative)


@dataclass(frozen=True)
class Matrix:
    """The cells with at least one stance; the actors they belong to, each with the number
    of its stances in any column; and two totals."""

    columns: tuple[Column, ...]
    actors: Mapping[str, int]
    cells: tuple[Cell, ...]
    stances: int  # stances meeting the conditions
    outside: int  # of those, the stances on nothing a column covers (a letter of intent…)


def _natural(notation: str) -> list[tuple[int, int, str]]:
    """A sort key that puts 3.1.10 after 3.1.9."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", notation)]


def section_columns(
    store: Queryable, ns: Namespaces, strategy: str, *, expand: Collection[str] | None = ()
) -> list[Column]:
    """The columns of `strategy` (a version whose sections the graph holds): the strategy,
    then its top-level sections in their order, a section holding aspects replaced by them.
    The aspects in `expand` (all, when None) are followed by their development areas."""
    result = store.query(
        ns.prologue + "SELECT ?section ?notation ?broader ?kind WHERE {"
        f" ?section lsk:sectionOf {n_triples(ox.NamedNode(strategy))} ."
        " OPTIONAL { ?section skos:notation ?notation }"
        " OPTIONAL { ?section skos:broader ?broader }"
        " OPTIONAL { ?section a ?kind . VALUES ?kind { lsk:Aspect lsk:DevelopmentArea } } }"
    )
    notation: dict[str, str] = {}
    broader: dict[str, str] = {}
    kinds: dict[str, set[str]] = {}
    aspect, area = ns.iri("lsk:Aspect"), ns.iri("lsk:DevelopmentArea")
    for section, number, parent, kind in result.rows:
        if not isinstance(section, ox.NamedNode):
            continue
        notation[section.value] = number.value if isinstance(number, ox.Literal) else ""
        kinds.setdefault(section.value, set())
        if isinstance(parent, ox.NamedNode):
            broader[section.value] = parent.value
        if isinstance(kind, ox.NamedNode):
            kinds[section.value].add(kind.value)

    def ordered(sections: Collection[str]) -> list[str]:
        return sorted(sections, key=lambda s: (_natural(notation[s]), s))

    def under(top: str, section: str) -> bool:
        seen: set[str] = set()
        while section in broader and section not in seen:
            seen.add(section)
            section = broader[section]
            if section == top:
                return True
        return False

    aspects = [s for s in notation if aspect in kinds[s]]
    columns = [Column(strategy, ColumnKind.STRATEGY)]
    for top in ordered([s for s in notation if s not in broader]):
        held = ordered([a for a in aspects if under(top, a)])
        if not held:
            columns.append(Column(top, ColumnKind.SECTION))
        for held_aspect in held:
            areas = ordered(
                [s for s in notation if broader.get(s) == held_aspect and area in kinds[s]]
            )
            shown = bool(areas) and (expand is None or held_aspect in expand)
            columns.append(Column(held_aspect, ColumnKind.ASPECT, areas=len(areas), expanded=shown))
            if shown:
                columns += [
                    Column(a, ColumnKind.DEVELOPMENT_AREA, parent=held_aspect) for a in areas
                ]
    return columns


def position_columns(store: Queryable, ns: Namespaces, *, only: str | None = None) -> list[Column]:
    """The positions, in the order of their Swedish names; just `only` when given."""
    if only is not None:
        return [Column(only, ColumnKind.POSITION)]
    result = store.query(
        ns.prologue + "SELECT ?x (SAMPLE(?label) AS ?name) WHERE { ?x a lsk:Position ."
        ' OPTIONAL { ?x skos:prefLabel ?label FILTER (LANG(?label) = "sv") } } GROUP BY ?x'
    )
    named = [
        (name.value.casefold() if isinstance(name, ox.Literal) else "", x.value)
        for x, name in result.rows
        if isinstance(x, ox.NamedNode)
    ]
    return [Column(iri, ColumnKind.POSITION) for _, iri in sorted(named)]


def _column_targets(
    store: Queryable, ns: Namespaces, columns: Sequence[Column], across_versions: bool
) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
    """(column, target) for each thing a stance may be on to count in a section column.

    Found first and on their own: a column has a few such targets and a graph many stances, so
    starting from the columns is fast (5 ms a column on 100,000 triples, where walking up from
    every stance's target takes 600); and Virtuoso loses rows when the walk is joined with
    conditions on the stances in one query, which plain (column, target) pairs avoid."""
    if not columns:
        return []
    # Each column in a subquery of its own: Virtuoso refuses the walks of one union of them.
    branches = " UNION ".join(
        f"{{ SELECT DISTINCT ?on ?mTarget WHERE {{"
        f" {values_block('on', [ox.NamedNode(c.iri)])} {target_closure('mTarget', c.iri, across_versions=across_versions)} }} }}"
        for c in columns
    )
    result = store.query(f"{ns.prologue}SELECT DISTINCT ?on ?mTarget WHERE {{ {branches} }}")
    return [
        (on, target)
        for on, target in result.rows
        if isinstance(on, ox.NamedNode) and isinstance(target, ox.NamedNode)
    ]


def _pairs(variables: str, rows: Sequence[Sequence[ox.NamedNode]]) -> str:
    """A VALUES block binding the variables (`?a ?b`) to each row of terms."""
    body = " ".join(f"({' '.join(n_triples(t) for t in row)})" for row in rows)
    return f"VALUES ({variables}) {{ {body} }}"


def _stances(conditions: StanceConditions, actor_classes: Sequence[str]) -> str:
    """A subquery binding ?x to the stances meeting the conditions and ?mActor to who took
    them, of one of `actor_classes` if any are given."""
    # One subquery, so the variables of the conditions' own patterns stay theirs; and with the
    # actor inside it, since Virtuoso loses rows when the actor's class is joined outside.
    pattern = f"{stance_pattern(conditions)} ?x prov:wasAttributedTo ?mActor ."
    if actor_classes:
        pattern += f" {values_block('mClass', named_nodes(actor_classes))} ?mActor a ?mClass ."
    return f"{{ SELECT DISTINCT ?x ?mActor WHERE {{ {pattern} }} }}"


def stance_matrix(
    store: Queryable,
    ns: Namespaces,
    columns: Sequence[Column],
    conditions: StanceConditions,
    *,
    actor_classes: Sequence[str] = (),
) -> Matrix:
    """The stances meeting `conditions` (with `argues` and `across_versions` applied to the
    columns too), taken by actors of `actor_classes` (any, when empty), counted by actor and
    column, with the polarity of each stance's type or, on a position, whether the stance
    argues for it (positive) or against it (negative)."""
    stances = _stances(conditions, actor_classes)
    if columns and columns[0].kind is ColumnKind.POSITION:
        # One branch per predicate: Virtuoso is slow to match a predicate given as a variable.
        ways = " UNION ".join(
            f"{{ ?x {link} ?on . BIND ({link} AS ?mLink) }}"
            for link in (n_triples(ox.NamedNode(ns.iri(a))) for a in conditions.argues)
        )
        counted = f"{values_block('on', [ox.NamedNode(c.iri) for c in columns])} {ways}"
        leaning = "BIND (IF(?mLink = lsk:argues, stype:positive, stype:negative) AS ?mPolarity)"
    else:
        targets = _column_targets(store, ns, columns, conditions.across_versions)
        counted = f"{_pairs('?on ?mTarget', targets)} ?x lsk:target ?mTarget ."
        leaning = "OPTIONAL { ?x lsk:stanceType/lsk:polarity ?mPolarity }"
    # Each (actor, column, stance) once, counted here: asking the store to count cells, rows
    # and the stances in any column would have it match the columns three times over.
    result = store.query(
        ns.prologue + "SELECT ?mActor ?on ?x ?mPolarity ?mTotal WHERE {"
        f" {{ SELECT DISTINCT ?mActor ?on ?x ?mPolarity WHERE {{ {stances} {counted} {leaning} }} }}"
        f" UNION {{ SELECT (COUNT(DISTINCT ?x) AS ?mTotal) WHERE {{ {stances} }} }} }}"
    )
    positive, negative = ns.iri("stype:positive"), ns.iri("stype:negative")
    found: dict[tuple[str, str], dict[str, set[str]]] = {}
    rows: dict[str, set[str]] = {}
    total = 0
    for actor, on, stance, polarity, all_ in result.rows:
        if isinstance(all_, ox.Literal):
            total = int(all_.value)
            continue
        if not (isinstance(actor, ox.NamedNode) and isinstance(on, ox.NamedNode) and stance):
            continue
        cell = found.setdefault(
            (actor.value, on.value), {"": set(), positive: set(), negative: set()}
        )
        cell[""].add(stance.value)
        if polarity is not None and polarity.value in cell:
            cell[polarity.value].add(stance.value)
        rows.setdefault(actor.value, set()).add(stance.value)
    order = {c.iri: i for i, c in enumerate(columns)}
    cells = [
        Cell(actor, on, len(s[""]), len(s[positive]), len(s[negative]))
        for (actor, on), s in sorted(found.items(), key=lambda i: (i[0][0], order[i[0][1]]))
    ]
    covered = set().union(*rows.values())
    return Matrix(
        tuple(columns),
        {actor: len(stances) for actor, stances in rows.items()},
        tuple(cells),
        total,
        max(0, total - len(covered)),
    )

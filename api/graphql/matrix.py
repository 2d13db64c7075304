"""The stance matrix: who stands where, as one bounded aggregate (Query.stanceMatrix).

Rows are actors, columns the parts of the strategy or the positions, and each cell counts the
stances one actor takes on one column by polarity. The library counts every cell in one store
query (kg/stance_matrix.py); a cell's count is the `totalCount` of `stances` with the same
filter and the cell's actor and target (or position), which the contract tests check on both
backends. The matrix is not paged: its size is bounded instead (MAX_MATRIX_*), and the cost
limits count each list at its bound. The types are in api/graphql/matrix_types.py.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.matrix_types import (
    MAX_MATRIX_CELLS,
    MAX_MATRIX_COLUMNS,
    MAX_MATRIX_ROWS,
    CellPolarity,
    MatrixCell,
    MatrixColumn,
    MatrixColumnKind,
    MatrixColumns,
    MatrixRow,
    StanceMatrix,
)
from api.graphql.node import LABEL
from api.graphql.stance_filter import CHECKS, StanceFilter, checked, conditions
from api.graphql.types import Actor, ActorKind, Document, Node, class_of, request, resolve_all
from kg.errors import InvalidArgument, ResultTooLarge
from kg.stance_matrix import Column, ColumnKind, Matrix, position_columns, section_columns
from kg.stance_matrix import stance_matrix as count_stances

__all__ = ["StanceMatrix", "matrix"]

_NARROWER = "Narrow the matrix with filter (document, type, position…) or actorKinds."


def _polarity(positive: int, negative: int) -> CellPolarity:
    if positive and negative:
        return CellPolarity.MIXED
    if positive:
        return CellPolarity.POSITIVE
    return CellPolarity.NEGATIVE if negative else CellPolarity.NEUTRAL


def _actor_classes(kinds: list[ActorKind] | None) -> list[str]:
    """The classes (CURIEs) of actors of `kinds`; none for every actor."""
    if not kinds:
        return []
    classes = [class_of(k) for k in kinds]
    if ActorKind.ORGANIZATION in kinds:
        classes += ["org:Organization", "org:OrganizationalUnit"]
    return classes


async def _section_columns(
    info: Info, strategy: str | None, expand: list[strawberry.ID] | None, all_: bool
) -> tuple[str, list[Column]]:
    """The strategy (by default the one whose sections and full text the graph holds) and its
    columns, the aspects `expand` names (all with `all_`) followed by their development
    areas; an id that names no aspect column is an error."""
    context = request(info)
    if strategy is not None:
        found = [await checked(info, strategy, "strategy", Document, None, CHECKS["document"][2])]
    else:
        found = await run_in_threadpool(context.relations.sectioned_strategies)
    if len(found) != 1:
        raise InvalidArgument(
            f"the graph has {'no' if not found else 'several'} strategies with sections and "
            "full text",
            argument="strategy",
            hint="Name the strategy (strategy: …; documents(kind: STRATEGY) lists them), or "
            "ask for columns: POSITIONS.",
        )
    hint = "The matrix's columns of kind ASPECT name the aspects that can be expanded."
    wanted = [await checked(info, i, "expand", Node, None, hint) for i in expand or []]
    columns = await run_in_threadpool(
        lambda: section_columns(
            context.relations.store,
            context.namespaces,
            found[0],
            expand=None if all_ else set(wanted),
        )
    )
    aspects = {c.iri for c in columns if c.kind is ColumnKind.ASPECT}
    for iri in wanted:
        if iri not in aspects:
            raise InvalidArgument(
                f"expand: <{iri}> is not an aspect of the matrix's strategy",
                argument="expand",
                hint=hint,
            )
    return found[0], columns


async def matrix(
    info: Info,
    filter: Annotated[
        StanceFilter | None,
        strawberry.argument(
            description="Which stances (default: all), as for `stances`; `target` is not taken "
            "(the columns are the targets), `acrossVersions` and `argues` apply to the columns, "
            "and with columns: POSITIONS a `position` leaves that position's column alone."
        ),
    ] = None,
    columns: Annotated[
        MatrixColumns, strawberry.argument(description="The strategy's sections, or positions.")
    ] = MatrixColumns.SECTIONS,
    actor_kinds: Annotated[
        list[ActorKind] | None,
        strawberry.argument(description="Only actors of these kinds (default: all)."),
    ] = None,
    expand: Annotated[
        list[strawberry.ID] | None,
        strawberry.argument(
            description="The aspects (IRIs or CURIEs) whose development areas follow them as "
            "columns."
        ),
    ] = None,
    expand_all: Annotated[
        bool, strawberry.argument(description="Follow every aspect by its development areas.")
    ] = False,
    strategy: Annotated[
        strawberry.ID | None,
        strawberry.argument(
            description="With columns: SECTIONS, the version of the strategy whose sections are "
            "the columns (default: the one whose sections and full text the graph holds)."
        ),
    ] = None,
) -> StanceMatrix:
    if filter is not None and filter.target is not None:
        raise InvalidArgument(
            "filter.target: the matrix's columns are its targets",
            argument="filter.target",
            hint="Leave target out; `expand` shows the development areas under an aspect, and "
            "stances(filter: {target: …}) lists the stances on one section.",
        )
    wanted = await conditions(info, filter)
    context = request(info)
    ns, store = context.namespaces, context.relations.store
    shown: str | None = None
    if columns is MatrixColumns.POSITIONS:
        chosen = await run_in_threadpool(lambda: position_columns(store, ns, only=wanted.position))
    else:
        shown, chosen = await _section_columns(info, strategy, expand, expand_all)
    _bounded("columns", len(chosen), MAX_MATRIX_COLUMNS, "Expand fewer aspects.")
    classes = [ns.iri(c) for c in _actor_classes(actor_kinds)]
    found = await run_in_threadpool(
        lambda: count_stances(store, ns, chosen, wanted, actor_classes=classes)
    )
    _bounded("rows", len(found.actors), MAX_MATRIX_ROWS, _NARROWER)
    _bounded("cells", len(found.cells), MAX_MATRIX_CELLS, _NARROWER)
    context.spend(len(found.cells))
    return await _answer(info, found, shown)


def _bounded(what: str, count: int, bound: int, hint: str) -> None:
    if count > bound:
        raise ResultTooLarge(f"the matrix would have {count} {what}, more than {bound}", hint=hint)


async def _answer(info: Info, found: Matrix, strategy: str | None) -> StanceMatrix:
    # Gathered, so the three are described in one store query.
    nodes, actors, documents = await asyncio.gather(
        resolve_all(info, [c.iri for c in found.columns], Node),
        resolve_all(info, list(found.actors), Actor),
        resolve_all(info, [strategy] if strategy else [], Document),
    )
    name = [request(info).namespaces.iri(curie) for curie in LABEL]
    actors.sort(key=lambda a: ((a.about.text(*name, lang="sv") or "").casefold(), a.about.iri))
    return StanceMatrix(
        columns=[
            MatrixColumn(
                node=node,
                kind=MatrixColumnKind(column.kind),
                depth=1 if column.parent else 0,
                parent_id=strawberry.ID(column.parent) if column.parent else None,
                development_areas=column.areas,
                expanded=column.expanded,
            )
            for column, node in zip(found.columns, nodes, strict=True)
        ],
        rows=[MatrixRow(actor=a, count=found.actors[a.about.iri]) for a in actors],
        cells=[
            MatrixCell(
                actor_id=strawberry.ID(cell.actor),
                column_id=strawberry.ID(cell.column),
                count=cell.count,
                positive=cell.positive,
                neutral=cell.neutral,
                negative=cell.negative,
                polarity=_polarity(cell.positive, cell.negative),
            )
            for cell in found.cells
        ],
        strategy=documents[0] if documents else None,
        stance_count=found.stances,
        outside_count=found.outside,
    )

"""The GraphQL types of the stance matrix (Query.stanceMatrix, api/graphql/matrix.py): its
columns, rows and cells, and the bounds that stand in for paging (the cost limits count each
list at its bound, `max_items`)."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.graphql.cost import MAX_ITEMS
from api.graphql.types import Actor, Document, Node
from kg.stance_matrix import ColumnKind

MAX_MATRIX_COLUMNS = 100
MAX_MATRIX_ROWS = 200
MAX_MATRIX_CELLS = 4_000


@strawberry.enum(description="What the columns of a stance matrix are.")
class MatrixColumns(Enum):
    SECTIONS = strawberry.enum_value(
        "sections",
        description="The strategy as a whole, then its top-level sections in order, a section "
        "holding aspects replaced by its aspects (each expandable to its development areas).",
    )
    POSITIONS = strawberry.enum_value(
        "positions", description="The curator's positions, in the order of their Swedish names."
    )


@strawberry.enum(description="What a column of a stance matrix stands for.")
class MatrixColumnKind(Enum):
    STRATEGY = strawberry.enum_value(
        ColumnKind.STRATEGY,
        description="The strategy document as a whole, and its other versions (Region "
        "Stockholm's remiss version).",
    )
    SECTION = strawberry.enum_value(
        ColumnKind.SECTION, description="A top-level section that holds no aspect (a chapter)."
    )
    ASPECT = strawberry.enum_value(ColumnKind.ASPECT, description="An aspect of the strategy.")
    DEVELOPMENT_AREA = strawberry.enum_value(
        ColumnKind.DEVELOPMENT_AREA,
        description="A development area, right after its expanded aspect.",
    )
    POSITION = strawberry.enum_value(ColumnKind.POSITION, description="A curated position.")


@strawberry.enum(description="The overall polarity of a matrix cell's stances.")
class CellPolarity(Enum):
    POSITIVE = strawberry.enum_value(
        "positive", description="Some positive stances, no negative ones."
    )
    NEUTRAL = strawberry.enum_value("neutral", description="Only neutral stances.")
    NEGATIVE = strawberry.enum_value(
        "negative", description="Some negative stances, no positive ones."
    )
    MIXED = strawberry.enum_value("mixed", description="Both positive and negative stances.")


@strawberry.type(description="A column of a stance matrix.")
class MatrixColumn:
    node: Node = strawberry.field(
        description="What the column counts stances on: the strategy, a section, or a position."
    )
    kind: MatrixColumnKind = strawberry.field(description="What the column stands for.")
    depth: int = strawberry.field(
        description="0 for a column of its own, 1 for a development area under its aspect."
    )
    parent_id: strawberry.ID | None = strawberry.field(
        description="The aspect a development area's column is under (an IRI); null otherwise."
    )
    development_areas: int = strawberry.field(
        description="How many development areas an aspect has (0 for other columns): an "
        "aspect with some can be expanded (`expand`)."
    )
    expanded: bool = strawberry.field(
        description="Whether the aspect's development areas follow it as columns."
    )


@strawberry.type(description="A row of a stance matrix: an actor with stances in its columns.")
class MatrixRow:
    actor: Actor = strawberry.field(description="The actor.")
    count: int = strawberry.field(
        description="The actor's stances in any column (a stance on two columns counts once)."
    )


@strawberry.type(
    description="A cell of a stance matrix: the stances one actor takes on one column. "
    "`stances(filter: {…the same filter, actor: actorId, target: columnId})` (or `position: "
    "columnId` for a position) lists them; its totalCount is `count`."
)
class MatrixCell:
    actor_id: strawberry.ID = strawberry.field(description="The row's actor (an IRI).")
    column_id: strawberry.ID = strawberry.field(description="The column's resource (an IRI).")
    count: int = strawberry.field(description="How many stances the cell holds.")
    positive: int = strawberry.field(
        description="Of these, the positive ones: of a positive stance type, or arguing for "
        "the position."
    )
    neutral: int = strawberry.field(description="Of these, the neither positive nor negative.")
    negative: int = strawberry.field(
        description="Of these, the negative ones: of a negative stance type, or arguing "
        "against the position."
    )
    polarity: CellPolarity = strawberry.field(
        description="POSITIVE or NEGATIVE when the cell holds stances of that polarity and "
        "none of the opposite one, MIXED when it holds both, NEUTRAL when neither."
    )


@strawberry.type(
    description="Actors by the parts of the strategy (or the positions) they take stances on, "
    "with each cell's count by polarity. Only actors with at least one stance in a column are "
    "rows (sorted by name); only cells with stances are listed."
)
class StanceMatrix:
    columns: list[MatrixColumn] = strawberry.field(
        description="The columns, in order.", metadata={MAX_ITEMS: MAX_MATRIX_COLUMNS}
    )
    rows: list[MatrixRow] = strawberry.field(
        description="The actors, by name.", metadata={MAX_ITEMS: MAX_MATRIX_ROWS}
    )
    cells: list[MatrixCell] = strawberry.field(
        description="The cells with stances, row by row, in column order.",
        metadata={MAX_ITEMS: MAX_MATRIX_CELLS},
    )
    strategy: Document | None = strawberry.field(
        description="The version of the strategy whose sections are the columns (null for "
        "positions)."
    )
    stance_count: int = strawberry.field(description="The stances meeting the filter.")
    outside_count: int = strawberry.field(
        description="Of those, the stances on nothing a column covers (the letter of intent, "
        "a decision, a desired effect; a stance arguing no position): in no cell."
    )

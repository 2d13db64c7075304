"""Relay cursor connections: the page types, the paging arguments and opaque cursors.

A cursor is the position of an item in a list ordered by IRI, encoded so that clients treat
it as opaque. `first` defaults to DEFAULT_PAGE and may not exceed MAX_PAGE, so no single list
can make a response unbounded.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

import strawberry

from kg.errors import InvalidArgument
from kg.relations import Window

DEFAULT_PAGE = 20
MAX_PAGE = 100
_CURSOR_PREFIX = "position:"

T = TypeVar("T")

First = Annotated[
    int | None,
    strawberry.argument(
        description=f"How many items to return, from 0 to {MAX_PAGE} (default {DEFAULT_PAGE})."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Return the items after this cursor (an `endCursor` from a previous page)."
    ),
]


@strawberry.type(description="Where a page lies in its list (Relay cursor connections).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items precede this page.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the first item on this page; null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the last item on this page; null when the page is empty."
    )


@strawberry.type(description="An item of a list, with the cursor that points at it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="An opaque cursor for this item, for `after`.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list that can grow, in the Relay connection form.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items on this page, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page lies in the list.")
    total_count: int = strawberry.field(description="How many items the whole list has.")

    @strawberry.field(description="The items on this page, without their cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def paging(first: int | None, after: str | None) -> Window:
    """The slice a validated `first`/`after` pair asks for: the one place paging is decided."""
    limit = DEFAULT_PAGE if first is None else first
    if not 0 <= limit <= MAX_PAGE:
        raise InvalidArgument(
            f"first must be between 0 and {MAX_PAGE}, not {limit}",
            argument="first",
            hint="Page through longer lists with `after` and `pageInfo.endCursor`.",
        )
    offset = 0 if after is None else decode_cursor(after) + 1
    return Window(offset, limit)


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{position}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if text.startswith(_CURSOR_PREFIX):
            position = int(text.removeprefix(_CURSOR_PREFIX))
            if position >= 0:
                return position
    except (binascii.Error, UnicodeError, ValueError):
        pass
    raise InvalidArgument(
        f"{cursor!r} is not a cursor this API gave out",
        argument="after",
        hint="Pass `pageInfo.endCursor` (or an edge's `cursor`) from a previous answer.",
    )


def connection(items: Sequence[T], *, total: int, offset: int) -> Connection[T]:
    """A page of `items` that starts at `offset` in a list of `total` items."""
    edges = [Edge(cursor=encode_cursor(offset + i), node=item) for i, item in enumerate(items)]
    return Connection(
        edges=edges,
        total_count=total,
        page_info=PageInfo(
            has_next_page=offset + len(items) < total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )

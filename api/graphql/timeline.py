"""GraphQL timeline: `timeline(from:, to:)`, the dated events of the graph in date order.

The library finds and orders the events (kg/timeline.py); this module pages them and gives each
its resource, so a client can tell the story from the letter of intent to the answers without
knowing which properties hold dates.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.connection import After, Connection, First, connection, paging
from api.graphql.dates import PartialDate, partial_date
from api.graphql.node import Node, request, resolve_all
from kg.errors import InvalidArgument
from kg.timeline import EventKind, timeline


@strawberry.enum(description="What a dated event is.")
class TimelineEventKind(Enum):
    LETTER_OF_INTENT = strawberry.enum_value(
        EventKind.LETTER_OF_INTENT, description="The date of a letter of intent."
    )
    DOCUMENT = strawberry.enum_value(
        EventKind.DOCUMENT,
        description="The date of another document: a memo, a request, a strategy.",
    )
    ANSWER = strawberry.enum_value(
        EventKind.ANSWER, description="The date of a consultation response."
    )
    DECISION = strawberry.enum_value(EventKind.DECISION, description="The date of a decision.")
    MEETING = strawberry.enum_value(EventKind.MEETING, description="The date of a meeting.")
    DEADLINE = strawberry.enum_value(
        EventKind.DEADLINE, description="When answers were due (lsk:deadline)."
    )
    EXTENDED_DEADLINE = strawberry.enum_value(
        EventKind.EXTENDED_DEADLINE,
        description="The later deadline a response was granted (lsk:extendedDeadline).",
    )
    OTHER = strawberry.enum_value(EventKind.OTHER, description="A date on anything else.")


@strawberry.type(description="A date on a resource: a document's, a decision's, a deadline.")
class TimelineEvent:
    date: PartialDate = strawberry.field(description="When, as precisely as the source says.")
    kind: TimelineEventKind = strawberry.field(description="What the date is.")
    node: Node = strawberry.field(description="The resource the date is on.")
    predicate: str = strawberry.field(
        description="The property holding the date, as a CURIE (`lsk:deadline`)."
    )


Since = Annotated[
    dt.date | None,
    strawberry.argument(
        name="from", description="Only events on or after this day (a month counts if it ends so)."
    ),
]
Until = Annotated[
    dt.date | None,
    strawberry.argument(
        name="to", description="Only events on or before this day (a month counts if it starts so)."
    ),
]


async def resolve_timeline(
    info: Info,
    from_: Since = None,
    to: Until = None,
    first: First = None,
    after: After = None,
) -> Connection[TimelineEvent]:
    """Resolve Query.timeline: a page of the dated events between `from` and `to`."""
    if from_ is not None and to is not None and to < from_:
        raise InvalidArgument(
            f"`to` ({to}) is before `from` ({from_})",
            argument="to",
            hint="Give the earlier day as `from` and the later as `to`.",
        )
    window = paging(first, after)
    context = request(info)
    found = await run_in_threadpool(
        lambda: timeline(context.store, context.namespaces, window, since=from_, until=to)
    )
    nodes = {
        n.about.iri: n
        for n in await resolve_all(info, list(dict.fromkeys(e.node for e in found.events)), Node)
    }
    items = []
    for event in found.events:
        date = partial_date(event.date)
        if date is None or event.node not in nodes:
            continue
        items.append(
            TimelineEvent(
                date=date,
                kind=TimelineEventKind(event.kind),
                node=nodes[event.node],
                predicate=event.predicate,
            )
        )
    return connection(items, total=found.total, offset=found.offset)

"""Dates at the precision the sources give them.

The letter of intent is dated "June 2024" and nothing finer: the graph says `"2024-06"^^
xsd:gYearMonth`. A GraphQL Date cannot hold that, and inventing a day would state what no
source says, so every date field gives the lexical value with its precision, and the first and
last day it covers (as the catalogue reads a month, kg/data_dates.py).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import pyoxigraph as ox
import strawberry

from kg.data_dates import first_day, last_day
from kg.rdf_output import XSD


@strawberry.enum(description="How precisely a date is known.")
class DatePrecision(Enum):
    YEAR = strawberry.enum_value("YEAR", description="To the year (xsd:gYear).")
    MONTH = strawberry.enum_value("MONTH", description="To the month (xsd:gYearMonth).")
    DAY = strawberry.enum_value("DAY", description="To the day (xsd:date or xsd:dateTime).")


_PRECISION = {
    XSD + "gYear": DatePrecision.YEAR,
    XSD + "gYearMonth": DatePrecision.MONTH,
    XSD + "date": DatePrecision.DAY,
    XSD + "dateTime": DatePrecision.DAY,
}


@strawberry.type(
    description="A date as precisely as the sources give it: `2024-06` with MONTH precision "
    "for the letter of intent, signed in June 2024."
)
class PartialDate:
    value: str = strawberry.field(
        description="The date as the graph states it (ISO 8601: 2024, 2024-06 or 2024-06-12)."
    )
    precision: DatePrecision = strawberry.field(description="How precisely the date is known.")
    start: dt.date = strawberry.field(description="The first day the date covers.")
    end: dt.date = strawberry.field(description="The last day the date covers.")

    @strawberry.field(description="The date as a full Date, when it is known to the day.")
    def date(self) -> dt.date | None:
        return self.start if self.precision is DatePrecision.DAY else None


def partial_date(literal: ox.Literal) -> PartialDate | None:
    """The date `literal` states, at its precision; None for a literal that is not a date."""
    precision = _PRECISION.get(literal.datatype.value)
    if precision is None:
        return None
    try:
        start, end = first_day(literal), last_day(literal)
    except ValueError:
        return None  # a malformed date is the shapes' business
    value = literal.value[:10] if precision is DatePrecision.DAY else literal.value
    return PartialDate(value=value, precision=precision, start=start, end=end)

"""The dates the catalogue derives from the data, never from a clock.

- Temporal coverage: from the earliest to the latest date the graph states (document dates,
  decisions, deadlines). DCAT-AP-SE takes xsd:date, dateTime or gYear there, so a date stated
  to the month widens to its month: `2024-06` starts the period on 2024-06-01 and ends it on
  2024-06-30.
- Modified: the newest `dcterms:date` in the graph, the date of the newest document, decision
  or meeting it describes (to the month: its first day). The graph cannot have changed before
  that document existed, and it changes when a newer one is added, so the value moves with the
  data and the same data always gives the same catalogue. Never earlier than the configured
  issue date.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.queries import DATE_RANGE, NEWEST_DOCUMENT_DATE, inline_terms
from kg.rdf_output import XSD
from kg.store import Store
from kg.terms import Term

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PRECISION = {XSD + "gYear": 1, XSD + "gYearMonth": 2, XSD + "date": 3, XSD + "dateTime": 3}


@dataclass(frozen=True)
class DataDates:
    """The period the graph covers and the date of its newest document (None: no such date)."""

    earliest: datetime.date | None
    latest: datetime.date | None
    newest_document: datetime.date | None

    def modified(self, issued: datetime.date | None) -> datetime.date | None:
        """dcterms:modified: the newest document's date, or `issued` if that is later."""
        dates = [d for d in (self.newest_document, issued) if d is not None]
        return max(dates, default=None)


def data_dates(store: Store, *, graphs: Iterable[str]) -> DataDates:
    """Ask `store` for the dates the named graphs `graphs` state."""
    names = [ox.NamedNode(g) for g in graphs]
    if not names:
        return DataDates(None, None, None)
    ranges = store.query(inline_terms(DATE_RANGE, graphs=names))
    newest = store.query(inline_terms(NEWEST_DOCUMENT_DATE, graphs=names))
    return DataDates(
        earliest=min(map(first_day, _dates(ranges.column("earliest"))), default=None),
        latest=max(map(last_day, _dates(ranges.column("latest"))), default=None),
        newest_document=max(map(first_day, _dates(newest.column("latest"))), default=None),
    )


def _dates(terms: Iterable[Term | None]) -> list[ox.Literal]:
    """The literals among `terms` that are dates of a known datatype and can be read."""
    found = []
    for term in terms:
        if isinstance(term, ox.Literal) and term.datatype.value in _PRECISION:
            try:
                first_day(term)
            except ValueError:
                continue  # a malformed date is the shapes' business, not the catalogue's
            found.append(term)
    return found


def first_day(date: ox.Literal) -> datetime.date:
    """The first day a date literal covers (`2024-06` → 2024-06-01)."""
    year, month, day = _parts(date)
    return datetime.date(year, month or 1, day or 1)


def last_day(date: ox.Literal) -> datetime.date:
    """The last day a date literal covers (`2024-06` → 2024-06-30)."""
    year, month, day = _parts(date)
    month = month or 12
    return datetime.date(year, month, day or calendar.monthrange(year, month)[1])


def _parts(date: ox.Literal) -> tuple[int, int | None, int | None]:
    match = _DATE.match(date.value)
    precision = _PRECISION.get(date.datatype.value, 0)
    if match is None or match.group(precision) is None:
        raise ValueError(f"not a date: {date.value!r}")
    year = int(match.group(1))
    month = int(match.group(2)) if precision >= 2 else None
    day = int(match.group(3)) if precision >= 3 else None
    datetime.date(year, month or 1, day or 1)  # raises ValueError for 2026-02-30
    return year, month, day

"""What a SPARQL text may be before anything parses it: limits the lexer can check
(kg/sparql_text.py reads the text; this refuses it)."""

from __future__ import annotations

from kg.errors import QueryRejected
from kg.sparql_text import QueryText

MAX_NESTING = 128
"""The deepest nesting of { ( [ a query may have: far past any query a person writes, far
short of the few thousand levels that overflow the SPARQL parser's stack."""


def check_nesting(read: QueryText) -> None:
    """Refuse a query nested deeper than MAX_NESTING, before any parser sees it."""
    if read.nesting > MAX_NESTING:
        line, column = read.nesting_at or (1, 1)
        raise QueryRejected(
            f"the query nests groups, brackets or parentheses {read.nesting} deep (at line "
            f"{line}, column {column}); at most {MAX_NESTING} are read",
            hint="Flatten the query: a level of { } or ( ) that holds one thing can go.",
        )

"""What a SPARQL text may be before anything runs it: limits the lexer can check
(kg/sparql_text.py reads the text; this refuses it), and what the query pool serves at all."""

from __future__ import annotations

from kg.errors import QueryRejected
from kg.settings import Settings
from kg.sparql_text import QueryText, analyse

MAX_RESULT_TERMS = 5_000_000
"""The most RDF terms of one answer held in memory (rows times columns, or triples times 3):
a few hundred megabytes, far past what any endpoint serves (50 MB), far short of what a
cross product of a small store would fill."""

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


def admit(sparql: str, *, settings: Settings) -> QueryText:
    """Refuse, before anything runs, what the pool does not serve: anything but a query, and a
    SERVICE call to any endpoint not on `settings.service_allowlist` (a variable target is
    never allowed, since it could name any endpoint)."""
    read = analyse(sparql, base_iri=settings.base_iri)
    check_nesting(read)
    if not read.is_query:
        raise QueryRejected(
            "only SPARQL queries are served here, not updates: this endpoint is read-only",
            hint="Send SELECT, ASK, CONSTRUCT or DESCRIBE.",
        )
    if read.has_stray_backslash:
        raise QueryRejected(
            "the query has a backslash outside a string, an IRI or a prefixed name",
            hint="\\u escapes are read only inside strings and IRIs.",
        )
    for service in read.services:
        if service.iri is None or service.iri not in settings.service_allowlist:
            target = service.iri or service.written or "(nothing)"
            raise QueryRejected(
                f"SERVICE {target} is refused: this endpoint calls no other SPARQL endpoint"
                + (
                    " unless its operator allows it"
                    if not settings.service_allowlist
                    else " except " + ", ".join(settings.service_allowlist)
                ),
                hint="Query that endpoint yourself, or ask the operator to list it in "
                "KG_SERVICE_ALLOW (SERVICE with a variable is never allowed).",
            )
    return read

"""What one GraphQL request may ask for, and how errors are reported and masked.

Before a query runs, its text is measured (`api.graphql.cost`): what its answer could cost
at worst, how deep it goes, how many aliases and tokens it has. The cost is the limit that
matters; depth, aliases and tokens are backstops against texts the cost does not see
(a chain of single objects hundreds deep, a document of thousands of tokens). While it runs,
the request's node budget (`RequestContext.spend`) counts what the answer really holds, and
its deadline bounds its time. Every refusal carries `extensions.code` and a hint.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    BREAK,
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSyntaxError,
    Lexer,
    OperationDefinitionNode,
    Source,
    TokenKind,
    ValidationRule,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from api.errors import answer_for
from api.graphql.connection import DEFAULT_PAGE
from api.graphql.cost import Measure, fragments_of
from api.graphql.document_cache import VALID_DOCUMENTS
from api.graphql.lean import install
from kg.errors import InvalidArgument, KGError

# The logger keeps the name it had when this lived in api.graphql.schema.
_log = logging.getLogger("api.graphql.schema")


@dataclass(frozen=True)
class Limits:
    """What one GraphQL request may ask for.

    `max_cost` is in resources, as `api.graphql.cost` estimates them: the answer's size if
    every list were full to its page. Real lists are mostly far shorter than their page (a
    consultation has two consultees, not twenty), so the budget is five times the node budget
    `max_nodes`, which then counts what the answer really holds. 50,000 admits a walk of
    three nested default pages (20 x 20 x 20 = 8,000) with objects beside them, or six
    relations deep with small pages; it refuses pages that multiply (100 x 100 x 20).
    `max_depth` counts fields on the longest path (the root field is 1); it only stops
    chains of single objects, which the cost counts as one each.
    """

    max_depth: int = 20
    max_tokens: int = 2_000
    max_aliases: int = 15
    max_cost: int = 50_000
    max_nodes: int = 10_000
    timeout: float = 10.0
    # The largest POST body read; the longest legal query (max_tokens) is far smaller.
    max_body_bytes: int = 1_000_000


# The codes of the limits on a query's text; the limits met while it runs are KGErrors,
# coded by api.errors.
TOO_COSTLY = "TOO_COSTLY"
TOO_DEEP = "TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
TOO_MANY_TOKENS = "TOO_MANY_TOKENS"


def limit_error(
    message: str, *, code: str, hint: str, at: OperationDefinitionNode | None = None, **details: Any
) -> GraphQLError:
    return GraphQLError(message, at, extensions={"code": code, "hint": hint, **details})


class QueryLimits(SchemaExtension):
    """Refuses, before anything runs, a query over the cost budget or past a backstop.

    A query text seen before and found valid is neither parsed nor run through the standard
    validation rules again (api/graphql/document_cache.py); its cost, which depends on the
    request's variables, is measured every time.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._standard_rules: tuple[type[ASTValidationRule], ...] = ()
        self._cached = False

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        # The parser stops counting at the limit, so a huge document costs no more than that.
        context.parse_options["max_tokens"] = self.limits.max_tokens
        self._standard_rules = tuple(context.validation_rules)
        context.validation_rules = (*context.validation_rules, self._rule())
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query:
            cached = VALID_DOCUMENTS.get(
                context.schema._schema, self.limits.max_tokens, context.query
            )
            if cached is not None:
                context.graphql_document, self._cached = cached, True
        yield
        for error in context.pre_execution_errors or []:
            if isinstance(error, GraphQLSyntaxError) and _longer_than(
                context.query or "", self.limits.max_tokens
            ):
                error.message = (
                    f"the query has more than {self.limits.max_tokens:,} tokens; "
                    "it was not read further"
                )
                error.extensions = {
                    **(error.extensions or {}),
                    "code": TOO_MANY_TOKENS,
                    "hint": "Send a shorter query: use fragments for repeated selections, "
                    "and variables for long values.",
                }

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None and context.query:
            schema = context.schema._schema
            if not self._cached and not validate_document(schema, document, self._standard_rules):
                VALID_DOCUMENTS.put(schema, self.limits.max_tokens, context.query, document)
                self._cached = True
            if self._cached:
                # The standard rules passed (now or when the text was first seen): only the
                # measures remain, and strawberry skips validating once errors are set.
                context.pre_execution_errors = list(self._measured(document))
            # Otherwise strawberry validates with every rule, ours included, and reports the
            # errors as it always has.
        yield

    def _measured(self, document: DocumentNode) -> Iterator[GraphQLError]:
        measure = Measure(
            self.execution_context.schema._schema,
            fragments_of(document),
            self.execution_context.variables,
        )
        chosen = self.execution_context.operation_name
        for operation in document.definitions:
            if isinstance(operation, OperationDefinitionNode) and (
                chosen is None or (operation.name and operation.name.value == chosen)
            ):
                yield from _refusals(measure, operation, self.limits)

    def _rule(self) -> type[ValidationRule]:
        limits = self.limits
        variables = self.execution_context.variables
        chosen = self.execution_context.operation_name

        class MeasuredShape(ValidationRule):
            def enter_document(self, node: DocumentNode, *_: Any) -> object:
                measure = Measure(self.context.schema, fragments_of(node), variables)
                for operation in node.definitions:
                    if isinstance(operation, OperationDefinitionNode) and (
                        chosen is None or (operation.name and operation.name.value == chosen)
                    ):
                        for error in _refusals(measure, operation, limits):
                            self.report_error(error)
                return BREAK

        return MeasuredShape


def _refusals(
    measure: Measure, operation: OperationDefinitionNode, limits: Limits
) -> Iterator[GraphQLError]:
    shape = measure.operation(operation)
    if shape.cost > limits.max_cost:
        yield limit_error(
            f"the query could cost {shape.cost:,} resources, more than the {limits.max_cost:,} "
            "one request may cost (each list counts its page, `first` or "
            f"{DEFAULT_PAGE}, times the pages above it)",
            code=TOO_COSTLY,
            at=operation,
            hint="Ask for smaller pages (first: …) on the nested lists, or split the walk "
            "into several queries, starting the next one from an id the first returned.",
            cost=shape.cost,
            budget=limits.max_cost,
        )
    if shape.depth > limits.max_depth:
        yield limit_error(
            f"the query is {shape.depth} fields deep; at most {limits.max_depth} are allowed",
            code=TOO_DEEP,
            at=operation,
            hint="Split the walk into several queries, starting the next one from an id "
            "the first returned.",
        )
    if shape.aliases > limits.max_aliases:
        yield limit_error(
            f"the query uses {shape.aliases} aliases (fragments counted where spread); "
            f"at most {limits.max_aliases} are allowed",
            code=TOO_MANY_ALIASES,
            at=operation,
            hint="Send the aliased fields as several queries, or ask for one list "
            "instead of many single items.",
        )


def _longer_than(query: str, max_tokens: int) -> bool:
    """Whether `query` has more than `max_tokens` tokens, counted as the parser counts them
    (comments aside); False when it has a syntax error before that."""
    lexer = Lexer(Source(query))
    try:
        for _ in range(max_tokens + 1):
            if lexer.advance().kind == TokenKind.EOF:
                return False
    except GraphQLSyntaxError:
        return False
    return True


def error_code(error: KGError) -> str:
    return answer_for(error).code


class Reporting(SchemaExtension):
    """Gives our errors a code and a hint, and tells the client how many store queries its
    request cost (`extensions.storeQueries`)."""

    def on_operation(self) -> Any:
        yield
        result = self.execution_context.result
        if result and result.errors:
            # One refusal (a budget, a deadline) fails every field after it the same way;
            # the client needs to hear it once.
            unique: dict[tuple[str, type[Exception] | None], Any] = {}
            for error in result.errors:
                cause = type(error.original_error) if error.original_error else None
                unique.setdefault((error.message, cause), error)
            result.errors = list(unique.values())
        for error in (result.errors or []) if result else []:
            original = error.original_error
            if isinstance(original, KGError):
                error.extensions = {
                    **(error.extensions or {}),
                    "code": error_code(original),
                    **({"hint": original.hint} if original.hint else {}),
                    # Which argument to mend, for a client that offers a choice in its place.
                    **(
                        {"argument": original.argument}
                        if isinstance(original, InvalidArgument)
                        else {}
                    ),
                }

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        store = getattr(context, "store", None)
        return {"storeQueries": store.queries} if store is not None else {}


def should_mask(error: Any) -> bool:
    """Mask everything but our own errors and GraphQL's (syntax, validation, limits)."""
    original = error.original_error
    # A variable of the wrong type comes as a GraphQLError wrapping graphql-core's own.
    return original is not None and not isinstance(original, KGError | GraphQLError)


class ConsultationSchema(strawberry.Schema):
    """Logs the client's mistakes in one line, and keeps tracebacks for our own bugs; resolves
    its simplest fields without strawberry's wrapping (api/graphql/lean.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        install(self._schema)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        bugs = [e for e in errors if should_mask(e)]
        for error in errors:
            if error not in bugs:
                _log.info("GraphQL request refused: %s", error.message)
        if bugs:
            super().process_errors(bugs, execution_context)

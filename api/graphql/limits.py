"""What one GraphQL request may ask for, and how errors are reported and masked."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from api.errors import answer_for
from kg.errors import KGError

# The logger keeps the name it had when this lived in api.graphql.schema.
_log = logging.getLogger("api.graphql.schema")


@dataclass(frozen=True)
class Limits:
    """What one GraphQL request may ask for."""

    max_depth: int = 10
    max_tokens: int = 2_000
    max_aliases: int = 15
    max_nodes: int = 10_000
    timeout: float = 10.0


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
                }

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        store = getattr(context, "store", None)
        return {"storeQueries": store.queries} if store is not None else {}


def should_mask(error: Any) -> bool:
    """Mask everything but our own errors and GraphQL's (syntax, validation, limits)."""
    original = error.original_error
    return original is not None and not isinstance(original, KGError)


class ConsultationSchema(strawberry.Schema):
    """Logs the client's mistakes in one line, and keeps tracebacks for our own bugs."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        bugs = [e for e in errors if should_mask(e)]
        for error in errors:
            if error not in bugs:
                _log.info("GraphQL request refused: %s", error.message)
        if bugs:
            super().process_errors(bugs, execution_context)

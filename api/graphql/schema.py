"""The GraphQL schema: its entry points, the questions across actors, and its limits.

The parts live in modules of their own: the types in `api.graphql.types`, the Query root in
`api.graphql.query`, the questions across actors in `api.graphql.questions`, and the limits
and error reporting in `api.graphql.limits`. This module puts them together.
"""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors

from api.graphql.limits import (
    ConsultationSchema,
    Limits,
    QueryLimits,
    Reporting,
    error_code,
    should_mask,
)
from api.graphql.query import Query
from api.graphql.types import (
    Attachment,
    Decision,
    Meeting,
    Organization,
    Person,
    Post,
    Resource,
    Section,
    StrategyPoint,
)

__all__ = ["ConsultationSchema", "Limits", "Query", "Reporting", "build_schema", "error_code"]


DEFAULT_LIMITS = Limits()


def build_schema(limits: Limits = DEFAULT_LIMITS) -> strawberry.Schema:
    # Factories, so that each request gets fresh extension instances.
    return ConsultationSchema(
        query=Query,
        types=[
            Organization,
            Person,
            Post,
            Attachment,
            Section,
            StrategyPoint,
            Decision,
            Meeting,
            Resource,
        ],
        extensions=[
            # Cost, depth, aliases and tokens, each refusal with a code and a hint.
            lambda: QueryLimits(limits),
            lambda: MaskErrors(
                should_mask_error=should_mask, error_message="Internal server error."
            ),
            Reporting,
        ],
    )

"""Parsed and validated GraphQL documents, kept for the query texts clients send again.

Clients (the explorer's pages, a report, an application) send the same few query texts over
and over with new variables. Parsing a text and running graphql-core's validation rules over it
took longer than executing a small query, and both depend on the text alone (for one schema).
So the parsed document and whether it passed the standard rules are kept, in a bounded
least-recently-used table. What depends on the request (the cost of `first: $n`, the operation
chosen) is still measured on every request, by `api.graphql.limits`.

Only documents that parsed and passed every standard rule are kept: a faulty text takes the
uncached path, where its errors are reported exactly as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from graphql import DocumentNode, GraphQLSchema

# Distinct query texts kept. A text is at most Limits.max_tokens tokens, so this bounds memory
# to a few megabytes whatever clients send.
MAX_DOCUMENTS = 256


class DocumentCache:
    """Valid documents by (schema, parser token limit, query text); shared by the threads that
    run executions (api/graphql/offload.py), hence the lock."""

    def __init__(self, size: int = MAX_DOCUMENTS) -> None:
        self._size = size
        # The schema is kept with its documents: compared by identity, so a schema built later
        # at a recycled address cannot be taken for it.
        self._documents: OrderedDict[tuple[int, int, str], tuple[GraphQLSchema, DocumentNode]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def get(self, schema: GraphQLSchema, max_tokens: int, query: str) -> DocumentNode | None:
        key = (id(schema), max_tokens, query)
        with self._lock:
            found = self._documents.get(key)
            if found is None or found[0] is not schema:
                return None
            self._documents.move_to_end(key)
            return found[1]

    def put(
        self, schema: GraphQLSchema, max_tokens: int, query: str, document: DocumentNode
    ) -> None:
        key = (id(schema), max_tokens, query)
        with self._lock:
            self._documents[key] = (schema, document)
            self._documents.move_to_end(key)
            while len(self._documents) > self._size:
                self._documents.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._documents)


VALID_DOCUMENTS = DocumentCache()
"""The process's table, shared by every schema of it."""

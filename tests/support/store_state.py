"""What a store holds, for tests that check a failed or refused write changed nothing."""

from __future__ import annotations

from kg.settings import Settings
from kg.store import STAGING_PREFIX, Store


def snapshot(store: Store, settings: Settings) -> set[tuple[str, str, str, str]]:
    """Every quad in the graphs kg manages, as N-Triples strings.

    Graph by graph through `graph_triples`, which pages: one SELECT over the whole data would
    be cut at a server's row limit (Virtuoso's ResultSetMaxRows is 10,000)."""
    return {
        (f"<{graph}>", str(t.subject), str(t.predicate), str(t.object))
        for graph in store.graph_sizes(settings.graph_prefix)
        for t in store.graph_triples(graph)
    }


def staging_graphs(store: Store) -> dict[str, int]:
    return store.graph_sizes(STAGING_PREFIX)

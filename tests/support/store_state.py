"""What a store holds, for tests that check a failed or refused write changed nothing."""

from __future__ import annotations

import pyoxigraph as ox

from kg.settings import Settings
from kg.store import STAGING_PREFIX, Store


def snapshot(store: Store, settings: Settings) -> set[tuple[str, str, str, str]]:
    """Every quad in the graphs kg manages, as N-Triples strings."""
    result = store.query(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), STR(?prefix))) }",
        bindings={"prefix": ox.Literal(settings.graph_prefix)},
    )
    return {tuple(str(t) for t in row) for row in result.rows}  # type: ignore[misc]


def staging_graphs(store: Store) -> dict[str, int]:
    return store.graph_sizes(STAGING_PREFIX)

"""Pieces of SPARQL built from pyoxigraph terms (serialised, and so escaped, by pyoxigraph)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.terms import Term, n_triples


def values_block(variable: str, terms: Iterable[Term]) -> str:
    """A VALUES block binding `?variable` to each of `terms`."""
    return f"VALUES ?{variable} {{ {' '.join(n_triples(t) for t in terms)} }}"


def named_nodes(iris: Iterable[str]) -> list[ox.NamedNode]:
    """The IRIs as named nodes, without repeats, in order."""
    return [ox.NamedNode(iri) for iri in dict.fromkeys(iris)]

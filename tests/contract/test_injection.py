"""User input is bound as RDF terms, never spliced into query text: hostile strings are just
strings, on both backends, and the store is unchanged afterwards."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.loading import load
from kg.queries import ACTORS_NAMED, stances_of_actor
from kg.settings import Settings
from kg.store import Store, with_values
from tests.support.store_state import snapshot

HOSTILE = [
    '" ) } ; DROP ALL ; #',
    "' ) } ; CLEAR DEFAULT ; #",
    '"} INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } } #',
    '\\" ) } DELETE WHERE { ?s ?p ?o } #',
    "> } ; DROP ALL ; <",
    "Stockholm\n} ; DROP ALL",
    "?text",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_only_searched_for(store: Store, settings: Settings, text: str) -> None:
    load([settings.data_dir], store=store, settings=settings)
    before = snapshot(store, settings)

    result = store.query(ACTORS_NAMED.text, bindings={"text": ox.Literal(text)})

    names = [row["name"] for row in result.values()]
    assert all(text.lower() in (name or "").lower() for name in names)
    assert snapshot(store, settings) == before


def test_an_ordinary_search_and_an_iri_parameter_work(store: Store, settings: Settings) -> None:
    load([settings.data_dir], store=store, settings=settings)
    found = store.query(ACTORS_NAMED.text, bindings={"text": ox.Literal("flemingsberg")})
    assert {row["name"] for row in found.values()} >= {"Flemingsberg Science"}

    actor = ox.NamedNode(settings.namespaces.term("actor", "stockholm-business-region-ab"))
    stances = store.query(stances_of_actor(settings.namespaces).text, bindings={"actor": actor})
    assert len(stances.rows) == 12


@pytest.mark.parametrize("iri", ["urn:a> } ; DROP ALL ; <urn:b", "http://ex/a b", "not an iri"])
def test_a_malformed_iri_is_refused_before_any_query(iri: str) -> None:
    with pytest.raises(ValueError, match="Invalid IRI"):
        ox.NamedNode(iri)


def test_values_block_holds_only_serialised_terms() -> None:
    query = with_values(
        "SELECT ?s WHERE { ?s ?p ?text }", {"text": ox.Literal('" } ; DROP ALL ; #')}
    )
    assert query == ('SELECT ?s WHERE { VALUES (?text) { ("\\" } ; DROP ALL ; #") }  ?s ?p ?text }')


@pytest.mark.parametrize("name", ["s ; DROP", "1abc", "a-b", ""])
def test_values_refuses_names_that_are_not_variables(name: str) -> None:
    with pytest.raises(ValueError, match="variable"):
        with_values("SELECT * WHERE { }", {name: ox.Literal("x")})

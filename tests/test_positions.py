"""The curated positions: each is argued, every link names a real stance, each says it is the
curator's grouping, and agreement on positions finds where Stockholm and Uppsala agree."""

from __future__ import annotations

import pytest

from kg.embedded import EmbeddedStore, memory_store, select_rows
from kg.rdf_files import ParsedFile
from kg.relations import Basis, Relation, Relations
from kg.settings import Settings

STOCKHOLM, UPPSALA = "actor:stockholms-stad", "actor:uppsala-kommun"


@pytest.fixture(scope="module")
def store(data_files: list[ParsedFile], settings: Settings) -> EmbeddedStore:
    return memory_store(data_files, settings=settings)


def rows(store: EmbeddedStore, settings: Settings, query: str) -> list[list[str]]:
    _names, found = select_rows(store, settings.namespaces.prologue + query)
    return [list(row) for row in found]


def test_every_position_is_argued_by_a_stance(store: EmbeddedStore, settings: Settings) -> None:
    positions = rows(store, settings, "SELECT ?p WHERE { ?p a lsk:Position }")
    assert len(positions) >= 20
    unargued = rows(
        store,
        settings,
        "SELECT ?p WHERE { ?p a lsk:Position"
        " FILTER NOT EXISTS { ?s lsk:argues|lsk:arguesAgainst ?p } }",
    )
    assert unargued == []


def test_every_link_goes_from_a_stance_to_a_position(
    store: EmbeddedStore, settings: Settings
) -> None:
    links = rows(store, settings, "SELECT ?s ?p WHERE { ?s lsk:argues|lsk:arguesAgainst ?p }")
    assert len(links) > 100
    broken = rows(
        store,
        settings,
        "SELECT ?s ?p WHERE { ?s lsk:argues|lsk:arguesAgainst ?p"
        " FILTER NOT EXISTS { ?s a lsk:Stance ; lsk:quote ?q ; prov:wasAttributedTo ?a }"
        " }",
    ) + rows(
        store,
        settings,
        "SELECT ?s ?p WHERE { ?s lsk:argues|lsk:arguesAgainst ?p"
        " FILTER NOT EXISTS { ?p a lsk:Position } }",
    )
    assert broken == []


def test_positions_are_marked_as_the_curators_inference(
    store: EmbeddedStore, settings: Settings
) -> None:
    unmarked = rows(
        store,
        settings,
        "SELECT ?p WHERE { ?p a lsk:Position"
        " FILTER NOT EXISTS { ?p lsk:curatorNote ?n ; skos:scopeNote ?s } }",
    )
    assert unmarked == []
    # A position is nobody's statement: no source document, no actor of its own.
    claimed = rows(
        store,
        settings,
        "SELECT ?p WHERE { ?p a lsk:Position ; dcterms:source|prov:wasAttributedTo ?x }",
    )
    assert claimed == []


def test_several_positions_are_argued_by_more_than_one_actor(
    store: EmbeddedStore, settings: Settings
) -> None:
    shared = rows(
        store,
        settings,
        "SELECT ?p (COUNT(DISTINCT ?a) AS ?n) WHERE { ?s lsk:argues|lsk:arguesAgainst ?p ;"
        " prov:wasAttributedTo ?a } GROUP BY ?p HAVING (COUNT(DISTINCT ?a) > 1)",
    )
    assert len(shared) >= 5


def test_agreement_on_positions_finds_where_stockholm_and_uppsala_agree(
    store: EmbeddedStore, settings: Settings
) -> None:
    ns = settings.namespaces
    relations = Relations(store, ns)
    points = relations.agreement([ns.iri(STOCKHOLM), ns.iri(UPPSALA)], basis=Basis.POSITION)
    agreed = {ns.compact(p.on) for p in points if p.relation is Relation.AGREE}
    assert {
        "position:build-on-existing-structures",
        "position:strengthen-business-perspective",
        "position:municipalities-key-role",
        "position:welcome-joint-strategy",
        "position:cross-sector-collaboration",
    } <= agreed
    assert all(set(p.actors) == {ns.iri(STOCKHOLM), ns.iri(UPPSALA)} for p in points)
    # By stance type, the same two differ on the strategy itself: the basis matters.
    by_type = relations.agreement([ns.iri(STOCKHOLM), ns.iri(UPPSALA)], basis=Basis.TARGET)
    assert any(p.relation is Relation.DIFFER for p in by_type)


def test_opposite_polarity_on_a_position_is_opposition(
    store: EmbeddedStore, settings: Settings
) -> None:
    ns = settings.namespaces
    # Stockholm Business Region argues against the new regional brand; nobody argues for it.
    points = Relations(store, ns).agreement(
        [ns.iri("actor:stockholm-business-region-ab"), ns.iri(STOCKHOLM)], basis=Basis.POSITION
    )
    assert "position:new-regional-brand" not in {ns.compact(p.on) for p in points}
    store.update(
        ns.prologue + "INSERT DATA { stance:stockholm-yttrande-12 lsk:argues "
        "position:new-regional-brand }"
    )
    try:
        points = Relations(store, ns).agreement(
            [ns.iri("actor:stockholm-business-region-ab"), ns.iri(STOCKHOLM)],
            basis=Basis.POSITION,
        )
        on = {ns.compact(p.on): p.relation for p in points}
        assert on["position:new-regional-brand"] is Relation.OPPOSE
    finally:
        store.update(
            ns.prologue + "DELETE DATA { stance:stockholm-yttrande-12 lsk:argues "
            "position:new-regional-brand }"
        )

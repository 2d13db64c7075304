"""Gathering one resource's view from the store, on both backends."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.loading import load
from kg.relations import Window
from kg.resource_view import example_instance, gather, graph_size
from kg.settings import Settings
from kg.store import QueryResult, Store
from kg.terms import Term


class Counting:
    """A store that counts the queries it is asked, and refuses bindings as the API's does."""

    def __init__(self, store: Store) -> None:
        self.store, self.queries = store, 0

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        assert not bindings
        self.queries += 1
        return self.store.query(sparql)


def test_a_stance_view_holds_its_statements_provenance_and_names(
    store: Store, settings: Settings
) -> None:
    load([settings.data_dir], store=store, settings=settings, validate=False)
    ns = settings.namespaces
    counting = Counting(store)
    view = gather(counting, ns.iri("stance:uppsala-yttrande-01"), ns)
    assert view.exists
    assert counting.queries <= 5
    about = view.describe()
    assert about.texts(ns.iri("lsk:quote"), lang="sv")[0].startswith("Uppsala kommun välkomnar")
    # The stance is curated in uppsala.ttl; its quote's location is generated into its own
    # file, and the positions it argues are linked in positions.ttl.
    assert view.graphs == (
        ns.base_iri + "graph/data/positions",
        ns.base_iri + "graph/data/provenance/quote-selectors",
        ns.base_iri + "graph/data/uppsala",
    )
    document = ns.iri("doc:uppsala-yttrande-ksn-2026-00942")
    assert view.sources(ns) == [document]
    assert view.label(document) == (
        "Yttrande över förslag till strategi för life science i Stockholm-Uppsalaregionen"
    )
    assert view.label(ns.iri("stype:welcomes"), lang="en") == "welcomes"
    assert view.label(ns.iri("stype:welcomes"), lang="sv") == "välkomnar"
    # The actor has only a Swedish name: English falls back to it.
    assert view.label(ns.iri("actor:uppsala-kommun"), lang="en") == "Uppsala kommun"
    text = view.describe(document).links(ns.iri("lsk:sourceText"))
    assert [t.value for t in view.describe(text[0]).literals(ns.iri("lsk:fileName"))] == [
        "003_50e66dcccbccbcd5.txt"
    ]
    derived = view.incoming()[ns.iri("prov:wasDerivedFrom")]
    assert ns.iri("stance:uppsala-tjansteskrivelse-01") in derived
    assert view.incoming_counts == {ns.iri("prov:wasDerivedFrom"): len(derived)}


def test_incoming_links_are_counted_in_full_and_paged(store: Store, settings: Settings) -> None:
    load([settings.data_dir], store=store, settings=settings, validate=False)
    ns = settings.namespaces
    actor = ns.iri("actor:uppsala-kommun")
    attributed = ns.iri("prov:wasAttributedTo")
    first = gather(store, actor, ns, window=Window(0, 10))
    assert first.incoming_counts[attributed] == 29
    # 34 links from other resources, and 7 curated statements (rdf:Statement) about facts that
    # name it, as their subject or object.
    described = first.incoming_counts.get(ns.iri("rdf:subject"), 0) + first.incoming_counts.get(
        ns.iri("rdf:object"), 0
    )
    assert described == 7
    assert first.incoming_total == 34 + described
    second = gather(store, actor, ns, window=Window(10, 10))
    shown = [s for subjects in first.incoming().values() for s in subjects]
    more = [s for subjects in second.incoming().values() for s in subjects]
    assert len(shown) == len(more) == 10
    assert not set(shown) & set(more)
    # Stances have no label: the page knows them by their quotes.
    assert all(first.describe(s).values for s in shown if "/stance/" in s)


def test_an_unknown_iri_has_an_empty_view(store: Store, settings: Settings) -> None:
    load([settings.data_dir], store=store, settings=settings, validate=False)
    ns = settings.namespaces
    view = gather(store, ns.iri("actor:nobody"), ns)
    assert not view.exists
    assert view.triples == ()
    assert view.incoming_total == 0


def test_an_iri_that_is_only_pointed_to_exists(store: Store, settings: Settings) -> None:
    ns = settings.namespaces
    target = ns.iri("actor:only-mentioned")
    triple = ox.Triple(
        ox.NamedNode(ns.iri("actor:a")), ox.NamedNode(ns.iri("org:memberOf")), ox.NamedNode(target)
    )
    store.replace_graphs({settings.graph_prefix + "test": [triple]})
    view = gather(store, target, ns)
    assert view.exists
    assert view.incoming() == {ns.iri("org:memberOf"): [ns.iri("actor:a")]}


def test_blank_nodes_a_resource_points_to_are_included(store: Store, settings: Settings) -> None:
    ns = settings.namespaces
    subject = ox.NamedNode(ns.iri("actor:a"))
    blank = ox.BlankNode()
    triples = [
        ox.Triple(subject, ox.NamedNode(ns.iri("org:hasSite")), blank),
        ox.Triple(blank, ox.NamedNode(ns.iri("rdfs:label")), ox.Literal("kontoret", language="sv")),
    ]
    store.replace_graphs({settings.graph_prefix + "test": triples})
    view = gather(store, subject.value, ns)
    [site] = view.describe().objects(ns.iri("org:hasSite"))
    assert isinstance(site, ox.BlankNode)
    assert view.describe(site.value).texts(ns.iri("rdfs:label"), lang="sv") == ["kontoret"]


def test_example_instance_and_graph_size(store: Store, settings: Settings) -> None:
    load([settings.data_dir], store=store, settings=settings, validate=False)
    ns = settings.namespaces
    example = example_instance(store, ns.iri("lsk:Stance"))
    assert example is not None
    assert example.startswith(ns.prefixes["stance"])
    assert example_instance(store, ns.iri("lsk:NoSuchClass")) is None
    assert graph_size(store, settings.graph_prefix + "data/uppsala") > 0
    assert graph_size(store, settings.graph_prefix + "data/nowhere") == 0

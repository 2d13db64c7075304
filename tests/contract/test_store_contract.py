"""What every Store must do, run against embedded Oxigraph and a real Virtuoso alike."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.embedded import EmbeddedStore
from kg.errors import InvalidQuery, RdfSyntaxError, StoreError, ValidationFailed
from kg.loading import load
from kg.queries import summary_queries
from kg.rdf_files import parse_file
from kg.remote import RemoteStore
from kg.settings import Settings
from kg.store import ResultKind, Store, count_triples, load_graph, replace_graph
from kg.terms import to_rdflib
from tests.conftest import SHAPE_FIXTURES
from tests.contract.conftest import remote_store
from tests.support.store_state import snapshot, staging_graphs
from tests.support.virtuoso import Virtuoso

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/contract/"


def triples(*rows: tuple[str, str, ox.Literal | ox.NamedNode]) -> list[ox.Triple]:
    return [ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o) for s, p, o in rows]


def test_loading_the_shipped_data_answers_alike_on_both_backends(
    embedded_store: EmbeddedStore, virtuoso_store: RemoteStore, settings: Settings
) -> None:
    for store in (embedded_store, virtuoso_store):
        load(
            [settings.ontology_dir, settings.data_dir],
            store=store,
            settings=settings,
            validate=False,
        )
    assert embedded_store.graph_sizes(settings.graph_prefix) == virtuoso_store.graph_sizes(
        settings.graph_prefix
    )
    assert snapshot(embedded_store, settings) == snapshot(virtuoso_store, settings)
    for query in summary_queries(settings.namespaces):
        if query.name == "size":
            continue  # counts every graph, and Virtuoso keeps its own system graphs
        embedded = sorted(map(str, embedded_store.query(query.text).rows))
        remote = sorted(map(str, virtuoso_store.query(query.text).rows))
        assert embedded == remote, query.name


def test_loading_twice_changes_nothing(store: Store, settings: Settings) -> None:
    load([settings.data_dir], store=store, settings=settings)
    first = snapshot(store, settings)
    load([settings.data_dir], store=store, settings=settings)
    assert snapshot(store, settings) == first
    assert len(first) > 2000


def test_malformed_file_leaves_the_store_as_it_was(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    load([settings.data_dir], store=store, settings=settings)
    before = snapshot(store, settings)
    broken = tmp_path / "broken.ttl"
    broken.write_text('<http://example.org/a> <http://example.org/b> "unterminated .\n')
    with pytest.raises(RdfSyntaxError) as caught:
        load([settings.data_dir, broken], store=store, settings=settings)
    assert caught.value.path == broken
    assert caught.value.line == 1
    assert snapshot(store, settings) == before
    assert staging_graphs(store) == {}


def test_shape_violation_leaves_the_store_as_it_was(store: Store, settings: Settings) -> None:
    load([settings.data_dir], store=store, settings=settings)
    before = snapshot(store, settings)
    fixture = SHAPE_FIXTURES / "Stance-actor" / "invalid.ttl"
    with pytest.raises(ValidationFailed) as caught:
        load([settings.data_dir, fixture], store=store, settings=settings)
    report = caught.value.report
    shapes = {r.shape.rsplit("/", 1)[1] for r in report.results}  # type: ignore[attr-defined]
    assert shapes == {"Stance-actor"}
    assert snapshot(store, settings) == before


def test_a_file_may_refer_to_what_the_store_already_holds(store: Store, settings: Settings) -> None:
    load([settings.data_dir], store=store, settings=settings)
    stance_file = settings.data_dir / "huddinge.ttl"
    report = load([stance_file], store=store, settings=settings)
    assert report.graphs == {
        settings.graph_prefix + "data/huddinge": len(report_triples(stance_file, settings))
    }


def report_triples(path: Path, settings: Settings) -> Sequence[ox.Triple]:
    return parse_file(path, base_iri=settings.base_iri).triples


def test_replacing_a_named_graph_removes_what_it_held(store: Store, settings: Settings) -> None:
    graph = settings.graph_prefix + "contract/replace"
    replace_graph(
        store, graph, triples(("a", "p", ox.Literal("old")), ("b", "p", ox.Literal("gone")))
    )
    replace_graph(store, graph, triples(("a", "p", ox.Literal("new"))))
    result = store.query(
        "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ox.NamedNode(graph)}
    )
    assert [(s.value, o.value) for s, o in result.rows] == [(EX + "a", "new")]  # type: ignore[union-attr]


LITERALS = [
    ox.Literal("Södertörns högskola – Åre, Älvdalen, Öland; ” citat ”; 日本; 🧬"),
    ox.Literal("välkomnar", language="sv"),
    ox.Literal("welcomes", language="en"),
    ox.Literal("Stockholms stad", language="sv-SE"),
    ox.Literal("2026-03-26", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("2024-06", datatype=ox.NamedNode(XSD + "gYearMonth")),
    ox.Literal("2024", datatype=ox.NamedNode(XSD + "gYear")),
    ox.Literal("P2Y", datatype=ox.NamedNode(XSD + "duration")),
    ox.Literal("P1DT2H", datatype=ox.NamedNode(XSD + "duration")),
    ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("2026-03-26T10:00:00Z", datatype=ox.NamedNode(XSD + "dateTime")),
    ox.Literal('line one\nline two\t"quoted" back\\slash'),
]


def test_unicode_language_tags_and_datatypes_round_trip(store: Store, settings: Settings) -> None:
    graph = settings.graph_prefix + "contract/literals"
    written = triples(*((f"s{i}", "value", literal) for i, literal in enumerate(LITERALS)))
    replace_graph(store, graph, written)

    selected = store.query(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ox.NamedNode(graph)}
    )
    assert {ox.Triple(*row) for row in selected.rows} == set(written)  # type: ignore[arg-type]
    constructed = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
        bindings={"g": ox.NamedNode(graph)},
    )
    assert constructed.kind is ResultKind.GRAPH
    assert set(constructed.triples) == set(written)


def test_a_bound_literal_finds_its_exact_match(store: Store, settings: Settings) -> None:
    graph = settings.graph_prefix + "contract/match"
    replace_graph(store, graph, triples(("a", "name", ox.Literal("Malmö", language="sv"))))
    found = store.query(
        "SELECT ?s WHERE { ?s ?p ?name }", bindings={"name": ox.Literal("Malmö", language="sv")}
    )
    assert [row[0] for row in found.rows] == [ox.NamedNode(EX + "a")]
    not_found = store.query(
        "SELECT ?s WHERE { ?s ?p ?name }", bindings={"name": ox.Literal("Malmö")}
    )
    assert not_found.rows == ()


def test_ask_answers_a_boolean(store: Store, settings: Settings) -> None:
    replace_graph(
        store, settings.graph_prefix + "contract/ask", triples(("a", "p", ox.Literal("x")))
    )
    assert store.query("ASK { ?s ?p 'x' }").boolean is True
    assert store.query("ASK { ?s ?p 'absent value' }").boolean is False


class FailsHalfway(list[ox.Triple]):
    """A graph whose triples cannot all be read: the write fails after others were written."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        for index, triple in enumerate(super().__iter__()):
            if index == len(self) // 2:
                raise OSError("disk unplugged")
            yield triple


def many(count: int) -> FailsHalfway:
    return FailsHalfway(triples(*((f"n{i}", "p", ox.Literal(str(i))) for i in range(count))))


def test_a_malformed_query_is_an_invalid_query_on_either_store(store: Store) -> None:
    """Both stores say "your query is wrong" with the same error, apart from "the store
    failed", and say where it is wrong without naming the store's location."""
    with pytest.raises(InvalidQuery) as caught:
        store.query("SELECT ?s WHERE { ?s ?p }")
    assert not isinstance(caught.value, StoreError)
    assert caught.value.message.startswith("malformed query: ")
    assert "/sparql" not in caught.value.message
    assert "store" not in caught.value.message.lower()


def test_a_failed_replacement_leaves_the_store_as_it_was(store: Store, settings: Settings) -> None:
    keep = settings.graph_prefix + "contract/keep"
    replace_graph(store, keep, triples(("a", "p", ox.Literal("kept"))))
    before = snapshot(store, settings)
    with pytest.raises(OSError, match="disk unplugged"):
        store.replace_graphs(
            {
                keep: triples(("a", "p", ox.Literal("changed"))),
                settings.graph_prefix + "contract/new": many(120_000),
            }
        )
    assert snapshot(store, settings) == before
    assert staging_graphs(store) == {}


def test_a_failed_first_load_leaves_the_store_empty(store: Store, settings: Settings) -> None:
    with pytest.raises(OSError, match="disk unplugged"):
        store.replace_graphs(
            {
                settings.graph_prefix + "contract/first": triples(("a", "p", ox.Literal("x"))),
                settings.graph_prefix + "contract/second": many(120_000),
            }
        )
    assert snapshot(store, settings) == set()
    assert staging_graphs(store) == {}


def test_load_graph_adds_and_count_counts(store: Store, settings: Settings) -> None:
    graph = settings.graph_prefix + "contract/added"
    load_graph(store, graph, triples(("a", "p", ox.Literal("first"))))
    load_graph(store, graph, triples(("b", "p", ox.Literal("second"))))
    assert store.graph_sizes(settings.graph_prefix) == {graph: 2}
    assert count_triples(store, settings.graph_prefix) == 2


# ---------------------------------------------------------------- reading a graph back whole

# Virtuoso answers at most 10,000 rows by default (ResultSetMaxRows), and cuts a Graph Store
# GET there too without a word, so these graphs are larger than any one answer.
BEYOND_CAP = 25_000


def numbered(count: int) -> list[ox.Triple]:
    return triples(*((f"n{i}", "p", ox.Literal(str(i))) for i in range(count)))


def as_rdflib(found: Sequence[ox.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for t in found:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def test_graph_triples_reads_one_graph_and_nothing_else(store: Store, settings: Settings) -> None:
    graph = settings.graph_prefix + "contract/read"
    written = triples(*((f"s{i}", "value", literal) for i, literal in enumerate(LITERALS)))
    replace_graph(store, graph, written)
    replace_graph(store, graph + "-more", triples(("other", "p", ox.Literal("not in it"))))
    assert set(store.graph_triples(graph)) == set(written)
    assert list(store.graph_triples(settings.graph_prefix + "contract/absent")) == []


def test_graph_triples_reads_a_graph_larger_than_any_one_answer(
    store: Store, settings: Settings
) -> None:
    graph = settings.graph_prefix + "contract/large"
    written = numbered(BEYOND_CAP)
    replace_graph(store, graph, written)
    read = list(store.graph_triples(graph))
    assert len(read) == BEYOND_CAP
    assert set(read) == set(written)


BLANK_NODES = """
@prefix ex: <http://example.org/contract/> .
ex:a ex:address [ ex:street "Storgatan 1" ; ex:city "Uppsala" ] ;
     ex:knows [ ex:name "twin" ] , [ ex:name "twin" ] ;
     ex:list ( "1" "2" "3" ) .
_:one ex:next _:two . _:two ex:next _:one .
"""


def test_graph_triples_keeps_blank_nodes_distinct_and_linked(
    store: Store, settings: Settings
) -> None:
    graph = settings.graph_prefix + "contract/blank"
    written = [q.triple for q in ox.parse(BLANK_NODES, format=ox.RdfFormat.TURTLE)]
    replace_graph(store, graph, written)
    read = list(store.graph_triples(graph))
    assert len(read) == len(written)
    assert isomorphic(as_rdflib(read), as_rdflib(written))


def test_a_server_read_through_its_query_endpoint_alone_is_read_by_pages(
    virtuoso: Virtuoso, virtuoso_store: RemoteStore, settings: Settings
) -> None:
    graph = settings.graph_prefix + "contract/paged"
    written = numbered(BEYOND_CAP)
    replace_graph(virtuoso_store, graph, written)
    reader = RemoteStore(virtuoso.query_url, timeout=30)  # no Graph Store Protocol, no user
    try:
        assert set(reader.graph_triples(graph)) == set(written)
    finally:
        reader.close()


def test_ordered_pages_read_what_unordered_pages_read(
    virtuoso: Virtuoso, virtuoso_store: RemoteStore, settings: Settings
) -> None:
    # Ordered pages are the fallback for a server whose unordered pages shift between
    # requests; Virtuoso's never do, so the fallback is run here directly.
    graph = settings.graph_prefix + "contract/ordered"
    written = numbered(BEYOND_CAP)
    replace_graph(virtuoso_store, graph, written)
    reader = remote_store(virtuoso)
    try:
        pages = reader._read_pages(ox.NamedNode(graph), BEYOND_CAP, ordered=True)
    finally:
        reader.close()
    assert pages == set(written)

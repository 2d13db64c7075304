"""What every Store must do, run against embedded Oxigraph and a real Virtuoso alike."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.embedded import EmbeddedStore
from kg.errors import RdfSyntaxError, ValidationFailed
from kg.loading import load
from kg.queries import summary_queries
from kg.rdf_files import parse_file
from kg.remote import RemoteStore
from kg.settings import Settings
from kg.store import STAGING_PREFIX, ResultKind, Store, count_triples, load_graph, replace_graph
from tests.conftest import SHAPE_FIXTURES

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/contract/"


def snapshot(store: Store, settings: Settings) -> set[tuple[str, str, str, str]]:
    """Every quad in the graphs kg manages, as N-Triples strings."""
    result = store.query(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), STR(?prefix))) }",
        bindings={"prefix": ox.Literal(settings.graph_prefix)},
    )
    return {tuple(str(t) for t in row) for row in result.rows}  # type: ignore[misc]


def staging_graphs(store: Store) -> dict[str, int]:
    return store.graph_sizes(STAGING_PREFIX)


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
